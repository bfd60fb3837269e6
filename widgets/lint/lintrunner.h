#pragma once

// Runs the linter off the UI thread. Requests are debounced (a burst of edits lints once, and the
// window's first paint never competes with a lint) and coalesced while a run is going: only the
// newest design is linted next, and results of superseded runs are never shown.

#include <wavesmith/atomicwrite.h>
#include <wavesmith/catalog.h>
#include <wavesmith/lint.h>
#include <wavesmith/model.h>

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <optional>

class QThread;

namespace wavesmith {

class LintRunner : public QObject {
    Q_OBJECT

public:
    explicit LintRunner(Catalog catalog, QObject *parent = nullptr);
    ~LintRunner() override; // waits for a running lint: it only touches its own copies

    void setCatalog(Catalog catalog);
    // Lints `design` as imported from `repositoryDir` (its files give lines and annotations),
    // with `unsaved` edits laid over the files on disk. With no repository (the built-in
    // example), the design is rendered to a temporary folder and linted there.
    void request(const Design &design, const QString &repositoryDir,
                 const QList<FileChange> &unsaved = {});
    // True from a request until its findings are out (debounce wait included).
    bool isRunning() const { return !m_thread.isNull() || m_debounce.isActive(); }

    // The lint of a design, as the runner does it on its thread. Public for tests and the CLI.
    // With `diskFiles`, the repository's files are re-read from it (only those changed on disk
    // are read again) and it is replaced by what is on disk now.
    static Result<QList<LintFinding>> lint(const Design &design, const QString &repositoryDir,
                                           const Catalog &catalog,
                                           const QList<FileChange> &unsaved = {},
                                           std::optional<LintFiles> *diskFiles = nullptr);

Q_SIGNALS:
    void started();
    void finished(const QList<wavesmith::LintFinding> &findings);
    void failed(const QString &message);

private:
    struct Request {
        Design design;
        QString repositoryDir;
        QList<FileChange> unsaved;
    };
    void start(Request request);
    void startPending();

    Catalog m_catalog;
    std::optional<Request> m_pending;
    QTimer m_debounce;
    QPointer<QThread> m_thread;
    // The repository's files as the last lint read them from disk: the next lint reads only
    // what changed since. Touched on the UI thread only; each run gets its own copy.
    std::optional<LintFiles> m_diskFiles;
};

} // namespace wavesmith
