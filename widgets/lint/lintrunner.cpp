#include "lintrunner.h"

#include <wavesmith/render.h>

#include <QTemporaryDir>
#include <QThread>

#include <memory>

namespace wavesmith {

LintRunner::LintRunner(Catalog catalog, QObject *parent)
    : QObject(parent)
    , m_catalog(std::move(catalog)) {
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(150);
    connect(&m_debounce, &QTimer::timeout, this, &LintRunner::startPending);
}

LintRunner::~LintRunner() {
    if (m_thread)
        m_thread->wait();
}

void LintRunner::setCatalog(Catalog catalog) {
    m_catalog = std::move(catalog);
}

void LintRunner::request(const Design &design, const QString &repositoryDir) {
    m_pending = Request{design, repositoryDir}; // replaces an older pending request
    if (!m_thread)
        m_debounce.start();
    Q_EMIT started(); // a lint is on its way (the panel stops saying "not linted yet")
}

void LintRunner::startPending() {
    if (m_thread || !m_pending)
        return; // the running lint starts the pending one when it finishes
    Request next = std::move(*m_pending);
    m_pending.reset();
    start(std::move(next));
}

Result<QList<LintFinding>> LintRunner::lint(const Design &design, const QString &repositoryDir,
                                            const Catalog &catalog) {
    if (!repositoryDir.isEmpty()) {
        auto files = readLintFiles(repositoryDir);
        if (!files)
            return files.error();
        return lintDesign(design, files.value(), catalog);
    }
    // No repository yet: lint what the design renders to, imported back so that findings have
    // files and lines.
    QTemporaryDir dir;
    if (!dir.isValid())
        return Error{QString(), 0, QStringLiteral("cannot create a temporary folder to lint in")};
    if (const Status written = writeFilesAtomically(dir.path(), renderDesign(design, catalog));
        !written)
        return written.error();
    auto run = lintRepository(dir.path(), catalog);
    if (!run)
        return run.error();
    return run->findings;
}

void LintRunner::start(Request request) {
    auto result = std::make_shared<std::optional<Result<QList<LintFinding>>>>();
    const Catalog catalog = m_catalog;
    QThread *thread = QThread::create([result, request = std::move(request), catalog] {
        *result = lint(request.design, request.repositoryDir, catalog);
    });
    m_thread = thread;
    connect(thread, &QThread::finished, this, [this, result] {
        m_thread = nullptr;
        // A newer design is waiting: these findings are already stale.
        if (m_pending) {
            startPending();
            return;
        }
        const Result<QList<LintFinding>> &findings = **result;
        if (findings)
            Q_EMIT finished(findings.value());
        else
            Q_EMIT failed(findings.error().toString());
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

} // namespace wavesmith
