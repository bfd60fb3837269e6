#pragma once

// A repository's manifests already in memory. The linter reads every manifest of a repository
// once; importing from those bytes spares the import a second read of the same files, and both
// then see the same version of each file.

#include <wavesmith/atomicwrite.h>
#include <wavesmith/model.h>
#include <wavesmith/repo.h>
#include <wavesmith/result.h>

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace wavesmith {

class RepoSnapshot {
public:
    // `files` and `sortedFolders` are repository-relative (as scanRepoTree lists them) and must
    // outlive the snapshot.
    RepoSnapshot(const QList<FileContent> &files, const QStringList &sortedFolders);

    // The content read for `relative`, or nullptr when the snapshot does not hold it (a file it
    // does not list, or a path it cannot name: those are asked of the disk).
    const QByteArray *file(const QString &relative) const;
    bool hasFolder(const QString &relative) const;
    const QStringList &folders() const { return m_folders; }

private:
    const QList<FileContent> &m_files;
    const QStringList &m_folders;
    QHash<QString, qsizetype> m_index;
};

// importRepository, reading from `snapshot` whatever it holds.
Result<Design> importRepositoryFrom(const QString &dir, const Catalog &catalog,
                                    const ImportOptions &options, const RepoSnapshot &snapshot);

} // namespace wavesmith
