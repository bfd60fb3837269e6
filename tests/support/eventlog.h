#pragma once

#include <QElapsedTimer>
#include <QFile>
#include <QString>

// The --events-out file of the Argo CD simulation: one JSON object per line,
// {"ms", "event": "applied"|"healthy"|"degraded", "kind", "namespace", "name", "wave", "parent"},
// flushed at once so a test can read it while the server runs. `ms` counts from server start;
// `parent` is the Application whose sync applied the object, or the ApplicationSet that
// generated it.
class EventLog {
public:
    EventLog() { m_clock.start(); }
    bool open(const QString &path, QString *error);
    bool isOpen() const { return m_file.isOpen(); }
    void record(const QString &event, const QString &kind, const QString &namespace_,
                const QString &name, int wave, const QString &parent);
    qint64 elapsedMs() const { return m_clock.elapsed(); }

private:
    QElapsedTimer m_clock;
    QFile m_file;
};
