#pragma once

// File → Open Recent: the last ten repository folders, newest first, kept in QSettings
// (folders only, never credentials). Folders that no longer exist are dropped when read.

#include <QObject>
#include <QString>
#include <QStringList>

class QMenu;
class QSettings;

namespace wavesmith {

class RecentRepositories : public QObject {
    Q_OBJECT

public:
    static constexpr int kMaximum = 10;

    // `settings` must outlive this object.
    explicit RecentRepositories(QSettings *settings, QObject *parent = nullptr);

    // Existing folders, newest first (missing ones are pruned from the settings too).
    QStringList folders() const;
    void add(const QString &folder);
    void clear();
    // Refills `menu` with one action per folder and "Clear Menu"; disabled when empty.
    void fillMenu(QMenu *menu);

Q_SIGNALS:
    void openRequested(const QString &folder);
    void changed();

private:
    void store(const QStringList &folders) const;

    QSettings *m_settings = nullptr;
};

} // namespace wavesmith
