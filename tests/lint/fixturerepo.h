#pragma once

// Builds a fixture repository in a temporary folder: tests/lint/fixtures/base, with the files
// of one overlay (tests/lint/fixtures/<name>) copied over it.

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QString>
#include <QTemporaryDir>

namespace wavesmith::test {

inline QString fixturesDir() {
    return QStringLiteral(WAVESMITH_SOURCE_DIR "/tests/lint/fixtures");
}

inline bool copyTree(const QString &from, const QString &to) {
    QDirIterator it(from, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString source = it.next();
        const QString target = QDir(to).filePath(QDir(from).relativeFilePath(source));
        QDir().mkpath(QFileInfo(target).path());
        QFile::remove(target);
        if (!QFile::copy(source, target))
            return false;
    }
    return true;
}

class FixtureRepo {
public:
    // `overlay` empty: the base repository alone.
    explicit FixtureRepo(const QString &overlay = {}) {
        m_ok = m_dir.isValid() && copyTree(fixturesDir() + QStringLiteral("/base"), m_dir.path());
        if (m_ok && !overlay.isEmpty() && overlay != QLatin1String("base")) {
            const QString source = fixturesDir() + QLatin1Char('/') + overlay;
            m_ok = QFileInfo(source).isDir() && copyTree(source, m_dir.path());
        }
    }
    bool ok() const { return m_ok; }
    QString path() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
    bool m_ok = false;
};

} // namespace wavesmith::test
