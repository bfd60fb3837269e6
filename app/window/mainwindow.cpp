#include "mainwindow.h"

#include "toolbaricons.h"

#include <bootstrap/bootstrapdock.h>
#include <canvas/componentnodeitem.h>
#include <canvas/designscene.h>
#include <canvas/designview.h>
#include <dialogs/branchstatuslabel.h>
#include <dialogs/commitdialog.h>
#include <lint/lintpanel.h>
#include <lint/lintrunner.h>
#include <luaeditor/luacodeeditor.h>
#include <luaeditor/luaeditordock.h>
#include <panels/catalogdrophandler.h>
#include <panels/diagnosticsdock.h>
#include <panels/inspectordock.h>
#include <panels/palettedock.h>
#include <panels/recentrepositories.h>
#include <panels/svgicon.h>
#include <panels/theme.h>
#include <panels/yamlpreviewdock.h>
#include <wavesmith/autosave.h>
#include <wavesmith/document.h>
#include <wavesmith/lintfix.h>
#include <wavesmith/luatestrunner.h>
#include <wavesmith/repo.h>
#include <wavesmith/templates.h>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QThread>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QUndoView>

#include <memory>

namespace wavesmith {

MainWindow::MainWindow(Catalog catalog, QWidget *parent)
    : QMainWindow(parent)
    , m_catalog(std::move(catalog)) {
    m_document = new DesignDocument(m_catalog, this);
    m_scene = new DesignScene(m_catalog, this);
    m_view = new DesignView(this);
    m_view->setScene(m_scene);
    setCentralWidget(m_view);
    // A fitted view refits when the design's extent changes.
    connect(m_scene, &DesignScene::layoutChanged, m_view, [this] {
        if (m_view->isFitting())
            m_view->fitToContents();
    });

    m_sourceStatus = new QLabel(this);
    m_countsStatus = new QLabel(this);
    m_zoomStatus = new QLabel(this);
    m_zoomStatus->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    // Refreshed off the UI thread: after a repository opens, after a commit or push, and when
    // the window becomes active again (the user may have run git elsewhere meanwhile).
    m_branchStatus = new BranchStatusLabel(this);
    connect(m_view, &DesignView::zoomChanged, this, &MainWindow::updateZoomLabel);

    createActions();
    createStatusBar();
    connect(m_document, &DesignDocument::designReset, this,
            [this] { presentDesign(m_document->design(), m_document->directory()); });
    connect(m_document, &DesignDocument::designChanged, this, &MainWindow::documentChanged);
    connectDocument();
    const QString icon = QStringLiteral(":/wavesmith/icons/wavesmith.svg");
    if (QFile::exists(icon))
        setWindowIcon(svgIcon(icon));
    resize(1400, 900);
    restoreSettings();
    updateZoomLabel(m_view->zoom());
}

MainWindow::~MainWindow() {
    // Deleting the scene deselects its nodes: the docks it would notify are going away too.
    disconnect(m_scene, nullptr, this, nullptr);
    // The import thread only touches its own copies; wait so it never outlives the window.
    if (m_importThread)
        m_importThread->wait();
    if (m_documentThread)
        m_documentThread->wait();
    for (const QPointer<QThread> &worker : std::as_const(m_workers)) {
        if (worker)
            worker->wait();
    }
}

void MainWindow::setCatalog(Catalog catalog, const ParsedSvgIcons &icons) {
    m_catalog = std::move(catalog);
    m_scene->icons().adopt(icons);
    if (m_paletteDock)
        m_paletteDock->setParsedIcons(icons);
    m_scene->setCatalog(m_catalog);
    m_document->setCatalog(m_catalog);
    if (m_paletteDock)
        m_paletteDock->setCatalog(m_catalog);
    if (m_lintRunner)
        m_lintRunner->setCatalog(m_catalog);
}

QMenu *MainWindow::createEditMenu() {
    // The canvas edits through the document and follows its signals from here on.
    m_scene->setDocument(m_document);
    m_view->setDesignScene(m_scene);
    connect(m_view, &DesignView::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 6000); });

    auto *edit = new QMenu(tr("&Edit"), this);
    // The stack's own actions read "Undo Move cilium to wave 2".
    QAction *undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);

    // The dock itself is built the first time it is shown (see undoHistoryDock()).
    m_undoHistoryToggle = new QAction(tr("Undo &History"), this);
    m_undoHistoryToggle->setCheckable(true);
    connect(m_undoHistoryToggle, &QAction::triggered, this, [this](bool show) {
        if (show || m_undoHistoryDock)
            undoHistoryDock()->setVisible(show);
    });
    edit->addAction(m_undoHistoryToggle);
    edit->addSeparator();

    // Delete acts on the canvas only, so typing in a dock's field never deletes components.
    QAction *remove = edit->addAction(tr("&Delete"), m_scene, &DesignScene::deleteSelection);
    remove->setShortcuts({QKeySequence::Delete, QKeySequence(Qt::Key_Backspace)});
    remove->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_view->addAction(remove);
    QAction *selectAll =
        edit->addAction(tr("Select &All"), m_scene, &DesignScene::selectAllComponents);
    selectAll->setShortcut(QKeySequence::SelectAll);
    selectAll->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_view->addAction(selectAll);
    edit->addSeparator();
    QAction *find = edit->addAction(tr("&Find Component…"), m_view, &DesignView::showFindBar);
    find->setShortcut(QKeySequence::Find);
    edit->addAction(tr("Auto-A&rrange"), m_scene, &DesignScene::autoArrange)
        ->setStatusTip(tr("Reorder nodes inside their lanes to reduce crossing edges (view only)"));
    return edit;
}

void MainWindow::createActions() {
    auto *file = new QMenu(tr("&File"), this);
    QAction *open = file->addAction(toolbarIcon(ToolbarIcon::Open), tr("&Open Repository…"), this,
                                    &MainWindow::openRepository);
    open->setShortcut(QKeySequence::Open);
    open->setStatusTip(tr("Open a GitOps repository folder"));
    QAction *example =
        file->addAction(tr("Show &Homelab Example"), this, &MainWindow::showHomelabExample);
    createDocumentActions(file, example);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *edit = createEditMenu();

    auto *view = new QMenu(tr("&View"), this);
    QAction *zoomIn = view->addAction(toolbarIcon(ToolbarIcon::ZoomIn), tr("Zoom &In"), m_view,
                                      &DesignView::zoomIn);
    // Ctrl+= as well as Ctrl++: on most keyboards "+" needs Shift.
    zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    QAction *zoomOut = view->addAction(toolbarIcon(ToolbarIcon::ZoomOut), tr("Zoom &Out"), m_view,
                                       &DesignView::zoomOut);
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    view->addSeparator();
    QAction *fit = view->addAction(toolbarIcon(ToolbarIcon::ZoomFit), tr("&Fit to Window"), m_view,
                                   &DesignView::fitToContents);
    fit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    QAction *actual = view->addAction(toolbarIcon(ToolbarIcon::ZoomOriginal), tr("&Actual Size"),
                                      m_view, &DesignView::resetZoom);
    actual->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    view->addSeparator();
    createHealthCheckEditor(view);
    createLintPanel(view);
    createDocks(view);
    createBootstrapDock(view);
    createThemeMenu(view);

    QMenu *repository = createRepositoryMenu();

    auto *help = new QMenu(tr("&Help"), this);
    QAction *aboutAction = help->addAction(tr("&About Wavesmith"), this, &MainWindow::about);
    aboutAction->setMenuRole(QAction::AboutRole);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)
        ->setMenuRole(QAction::AboutQtRole);

    // The menu bar and the toolbar last: each reads image files for its overflow button's icon,
    // and the first image read loads Qt's image plugins, which the loader thread is loading
    // meanwhile on the other core (see runGui()).
    for (QMenu *menu : {file, edit, view, repository, help})
        menuBar()->addMenu(menu);
    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setMovable(false);
    toolbar->setIconSize(QSize(20, 20));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(open);
    toolbar->addSeparator();
    toolbar->addAction(zoomOut);
    toolbar->addAction(zoomIn);
    toolbar->addAction(fit);
    toolbar->addAction(actual);
    toolbar->addSeparator();
    toolbar->addAction(m_bootstrapAction);
    view->addAction(toolbar->toggleViewAction());
    toolbar->toggleViewAction()->setText(tr("Show &Toolbar"));
}

QMenu *MainWindow::createRepositoryMenu() {
    auto *repository = new QMenu(tr("&Repository"), this);
    m_commitAction = repository->addAction(tr("&Commit…"), this, &MainWindow::commitChanges);
    m_commitAction->setObjectName(QStringLiteral("commitAction"));
    m_commitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_commitAction->setStatusTip(tr("Commit the repository's changes, and push them"));
    connect(m_branchStatus, &BranchStatusLabel::branchStatusChanged, this,
            [this] { repositoryStatusKnown(true, QString()); });
    connect(m_branchStatus, &BranchStatusLabel::statusUnavailable, this,
            [this](const QString &message) { repositoryStatusKnown(false, message); });
    repositoryStatusKnown(false, QString());
    return repository;
}

void MainWindow::createHealthCheckEditor(QMenu *viewMenu) {
    // Only the menu entry and the canvas hook: the editor (QScintilla, the samples panel, a Lua
    // worker) is built the first time it is shown, see healthCheckEditor().
    connect(m_scene, &DesignScene::healthCheckRequested, this,
            [this](const QString &group, const QString &kind) {
                // Another customization than the one in the editor: open that one instead.
                if (group != m_healthGroup || kind != m_healthKind)
                    loadHealthCheck(m_scene->design(), group, kind); // the design the badge is on
                LuaEditorDock *dock = healthCheckEditor();
                dock->show();
                dock->raise();
                dock->editor()->setFocus();
            });
    // Not the dock's own toggleViewAction: that one renames itself after the dock's title,
    // which names the customization being edited.
    m_healthCheckToggle = new QAction(tr("&Health Check Editor"), this);
    m_healthCheckToggle->setCheckable(true);
    connect(m_healthCheckToggle, &QAction::triggered, this, [this](bool show) {
        if (!show && !m_healthCheckDock)
            return;
        healthCheckEditor()->setVisible(show);
        if (show)
            m_healthCheckDock->raise();
    });
    m_healthCheckToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_healthCheckToggle->setStatusTip(tr("Edit and test the Application health check in Lua"));
    viewMenu->addAction(m_healthCheckToggle);
}

LuaEditorDock *MainWindow::healthCheckEditor() {
    if (m_healthCheckDock)
        return m_healthCheckDock;
    m_healthCheckDock = new LuaEditorDock(this);
    // The canvas gets the whole window until the user asks for the editor.
    placeLazyDock(m_healthCheckDock, Qt::BottomDockWidgetArea);
    connect(m_healthCheckDock, &LuaEditorDock::saveRequested, this, &MainWindow::saveHealthCheck);
    connect(m_healthCheckDock->toggleViewAction(), &QAction::toggled, m_healthCheckToggle,
            &QAction::setChecked);
    m_healthCheckToggle->setChecked(m_healthCheckDock->isVisibleTo(this));
    applyHealthCheck();
    return m_healthCheckDock;
}

QDockWidget *MainWindow::undoHistoryDock() {
    if (m_undoHistoryDock)
        return m_undoHistoryDock;
    m_undoHistoryDock = new QDockWidget(tr("Undo History"), this);
    m_undoHistoryDock->setObjectName(QStringLiteral("undoHistoryDock"));
    auto *history = new QUndoView(m_document->undoStack(), m_undoHistoryDock);
    history->setEmptyLabel(tr("<opened>"));
    m_undoHistoryDock->setWidget(history);
    placeLazyDock(m_undoHistoryDock, Qt::RightDockWidgetArea);
    connect(m_undoHistoryDock->toggleViewAction(), &QAction::toggled, m_undoHistoryToggle,
            &QAction::setChecked);
    m_undoHistoryToggle->setChecked(m_undoHistoryDock->isVisibleTo(this));
    return m_undoHistoryDock;
}

void MainWindow::placeLazyDock(QDockWidget *dock, Qt::DockWidgetArea area) {
    // Where the saved window state put it, if it had it; else in `area`, hidden.
    if (restoreDockWidget(dock))
        return;
    addDockWidget(area, dock);
    dock->hide();
}

void MainWindow::createLintPanel(QMenu *viewMenu) {
    m_lintPanel = new LintPanel(this);
    addDockWidget(Qt::BottomDockWidgetArea, m_lintPanel);
    resizeDocks({m_lintPanel}, {150}, Qt::Vertical); // the canvas keeps most of the window
    m_lintRunner = new LintRunner(m_catalog, this);
    connect(m_lintRunner, &LintRunner::started, m_lintPanel, &LintPanel::setRunning);
    connect(m_lintRunner, &LintRunner::failed, m_lintPanel, &LintPanel::setFailed);
    connect(m_lintRunner, &LintRunner::finished, this, [this](const QList<LintFinding> &findings) {
        m_lintPanel->setFindings(findings);
        // Badges on the nodes, dependency edges and lanes the findings are about.
        m_scene->setLintFindings(findings);
    });
    // The scene changed (a component edited in place, or a new design): lint it again.
    connect(m_scene, &DesignScene::layoutChanged, this, &MainWindow::requestLint);
    connect(m_lintPanel, &LintPanel::findingActivated, this, &MainWindow::showFinding);
    // Fixes are computed against the document's current design, never the (older) lint run's.
    m_lintPanel->setQuickFixLabeler([this](const LintFinding &finding) {
        const auto fix = quickFixFor(finding, m_document->design());
        return fix ? fix->label : QString();
    });
    connect(m_lintPanel, &LintPanel::quickFixRequested, this, [this](const LintFinding &finding) {
        const auto fix = quickFixFor(finding, m_document->design());
        if (!fix)
            return;
        if (const Status status = fix->apply(*m_document); !status)
            statusBar()->showMessage(tr("%1: %2").arg(fix->label, status.error().toString()),
                                     10000);
        else
            statusBar()->showMessage(tr("Fixed: %1 (Ctrl+Z undoes it)").arg(fix->label), 8000);
    });
    QAction *toggle = m_lintPanel->toggleViewAction();
    toggle->setText(tr("&Lint"));
    toggle->setStatusTip(tr("Show what the linter found in this design"));
    viewMenu->addAction(toggle);
}

void MainWindow::showFinding(const QString &component, const QString &file, int line) {
    if (m_scene->selectComponent(component)) {
        if (QGraphicsItem *item = m_scene->componentItem(component))
            m_view->centerOn(item);
    }
    // The YAML preview shows the line the finding names, in the text as edited.
    m_yamlPreviewDock->showLocation(component, file, line);
    statusBar()->showMessage(QStringLiteral("%1:%2").arg(file).arg(line), 10000);
}

void MainWindow::saveHealthCheck() {
    HealthCustomization check;
    check.group = m_healthGroup;
    check.kind = m_healthKind;
    check.lua = m_healthCheckDock->script();
    check.useOpenLibs = m_healthCheckDock->openLibs();
    if (const Status status = m_document->setHealthCheck(check); !status) {
        QMessageBox::warning(
            this, tr("Cannot Save Health Check"),
            tr("The health check could not be written:\n\n%1").arg(status.error().toString()));
        return;
    }
    m_healthScript = check.lua;
    m_healthOpenLibs = check.useOpenLibs;
    m_healthTitle = tr("Health check — %1").arg(check.configKey());
    m_healthCheckDock->setWindowTitle(m_healthTitle);
    if (m_document->isUntitled()) {
        statusBar()->showMessage(
            tr("Health check added to the design; save the design to a folder to keep it"), 8000);
        return;
    }
    m_document->save();
    const QList<HealthSample> samples = m_healthCheckDock->samples();
    if (samples.isEmpty())
        return;
    // Argo CD's own layout for a customization's tests: <group>/<kind>/health.lua + suite.
    const QString folder =
        QDir(m_document->directory())
            .filePath(
                m_document->design().layout.argocdDir +
                QStringLiteral("/health-checks/%1/%2")
                    .arg(check.group.isEmpty() ? QStringLiteral("core") : check.group, check.kind));
    auto exported = std::make_shared<Status>(success());
    QThread *thread = QThread::create([exported, folder, check, samples] {
        *exported = exportHealthTestFolder(folder, check.lua, samples);
    });
    connect(thread, &QThread::finished, this, [this, exported, folder, count = samples.size()] {
        statusBar()->showMessage(
            *exported
                ? tr("Health check saved; its %n sample(s) written to %1", nullptr, int(count))
                      .arg(QDir::toNativeSeparators(folder))
                : tr("Health check saved, but its samples were not: %1")
                      .arg(exported->error().toString()),
            8000);
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

void MainWindow::loadHealthCheck(const Design &design, const QString &group, const QString &kind) {
    // By default the customization the root's wave strategy rests on: argoproj.io/Application.
    m_healthGroup = group;
    m_healthKind = kind;
    m_healthScript.clear();
    m_healthOpenLibs = false;
    m_healthTitle = tr("Health check — no %1 health customization (pick a template)").arg(kind);
    for (const HealthCustomization &check : design.healthChecks) {
        if (check.group == group && check.kind == kind) {
            m_healthScript = check.lua;
            m_healthOpenLibs = check.useOpenLibs;
            m_healthTitle = tr("Health check — %1").arg(check.configKey());
            break;
        }
    }
    applyHealthCheck();
}

void MainWindow::applyHealthCheck() {
    if (!m_healthCheckDock)
        return; // healthCheckEditor() applies it when it builds the editor
    m_healthCheckDock->setScript(m_healthScript);
    m_healthCheckDock->setOpenLibs(m_healthOpenLibs);
    m_healthCheckDock->setWindowTitle(m_healthTitle);
}

void MainWindow::repositoryStatusKnown(bool isGitRepository, const QString &reason) {
    if (m_repositoryDir.isEmpty()) {
        m_commitAction->setEnabled(false);
        m_commitAction->setToolTip(tr("The homelab example is not saved in a repository: open "
                                      "a repository folder to commit."));
    } else if (isGitRepository) {
        m_commitAction->setEnabled(true);
        m_commitAction->setToolTip(tr("Commit changes in %1 (Ctrl+K)").arg(sourceLabel()));
    } else {
        m_commitAction->setEnabled(false);
        m_commitAction->setToolTip(
            reason.isEmpty() ? tr("Reading the git status of %1…").arg(sourceLabel())
                             : tr("%1 is not a git repository: %2").arg(sourceLabel(), reason));
    }
}

CommitDialog *MainWindow::commitDialog() const {
    return m_commitDialog;
}

void MainWindow::commitChanges() {
    if (m_repositoryDir.isEmpty() || !m_commitAction->isEnabled())
        return;
    if (m_commitDialog) {
        m_commitDialog->raise();
        m_commitDialog->activateWindow();
        return;
    }
    auto *dialog = new CommitDialog(m_repositoryDir, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_commitDialog = dialog;
    connect(dialog, &CommitDialog::branchStatusChanged, m_branchStatus,
            &BranchStatusLabel::setBranchStatus);
    connect(dialog, &CommitDialog::committed, m_branchStatus, &BranchStatusLabel::refresh);
    connect(dialog, &CommitDialog::pushed, m_branchStatus, &BranchStatusLabel::refresh);
    dialog->open();
}

void MainWindow::changeEvent(QEvent *event) {
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::ActivationChange && isActiveWindow() && !m_repositoryDir.isEmpty())
        m_branchStatus->refresh();
}

QString MainWindow::sourceLabel() const {
    return m_repositoryDir.isEmpty() ? tr("Homelab example")
                                     : QDir::toNativeSeparators(m_repositoryDir);
}

QString MainWindow::countsText(const Design &design) {
    const auto plural = [](qsizetype n, const QString &one, const QString &many) {
        return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
    };
    QStringList parts = {
        plural(design.components.size(), QStringLiteral("component"), QStringLiteral("components")),
        plural(design.waveNumbers().size(), QStringLiteral("wave"), QStringLiteral("waves"))};
    if (!design.applicationSets.isEmpty()) {
        parts << plural(design.applicationSets.size(), QStringLiteral("ApplicationSet"),
                        QStringLiteral("ApplicationSets"));
    }
    return parts.join(QStringLiteral(" · "));
}

void MainWindow::showDesign(const Design &design, const QString &repositoryDir) {
    presentDesign(design, repositoryDir);
    loadDocument(design, repositoryDir);
}

void MainWindow::showDesignForRendering(const Design &design, const QString &repositoryDir) {
    presentDesign(design, repositoryDir);
}

void MainWindow::loadDocument(const Design &design, const QString &repositoryDir) {
    const int generation = ++m_documentGeneration;
    auto result = std::make_shared<std::optional<Result<DocumentSource>>>();
    const Catalog catalog = m_catalog;
    QThread *thread = QThread::create([result, design, repositoryDir, catalog] {
        *result = repositoryDir.isEmpty() ? DesignDocument::untitled(design, catalog)
                                          : DesignDocument::load(repositoryDir, catalog);
    });
    m_documentThread = thread;
    connect(thread, &QThread::finished, this, [this, result, generation] {
        if (generation != m_documentGeneration)
            return; // another design was shown meanwhile
        if (!**result) {
            statusBar()->showMessage(tr("Read-only: the design cannot be edited (%1)")
                                         .arg((**result).error().toString()));
            return;
        }
        m_document->open(std::move(**result).value());
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

void MainWindow::documentChanged() {
    // The scene follows the document on its own (DesignScene::setDocument).
    m_countsStatus->setText(countsText(m_document->design()));
    if (m_bootstrapDock)
        m_bootstrapDock->setDesign(m_document->design(), m_document->directory(), m_catalog);
    requestLint();
}

void MainWindow::requestLint() {
    // Unsaved edits count once the document holds the repository shown.
    const bool editing = !m_repositoryDir.isEmpty() && m_document->directory() == m_repositoryDir;
    if (editing)
        m_lintRunner->request(m_document->design(), m_repositoryDir, m_document->pendingChanges());
    else
        m_lintRunner->request(m_scene->design(), m_repositoryDir);
}

void MainWindow::presentDesign(const Design &design, const QString &repositoryDir) {
    m_repositoryDir = repositoryDir;
    m_scene->setDesign(design);
    updateTitle();
    m_sourceStatus->setText(m_repositoryDir.isEmpty() ? tr("Homelab example (not saved to disk)")
                                                      : sourceLabel());
    m_countsStatus->setText(countsText(design));
    if (m_commitDialog)
        m_commitDialog->close(); // it belongs to the repository shown before
    repositoryStatusKnown(false, QString());
    m_branchStatus->setRepository(m_repositoryDir);
    loadHealthCheck(design);
    if (m_bootstrapDock)
        m_bootstrapDock->setDesign(design, repositoryDir, m_catalog);
    requestLint();
    m_view->fitToContents();
}

void MainWindow::openRepository() {
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Open GitOps Repository"), m_repositoryDir);
    if (!dir.isEmpty())
        openRepositoryAt(dir);
}

void MainWindow::openRepositoryAt(const QString &dir) {
    runAfterUnsavedCheck([this, dir] { startOpening(dir); });
}

void MainWindow::startOpening(const QString &dir) {
    // Import reads many files: do it on a worker thread with its own copies of the inputs. A
    // newer open or Cancel outdates this one; its result is then dropped.
    const int generation = ++m_openGeneration;
    auto result = std::make_shared<std::optional<Result<DocumentSource>>>();
    const Catalog catalog = m_catalog;
    QThread *thread =
        QThread::create([result, dir, catalog] { *result = DesignDocument::load(dir, catalog); });
    m_importThread = thread;
    m_workers.append(thread);
    m_opening = true;
    setBusy(tr("Opening %1…").arg(QDir::toNativeSeparators(dir)), true);
    connect(thread, &QThread::finished, this, [this, result, dir, generation] {
        if (generation != m_openGeneration)
            return; // cancelled, or another folder was opened meanwhile
        m_opening = false;
        clearBusy();
        Result<DocumentSource> &imported = **result;
        if (!imported) {
            const QString message = imported.error().toString();
            Q_EMIT repositoryFailed(dir, message);
            QMessageBox::warning(
                this, tr("Cannot Open Repository"),
                tr("%1 could not be opened:\n\n%2").arg(QDir::toNativeSeparators(dir), message));
            return;
        }
        ++m_documentGeneration; // a document load still running for the old design is stale
        m_document->open(std::move(imported).value()); // presents it through designReset
        Q_EMIT repositoryOpened(dir);
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

void MainWindow::showHomelabExample() {
    runAfterUnsavedCheck([this] { showDesign(homelabTemplate(m_catalog), QString()); });
}

void MainWindow::updateZoomLabel(qreal zoom) {
    m_zoomStatus->setText(QStringLiteral("%1 %").arg(qRound(zoom * 100)));
}

void MainWindow::about() {
    QMessageBox::about(
        this, tr("About Wavesmith"),
        tr("<h3>Wavesmith %1</h3><p>Design, check and bootstrap Argo CD “App of Apps” "
           "clusters: sync waves, ApplicationSets and health checks on one canvas.</p>")
            .arg(QCoreApplication::applicationVersion()));
}

// --- Documents: File menu, docks, title, close, autosave and recovery, theme, settings ---

namespace {

const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");
const QString kThemeKey = QStringLiteral("window/theme");
// The docks built on first use that were open when the window closed: built again at start.
const QString kOpenLazyDocksKey = QStringLiteral("window/openLazyDocks");

} // namespace

void MainWindow::createDocumentActions(QMenu *fileMenu, QAction *before) {
    // Settings hold the window layout, the theme and folder names; never a credential.
    m_settings = new QSettings(this);
    m_recents = new RecentRepositories(m_settings, this);
    m_recentMenu = new QMenu(tr("Open &Recent"), fileMenu);
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    fileMenu->insertMenu(before, m_recentMenu);
    m_recents->fillMenu(m_recentMenu);
    connect(m_recentMenu, &QMenu::aboutToShow, this, [this] { m_recents->fillMenu(m_recentMenu); });
    connect(m_recents, &RecentRepositories::changed, this,
            [this] { m_recents->fillMenu(m_recentMenu); });
    connect(m_recents, &RecentRepositories::openRequested, this, &MainWindow::openRepositoryAt);

    fileMenu->addSeparator();
    m_saveAction = fileMenu->addAction(tr("&Save"), this, &MainWindow::save);
    m_saveAction->setObjectName(QStringLiteral("fileSaveAction"));
    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAction->setStatusTip(tr("Write the edits into the repository"));
    QAction *saveAs = fileMenu->addAction(tr("Save &As…"), this, &MainWindow::saveAs);
    saveAs->setObjectName(QStringLiteral("saveAsAction"));
    saveAs->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    saveAs->setStatusTip(tr("Write the whole design into a new repository folder"));

    m_busyBar = new QProgressBar(this);
    m_busyBar->setRange(0, 0); // busy: load and save report no steps
    m_busyBar->setMaximumWidth(120);
    m_busyBar->setMaximumHeight(14);
    m_busyBar->setTextVisible(false);
    m_busyBar->hide();
    m_cancelButton = new QToolButton(this);
    m_cancelButton->setObjectName(QStringLiteral("cancelOpenButton"));
    m_cancelButton->setText(tr("Cancel"));
    m_cancelButton->setAutoRaise(true);
    m_cancelButton->hide();
    connect(m_cancelButton, &QToolButton::clicked, this, &MainWindow::cancelOpening);
}

void MainWindow::createStatusBar() {
    // Assembled after the menus and docks: a status bar measures text as soon as it exists, and
    // at start-up the font database is still being read on another core then (see runGui()).
    m_zoomStatus->setMinimumWidth(
        m_zoomStatus->fontMetrics().horizontalAdvance(QStringLiteral("0000 %")));
    QStatusBar *bar = statusBar();
    bar->addWidget(m_sourceStatus, 1);
    bar->addPermanentWidget(m_branchStatus);
    bar->addPermanentWidget(m_busyBar);
    bar->addPermanentWidget(m_cancelButton);
    bar->addPermanentWidget(m_countsStatus);
    bar->addPermanentWidget(m_zoomStatus);
}

void MainWindow::createDocks(QMenu *viewMenu) {
    m_paletteDock = new PaletteDock(this);
    m_paletteDock->setCatalog(m_catalog);
    addDockWidget(Qt::LeftDockWidgetArea, m_paletteDock);
    m_inspectorDock = new InspectorDock(m_document, this);
    addDockWidget(Qt::RightDockWidgetArea, m_inspectorDock);
    m_yamlPreviewDock = new YamlPreviewDock(m_document, this);
    addDockWidget(Qt::RightDockWidgetArea, m_yamlPreviewDock);
    splitDockWidget(m_inspectorDock, m_yamlPreviewDock, Qt::Vertical);
    m_diagnosticsDock = new DiagnosticsDock(this);
    addDockWidget(Qt::BottomDockWidgetArea, m_diagnosticsDock);
    tabifyDockWidget(m_lintPanel, m_diagnosticsDock);
    m_lintPanel->raise(); // lint first: it is what changes while editing
    // The sizes the window has always opened with (they used to fall out of the hidden docks'
    // size hints; those docks are built on first use now).
    resizeDocks({m_paletteDock, m_inspectorDock}, {245, 315}, Qt::Horizontal);
    resizeDocks({m_inspectorDock, m_yamlPreviewDock}, {443, 215}, Qt::Vertical);

    m_catalogDrop = new CatalogDropHandler(m_scene, m_document, this);
    connect(m_catalogDrop, &CatalogDropHandler::componentAdded, this, [this](const QString &name) {
        m_scene->selectComponent(name);
        statusBar()->showMessage(tr("Added %1").arg(name), 5000);
    });
    connect(m_catalogDrop, &CatalogDropHandler::addFailed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Cannot add the component: %1").arg(message), 10000);
    });
    connect(m_paletteDock, &PaletteDock::entryActivated, this, &MainWindow::addFromPalette);
    connect(m_scene, &QGraphicsScene::selectionChanged, this, &MainWindow::selectionChanged);
    connect(m_diagnosticsDock, &DiagnosticsDock::diagnosticActivated, this,
            &MainWindow::showFinding);

    viewMenu->addSeparator();
    for (QDockWidget *dock :
         {static_cast<QDockWidget *>(m_paletteDock), static_cast<QDockWidget *>(m_inspectorDock),
          static_cast<QDockWidget *>(m_yamlPreviewDock),
          static_cast<QDockWidget *>(m_diagnosticsDock)})
        viewMenu->addAction(dock->toggleViewAction());
}

void MainWindow::createThemeMenu(QMenu *viewMenu) {
    QMenu *themes = viewMenu->addMenu(tr("T&heme"));
    themes->setObjectName(QStringLiteral("themeMenu"));
    auto *group = new QActionGroup(themes);
    const Theme stored = themeFromKey(m_settings->value(kThemeKey).toString());
    const std::pair<Theme, QString> choices[] = {
        {Theme::System, tr("&System")}, {Theme::Light, tr("&Light")}, {Theme::Dark, tr("&Dark")}};
    for (const auto &[theme, text] : choices) {
        QAction *action = themes->addAction(text);
        action->setObjectName(themeKey(theme) + QStringLiteral("ThemeAction"));
        action->setCheckable(true);
        action->setChecked(theme == stored);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, theme = theme] {
            applyTheme(theme);
            m_settings->setValue(kThemeKey, themeKey(theme));
        });
    }
    if (stored != Theme::System)
        applyTheme(stored); // System is what the application starts with
}

void MainWindow::connectDocument() {
    connect(m_document, &DesignDocument::modifiedChanged, this, [this] { updateTitle(); });
    connect(m_document, &DesignDocument::directoryChanged, this, [this](const QString &dir) {
        // Save As… moved the document to a folder: it is a repository now.
        m_repositoryDir = dir;
        m_sourceStatus->setText(sourceLabel());
        m_branchStatus->setRepository(dir);
        if (!dir.isEmpty())
            m_recents->add(dir);
        updateTitle();
    });
    connect(m_document, &DesignDocument::designReset, this, [this] {
        m_diagnosticsDock->setDesign(m_document->design());
        selectionChanged();
        updateTitle();
        if (!m_document->isUntitled()) {
            m_recents->add(m_document->directory());
            if (!m_document->isModified())
                checkForAutosave(m_document->directory());
        }
    });
    connect(m_document, &DesignDocument::saveStarted, this,
            [this] { setBusy(tr("Saving %1…").arg(documentName()), false); });
    connect(m_document, &DesignDocument::saved, this, [this](const QStringList &files) {
        clearBusy();
        statusBar()->showMessage(files.size() == 1 ? tr("Saved %1").arg(files.first())
                                                   : tr("Saved %1 files").arg(files.size()),
                                 5000);
        if (m_closeWhenSaved) {
            m_closeWhenSaved = false;
            close();
        }
        if (auto then = std::exchange(m_afterSave, nullptr))
            then();
    });
    connect(m_document, &DesignDocument::saveFailed, this, [this](const QString &message) {
        clearBusy();
        m_closeWhenSaved = false;
        m_afterSave = nullptr;
        showError(tr("Cannot Save"),
                  tr("The edits to %1 were not saved:\n\n%2\n\nNothing in the folder was changed.")
                      .arg(m_repositoryDir.isEmpty() ? documentName()
                                                     : QDir::toNativeSeparators(m_repositoryDir),
                           message));
    });
    m_autosaver = new Autosaver(m_document, AutosaveStore(), this);
    connect(m_autosaver, &Autosaver::writeFailed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Autosave failed: %1").arg(message), 10000);
    });
}

void MainWindow::selectionChanged() {
    const QString name = m_scene->selectedComponent();
    m_inspectorDock->setComponent(name);
    m_yamlPreviewDock->setComponent(name);
}

void MainWindow::addFromPalette(const QString &catalogId) {
    // The selected component's lane, else the lane the keyboard is on, else the catalog's own
    // wave.
    std::optional<int> wave = m_scene->currentLane();
    if (const Component *selected = m_document->design().component(m_scene->selectedComponent()))
        wave = selected->wave;
    m_catalogDrop->addFromCatalog(catalogId, wave);
}

QString MainWindow::documentName() const {
    if (m_repositoryDir.isEmpty())
        return tr("Homelab example");
    return QFileInfo(m_repositoryDir).fileName();
}

void MainWindow::updateTitle() {
    // "[*]" is where Qt puts the modified marker (and where macOS takes it from).
    setWindowTitle(QStringLiteral("%1[*] — Wavesmith").arg(documentName()));
    setWindowModified(m_document->isModified());
    if (m_saveAction)
        m_saveAction->setEnabled(!m_document->isSaving());
}

bool MainWindow::isOpening() const {
    return m_opening;
}

void MainWindow::setBusy(const QString &message, bool cancellable) {
    statusBar()->showMessage(message);
    m_busyBar->show();
    m_cancelButton->setVisible(cancellable);
}

void MainWindow::clearBusy() {
    statusBar()->clearMessage();
    m_busyBar->hide();
    m_cancelButton->hide();
}

void MainWindow::cancelOpening() {
    if (!m_opening)
        return;
    ++m_openGeneration; // the worker finishes on its own; its result is dropped
    m_opening = false;
    clearBusy();
    statusBar()->showMessage(tr("Opening cancelled"), 3000);
}

void MainWindow::save() {
    if (m_document->isSaving())
        return;
    if (m_document->isUntitled()) {
        saveAs();
        return;
    }
    m_document->save();
}

void MainWindow::saveAs() {
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Save Design in an Empty Folder"),
        m_repositoryDir.isEmpty() ? QDir::homePath() : QFileInfo(m_repositoryDir).path());
    if (dir.isEmpty()) {
        m_afterSave = nullptr; // the close or open that waited for this save is off
        return;
    }
    saveAsTo(dir);
}

void MainWindow::saveAsTo(const QString &dir) {
    if (m_document->isSaving())
        return;
    m_document->saveAs(QDir::cleanPath(QFileInfo(dir).absoluteFilePath()));
}

void MainWindow::setUnsavedChangesPrompt(std::function<UnsavedChoice()> prompt) {
    m_unsavedPrompt = std::move(prompt);
}

void MainWindow::setRecoveryPrompt(std::function<bool(const QDateTime &)> prompt) {
    m_recoveryPrompt = std::move(prompt);
}

MainWindow::UnsavedChoice MainWindow::askAboutUnsavedChanges() {
    if (m_unsavedPrompt)
        return m_unsavedPrompt();
    QMessageBox box(QMessageBox::Warning, tr("Unsaved Edits"),
                    tr("Save the edits to %1 before closing it?").arg(documentName()),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setInformativeText(tr("Discarded edits cannot be recovered."));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return UnsavedChoice::Save;
    case QMessageBox::Discard:
        return UnsavedChoice::Discard;
    default:
        return UnsavedChoice::Cancel;
    }
}

void MainWindow::runAfterUnsavedCheck(std::function<void()> then) {
    if (!m_document->isModified()) {
        then();
        return;
    }
    switch (askAboutUnsavedChanges()) {
    case UnsavedChoice::Cancel:
        return;
    case UnsavedChoice::Discard:
        m_autosaver->discard();
        then();
        return;
    case UnsavedChoice::Save:
        // Asynchronous: `then` runs once saved() arrives, never when the save fails.
        m_afterSave = std::move(then);
        save();
        return;
    }
}

void MainWindow::closeEvent(QCloseEvent *event) {
    if (m_bootstrapDock && m_bootstrapDock->isBusy()) {
        event->ignore();
        if (askAboutRunningBootstrap() == RunningBootstrapChoice::KeepRunning)
            return;
        // The runner stops between requests (the cluster stays consistent); the window closes
        // once it reports back, never blocking here.
        m_closeAfterBootstrap = true;
        m_bootstrapDock->cancel();
        return;
    }
    if (!m_closeApproved && m_document->isModified()) {
        switch (askAboutUnsavedChanges()) {
        case UnsavedChoice::Cancel:
            event->ignore();
            return;
        case UnsavedChoice::Save:
            // Asynchronous: close again once saved() arrives (not when the save fails).
            event->ignore();
            m_afterSave = [this] { close(); };
            save();
            return;
        case UnsavedChoice::Discard:
            m_closeApproved = true;
            break;
        }
    }
    if (m_document->isSaving()) {
        // Never block the UI on the worker: close again once the save reports back.
        event->ignore();
        m_closeWhenSaved = true;
        statusBar()->showMessage(tr("Closing after the save finishes…"));
        return;
    }
    m_autosaver->discard(); // a clean close (or a discard) keeps no autosave
    storeSettings();
    event->accept();
}

void MainWindow::createBootstrapDock(QMenu *viewMenu) {
    // Only the action: the dock is built the first time it is shown, see bootstrapDock().
    m_bootstrapAction = new QAction(tr("&Bootstrap…"), this);
    m_bootstrapAction->setObjectName(QStringLiteral("bootstrapAction"));
    m_bootstrapAction->setStatusTip(
        tr("Bootstrap a cluster from this design, or rehearse it, and watch the waves turn "
           "healthy on the canvas"));
    m_bootstrapAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    connect(m_bootstrapAction, &QAction::triggered, this, [this] {
        bootstrapDock()->show();
        m_bootstrapDock->raise();
        resizeDocks({m_bootstrapDock, m_yamlPreviewDock}, {height() * 3 / 4, height() / 8},
                    Qt::Vertical);
        resizeDocks({m_bootstrapDock}, {420}, Qt::Horizontal); // the step list's columns fit
    });
    viewMenu->addAction(m_bootstrapAction);
}

BootstrapDock *MainWindow::bootstrapDock() {
    if (m_bootstrapDock)
        return m_bootstrapDock;
    m_bootstrapDock = new BootstrapDock(this);
    m_bootstrapDock->setCanvas(m_scene);
    if (!restoreDockWidget(m_bootstrapDock)) {
        addDockWidget(Qt::RightDockWidgetArea, m_bootstrapDock);
        // A tab beside the Inspector: the steps and the log need the column's height.
        tabifyDockWidget(m_inspectorDock, m_bootstrapDock);
        m_bootstrapDock->hide(); // the canvas keeps the room until the user asks for it
    }
    connect(m_bootstrapDock, &BootstrapDock::bootstrapFinished, this, [this] {
        if (!m_closeAfterBootstrap)
            return;
        m_closeAfterBootstrap = false;
        // Queued: the runner may report from inside the closeEvent that canceled it.
        QMetaObject::invokeMethod(this, &QWidget::close, Qt::QueuedConnection);
    });
    // What the canvas shows: the document's design once loaded, since the scene follows it.
    m_bootstrapDock->setDesign(m_scene->design(), m_repositoryDir, m_catalog);
    return m_bootstrapDock;
}

void MainWindow::setRunningBootstrapPrompt(std::function<RunningBootstrapChoice()> prompt) {
    m_runningBootstrapPrompt = std::move(prompt);
}

MainWindow::RunningBootstrapChoice MainWindow::askAboutRunningBootstrap() {
    if (m_runningBootstrapPrompt)
        return m_runningBootstrapPrompt();
    QMessageBox box(QMessageBox::Warning, tr("Bootstrap Running"),
                    tr("A bootstrap is running. Cancel it and close the window?"),
                    QMessageBox::NoButton, this);
    box.setInformativeText(tr("Canceling stops between requests: what was applied stays "
                              "applied, and a later run finishes the job."));
    QPushButton *cancelAndClose =
        box.addButton(tr("Cancel Bootstrap and Close"), QMessageBox::DestructiveRole);
    QPushButton *keep = box.addButton(tr("Keep Running"), QMessageBox::RejectRole);
    box.setDefaultButton(keep);
    box.exec();
    return box.clickedButton() == cancelAndClose ? RunningBootstrapChoice::CancelAndClose
                                                 : RunningBootstrapChoice::KeepRunning;
}

void MainWindow::checkForAutosave(const QString &dir) {
    // Reading the data folder is disk work: do it off the UI thread, then ask.
    auto found = std::make_shared<std::optional<Result<AutosaveRecord>>>();
    const AutosaveStore store = m_autosaver->store();
    QThread *thread = QThread::create([found, store, dir] { *found = store.read(dir); });
    m_workers.append(thread);
    connect(thread, &QThread::finished, this, [this, found, dir] {
        if (!found->has_value() || m_document->directory() != dir || m_document->isModified())
            return; // none, or the user moved on
        const Result<AutosaveRecord> &record = **found;
        if (!record) {
            statusBar()->showMessage(
                tr("An autosave exists but cannot be read: %1").arg(record.error().toString()),
                10000);
            return;
        }
        offerRecovery(record.value());
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

void MainWindow::offerRecovery(const AutosaveRecord &record) {
    if (m_recoveryPrompt) {
        recover(record, m_recoveryPrompt(record.savedAt));
        return;
    }
    // Window-modal but not blocking: start-up (and a screenshot run) carries on behind it.
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Recover Unsaved Edits"),
        tr("Recover unsaved edits from %1?")
            .arg(QLocale().toString(record.savedAt.toLocalTime(), QLocale::ShortFormat)),
        QMessageBox::Yes | QMessageBox::No, this);
    box->setInformativeText(tr("Wavesmith kept %n changed file(s) of %1 that were not saved.",
                               nullptr, int(record.changes.size()))
                                .arg(QDir::toNativeSeparators(record.directory)));
    box->button(QMessageBox::Yes)->setText(tr("Recover"));
    box->button(QMessageBox::No)->setText(tr("Discard Them"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this,
            [this, record](int result) { recover(record, result == QMessageBox::Yes); });
    box->open();
}

void MainWindow::recover(const AutosaveRecord &record, bool accepted) {
    if (!accepted) {
        m_autosaver->removeFor(record.directory);
        Q_EMIT recoveryFinished(false, QString());
        return;
    }
    auto result = std::make_shared<std::optional<Result<DocumentSource>>>();
    const Catalog catalog = m_catalog;
    QThread *thread = QThread::create([result, record, catalog] {
        *result = DesignDocument::recover(record.directory, catalog, record.changes);
    });
    m_workers.append(thread);
    const int generation = m_openGeneration;
    setBusy(tr("Recovering unsaved edits…"), false);
    connect(thread, &QThread::finished, this, [this, result, record, generation] {
        clearBusy();
        if (generation != m_openGeneration || m_document->directory() != record.directory)
            return; // another repository was opened meanwhile
        Result<DocumentSource> &recovered = **result;
        if (!recovered) {
            // The autosave stays: the user may want the edits after looking at the file.
            const QString message = recovered.error().toString();
            showError(
                tr("Cannot Recover Edits"),
                tr("The unsaved edits could not be laid over %1:\n\n%2\n\nThe autosave is "
                   "kept in %3.")
                    .arg(QDir::toNativeSeparators(record.directory), message,
                         QDir::toNativeSeparators(m_autosaver->store().fileFor(record.directory))));
            Q_EMIT recoveryFinished(false, message);
            return;
        }
        m_document->open(std::move(recovered).value());
        statusBar()->showMessage(tr("Recovered unsaved edits"), 5000);
        Q_EMIT recoveryFinished(true, QString());
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

void MainWindow::showError(const QString &title, const QString &text) {
    // Not exec(): a save finishing while a test or the user is elsewhere must not block.
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::restoreSettings() {
    restoreGeometry(m_settings->value(kGeometryKey).toByteArray());
    restoreState(m_settings->value(kStateKey).toByteArray());
    const QStringList open = m_settings->value(kOpenLazyDocksKey).toStringList();
    if (open.contains(QStringLiteral("LuaEditorDock")))
        healthCheckEditor()->show();
    if (open.contains(QStringLiteral("bootstrapDock")))
        bootstrapDock()->show();
    if (open.contains(QStringLiteral("undoHistoryDock")))
        undoHistoryDock()->show();
}

void MainWindow::storeSettings() {
    m_settings->setValue(kGeometryKey, saveGeometry());
    m_settings->setValue(kStateKey, saveState());
    QStringList open;
    for (QDockWidget *dock : {static_cast<QDockWidget *>(m_healthCheckDock),
                              static_cast<QDockWidget *>(m_bootstrapDock), m_undoHistoryDock}) {
        if (dock && dock->isVisibleTo(this))
            open << dock->objectName();
    }
    m_settings->setValue(kOpenLazyDocksKey, open);
}

} // namespace wavesmith
