#pragma once

// Git operations through libgit2. Every handle is owned by an RAII wrapper inside core/git;
// every error names the repository and the operation. The value types used by GitRepository
// (gitrepository.h) and GitWorker (gitworker.h) live here so views can use them without
// pulling in either class.

#include <wavesmith/result.h>

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>

namespace wavesmith {

struct CommitInfo {
    QString id;                        // full hex object id
    QString author;                    // "Name <email>"
    bool usedFallbackIdentity = false; // no user.name/user.email configured
    QString branch;  // the branch the commit went to (empty for `init`'s first commit)
    QString summary; // the first line of the message
};

// `git init` of `dir` (which must exist) followed by a commit of every file in it, on the
// default branch "main". Used by `wavesmith init`. When git has no identity configured the
// commit is authored by "Wavesmith <wavesmith@localhost>" and the result says so.
Result<CommitInfo> initRepositoryWithCommit(const QString &dir, const QString &message);

// What happened to one file on one side of the index.
enum class GitChange { None, Added, Modified, Deleted, Renamed, TypeChanged, Untracked };

// One changed path: its staged side (HEAD → index) and its unstaged side (index → work tree).
// Untracked files have workTree == Untracked; conflicted files have `conflicted` set.
struct GitFileStatus {
    QString path;    // relative to the work tree root, '/' separated
    QString oldPath; // the source of a rename, else empty
    GitChange index = GitChange::None;
    GitChange workTree = GitChange::None;
    bool conflicted = false;

    bool isStaged() const { return index != GitChange::None; }
    bool isUnstaged() const { return workTree != GitChange::None && !isUntracked(); }
    bool isUntracked() const { return workTree == GitChange::Untracked; }
    // The change a commit of this path from the work tree would record.
    GitChange effectiveChange() const;
};

// One letter per change, as `git status --short` prints it ('?' untracked, 'U' conflicted).
QChar gitChangeLetter(GitChange change);
// "modified", "new file", …: for tooltips and the CLI.
QString gitChangeName(GitChange change);

// Where HEAD is and how it relates to its upstream.
struct GitBranchStatus {
    QString branch; // short name; empty when detached
    QString headId; // full hex id of HEAD's commit; empty when the branch is unborn
    bool detached = false;
    bool unborn = false; // a branch with no commit yet (fresh repository)
    QString upstream;    // e.g. "origin/main"; empty when none is configured
    int ahead = 0;       // commits on the branch not on the upstream
    int behind = 0;      // commits on the upstream not on the branch
    bool dirty = false;  // any staged, unstaged, untracked or conflicted change
    int changedFiles = 0;
};

// Progress of a long operation. Counts are -1 when unknown.
struct GitProgress {
    enum class Stage {
        Staging,
        Committing,
        Connecting,
        Counting,
        Compressing,
        Sending,
        Receiving,
        Resolving,
        Done
    };
    Stage stage = Stage::Connecting;
    qint64 current = -1;
    qint64 total = -1;
    qint64 bytes = -1;
    QString message; // a human line, e.g. "Sending objects: 12/40, 3.1 KiB"
};

// What a credential request is for. The URL never contains a password.
struct GitCredentialRequest {
    enum class Kind { UserPassword, SshKeyPassphrase };
    Kind kind = Kind::UserPassword;
    QString url;      // the remote URL, redacted
    QString username; // known user name (from the URL or an earlier step), may be empty
    QString keyPath;  // for SshKeyPassphrase: the private key that needs its passphrase
    int attempt = 1;  // 2 and up after the server rejected an earlier answer
};

// The answer to a GitCredentialRequest. Never stored or logged by Wavesmith.
struct GitCredential {
    QString username;
    QString secret; // password, token or key passphrase
};

// Callbacks and switches for long operations (commit, fetch, push). The functions are called
// on the thread that runs the operation.
struct GitOperationOptions {
    // Set to true from any thread to stop the operation at the next progress callback.
    const std::atomic<bool> *cancel = nullptr;
    std::function<void(const GitProgress &)> progress;
    // Asked last, after ssh-agent, ~/.ssh keys, the environment and `git credential fill`.
    // Return std::nullopt to give up.
    std::function<std::optional<GitCredential>(const GitCredentialRequest &)> askCredential;
    // Let `git credential fill` prompt on the terminal (the CLI on a tty); off for the GUI.
    bool allowTerminalPrompt = false;
    // Use `git credential fill` at all (tests switch it off to stay hermetic).
    bool useGitCredentialHelper = true;
};

// The outcome of a push.
struct PushResult {
    QString remote;           // remote name
    QString url;              // remote URL, redacted
    QString localRef;         // refs/heads/main
    QString remoteRef;        // refs/heads/main
    QString upstream;         // "origin/main"
    bool setUpstream = false; // the branch had no upstream and now tracks the pushed one
};

// Environment variables read for https credentials, in order (documented in the README).
// WAVESMITH_GIT_TOKEN, then GIT_TOKEN: a token sent as the password, with the user name from
// WAVESMITH_GIT_USERNAME, the URL, or "x-access-token". Then WAVESMITH_GIT_USERNAME together
// with WAVESMITH_GIT_PASSWORD.
QStringList gitCredentialEnvironmentVariables();

// Replaces every secret in `text` with "***", and any password in a URL's user info.
QString redactSecrets(QString text, const QStringList &secrets);

} // namespace wavesmith

Q_DECLARE_METATYPE(wavesmith::CommitInfo)
Q_DECLARE_METATYPE(wavesmith::GitFileStatus)
Q_DECLARE_METATYPE(wavesmith::GitBranchStatus)
Q_DECLARE_METATYPE(wavesmith::GitProgress)
Q_DECLARE_METATYPE(wavesmith::GitCredentialRequest)
Q_DECLARE_METATYPE(wavesmith::PushResult)
