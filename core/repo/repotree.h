#pragma once

// Listing and reading a repository's files fast. Import and lint both walk every folder of a
// repository and lint reads every manifest; on repositories with thousands of components the
// system calls dominate, so this walks with readdir's entry types (no stat per entry), prunes
// hidden folders (.git, .wavesmith) instead of descending into them, and reads files with one
// open/fstat/read/close each, spread over the machine's cores.

#include <wavesmith/result.h>

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace wavesmith {

// Every folder and regular file under a repository root, repository-relative, each list sorted.
// Hidden entries (a name starting with '.') and everything under them are left out.
struct RepoTree {
    QStringList folders;
    QStringList files;
};

// Error when `dir` cannot be listed (naming it); unreadable subfolders are skipped, as
// QDirIterator does.
Result<RepoTree> scanRepoTree(const QString &dir);

// The folders `depth` levels below the folder `under` (repository-relative, "" for the root),
// each as it would appear in scanRepoTree's list, sorted: hidden ones left out, a symbolic link
// to a folder listed but not entered. Empty when `under` is hidden, missing, or reached through
// a symbolic link (scanRepoTree would not list what lies beyond one).
QStringList scanRepoFoldersAt(const QString &dir, const QString &under, int depth);

// What fstat said of a file as it was opened for reading.
struct OpenedFileStat {
    qint64 size = -1;
    qint64 modifiedNs = 0;
    quint64 inode = 0;
};

// Reads `absolutePath`, refusing files over kMaxManifestBytes before reading them; errors name
// `file` (the repository-relative path). `opened`, when given, receives the file's fstat.
Result<QByteArray> readRepoFile(const QString &absolutePath, const QString &file,
                                OpenedFileStat *opened = nullptr);

// Runs `work(i)` for i in [0, count) on up to one thread per core; `work` must only touch its
// own slot of whatever it fills. Returns when every call has finished.
void forEachInParallel(qsizetype count, const std::function<void(qsizetype)> &work);

} // namespace wavesmith
