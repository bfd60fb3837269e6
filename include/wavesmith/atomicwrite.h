#pragma once

// Writing files so that a failure leaves the repository as it was.

#include <wavesmith/result.h>

#include <QByteArray>
#include <QList>
#include <QString>

namespace wavesmith {

struct FileContent {
    QString path; // relative to the root folder given to writeFilesAtomically
    QByteArray content;
};

// Writes every file under `root` to a temporary name first and renames them into place only
// when all were written; on failure nothing is renamed and the temporaries are removed.
// Creates parent folders as needed. Error messages name the file.
Status writeFilesAtomically(const QString &root, const QList<FileContent> &files);

} // namespace wavesmith
