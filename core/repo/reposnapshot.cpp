#include "reposnapshot.h"

#include <QDir>

#include <algorithm>

namespace wavesmith {

namespace {

// The path as the snapshot lists it ("./a//b/" is "a/b"); empty when it leaves the repository
// or is absolute: the snapshot cannot answer for it.
QString listedPath(const QString &relative) {
    QString path = QDir::cleanPath(relative);
    if (path.startsWith(QLatin1String("./")))
        path.remove(0, 2);
    if (path == QLatin1String(".") || path.startsWith(QLatin1Char('/')) ||
        path == QLatin1String("..") || path.startsWith(QLatin1String("../")))
        return QString();
    return path;
}

} // namespace

RepoSnapshot::RepoSnapshot(const QList<FileContent> &files, const QStringList &sortedFolders)
    : m_files(files)
    , m_folders(sortedFolders) {
    m_index.reserve(files.size());
    for (qsizetype i = 0; i < files.size(); ++i)
        m_index.insert(files.at(i).path, i);
}

const QByteArray *RepoSnapshot::file(const QString &relative) const {
    const auto at = m_index.constFind(listedPath(relative));
    return at == m_index.constEnd() ? nullptr : &m_files.at(*at).content;
}

bool RepoSnapshot::hasFolder(const QString &relative) const {
    const QString path = listedPath(relative);
    return !path.isEmpty() && std::binary_search(m_folders.cbegin(), m_folders.cend(), path);
}

} // namespace wavesmith
