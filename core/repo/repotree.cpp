#include "repotree.h"

#include <wavesmith/repo.h>

#include <QDir>
#include <QFile>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <thread>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wavesmith {

namespace {

// Owns a file descriptor or a DIR stream, so every early return closes it.
class FileDescriptor {
public:
    explicit FileDescriptor(int fd)
        : m_fd(fd) {}
    ~FileDescriptor() {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    FileDescriptor(const FileDescriptor &) = delete;
    FileDescriptor &operator=(const FileDescriptor &) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

class DirStream {
public:
    explicit DirStream(DIR *dir)
        : m_dir(dir) {}
    ~DirStream() {
        if (m_dir)
            ::closedir(m_dir);
    }
    DirStream(const DirStream &) = delete;
    DirStream &operator=(const DirStream &) = delete;
    DIR *get() const { return m_dir; }

private:
    DIR *m_dir;
};

enum class EntryType { Folder, File, Other };

// The entry's type from readdir when the file system reports it; a stat only for symbolic links
// (followed, as QDirIterator does for the entry itself) and file systems that do not.
EntryType entryType(DIR *dir, const dirent *entry) {
    if (entry->d_type == DT_DIR)
        return EntryType::Folder;
    if (entry->d_type == DT_REG)
        return EntryType::File;
    if (entry->d_type != DT_LNK && entry->d_type != DT_UNKNOWN)
        return EntryType::Other;
    struct stat info;
    if (::fstatat(::dirfd(dir), entry->d_name, &info, 0) != 0)
        return EntryType::Other; // a dangling link
    if (S_ISDIR(info.st_mode))
        return EntryType::Folder;
    return S_ISREG(info.st_mode) ? EntryType::File : EntryType::Other;
}

// Lists `relative` (encoded, "" for the root) under `root`; descends into real folders only,
// never through a symbolic link to a folder (QDirIterator's default as well).
void scanFolder(const QByteArray &root, const QByteArray &relative, RepoTree &tree) {
    const QByteArray path = relative.isEmpty() ? root : root + '/' + relative;
    const DirStream dir(::opendir(path.constData()));
    if (!dir.get())
        return;
    while (const dirent *entry = ::readdir(dir.get())) {
        if (entry->d_name[0] == '.')
            continue; // ".", "..", and hidden entries: .git, .wavesmith, editor folders
        const QByteArray child =
            relative.isEmpty() ? QByteArray(entry->d_name) : relative + '/' + entry->d_name;
        switch (entryType(dir.get(), entry)) {
        case EntryType::Folder:
            tree.folders.append(QFile::decodeName(child));
            if (entry->d_type != DT_LNK)
                scanFolder(root, child, tree);
            break;
        case EntryType::File:
            tree.files.append(QFile::decodeName(child));
            break;
        case EntryType::Other:
            break;
        }
    }
}

// The folders exactly `depth` levels below `relative`, appended to `out`.
void scanFoldersAtDepth(const QByteArray &root, const QByteArray &relative, int depth,
                        QStringList &out) {
    const QByteArray path = relative.isEmpty() ? root : root + '/' + relative;
    const DirStream dir(::opendir(path.constData()));
    if (!dir.get())
        return;
    while (const dirent *entry = ::readdir(dir.get())) {
        if (entry->d_name[0] == '.' || entryType(dir.get(), entry) != EntryType::Folder)
            continue;
        const QByteArray child =
            relative.isEmpty() ? QByteArray(entry->d_name) : relative + '/' + entry->d_name;
        if (depth == 1)
            out.append(QFile::decodeName(child));
        else if (entry->d_type != DT_LNK)
            scanFoldersAtDepth(root, child, depth - 1, out);
    }
}

Error tooLarge(const QString &file, qint64 size) {
    return Error{file, 0,
                 QStringLiteral("file is %1 MB; manifests over %2 MB are refused")
                     .arg(size / (1024 * 1024))
                     .arg(kMaxManifestBytes / (1024 * 1024))};
}

} // namespace

Result<RepoTree> scanRepoTree(const QString &dir) {
    const QByteArray root = QFile::encodeName(QDir(dir).absolutePath());
    {
        const DirStream probe(::opendir(root.constData()));
        if (!probe.get())
            return Error{dir, 0, QStringLiteral("cannot list: %1").arg(qt_error_string(errno))};
    }
    RepoTree tree;
    scanFolder(root, QByteArray(), tree);
    std::sort(tree.folders.begin(), tree.folders.end());
    std::sort(tree.files.begin(), tree.files.end());
    return tree;
}

QStringList scanRepoFoldersAt(const QString &dir, const QString &under, int depth) {
    const QByteArray root = QFile::encodeName(QDir(dir).absolutePath());
    const QByteArray relative = QFile::encodeName(under);
    // Every step down to `under` must be a real, visible folder, as the full scan requires.
    QByteArray walked = root;
    for (const QByteArray &segment : relative.split('/')) {
        if (segment.isEmpty())
            continue;
        struct stat info;
        walked += '/' + segment;
        if (segment.startsWith('.') || ::lstat(walked.constData(), &info) != 0 ||
            !S_ISDIR(info.st_mode))
            return {};
    }
    QStringList folders;
    if (depth > 0)
        scanFoldersAtDepth(root, relative, depth, folders);
    std::sort(folders.begin(), folders.end());
    return folders;
}

Result<QByteArray> readRepoFile(const QString &absolutePath, const QString &file,
                                OpenedFileStat *opened) {
    const FileDescriptor fd(
        ::open(QFile::encodeName(absolutePath).constData(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0)
        return Error{file, 0, QStringLiteral("cannot read: %1").arg(qt_error_string(errno))};
    struct stat info;
    if (::fstat(fd.get(), &info) != 0)
        return Error{file, 0, QStringLiteral("cannot read: %1").arg(qt_error_string(errno))};
    if (info.st_size > kMaxManifestBytes)
        return tooLarge(file, info.st_size);
    if (opened) {
        opened->size = qint64(info.st_size);
        opened->modifiedNs = qint64(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
        opened->inode = quint64(info.st_ino);
    }
    // The size fstat reported, in as few reads as the kernel allows (usually one); a file that
    // shrank meanwhile ends early and is read as it now is.
    QByteArray content(qsizetype(info.st_size), Qt::Uninitialized);
    qsizetype filled = 0;
    while (filled < content.size()) {
        const ssize_t got =
            ::read(fd.get(), content.data() + filled, size_t(content.size() - filled));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return Error{file, 0, QStringLiteral("cannot read: %1").arg(qt_error_string(errno))};
        if (got == 0)
            break;
        filled += got;
    }
    content.truncate(filled);
    return content;
}

void forEachInParallel(qsizetype count, const std::function<void(qsizetype)> &work) {
    const qsizetype threads =
        std::min<qsizetype>(count, std::max(1u, std::thread::hardware_concurrency()));
    std::atomic<qsizetype> next{0};
    auto drain = [&] {
        for (qsizetype i = next++; i < count; i = next++)
            work(i);
    };
    std::vector<std::jthread> helpers;
    for (qsizetype t = 1; t < threads; ++t)
        helpers.emplace_back(drain);
    drain(); // the calling thread works too
    // The jthreads join as `helpers` goes out of scope.
}

} // namespace wavesmith
