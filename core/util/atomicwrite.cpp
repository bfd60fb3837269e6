#include <wavesmith/atomicwrite.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cstdio>

namespace wavesmith {

namespace {

struct PendingRename {
    QString temporary;
    QString target;
};

void removeTemporaries(const QList<PendingRename> &pending) {
    for (const PendingRename &p : pending)
        QFile::remove(p.temporary);
}

} // namespace

Status writeFilesAtomically(const QString &root, const QList<FileContent> &files) {
    // Two phases: write all temporaries, then rename. A full disk or a read-only folder fails in
    // the first phase, before any file of the repository changed.
    QList<PendingRename> pending;
    const QDir rootDir(root);
    for (const FileContent &file : files) {
        const QString target = rootDir.filePath(file.path);
        const QString folder = QFileInfo(target).absolutePath();
        if (!QDir().mkpath(folder)) {
            removeTemporaries(pending);
            return Error{file.path, 0, QStringLiteral("cannot create folder %1").arg(folder)};
        }
        const QString temporary = target + QStringLiteral(".wavesmith-tmp");
        QFile out(temporary);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            out.write(file.content) != file.content.size() || !out.flush()) {
            const QString reason = out.errorString();
            out.close();
            QFile::remove(temporary);
            removeTemporaries(pending);
            return Error{file.path, 0, QStringLiteral("cannot write: %1").arg(reason)};
        }
        out.close();
        pending.append({temporary, target});
    }
    for (int i = 0; i < pending.size(); ++i) {
        const PendingRename &p = pending.at(i);
        // QFile::rename refuses to overwrite; std::rename semantics (atomic replace) are wanted.
        if (::rename(QFile::encodeName(p.temporary).constData(),
                     QFile::encodeName(p.target).constData()) != 0) {
            removeTemporaries(pending.mid(i));
            return Error{rootDir.relativeFilePath(p.target), 0,
                         QStringLiteral("cannot move the new file into place")};
        }
    }
    return success();
}

Status applyFileChanges(const QString &root, const QList<FileChange> &changes) {
    const QDir rootDir(root);
    // Refuse to overwrite a file someone changed after it was read.
    for (const FileChange &change : changes) {
        QFile current(rootDir.filePath(change.path));
        const bool onDisk = current.exists();
        if (change.created ? onDisk
                           : (!onDisk || !current.open(QIODevice::ReadOnly) ||
                              current.readAll() != change.before)) {
            return Error{change.path, 0,
                         QStringLiteral("changed on disk since it was read; nothing written")};
        }
    }
    // Removed files are first moved aside, so a failed write can put them back.
    const QString aside = QStringLiteral(".wavesmith-del");
    QStringList movedAside;
    auto restore = [&] {
        for (const QString &path : movedAside) {
            const QString target = rootDir.filePath(path);
            ::rename(QFile::encodeName(target + aside).constData(),
                     QFile::encodeName(target).constData());
        }
    };
    QList<FileContent> files;
    for (const FileChange &change : changes) {
        if (!change.removed) {
            files.append({change.path, change.after});
            continue;
        }
        const QString target = rootDir.filePath(change.path);
        if (::rename(QFile::encodeName(target).constData(),
                     QFile::encodeName(target + aside).constData()) != 0) {
            restore();
            return Error{change.path, 0, QStringLiteral("cannot remove; nothing written")};
        }
        movedAside.append(change.path);
    }
    if (auto status = writeFilesAtomically(root, files); !status) {
        restore();
        return status;
    }
    for (const QString &path : movedAside)
        QFile::remove(rootDir.filePath(path) + aside);
    return success();
}

} // namespace wavesmith
