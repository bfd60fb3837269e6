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

} // namespace wavesmith
