#include "lintrunner.h"

#include <wavesmith/render.h>

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
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

namespace {

// The files as the design's unsaved edits make them: what the user sees is what gets linted.
void overlayUnsaved(LintFiles &files, const QList<FileChange> &unsaved) {
    for (const FileChange &change : unsaved) {
        files.files.removeIf([&](const FileContent &f) { return f.path == change.path; });
        if (change.removed)
            continue;
        files.files.append({change.path, change.after});
        for (QString folder = QFileInfo(change.path).path(); folder != QLatin1String(".");
             folder = QFileInfo(folder).path()) {
            if (!files.folders.contains(folder))
                files.folders.append(folder);
        }
    }
    std::sort(files.folders.begin(), files.folders.end());
    std::sort(files.files.begin(), files.files.end(),
              [](const FileContent &a, const FileContent &b) { return a.path < b.path; });
}

} // namespace

void LintRunner::setCatalog(Catalog catalog) {
    m_catalog = std::move(catalog);
}

void LintRunner::request(const Design &design, const QString &repositoryDir,
                         const QList<FileChange> &unsaved) {
    m_pending = Request{design, repositoryDir, unsaved}; // replaces an older pending request
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
                                            const Catalog &catalog,
                                            const QList<FileChange> &unsaved,
                                            std::optional<LintFiles> *diskFiles) {
    if (!repositoryDir.isEmpty()) {
        auto files = diskFiles && *diskFiles ? rereadLintFiles(repositoryDir, **diskFiles)
                                             : readLintFiles(repositoryDir);
        if (diskFiles)
            *diskFiles = files ? std::optional<LintFiles>(files.value()) : std::nullopt;
        if (!files)
            return files.error();
        overlayUnsaved(files.value(), unsaved);
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
    // Another repository than last time: nothing to reuse.
    if (m_diskFiles && (request.repositoryDir.isEmpty() ||
                        QDir(request.repositoryDir).absolutePath() != m_diskFiles->repositoryDir))
        m_diskFiles.reset();
    auto diskFiles = std::make_shared<std::optional<LintFiles>>(m_diskFiles);
    const Catalog catalog = m_catalog;
    QThread *thread = QThread::create([result, diskFiles, request = std::move(request), catalog] {
        *result = lint(request.design, request.repositoryDir, catalog, request.unsaved,
                       request.repositoryDir.isEmpty() ? nullptr : diskFiles.get());
    });
    m_thread = thread;
    connect(thread, &QThread::finished, this, [this, result, diskFiles] {
        m_thread = nullptr;
        m_diskFiles = std::move(*diskFiles);
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
