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

// One file to bring from `before` (what the disk is expected to hold) to `after`.
struct FileChange {
    QString path;      // relative to the root folder
    QByteArray before; // empty for a created file
    QByteArray after;  // empty for a removed file
    bool created = false;
    bool removed = false;
};

// Writes, creates and removes files as one step: refuses (writing nothing) when a file no
// longer holds `before` (someone changed it since it was read), and on any failure leaves the
// folder as it was.
Status applyFileChanges(const QString &root, const QList<FileChange> &changes);

} // namespace wavesmith
