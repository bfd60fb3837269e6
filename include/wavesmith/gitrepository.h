#pragma once

#include <wavesmith/git.h>

#include <memory>

namespace wavesmith {

// One open git repository, the RAII owner of its libgit2 handles. Every operation returns a
// Result whose error names the repository and what was being done; secrets never appear in
// them. Not thread-safe: use one GitRepository per thread (GitWorker opens its own).
class GitRepository {
public:
    // Opens the repository containing `dir` (searching upwards like git does).
    static Result<GitRepository> open(const QString &dir);
    // `git init` of `dir` (created when missing) with `initialBranch` as the unborn HEAD.
    static Result<GitRepository> init(const QString &dir,
                                      const QString &initialBranch = QStringLiteral("main"));

    GitRepository(GitRepository &&other) noexcept;
    GitRepository &operator=(GitRepository &&other) noexcept;
    ~GitRepository();

    // The work tree root, absolute, with a trailing '/' removed.
    QString workTree() const;

    // Every changed path: staged, unstaged, untracked (recursing into new folders) and
    // conflicted. .gitignore is respected.
    Result<QList<GitFileStatus>> status() const;

    enum class DiffScope {
        HeadToWorkTree, // what a commit of the file from the work tree records (the default)
        Staged,         // HEAD → index
        Unstaged,       // index → work tree
    };
    // Unified diff of one path (relative to the work tree), untracked files as all-added.
    Result<QString> diff(const QString &path, DiffScope scope = DiffScope::HeadToWorkTree) const;

    // `git add` / `git rm --cached` of the paths as they are in the work tree.
    Status stage(const QStringList &paths);
    // Resets the paths in the index to HEAD (`git restore --staged`).
    Status unstage(const QStringList &paths);

    // The author from git config (repository, then global, then system). The error tells the
    // user how to set user.name and user.email.
    Result<QString> identity() const;

    // Commits exactly `paths` as they are in the work tree, like `git commit --only PATH…`:
    // other changes, staged or not, stay as they were. With no paths, commits every change
    // under the folder the repository was opened with (`git add -A && git commit`). Refuses
    // on a detached HEAD, during a merge, with conflicts, without identity or with nothing
    // to commit. Reports staging progress and honours `options.cancel` while staging.
    Result<CommitInfo> commit(const QString &message, const QStringList &paths = {},
                              const GitOperationOptions &options = {});

    // HEAD: branch, detached/unborn, upstream, ahead/behind and the dirty flag.
    Result<GitBranchStatus> branchStatus() const;
    // The short name of the current branch; an error explaining a detached HEAD.
    Result<QString> currentBranch() const;
    bool isHeadDetached() const;

    // The remote a push of the current branch goes to: its configured remote, else "origin".
    QString defaultRemote() const;
    QStringList remotes() const;
    // Adds a remote (used by tests and for first pushes).
    Status addRemote(const QString &name, const QString &url);

    // Fetches `remote` (default: defaultRemote()).
    Status fetch(const QString &remote = {}, const GitOperationOptions &options = {});
    // Pushes the current branch to `remote` (default: defaultRemote()), to its upstream branch
    // or the same name. Never forces: a non-fast-forward is refused with advice to fetch and
    // rebase or merge. Sets the upstream when the branch had none.
    Result<PushResult> push(const QString &remote = {}, const GitOperationOptions &options = {});

private:
    struct Private;
    explicit GitRepository(std::unique_ptr<Private> d);
    // branchStatus() without the dirty flag, which needs a full status walk.
    Result<GitBranchStatus> headStatus(bool withDirty) const;
    std::unique_ptr<Private> d;
};

} // namespace wavesmith
