#pragma once

// RAII for libgit2: the library lifetime and every handle type Wavesmith uses.

#include <wavesmith/result.h>

#include <git2.h>

#include <QByteArray>
#include <QList>

#include <memory>
#include <vector>

namespace wavesmith::git {

// git_libgit2_init/shutdown, reference counted by libgit2 itself.
class Library {
public:
    Library() { git_libgit2_init(); }
    ~Library() { git_libgit2_shutdown(); }
    Library(const Library &) = delete;
    Library &operator=(const Library &) = delete;
};

template <typename T, void (*Free)(T *)> struct Deleter {
    void operator()(T *p) const { Free(p); }
};
template <typename T, void (*Free)(T *)> using Handle = std::unique_ptr<T, Deleter<T, Free>>;

using Repository = Handle<git_repository, git_repository_free>;
using Index = Handle<git_index, git_index_free>;
using Tree = Handle<git_tree, git_tree_free>;
using Signature = Handle<git_signature, git_signature_free>;
using Config = Handle<git_config, git_config_free>;
using Commit = Handle<git_commit, git_commit_free>;
using Reference = Handle<git_reference, git_reference_free>;
using Remote = Handle<git_remote, git_remote_free>;
using StatusList = Handle<git_status_list, git_status_list_free>;
using Diff = Handle<git_diff, git_diff_free>;
using Object = Handle<git_object, git_object_free>;
using Blob = Handle<git_blob, git_blob_free>;

// A git_buf on the stack, disposed when it goes out of scope.
struct Buffer {
    git_buf buf = GIT_BUF_INIT;
    Buffer() = default;
    ~Buffer() { git_buf_dispose(&buf); }
    Buffer(const Buffer &) = delete;
    Buffer &operator=(const Buffer &) = delete;
};

// A git_strarray over QByteArrays that stay owned here; for pathspecs and refspecs.
class StringArray {
public:
    explicit StringArray(const QList<QByteArray> &strings);
    StringArray(const StringArray &) = delete;
    StringArray &operator=(const StringArray &) = delete;
    const git_strarray *get() const { return &m_array; }

private:
    QList<QByteArray> m_strings;
    std::vector<char *> m_pointers;
    git_strarray m_array{};
};

// The last libgit2 error as "<operation> in <repo>: <message>".
Error lastError(const QString &repo, const QString &operation);

// An oid as 40 hex digits.
QString oidToString(const git_oid &oid);

} // namespace wavesmith::git
