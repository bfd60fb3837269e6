#include "eventlog.h"

#include <QJsonDocument>
#include <QJsonObject>

bool EventLog::open(const QString &path, QString *error) {
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, m_file.errorString());
        return false;
    }
    return true;
}

void EventLog::record(const QString &event, const QString &kind, const QString &namespace_,
                      const QString &name, int wave, const QString &parent) {
    if (!m_file.isOpen())
        return;
    const QJsonObject line{{QStringLiteral("ms"), m_clock.elapsed()},
                           {QStringLiteral("event"), event},
                           {QStringLiteral("kind"), kind},
                           {QStringLiteral("namespace"), namespace_},
                           {QStringLiteral("name"), name},
                           {QStringLiteral("wave"), wave},
                           {QStringLiteral("parent"), parent}};
    m_file.write(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n');
    m_file.flush();
}
