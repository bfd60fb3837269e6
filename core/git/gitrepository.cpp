#include "gitlibrary.h"
#include "transfersession.h"

#include <wavesmith/gitrepository.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include <sys/stat.h>

namespace wavesmith {

struct GitRepository::Private {
    git::Library library; // first: initialised before and shut down after the handles
    git::Repository repo;
    QString workTree; // absolute, no trailing '/'
    QString prefix;   // the folder open() was given, relative to workTree: "" or "a/b/"

    Error fail(const QString &operation) const { return git::lastError(workTree, operation); }
    Error error(const QString &message) const { return Error{workTree, 0, message}; }
};

namespace {

QString fromUtf8(const char *text) {
    return QString::fromUtf8(text ? text : "");
}

GitChange indexChange(unsigned int flags) {
    if (flags & GIT_STATUS_INDEX_NEW)
        return GitChange::Added;
    if (flags & GIT_STATUS_INDEX_MODIFIED)
        return GitChange::Modified;
    if (flags & GIT_STATUS_INDEX_DELETED)
        return GitChange::Deleted;
    if (flags & GIT_STATUS_INDEX_RENAMED)
        return GitChange::Renamed;
    if (flags & GIT_STATUS_INDEX_TYPECHANGE)
        return GitChange::TypeChanged;
    return GitChange::None;
}

GitChange workTreeChange(unsigned int flags) {
    if (flags & GIT_STATUS_WT_NEW)
        return GitChange::Untracked;
    if (flags & GIT_STATUS_WT_MODIFIED)
        return GitChange::Modified;
    if (flags & GIT_STATUS_WT_DELETED)
        return GitChange::Deleted;
    if (flags & GIT_STATUS_WT_RENAMED)
        return GitChange::Renamed;
    if (flags & GIT_STATUS_WT_TYPECHANGE)
        return GitChange::TypeChanged;
    return GitChange::None;
}

QString shortId(const QString &id) {
    return id.left(7);
}

QString detachedExplanation(const QString &headId) {
    return QStringLiteral(
               "HEAD is detached at %1: you are not on a branch, so a commit would belong to no "
               "branch and a push has no branch to update. Create a branch here with "
               "`git switch -c NAME` (or return to one with `git switch NAME`), then try again.")
        .arg(shortId(headId));
}

QString identityHelp(const QString &workTree) {
    return QStringLiteral(
               "no git identity is configured (user.name and user.email), so the commit would "
               "have no author. Set it once for all repositories with\n"
               "  git config --global user.name \"Your Name\"\n"
               "  git config --global user.email \"you@example.com\"\n"
               "or for this repository only by running the same commands without --global "
               "inside %1")
        .arg(workTree);
}

QString repositoryStateName(int state) {
    switch (state) {
    case GIT_REPOSITORY_STATE_MERGE:
        return QStringLiteral("a merge");
    case GIT_REPOSITORY_STATE_REVERT:
    case GIT_REPOSITORY_STATE_REVERT_SEQUENCE:
        return QStringLiteral("a revert");
    case GIT_REPOSITORY_STATE_CHERRYPICK:
    case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE:
        return QStringLiteral("a cherry-pick");
    case GIT_REPOSITORY_STATE_BISECT:
        return QStringLiteral("a bisect");
    default:
        return QStringLiteral("a rebase");
    }
}

// `git add -A` of everything under `prefix`: one index-to-work-tree diff finds the changes,
// then the new contents are hashed and written as blobs on a few threads (each with its own
// repository handle, since libgit2 handles are not shared across threads), and the index
// entries are added with the stat data taken before reading. git_index_add_all followed by
// git_index_update_all does the same work single-threaded and diffs twice; this is what keeps
// a 5,000-file commit at or below `git add -A && git commit`.
Status stageAll(git_repository *repo, git_index *index, const QString &prefix,
                const GitOperationOptions &options, qint64 &done) {
    const QString workTree = QFile::decodeName(git_repository_workdir(repo));
    auto cancelled = [&] { return options.cancel && options.cancel->load(); };
    QList<QByteArray> specs;
    if (!prefix.isEmpty())
        specs.append(prefix.toUtf8());
    git::StringArray pathspec(specs);
    git_diff_options diffOptions = GIT_DIFF_OPTIONS_INIT;
    diffOptions.flags =
        GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS | GIT_DIFF_INCLUDE_TYPECHANGE;
    diffOptions.pathspec = *pathspec.get();
    git_diff *rawDiff = nullptr;
    if (git_diff_index_to_workdir(&rawDiff, repo, index, &diffOptions) != 0)
        return git::lastError(workTree, QStringLiteral("finding the changes"));
    git::Diff diff(rawDiff);

    struct Item {
        QByteArray path;
        struct stat st {};
        git_oid id{};
        bool ok = false;
    };
    std::vector<Item> items;
    std::vector<QByteArray> removed;
    const size_t deltas = git_diff_num_deltas(diff.get());
    items.reserve(deltas);
    for (size_t i = 0; i < deltas; ++i) {
        const git_diff_delta *delta = git_diff_get_delta(diff.get(), i);
        const QByteArray path(delta->new_file.path ? delta->new_file.path : delta->old_file.path);
        if (delta->status == GIT_DELTA_DELETED) {
            removed.push_back(path);
        } else if (!path.endsWith('/')) { // a nested repository shows as "dir/": left alone
            items.push_back(Item{path});
        }
    }

    // Blobs on up to four threads; small changes on this one.
    const QByteArray gitDir(git_repository_path(repo));
    const int threads = items.size() < 64 ? 1 : std::clamp(QThread::idealThreadCount(), 1, 4);
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    std::mutex errorMutex;
    QString firstError;
    auto work = [&](git_repository *own) {
        for (size_t i = next++; i < items.size(); i = next++) {
            if (failed.load() || cancelled())
                return;
            Item &item = items[i];
            const QByteArray full = QFile::encodeName(workTree) + item.path;
            if (lstat(full.constData(), &item.st) != 0 ||
                git_blob_create_from_workdir(&item.id, own, item.path.constData()) != 0) {
                const git_error *error = git_error_last();
                std::lock_guard lock(errorMutex);
                if (firstError.isEmpty())
                    firstError = QStringLiteral("reading %1 failed: %2")
                                     .arg(QString::fromUtf8(item.path),
                                          error && error->message
                                              ? QString::fromUtf8(error->message)
                                              : QStringLiteral("the file could not be read"));
                failed = true;
                return;
            }
            item.ok = true;
        }
    };
    if (threads == 1) {
        work(repo);
    } else {
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t) {
            pool.emplace_back([&] {
                git_repository *own = nullptr;
                if (git_repository_open_ext(&own, gitDir.constData(), GIT_REPOSITORY_OPEN_NO_SEARCH,
                                            nullptr) != 0) {
                    failed = true;
                    return;
                }
                git::Repository owned(own);
                work(own);
            });
        }
        for (std::thread &thread : pool)
            thread.join();
    }
    if (cancelled())
        return Error{workTree, 0,
                     QStringLiteral("the commit was cancelled while staging; nothing was "
                                    "committed")};
    if (failed.load())
        return Error{workTree, 0,
                     firstError.isEmpty() ? QStringLiteral("staging the changes failed")
                                          : firstError};

    // core.filemode false: keep the executable bit the index already has.
    int trustMode = 1;
    {
        git_config *rawConfig = nullptr;
        if (git_repository_config_snapshot(&rawConfig, repo) == 0) {
            git::Config config(rawConfig);
            git_config_get_bool(&trustMode, config.get(), "core.filemode");
        }
    }
    for (const Item &item : items) {
        git_index_entry entry{};
        entry.path = item.path.constData();
        entry.id = item.id;
        entry.ctime.seconds = int32_t(item.st.st_ctim.tv_sec);
        entry.ctime.nanoseconds = uint32_t(item.st.st_ctim.tv_nsec);
        entry.mtime.seconds = int32_t(item.st.st_mtim.tv_sec);
        entry.mtime.nanoseconds = uint32_t(item.st.st_mtim.tv_nsec);
        entry.dev = uint32_t(item.st.st_dev);
        entry.ino = uint32_t(item.st.st_ino);
        entry.uid = uint32_t(item.st.st_uid);
        entry.gid = uint32_t(item.st.st_gid);
        entry.file_size = uint32_t(item.st.st_size);
        if (S_ISLNK(item.st.st_mode)) {
            entry.mode = GIT_FILEMODE_LINK;
        } else if (trustMode) {
            entry.mode =
                (item.st.st_mode & S_IXUSR) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
        } else {
            const git_index_entry *existing = git_index_get_bypath(index, entry.path, 0);
            entry.mode = existing ? existing->mode : uint32_t(GIT_FILEMODE_BLOB);
        }
        if (git_index_add(index, &entry) != 0)
            return git::lastError(workTree,
                                  QStringLiteral("staging %1").arg(QString::fromUtf8(item.path)));
        ++done;
    }
    for (const QByteArray &path : removed) {
        if (git_index_remove_bypath(index, path.constData()) != 0)
            return git::lastError(
                workTree, QStringLiteral("staging the removal of %1").arg(QString::fromUtf8(path)));
        ++done;
    }
    if (options.progress) {
        GitProgress progress;
        progress.stage = GitProgress::Stage::Staging;
        progress.current = done;
        progress.total = done;
        progress.message = QStringLiteral("Staged %1 files").arg(done);
        options.progress(progress);
    }
    return success();
}

} // namespace

GitRepository::GitRepository(std::unique_ptr<Private> d)
    : d(std::move(d)) {}
GitRepository::GitRepository(GitRepository &&other) noexcept = default;
GitRepository &GitRepository::operator=(GitRepository &&other) noexcept = default;
GitRepository::~GitRepository() = default;

Result<GitRepository> GitRepository::open(const QString &dir) {
    const QFileInfo info(dir);
    if (!info.isDir())
        return Error{dir, 0, QStringLiteral("not a folder")};
    auto d = std::make_unique<Private>();
    const QString absolute = QDir(info.absoluteFilePath()).canonicalPath();
    const QByteArray path = QFile::encodeName(absolute);
    git_repository *raw = nullptr;
    const int rc = git_repository_open_ext(&raw, path.constData(), 0, nullptr);
    if (rc == GIT_ENOTFOUND)
        return Error{dir, 0,
                     QStringLiteral("not a git repository (nor any of its parent folders); "
                                    "create one with `git init` or `wavesmith init`")};
    if (rc != 0)
        return git::lastError(dir, QStringLiteral("opening the repository"));
    d->repo.reset(raw);
    if (git_repository_is_bare(raw))
        return Error{dir, 0, QStringLiteral("is a bare repository; Wavesmith needs a work tree")};
    d->workTree = QDir(QFile::decodeName(git_repository_workdir(raw))).canonicalPath();
    QString relative = QDir(d->workTree).relativeFilePath(absolute);
    if (relative == QLatin1String("."))
        relative.clear();
    d->prefix = relative.isEmpty() ? QString() : relative + QLatin1Char('/');
    return GitRepository(std::move(d));
}

Result<GitRepository> GitRepository::init(const QString &dir, const QString &initialBranch) {
    auto d = std::make_unique<Private>();
    const QByteArray path = QFile::encodeName(QDir(dir).absolutePath());
    const QByteArray branch = initialBranch.toUtf8();
    git_repository_init_options options = GIT_REPOSITORY_INIT_OPTIONS_INIT;
    options.flags = GIT_REPOSITORY_INIT_MKPATH;
    options.initial_head = branch.constData();
    git_repository *raw = nullptr;
    if (git_repository_init_ext(&raw, path.constData(), &options) != 0)
        return git::lastError(dir, QStringLiteral("git init"));
    d->repo.reset(raw);
    d->workTree = QDir(QFile::decodeName(git_repository_workdir(raw))).canonicalPath();
    return GitRepository(std::move(d));
}

QString GitRepository::workTree() const {
    return d->workTree;
}

Result<QList<GitFileStatus>> GitRepository::status() const {
    git_status_options options = GIT_STATUS_OPTIONS_INIT;
    options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
                    GIT_STATUS_OPT_RENAMES_HEAD_TO_INDEX | GIT_STATUS_OPT_SORT_CASE_SENSITIVELY |
                    GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
    git_status_list *raw = nullptr;
    if (git_status_list_new(&raw, d->repo.get(), &options) != 0)
        return d->fail(QStringLiteral("reading the status"));
    git::StatusList list(raw);

    QList<GitFileStatus> result;
    const size_t count = git_status_list_entrycount(list.get());
    result.reserve(qsizetype(count));
    for (size_t i = 0; i < count; ++i) {
        const git_status_entry *entry = git_status_byindex(list.get(), i);
        if (!entry || entry->status == GIT_STATUS_CURRENT || (entry->status & GIT_STATUS_IGNORED))
            continue;
        GitFileStatus file;
        file.index = indexChange(entry->status);
        file.workTree = workTreeChange(entry->status);
        file.conflicted = entry->status & GIT_STATUS_CONFLICTED;
        if (entry->index_to_workdir)
            file.path = fromUtf8(entry->index_to_workdir->new_file.path);
        else if (entry->head_to_index)
            file.path = fromUtf8(entry->head_to_index->new_file.path);
        if (entry->head_to_index && (entry->status & GIT_STATUS_INDEX_RENAMED))
            file.oldPath = fromUtf8(entry->head_to_index->old_file.path);
        result.append(file);
    }
    return result;
}

Result<QString> GitRepository::diff(const QString &path, DiffScope scope) const {
    const QByteArray pathBytes = path.toUtf8();
    git::StringArray pathspec({pathBytes});
    git_diff_options options = GIT_DIFF_OPTIONS_INIT;
    options.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS |
                    GIT_DIFF_SHOW_UNTRACKED_CONTENT | GIT_DIFF_DISABLE_PATHSPEC_MATCH;
    options.pathspec = *pathspec.get();

    // HEAD's tree, or none in a repository without commits.
    git::Tree headTree;
    git_object *rawObject = nullptr;
    if (git_revparse_single(&rawObject, d->repo.get(), "HEAD^{tree}") == 0)
        headTree.reset(reinterpret_cast<git_tree *>(rawObject));

    git_diff *raw = nullptr;
    int rc = 0;
    switch (scope) {
    case DiffScope::HeadToWorkTree:
        rc = git_diff_tree_to_workdir_with_index(&raw, d->repo.get(), headTree.get(), &options);
        break;
    case DiffScope::Staged:
        rc = git_diff_tree_to_index(&raw, d->repo.get(), headTree.get(), nullptr, &options);
        break;
    case DiffScope::Unstaged:
        rc = git_diff_index_to_workdir(&raw, d->repo.get(), nullptr, &options);
        break;
    }
    if (rc != 0)
        return d->fail(QStringLiteral("diffing %1").arg(path));
    git::Diff diff(raw);
    git::Buffer buffer;
    if (git_diff_to_buf(&buffer.buf, diff.get(), GIT_DIFF_FORMAT_PATCH) != 0)
        return d->fail(QStringLiteral("formatting the diff of %1").arg(path));
    return QString::fromUtf8(buffer.buf.ptr, qsizetype(buffer.buf.size));
}

Status GitRepository::stage(const QStringList &paths) {
    git_index *rawIndex = nullptr;
    if (git_repository_index(&rawIndex, d->repo.get()) != 0)
        return d->fail(QStringLiteral("opening the index"));
    git::Index index(rawIndex);
    for (const QString &path : paths) {
        const QByteArray bytes = path.toUtf8();
        const QFileInfo info(d->workTree + QLatin1Char('/') + path);
        const bool present = info.exists() || info.isSymLink();
        const int rc = present ? git_index_add_bypath(index.get(), bytes.constData())
                               : git_index_remove_bypath(index.get(), bytes.constData());
        if (rc != 0) {
            const Error error = d->fail(QStringLiteral("staging %1").arg(path));
            git_index_read(index.get(), 1); // drop the half-applied change
            return error;
        }
    }
    if (git_index_write(index.get()) != 0)
        return d->fail(QStringLiteral("writing the index"));
    return success();
}

Status GitRepository::unstage(const QStringList &paths) {
    QList<QByteArray> bytes;
    for (const QString &path : paths)
        bytes.append(path.toUtf8());
    git::StringArray pathspec(bytes);
    git::Object head;
    git_object *raw = nullptr;
    if (git_revparse_single(&raw, d->repo.get(), "HEAD") == 0)
        head.reset(raw);
    // With no HEAD (no commit yet) libgit2 removes the paths from the index.
    if (git_reset_default(d->repo.get(), head.get(), pathspec.get()) != 0)
        return d->fail(QStringLiteral("unstaging %1").arg(paths.join(QStringLiteral(", "))));
    return success();
}

Result<QString> GitRepository::identity() const {
    git_signature *raw = nullptr;
    if (git_signature_default(&raw, d->repo.get()) != 0)
        return d->error(identityHelp(d->workTree));
    git::Signature signature(raw);
    return QStringLiteral("%1 <%2>").arg(fromUtf8(signature->name), fromUtf8(signature->email));
}

Result<CommitInfo> GitRepository::commit(const QString &message, const QStringList &paths,
                                         const GitOperationOptions &options) {
    git_repository *repo = d->repo.get();
    if (message.trimmed().isEmpty())
        return d->error(QStringLiteral("the commit message is empty"));
    const Result<GitBranchStatus> head = headStatus(false);
    if (!head)
        return head.error();
    if (head->detached)
        return d->error(QStringLiteral("cannot commit: ") + detachedExplanation(head->headId));
    const int state = git_repository_state(repo);
    if (state != GIT_REPOSITORY_STATE_NONE)
        return d->error(QStringLiteral("cannot commit: %1 is in progress; finish or abort it "
                                       "with git first")
                            .arg(repositoryStateName(state)));

    git_signature *rawSignature = nullptr;
    if (git_signature_default(&rawSignature, repo) != 0)
        return d->error(QStringLiteral("cannot commit: ") + identityHelp(d->workTree));
    git::Signature signature(rawSignature);

    git::Commit parent;
    git::Tree parentTree;
    if (!head->unborn) {
        git_object *raw = nullptr;
        if (git_revparse_single(&raw, repo, "HEAD^{commit}") != 0)
            return d->fail(QStringLiteral("reading HEAD"));
        parent.reset(reinterpret_cast<git_commit *>(raw));
        git_tree *rawTree = nullptr;
        if (git_commit_tree(&rawTree, parent.get()) != 0)
            return d->fail(QStringLiteral("reading HEAD's tree"));
        parentTree.reset(rawTree);
    }

    git_index *rawIndex = nullptr;
    if (git_repository_index(&rawIndex, repo) != 0)
        return d->fail(QStringLiteral("opening the index"));
    git::Index index(rawIndex);
    if (git_index_has_conflicts(index.get()))
        return d->error(QStringLiteral("cannot commit: there are unresolved conflicts; resolve "
                                       "them and stage the files first"));

    struct {
        qint64 done = 0;
    } staging;
    git_oid treeId;
    QList<QByteArray> selected; // the paths of a `--only` commit, to stage afterwards
    if (paths.isEmpty()) {
        // `git add -A` under the folder we were opened with, then write the tree.
        const Status staged = stageAll(repo, index.get(), d->prefix, options, staging.done);
        if (!staged) {
            git_index_read(index.get(), 1); // drop what was staged in memory
            return Error{d->workTree, 0, staged.error().message};
        }
        if (git_index_write(index.get()) != 0)
            return d->fail(QStringLiteral("writing the index"));
        if (git_index_write_tree(&treeId, index.get()) != 0)
            return d->fail(QStringLiteral("writing the tree"));
    } else {
        // `git commit --only PATH…`: HEAD's tree plus the selected paths from the work tree,
        // built in a private index so other staged changes stay out of the commit.
        const Result<QList<GitFileStatus>> changes = status();
        if (!changes)
            return changes.error();
        QSet<QString> chosen;
        for (QString path : paths) {
            path = QDir::cleanPath(QDir::fromNativeSeparators(path));
            if (QDir::isAbsolutePath(path))
                path = QDir(d->workTree).relativeFilePath(path);
            if (path.startsWith(QLatin1String("../")) || path == QLatin1String(".."))
                return d->error(
                    QStringLiteral("cannot commit %1: it is outside the repository").arg(path));
            bool matched = false;
            for (const GitFileStatus &change : changes.value()) {
                const bool inside = path == QLatin1String(".") || change.path == path ||
                                    change.path.startsWith(path + QLatin1Char('/'));
                if (!inside)
                    continue;
                if (change.conflicted)
                    return d->error(QStringLiteral("cannot commit %1: it has unresolved conflicts")
                                        .arg(change.path));
                matched = true;
                chosen.insert(change.path);
            }
            if (!matched)
                return d->error(QStringLiteral("cannot commit %1: it has no changes (or is "
                                               "ignored by .gitignore, or does not exist)")
                                    .arg(path));
        }
        git_index *rawPrivate = nullptr;
        if (git_index_new(&rawPrivate) != 0)
            return d->fail(QStringLiteral("creating an index"));
        git::Index privateIndex(rawPrivate);
        if (parentTree && git_index_read_tree(privateIndex.get(), parentTree.get()) != 0)
            return d->fail(QStringLiteral("reading HEAD's tree"));
        QStringList sortedChosen(chosen.begin(), chosen.end());
        sortedChosen.sort();
        for (const QString &path : sortedChosen) {
            if (options.cancel && options.cancel->load())
                return d->error(QStringLiteral("the commit was cancelled; nothing was committed"));
            const QByteArray bytes = path.toUtf8();
            selected.append(bytes);
            const QFileInfo info(d->workTree + QLatin1Char('/') + path);
            if (!info.exists() && !info.isSymLink()) {
                git_index_remove(privateIndex.get(), bytes.constData(), 0);
                continue;
            }
            git_oid blobId;
            if (git_blob_create_from_workdir(&blobId, repo, bytes.constData()) != 0)
                return d->fail(QStringLiteral("reading %1").arg(path));
            git_index_entry entry{};
            entry.path = bytes.constData();
            entry.id = blobId;
            entry.mode = info.isSymLink()      ? GIT_FILEMODE_LINK
                         : info.isExecutable() ? GIT_FILEMODE_BLOB_EXECUTABLE
                                               : GIT_FILEMODE_BLOB;
            if (git_index_add(privateIndex.get(), &entry) != 0)
                return d->fail(QStringLiteral("adding %1").arg(path));
            staging.done++;
        }
        if (git_index_write_tree_to(&treeId, privateIndex.get(), repo) != 0)
            return d->fail(QStringLiteral("writing the tree"));
    }

    if (parentTree && git_oid_equal(&treeId, git_tree_id(parentTree.get())))
        return d->error(QStringLiteral("nothing to commit: the selected files match HEAD"));
    if (!parentTree && paths.isEmpty() && git_index_entrycount(index.get()) == 0)
        return d->error(QStringLiteral("nothing to commit: the repository is empty"));

    if (options.progress) {
        GitProgress progress;
        progress.stage = GitProgress::Stage::Committing;
        progress.current = staging.done;
        progress.message = QStringLiteral("Committing %1 files").arg(staging.done);
        options.progress(progress);
    }
    git_tree *rawTree = nullptr;
    if (git_tree_lookup(&rawTree, repo, &treeId) != 0)
        return d->fail(QStringLiteral("reading the tree"));
    git::Tree tree(rawTree);

    git::Buffer prettified;
    const QByteArray messageBytes = message.toUtf8();
    if (git_message_prettify(&prettified.buf, messageBytes.constData(), 0, '#') != 0)
        return d->fail(QStringLiteral("formatting the commit message"));

    git_oid commitId;
    const git_commit *parents[1] = {parent.get()};
    // Updating "HEAD" makes libgit2 check that the branch still points at `parent`.
    if (git_commit_create(&commitId, repo, "HEAD", signature.get(), signature.get(), nullptr,
                          prettified.buf.ptr, tree.get(), parent ? 1 : 0, parents) != 0)
        return d->fail(QStringLiteral("committing"));

    if (!selected.isEmpty()) {
        // The committed paths now match HEAD in the index too, as after `git commit --only`.
        for (const QByteArray &path : std::as_const(selected)) {
            const QFileInfo info(d->workTree + QLatin1Char('/') + QString::fromUtf8(path));
            if (info.exists() || info.isSymLink())
                git_index_add_bypath(index.get(), path.constData());
            else
                git_index_remove_bypath(index.get(), path.constData());
        }
        if (git_index_write(index.get()) != 0)
            return d->fail(QStringLiteral("writing the index after the commit"));
    }

    CommitInfo info;
    info.id = git::oidToString(commitId);
    info.author =
        QStringLiteral("%1 <%2>").arg(fromUtf8(signature->name), fromUtf8(signature->email));
    info.branch = head->branch;
    info.summary = message.trimmed().section(QLatin1Char('\n'), 0, 0).trimmed();
    return info;
}

Result<GitBranchStatus> GitRepository::branchStatus() const {
    return headStatus(true);
}

Result<GitBranchStatus> GitRepository::headStatus(bool withDirty) const {
    git_repository *repo = d->repo.get();
    GitBranchStatus status;
    const int unborn = git_repository_head_unborn(repo);
    if (unborn < 0)
        return d->fail(QStringLiteral("reading HEAD"));
    if (unborn == 1) {
        status.unborn = true;
        git_reference *raw = nullptr;
        if (git_reference_lookup(&raw, repo, "HEAD") == 0) {
            git::Reference headRef(raw);
            QString target = fromUtf8(git_reference_symbolic_target(headRef.get()));
            status.branch = target.startsWith(QLatin1String("refs/heads/"))
                                ? target.mid(int(qstrlen("refs/heads/")))
                                : target;
        }
    } else {
        git_reference *raw = nullptr;
        if (git_repository_head(&raw, repo) != 0)
            return d->fail(QStringLiteral("reading HEAD"));
        git::Reference headRef(raw);
        if (const git_oid *target = git_reference_target(headRef.get()))
            status.headId = git::oidToString(*target);
        status.detached = git_repository_head_detached(repo) == 1;
        if (!status.detached) {
            const char *name = nullptr;
            if (git_branch_name(&name, headRef.get()) == 0)
                status.branch = fromUtf8(name);
            git_reference *rawUpstream = nullptr;
            if (git_branch_upstream(&rawUpstream, headRef.get()) == 0) {
                git::Reference upstream(rawUpstream);
                status.upstream = fromUtf8(git_reference_shorthand(upstream.get()));
                const git_oid *local = git_reference_target(headRef.get());
                const git_oid *remote = git_reference_target(upstream.get());
                size_t ahead = 0;
                size_t behind = 0;
                if (local && remote &&
                    git_graph_ahead_behind(&ahead, &behind, repo, local, remote) == 0) {
                    status.ahead = int(ahead);
                    status.behind = int(behind);
                }
            }
        }
    }

    if (!withDirty)
        return status;
    git_status_options options = GIT_STATUS_OPTIONS_INIT;
    options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
    git_status_list *rawList = nullptr;
    if (git_status_list_new(&rawList, repo, &options) != 0)
        return d->fail(QStringLiteral("reading the status"));
    git::StatusList list(rawList);
    status.changedFiles = int(git_status_list_entrycount(list.get()));
    status.dirty = status.changedFiles > 0;
    return status;
}

Result<QString> GitRepository::currentBranch() const {
    const Result<GitBranchStatus> status = headStatus(false);
    if (!status)
        return status.error();
    if (status->detached)
        return d->error(detachedExplanation(status->headId));
    return status->branch;
}

bool GitRepository::isHeadDetached() const {
    return git_repository_head_detached(d->repo.get()) == 1;
}

QStringList GitRepository::remotes() const {
    git_strarray names{};
    QStringList result;
    if (git_remote_list(&names, d->repo.get()) != 0)
        return result;
    for (size_t i = 0; i < names.count; ++i)
        result.append(fromUtf8(names.strings[i]));
    git_strarray_dispose(&names);
    return result;
}

QString GitRepository::defaultRemote() const {
    const Result<QString> branch = currentBranch();
    if (branch) {
        const QByteArray ref = (QStringLiteral("refs/heads/") + branch.value()).toUtf8();
        git::Buffer buffer;
        if (git_branch_upstream_remote(&buffer.buf, d->repo.get(), ref.constData()) == 0)
            return QString::fromUtf8(buffer.buf.ptr, qsizetype(buffer.buf.size));
    }
    const QStringList all = remotes();
    if (all.size() == 1)
        return all.first();
    return QStringLiteral("origin");
}

Status GitRepository::addRemote(const QString &name, const QString &url) {
    git_remote *raw = nullptr;
    const QByteArray nameBytes = name.toUtf8();
    const QByteArray urlBytes = url.toUtf8();
    if (git_remote_create(&raw, d->repo.get(), nameBytes.constData(), urlBytes.constData()) != 0) {
        Error error = d->fail(QStringLiteral("adding the remote %1").arg(name));
        error.message = redactSecrets(error.message, {});
        return error;
    }
    git::Remote remote(raw);
    return success();
}

namespace {

// The remote, or an error that says how to add one.
Result<git::Remote> lookupRemote(git_repository *repo, const QString &workTree,
                                 const QString &name) {
    git_remote *raw = nullptr;
    const QByteArray bytes = name.toUtf8();
    const int rc = git_remote_lookup(&raw, repo, bytes.constData());
    if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
        return Error{workTree, 0,
                     QStringLiteral("there is no remote named \"%1\"; add one with "
                                    "`git remote add %1 URL`")
                         .arg(name)};
    if (rc != 0)
        return git::lastError(workTree, QStringLiteral("looking up the remote %1").arg(name));
    return git::Remote(raw);
}

QString remoteUrl(git_remote *remote, bool forPush) {
    const char *url =
        forPush && git_remote_pushurl(remote) ? git_remote_pushurl(remote) : git_remote_url(remote);
    return redactSecrets(fromUtf8(url), {});
}

// Turns a failed fetch or push into a message that says what happened and what to do.
Error transferError(const QString &workTree, const QString &operation, const QString &url,
                    const git::TransferSession &session, int rc) {
    if (session.cancelled())
        return Error{workTree, 0, QStringLiteral("%1 was cancelled").arg(operation)};
    if (!session.hostKeyRefusal().isEmpty())
        return Error{workTree, 0,
                     QStringLiteral("%1 failed: %2").arg(operation, session.hostKeyRefusal())};
    if (session.authFailed() || rc == GIT_EAUTH) {
        QString tried = session.triedCredentials().join(QStringLiteral(", "));
        if (tried.isEmpty())
            tried = QStringLiteral("nothing was available");
        return Error{workTree, 0,
                     QStringLiteral("%1 failed: authentication to %2 failed; the server "
                                    "rejected the credentials (tried: %3). For https set "
                                    "WAVESMITH_GIT_TOKEN (or GIT_TOKEN), or "
                                    "WAVESMITH_GIT_USERNAME and WAVESMITH_GIT_PASSWORD, or "
                                    "configure a git credential helper; for ssh add your key "
                                    "to ssh-agent.")
                         .arg(operation, url, session.redact(tried))};
    }
    const git_error *error = git_error_last();
    QString detail = session.redact(error && error->message ? QString::fromUtf8(error->message)
                                                            : QStringLiteral("unknown error"));
    const QStringList server = session.serverMessages();
    if (!server.isEmpty())
        detail += QStringLiteral(" (remote said: %1)").arg(server.join(QStringLiteral("; ")));
    return Error{workTree, 0, QStringLiteral("%1 to %2 failed: %3").arg(operation, url, detail)};
}

} // namespace

Status GitRepository::fetch(const QString &remoteName, const GitOperationOptions &options) {
    const QString name = remoteName.isEmpty() ? defaultRemote() : remoteName;
    Result<git::Remote> remote = lookupRemote(d->repo.get(), d->workTree, name);
    if (!remote)
        return remote.error();
    const QString url = remoteUrl(remote->get(), false);
    git::TransferSession session(options);
    session.setRemoteUrl(url);
    session.report(GitProgress::Stage::Connecting, -1, -1, -1,
                   QStringLiteral("Connecting to %1").arg(url));
    git_fetch_options fetchOptions = GIT_FETCH_OPTIONS_INIT;
    fetchOptions.callbacks = session.callbacks();
    const int rc = git_remote_fetch(remote->get(), nullptr, &fetchOptions, nullptr);
    if (rc != 0)
        return transferError(d->workTree, QStringLiteral("fetch from %1").arg(name), url, session,
                             rc);
    session.report(GitProgress::Stage::Done, 1, 1, -1, QStringLiteral("Fetched %1").arg(name));
    return success();
}

Result<PushResult> GitRepository::push(const QString &remoteName,
                                       const GitOperationOptions &options) {
    git_repository *repo = d->repo.get();
    const Result<GitBranchStatus> head = headStatus(false);
    if (!head)
        return head.error();
    if (head->detached)
        return d->error(QStringLiteral("cannot push: ") + detachedExplanation(head->headId));
    if (head->unborn)
        return d->error(QStringLiteral("cannot push: the branch %1 has no commits yet; commit "
                                       "first")
                            .arg(head->branch));

    const QString name = remoteName.isEmpty() ? defaultRemote() : remoteName;
    Result<git::Remote> remote = lookupRemote(repo, d->workTree, name);
    if (!remote)
        return remote.error();
    const QString url = remoteUrl(remote->get(), true);

    // Push to the branch's upstream on this remote when it has one, else to the same name.
    const QByteArray localRef = (QStringLiteral("refs/heads/") + head->branch).toUtf8();
    QString remoteRef = QStringLiteral("refs/heads/") + head->branch;
    bool hadUpstream = false;
    {
        git::Buffer upstreamRemote;
        git::Buffer upstreamMerge;
        if (git_branch_upstream_remote(&upstreamRemote.buf, repo, localRef.constData()) == 0 &&
            QString::fromUtf8(upstreamRemote.buf.ptr) == name &&
            git_branch_upstream_merge(&upstreamMerge.buf, repo, localRef.constData()) == 0) {
            remoteRef = QString::fromUtf8(upstreamMerge.buf.ptr);
            hadUpstream = true;
        }
    }
    // No '+': never force.
    const QByteArray refspec = localRef + ':' + remoteRef.toUtf8();
    git::StringArray refspecs({refspec});

    git::TransferSession session(options);
    session.setRemoteUrl(url);
    session.report(GitProgress::Stage::Connecting, -1, -1, -1,
                   QStringLiteral("Connecting to %1").arg(url));
    git_push_options pushOptions = GIT_PUSH_OPTIONS_INIT;
    pushOptions.callbacks = session.callbacks();
    const int rc = git_remote_push(remote->get(), refspecs.get(), &pushOptions);
    const QString operation = QStringLiteral("push of %1 to %2").arg(head->branch, name);
    if (!session.cancelled() && (rc == GIT_ENONFASTFORWARD || session.rejectedAsNonFastForward())) {
        return d->error(
            QStringLiteral("%1 was rejected (non-fast-forward): %2 on %3 has commits that "
                           "your branch does not have. Fetch, then rebase or merge (for "
                           "example `git pull --rebase %4 %5`), and push again. Nothing local "
                           "was changed: your commit %6 is still on %5.")
                .arg(operation, remoteRef, url, name, head->branch, shortId(head->headId)));
    }
    if (rc != 0)
        return transferError(d->workTree, operation, url, session, rc);
    if (!session.rejectedReferences().isEmpty())
        return d->error(QStringLiteral("%1 was refused by the remote: %2")
                            .arg(operation, session.redact(session.rejectedReferences().join(
                                                QStringLiteral(", ")))));

    PushResult result;
    result.remote = name;
    result.url = url;
    result.localRef = QString::fromUtf8(localRef);
    result.remoteRef = remoteRef;
    const QString remoteBranch = remoteRef.startsWith(QLatin1String("refs/heads/"))
                                     ? remoteRef.mid(int(qstrlen("refs/heads/")))
                                     : remoteRef;
    result.upstream = name + QLatin1Char('/') + remoteBranch;
    if (!hadUpstream) {
        // Like `git push -u` the first time, so ahead/behind works from now on.
        git_reference *raw = nullptr;
        if (git_branch_lookup(&raw, repo, head->branch.toUtf8().constData(), GIT_BRANCH_LOCAL) ==
            0) {
            git::Reference branch(raw);
            const QByteArray upstream = result.upstream.toUtf8();
            result.setUpstream = git_branch_set_upstream(branch.get(), upstream.constData()) == 0;
        }
    }
    session.report(GitProgress::Stage::Done, 1, 1, -1,
                   QStringLiteral("Pushed %1 to %2").arg(head->branch, result.upstream));
    return result;
}

} // namespace wavesmith
