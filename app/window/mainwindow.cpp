#include "mainwindow.h"

#include "toolbaricons.h"

#include <canvas/designscene.h>
#include <canvas/designview.h>
#include <wavesmith/repo.h>
#include <wavesmith/templates.h>

#include <QAction>
#include <QApplication>
#include <QDir>
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
