#pragma once

// Runs the linter off the UI thread. Requests that arrive while a run is going are coalesced:
// only the newest design is linted next, and results of superseded runs are never shown.

#include <wavesmith/catalog.h>
#include <wavesmith/lint.h>
#include <wavesmith/model.h>

#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

class QThread;

namespace wavesmith {

class LintRunner : public QObject {
    Q_OBJECT

public:
    explicit LintRunner(Catalog catalog, QObject *parent = nullptr);
    ~LintRunner() override; // waits for a running lint: it only touches its own copies

    void setCatalog(Catalog catalog);
    // Lints `design` as imported from `repositoryDir` (its files give lines and annotations).
    // With no repository (the built-in example), the design is rendered to a temporary folder
    // and linted there.
    void request(const Design &design, const QString &repositoryDir);
    bool isRunning() const { return !m_thread.isNull(); }

    // The lint of a design, as the runner does it on its thread. Public for tests and the CLI.
    static Result<QList<LintFinding>> lint(const Design &design, const QString &repositoryDir,
                                           const Catalog &catalog);

Q_SIGNALS:
    void started();
    void finished(const QList<wavesmith::LintFinding> &findings);
    void failed(const QString &message);

private:
    struct Request {
        Design design;
        QString repositoryDir;
    };
    void start(Request request);

    Catalog m_catalog;
    std::optional<Request> m_pending;
    QPointer<QThread> m_thread;
};

} // namespace wavesmith
