#include "recentrepositories.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace wavesmith {

namespace {

const QString kKey = QStringLiteral("recentRepositories");

QString normalized(const QString &folder) {
    return QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
}

} // namespace

RecentRepositories::RecentRepositories(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings) {}

QStringList RecentRepositories::folders() const {
    const QStringList stored = m_settings->value(kKey).toStringList();
    QStringList existing;
    for (const QString &folder : stored) {
        if (QFileInfo(folder).isDir() && !existing.contains(folder))
            existing << folder;
    }
    if (existing != stored)
        store(existing);
    return existing.mid(0, kMaximum);
}

void RecentRepositories::add(const QString &folder) {
    const QString path = normalized(folder);
    QStringList list = folders();
    list.removeAll(path);
    list.prepend(path);
    store(list.mid(0, kMaximum));
    Q_EMIT changed();
}

void RecentRepositories::clear() {
    store({});
    Q_EMIT changed();
}

void RecentRepositories::store(const QStringList &folders) const {
    if (folders.isEmpty())
        m_settings->remove(kKey);
    else
        m_settings->setValue(kKey, folders);
}

void RecentRepositories::fillMenu(QMenu *menu) {
    menu->clear();
    const QStringList list = folders();
    for (int i = 0; i < list.size(); ++i) {
        const QString &folder = list.at(i);
        // "&1 homelab-gitops — /home/me/src/homelab-gitops": mnemonic, name, then where.
        const QString text =
            QStringLiteral("&%1 %2 — %3")
                .arg(i == 9 ? 0 : i + 1)
                .arg(QFileInfo(folder).fileName(), QDir::toNativeSeparators(folder));
        QAction *action = menu->addAction(text);
        action->setData(folder);
        connect(action, &QAction::triggered, this,
                [this, folder] { Q_EMIT openRequested(folder); });
    }
    if (!list.isEmpty())
        menu->addSeparator();
    QAction *clearAction = menu->addAction(tr("&Clear Menu"), this, &RecentRepositories::clear);
    clearAction->setEnabled(!list.isEmpty());
    menu->setEnabled(!list.isEmpty());
}

} // namespace wavesmith
