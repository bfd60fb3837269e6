#include "mainwindow.h"

#include "toolbaricons.h"

#include <canvas/componentnodeitem.h>
#include <canvas/designscene.h>
#include <canvas/designview.h>
#include <dialogs/branchstatuslabel.h>
#include <dialogs/commitdialog.h>
#include <lint/lintpanel.h>
#include <lint/lintrunner.h>
#include <luaeditor/luaeditordock.h>
#include <wavesmith/repo.h>
#include <wavesmith/templates.h>

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QThread>
#include <QToolBar>

#include <memory>

namespace wavesmith {

MainWindow::MainWindow(Catalog catalog, QWidget *parent)
    : QMainWindow(parent)
    , m_catalog(std::move(catalog)) {
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
    m_zoomStatus->setMinimumWidth(
        m_zoomStatus->fontMetrics().horizontalAdvance(QStringLiteral("0000 %")));
    m_zoomStatus->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    statusBar()->addWidget(m_sourceStatus, 1);
    // Refreshed off the UI thread: after a repository opens, after a commit or push, and when
    // the window becomes active again (the user may have run git elsewhere meanwhile).
    m_branchStatus = new BranchStatusLabel(this);
    statusBar()->addPermanentWidget(m_branchStatus);
    statusBar()->addPermanentWidget(m_countsStatus);
    statusBar()->addPermanentWidget(m_zoomStatus);
    connect(m_view, &DesignView::zoomChanged, this, &MainWindow::updateZoomLabel);

    createActions();
    const QString icon = QStringLiteral(":/wavesmith/icons/wavesmith.svg");
    if (QFile::exists(icon))
        setWindowIcon(QIcon(icon));
    resize(1400, 900);
    updateZoomLabel(m_view->zoom());
}

MainWindow::~MainWindow() {
    // The import thread only touches its own copies; wait so it never outlives the window.
    if (m_importThread)
        m_importThread->wait();
}

void MainWindow::setCatalog(Catalog catalog) {
    m_catalog = std::move(catalog);
    m_scene->setCatalog(m_catalog);
    if (m_lintRunner)
        m_lintRunner->setCatalog(m_catalog);
}

void MainWindow::createActions() {
    const QPalette pal = palette();

    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(toolbarIcon(ToolbarIcon::Open, pal), tr("&Open Repository…"),
                                    this, &MainWindow::openRepository);
    open->setShortcut(QKeySequence::Open);
    open->setStatusTip(tr("Open a GitOps repository folder"));
    file->addAction(tr("Show &Homelab Example"), this, &MainWindow::showHomelabExample);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *zoomIn = view->addAction(toolbarIcon(ToolbarIcon::ZoomIn, pal), tr("Zoom &In"), m_view,
                                      &DesignView::zoomIn);
    // Ctrl+= as well as Ctrl++: on most keyboards "+" needs Shift.
    zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    QAction *zoomOut = view->addAction(toolbarIcon(ToolbarIcon::ZoomOut, pal), tr("Zoom &Out"),
                                       m_view, &DesignView::zoomOut);
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    view->addSeparator();
    QAction *fit = view->addAction(toolbarIcon(ToolbarIcon::ZoomFit, pal), tr("&Fit to Window"),
                                   m_view, &DesignView::fitToContents);
    fit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    QAction *actual = view->addAction(toolbarIcon(ToolbarIcon::ZoomOriginal, pal),
                                      tr("&Actual Size"), m_view, &DesignView::resetZoom);
    actual->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    view->addSeparator();
    createHealthCheckEditor(view);
    createLintPanel(view);

    createRepositoryMenu();

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *aboutAction = help->addAction(tr("&About Wavesmith"), this, &MainWindow::about);
    aboutAction->setMenuRole(QAction::AboutRole);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)
        ->setMenuRole(QAction::AboutQtRole);

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
    view->addAction(toolbar->toggleViewAction());
    toolbar->toggleViewAction()->setText(tr("Show &Toolbar"));
}

void MainWindow::createRepositoryMenu() {
    QMenu *repository = menuBar()->addMenu(tr("&Repository"));
    m_commitAction = repository->addAction(tr("&Commit…"), this, &MainWindow::commitChanges);
    m_commitAction->setObjectName(QStringLiteral("commitAction"));
    m_commitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_commitAction->setStatusTip(tr("Commit the repository's changes, and push them"));
    connect(m_branchStatus, &BranchStatusLabel::branchStatusChanged, this,
            [this] { repositoryStatusKnown(true, QString()); });
    connect(m_branchStatus, &BranchStatusLabel::statusUnavailable, this,
            [this](const QString &message) { repositoryStatusKnown(false, message); });
    repositoryStatusKnown(false, QString());
}

void MainWindow::createHealthCheckEditor(QMenu *viewMenu) {
    m_healthCheckDock = new LuaEditorDock(this);
    addDockWidget(Qt::BottomDockWidgetArea, m_healthCheckDock);
    m_healthCheckDock->hide(); // the canvas gets the whole window until the user asks for it
    // Not the dock's own toggleViewAction: that one renames itself after the dock's title,
    // which names the customization being edited.
    auto *toggle = new QAction(tr("&Health Check Editor"), this);
    toggle->setCheckable(true);
    connect(toggle, &QAction::triggered, m_healthCheckDock, [this](bool show) {
        m_healthCheckDock->setVisible(show);
        if (show)
            m_healthCheckDock->raise();
    });
    connect(m_healthCheckDock->toggleViewAction(), &QAction::toggled, toggle, &QAction::setChecked);
    toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    toggle->setStatusTip(tr("Edit and test the Application health check in Lua"));
    viewMenu->addAction(toggle);
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
        QHash<QString, Diagnostic::Severity> worst; // Error < Warning < Info in the enum
        for (const LintFinding &f : findings) {
            if (f.suppressed || f.component.isEmpty())
                continue;
            const auto it = worst.constFind(f.component);
            if (it == worst.constEnd() || int(f.severity) < int(*it))
                worst.insert(f.component, f.severity);
        }
        m_scene->setLintBadges(worst);
    });
    // The scene changed (a component edited in place, or a new design): lint it again.
    connect(m_scene, &DesignScene::layoutChanged, this,
            [this] { m_lintRunner->request(m_scene->design(), m_repositoryDir); });
    connect(m_lintPanel, &LintPanel::findingActivated, this, &MainWindow::showFinding);
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
    statusBar()->showMessage(QStringLiteral("%1:%2").arg(file).arg(line), 10000);
}

void MainWindow::loadHealthCheck(const Design &design) {
    // The customization the root's wave strategy rests on: argoproj.io/Application.
    for (const HealthCustomization &check : design.healthChecks) {
        if (check.group == QLatin1String("argoproj.io") &&
            check.kind == QLatin1String("Application")) {
            m_healthCheckDock->setScript(check.lua);
            m_healthCheckDock->setOpenLibs(check.useOpenLibs);
            m_healthCheckDock->setWindowTitle(tr("Health check — %1").arg(check.configKey()));
            return;
        }
    }
    m_healthCheckDock->setScript(QString());
    m_healthCheckDock->setOpenLibs(false);
    m_healthCheckDock->setWindowTitle(
        tr("Health check — no Application health customization (pick a template)"));
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
    m_repositoryDir = repositoryDir;
    m_scene->setDesign(design);
    setWindowTitle(QStringLiteral("Wavesmith — %1").arg(sourceLabel()));
    m_sourceStatus->setText(m_repositoryDir.isEmpty() ? tr("Homelab example (not saved to disk)")
                                                      : sourceLabel());
    m_countsStatus->setText(countsText(design));
    if (m_commitDialog)
        m_commitDialog->close(); // it belongs to the repository shown before
    repositoryStatusKnown(false, QString());
    m_branchStatus->setRepository(m_repositoryDir);
    loadHealthCheck(design);
    m_lintRunner->request(design, m_repositoryDir);
    m_view->fitToContents();
}

void MainWindow::openRepository() {
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Open GitOps Repository"), m_repositoryDir);
    if (!dir.isEmpty())
        openRepositoryAt(dir);
}

void MainWindow::openRepositoryAt(const QString &dir) {
    if (m_importThread)
        return; // one import at a time; the open action is quick to press twice
    // Import reads many files: do it on a worker thread with its own copies of the inputs.
    auto result = std::make_shared<std::optional<Result<Design>>>();
    const Catalog catalog = m_catalog;
    QThread *thread =
        QThread::create([result, dir, catalog] { *result = importRepository(dir, catalog); });
    m_importThread = thread;
    statusBar()->showMessage(tr("Opening %1…").arg(QDir::toNativeSeparators(dir)));
    connect(thread, &QThread::finished, this, [this, result, dir] {
        statusBar()->clearMessage();
        const Result<Design> &imported = **result;
        if (!imported) {
            const QString message = imported.error().toString();
            Q_EMIT repositoryFailed(dir, message);
            QMessageBox::warning(
                this, tr("Cannot Open Repository"),
                tr("%1 could not be opened:\n\n%2").arg(QDir::toNativeSeparators(dir), message));
            return;
        }
        showDesign(imported.value(), dir);
        Q_EMIT repositoryOpened(dir);
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

void MainWindow::showHomelabExample() {
    showDesign(homelabTemplate(m_catalog), QString());
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

} // namespace wavesmith
