#pragma once

// Unsaved edits kept safe across a crash. An autosave is the document's pendingChanges() and the
// folder they belong to, written atomically as JSON (file bytes in base64) into the user's data
// folder, one file per repository (named after a hash of its path). DesignDocument::recover()
// lays the edits back over the folder when the user accepts the offer after a restart.

#include <wavesmith/edit.h>
#include <wavesmith/result.h>

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

#include <optional>

class QThread;
class QTimer;

namespace wavesmith {

class DesignDocument;

struct AutosaveRecord {
    QString directory; // absolute repository folder the edits belong to
    QDateTime savedAt; // UTC
    QList<FileChange> changes;
};

// JSON text of a record; parseAutosave() reads it back exactly (bytes included).
QByteArray serializeAutosave(const AutosaveRecord &record);
// The error names `fileName` and says what is wrong (not JSON, missing fields, bad base64).
Result<AutosaveRecord> parseAutosave(const QByteArray &json, const QString &fileName);

// Where autosaves live: one JSON file per repository folder.
class AutosaveStore {
public:
    // `folder` is created on the first write; the default is
    // QStandardPaths::AppDataLocation/autosave.
    explicit AutosaveStore(QString folder = defaultFolder());
    static QString defaultFolder();

    QString folder() const { return m_folder; }
    // <folder>/<sha1 of the cleaned absolute path>.json
    QString fileFor(const QString &directory) const;
    // Atomic (QSaveFile): a crash mid-write keeps the previous autosave. Blocking: small files,
    // but callers on the UI thread use Autosaver, which writes on a worker.
    Status write(const AutosaveRecord &record) const;
    // nullopt when there is none; an error when one exists but cannot be read.
    std::optional<Result<AutosaveRecord>> read(const QString &directory) const;
    bool exists(const QString &directory) const;
    void remove(const QString &directory) const;

private:
    QString m_folder;
};

// Keeps the autosave of one document current: every interval (30 s) and whenever the document
// becomes modified, a modified document with a folder has its pending changes written on a
// worker thread; saving, reverting to clean or discard() removes the file. Untitled documents
// have no folder to recover over and are not autosaved.
class Autosaver : public QObject {
    Q_OBJECT

public:
    Autosaver(DesignDocument *document, AutosaveStore store, QObject *parent = nullptr);
    ~Autosaver() override;

    const AutosaveStore &store() const { return m_store; }
    void setInterval(int milliseconds);
    int interval() const;
    // Waits for a write in flight (window teardown; never called on a path the user waits on).
    void waitForWrite();

public Q_SLOTS:
    // Writes now when the document has unsaved edits in a folder (no-op otherwise).
    void autosaveNow();
    // The edits were saved or thrown away: the autosave this object wrote goes (an older one,
    // left by a crash, stays until the user answers the recovery offer).
    void discard();
    // Removes the autosave of `directory` (the user declined to recover it).
    void removeFor(const QString &directory);

Q_SIGNALS:
    void written(const QString &file);
    void writeFailed(const QString &message);

private:
    // One file operation at a time on a worker; only the newest queued one matters.
    struct Job {
        bool remove = false;
        AutosaveRecord record;
    };
    void schedule(Job job);
    void startNext();

    DesignDocument *m_document = nullptr;
    AutosaveStore m_store;
    QTimer *m_timer = nullptr;
    QThread *m_worker = nullptr;
    std::optional<Job> m_next;
    QString m_writtenFor;     // the folder whose autosave this object last scheduled
    quint64 m_generation = 0; // tells a finished worker's late signal from the current one
};

} // namespace wavesmith
