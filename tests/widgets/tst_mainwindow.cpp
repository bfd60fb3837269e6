// The main window: title, status bar, menus with standard shortcuts, the canvas in the middle.

#include "window/mainwindow.h"

#include "../git/gittestsupport.h"

#include <canvas/componentnodeitem.h>
#include <canvas/designscene.h>
#include <canvas/designview.h>
#include <canvas/rootnodeitem.h>
#include <canvas/wavelaneitem.h>
#include <dialogs/branchstatuslabel.h>
#include <dialogs/changedfilesmodel.h>
#include <dialogs/commitdialog.h>
#include <luaeditor/luaeditordock.h>
#include <wavesmith/catalog.h>
#include <wavesmith/templates.h>

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

using namespace wavesmith;

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsTheHomelabExample();
    void menusCarryStandardShortcuts();
    void zoomActionsDriveTheView();
    void openingAMissingFolderExplains();
    void commitIsDisabledForTheExample();
    void commitIsEnabledForAGitRepository();
    void commitIsDisabledForAPlainFolder();
    void branchLabelShowsBranchAndDirtyState();
    void branchLabelRefreshesWhenTheWindowIsActivated();
    void healthCheckEditorOpensOnTheApplicationCheck();
    void healthBadgeOpensItsCustomization();

private:
    static QAction *findAction(QWidget *window, const QString &text);
};

QAction *TestMainWindow::findAction(QWidget *window, const QString &text) {
    for (QAction *action : window->findChildren<QAction *>()) {
        if (action->text().remove(QLatin1Char('&')) == text)
            return action;
    }
    return nullptr;
}

void TestMainWindow::showsTheHomelabExample() {
    const Catalog catalog = Catalog::builtin();
    const Design homelab = homelabTemplate(catalog);
    MainWindow window(catalog);
    window.showDesign(homelab, QString());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QCOMPARE(window.windowTitle(), QStringLiteral("Homelab example[*] — Wavesmith"));
    QCOMPARE(window.size(), QSize(1400, 900));
    QCOMPARE(window.centralWidget(), window.designView());
    QCOMPARE(window.designScene()->laneItems().size(), 6);

    const QString counts = MainWindow::countsText(homelab);
    QCOMPARE(counts, QStringLiteral("%1 components · 6 waves · 3 ApplicationSets")
                         .arg(homelab.components.size()));
    QStringList statusTexts;
    for (QLabel *label : window.statusBar()->findChildren<QLabel *>())
        statusTexts << label->text();
    QVERIFY2(statusTexts.contains(counts), qPrintable(statusTexts.join(QLatin1Char('|'))));
    QVERIFY(statusTexts.join(QLatin1Char('|')).contains(QLatin1String("Homelab example")));

    // The first paint shows the whole design, fitted.
    QVERIFY(window.designView()->isFitting());
    const QRectF visible =
        window.designView()->mapToScene(window.designView()->viewport()->rect()).boundingRect();
    QVERIFY(visible.adjusted(-1, -1, 1, 1).contains(window.designScene()->itemsBoundingRect()));

    // The window icon is the Wavesmith logo, drawn from its SVG at the sizes a window manager
    // asks for: not empty, and with some opaque colour in it.
    for (const int side : {16, 32, 128}) {
        const QImage icon = window.windowIcon().pixmap(side).toImage();
        QCOMPARE(icon.size(), QSize(side, side));
        int opaque = 0;
        for (int y = 0; y < side; ++y) {
            for (int x = 0; x < side; ++x)
                opaque += icon.pixelColor(x, y).alpha() == 255 ? 1 : 0;
        }
        QVERIFY2(opaque > side * side / 4, qPrintable(QString::number(opaque)));
    }

    window.showDesign(homelab, QStringLiteral("/srv/gitops"));
    // The folder's name; the full path is in the status bar.
    QCOMPARE(window.windowTitle(), QStringLiteral("gitops[*] — Wavesmith"));
}

void TestMainWindow::menusCarryStandardShortcuts() {
    MainWindow window(Catalog::builtin());
    QStringList menus;
    for (QAction *action : window.menuBar()->actions())
        menus << action->text().remove(QLatin1Char('&'));
    QCOMPARE(menus,
             (QStringList{QStringLiteral("File"), QStringLiteral("Edit"), QStringLiteral("View"),
                          QStringLiteral("Repository"), QStringLiteral("Help")}));
    // Edit: the document's undo stack names the command ("Undo Move cilium to wave 2").
    QAction *undo = findAction(&window, QStringLiteral("Undo"));
    QVERIFY(undo);
    QCOMPARE(undo->shortcut(), QKeySequence(QKeySequence::Undo));
    QVERIFY(!undo->isEnabled());
    QCOMPARE(findAction(&window, QStringLiteral("Find Component…"))->shortcut(),
             QKeySequence(QKeySequence::Find));
    QVERIFY(findAction(&window, QStringLiteral("Auto-Arrange")));
    QVERIFY(window.undoHistoryDock() && window.undoHistoryDock()->isHidden());
    QCOMPARE(findAction(&window, QStringLiteral("Open Repository…"))->shortcut(),
             QKeySequence(QKeySequence::Open));
    QCOMPARE(findAction(&window, QStringLiteral("Quit"))->shortcut(),
             QKeySequence(QKeySequence::Quit));
    QCOMPARE(findAction(&window, QStringLiteral("Fit to Window"))->shortcut(),
             QKeySequence(Qt::CTRL | Qt::Key_0));
    QCOMPARE(findAction(&window, QStringLiteral("Actual Size"))->shortcut(),
             QKeySequence(Qt::CTRL | Qt::Key_1));
    QCOMPARE(findAction(&window, QStringLiteral("Zoom In"))->shortcut(),
             QKeySequence(QKeySequence::ZoomIn));
    QVERIFY(findAction(&window, QStringLiteral("About Wavesmith")));
    QCOMPARE(findAction(&window, QStringLiteral("Commit…"))->shortcut(),
             QKeySequence(Qt::CTRL | Qt::Key_K));
    QCOMPARE(findAction(&window, QStringLiteral("Health Check Editor"))->shortcut(),
             QKeySequence(Qt::CTRL | Qt::Key_L));
}

void TestMainWindow::zoomActionsDriveTheView() {
    const Catalog catalog = Catalog::builtin();
    MainWindow window(catalog);
    window.showDesign(homelabTemplate(catalog), QString());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    DesignView *view = window.designView();

    findAction(&window, QStringLiteral("Actual Size"))->trigger();
    QCOMPARE(view->zoom(), 1.0);
    findAction(&window, QStringLiteral("Zoom In"))->trigger();
    QCOMPARE(view->zoom(), 1.25);
    findAction(&window, QStringLiteral("Zoom Out"))->trigger();
    QCOMPARE(view->zoom(), 1.0);
    findAction(&window, QStringLiteral("Fit to Window"))->trigger();
    QVERIFY(view->isFitting());
    QVERIFY(view->zoom() < 1.0);

    QStringList statusTexts;
    for (QLabel *label : window.statusBar()->findChildren<QLabel *>())
        statusTexts << label->text();
    QVERIFY(statusTexts.contains(QStringLiteral("%1 %").arg(qRound(view->zoom() * 100))));
}

void TestMainWindow::openingAMissingFolderExplains() {
    // The import runs on a worker thread; failure arrives as a signal (and a message box, which
    // the test closes as soon as it appears).
    QTemporaryDir temp;
    const QString missing = temp.filePath(QStringLiteral("no-such-repo"));
    MainWindow window(Catalog::builtin());
    window.show();
    QSignalSpy failed(&window, &MainWindow::repositoryFailed);
    QSignalSpy opened(&window, &MainWindow::repositoryOpened);
    QTimer closer;
    connect(&closer, &QTimer::timeout, this, [] {
        if (QWidget *modal = QApplication::activeModalWidget())
            modal->close();
    });
    closer.start(10);
    window.openRepositoryAt(missing);
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.first().first().toString(), missing);
    QVERIFY(!failed.first().at(1).toString().isEmpty());
    QCOMPARE(opened.size(), 0);
}

namespace {

// A real repository on branch "main" with one commit, in a hermetic HOME.
struct TempRepo {
    QTemporaryDir home;
    QTemporaryDir dir;
    bool ok = false;
    TempRepo() {
        ok = home.isValid() && dir.isValid() && gittest::makeRepo(dir.path(), home.path());
    }
};

} // namespace

void TestMainWindow::commitIsDisabledForTheExample() {
    const Catalog catalog = Catalog::builtin();
    MainWindow window(catalog);
    window.showDesign(homelabTemplate(catalog), QString());
    QAction *commit = findAction(&window, QStringLiteral("Commit…"));
    QVERIFY(commit);
    QCOMPARE(commit, window.commitAction());
    QVERIFY(!commit->isEnabled());
    QVERIFY2(commit->toolTip().contains(QLatin1String("example")), qPrintable(commit->toolTip()));
    QVERIFY(window.branchStatusLabel()->text().isEmpty());
    commit->trigger(); // disabled: nothing opens
    QVERIFY(!window.commitDialog());
}

void TestMainWindow::commitIsEnabledForAGitRepository() {
    if (!gittest::haveGit())
        QSKIP("git is not installed");
    TempRepo repo;
    QVERIFY(repo.ok);
    gittest::writeFile(repo.dir.filePath(QStringLiteral("apps/cilium.yaml")), "kind: X\n");
    const Catalog catalog = Catalog::builtin();
    MainWindow window(catalog);
    window.show();
    window.showDesign(homelabTemplate(catalog), repo.dir.path());
    // Unknown until the worker has read the repository: not enabled yet.
    QVERIFY(!window.commitAction()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(window.commitAction()->isEnabled(), 10000);

    window.commitAction()->trigger();
    CommitDialog *dialog = window.commitDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(dialog->filesModel()->fileCount(), 1, 10000);
    // Ctrl+K again brings the same dialog forward rather than opening another.
    window.commitAction()->trigger();
    QCOMPARE(window.findChildren<CommitDialog *>().size(), 1);

    // Back to the example: the dialog of the repository closes, the action is disabled.
    window.showDesign(homelabTemplate(catalog), QString());
    QTRY_VERIFY(!window.commitDialog());
    QVERIFY(!window.commitAction()->isEnabled());
}

void TestMainWindow::commitIsDisabledForAPlainFolder() {
    QTemporaryDir plain;
    QVERIFY(plain.isValid());
    const Catalog catalog = Catalog::builtin();
    MainWindow window(catalog);
    QSignalSpy unavailable(window.branchStatusLabel(), &BranchStatusLabel::statusUnavailable);
    window.showDesign(homelabTemplate(catalog), plain.path());
    QVERIFY(unavailable.wait(10000));
    QVERIFY(!window.commitAction()->isEnabled());
    QVERIFY2(window.commitAction()->toolTip().contains(QLatin1String("not a git repository")),
             qPrintable(window.commitAction()->toolTip()));
    QVERIFY(window.branchStatusLabel()->text().isEmpty());
}

void TestMainWindow::branchLabelShowsBranchAndDirtyState() {
    if (!gittest::haveGit())
        QSKIP("git is not installed");
    TempRepo repo;
    QVERIFY(repo.ok);
    QVERIFY(gittest::git(repo.dir.path(),
                         {QStringLiteral("switch"), QStringLiteral("-q"), QStringLiteral("-c"),
                          QStringLiteral("waves/next")},
                         repo.home.path())
                .exitCode == 0);
    const Catalog catalog = Catalog::builtin();
    MainWindow window(catalog);
    window.showDesign(homelabTemplate(catalog), repo.dir.path());
    BranchStatusLabel *label = window.branchStatusLabel();
    QVERIFY(window.statusBar()->findChildren<BranchStatusLabel *>().contains(label));
    QTRY_COMPARE_WITH_TIMEOUT(label->text(), QStringLiteral("⎇ waves/next"), 10000);
    QVERIFY(!label->branchStatus().dirty);

    // A change in the work tree shows the dirty marker after the next refresh.
    QVERIFY(gittest::writeFile(repo.dir.filePath(QStringLiteral("README.md")), "# changed\n"));
    label->refresh();
    QTRY_COMPARE_WITH_TIMEOUT(label->text(), QStringLiteral("⎇ waves/next ●"), 10000);
    QCOMPARE(label->branchStatus().changedFiles, 1);
}

void TestMainWindow::branchLabelRefreshesWhenTheWindowIsActivated() {
    if (!gittest::haveGit())
        QSKIP("git is not installed");
    TempRepo repo;
    QVERIFY(repo.ok);
    const Catalog catalog = Catalog::builtin();
    MainWindow window(catalog);
    window.showDesign(homelabTemplate(catalog), repo.dir.path());
    BranchStatusLabel *label = window.branchStatusLabel();
    QTRY_COMPARE_WITH_TIMEOUT(label->text(), QStringLiteral("⎇ main"), 10000);

    // Changed behind Wavesmith's back (another tool); coming back to the window shows it.
    QVERIFY(gittest::writeFile(repo.dir.filePath(QStringLiteral("notes.txt")), "x\n"));
    QSignalSpy changed(label, &BranchStatusLabel::branchStatusChanged);
    window.show();
    QApplication::setActiveWindow(&window);
    QEvent activation(QEvent::ActivationChange);
    QApplication::sendEvent(&window, &activation);
    QTRY_COMPARE_WITH_TIMEOUT(label->text(), QStringLiteral("⎇ main ●"), 10000);
    QVERIFY(changed.size() >= 1);
}

void TestMainWindow::healthCheckEditorOpensOnTheApplicationCheck() {
    const Catalog catalog = Catalog::builtin();
    const Design homelab = homelabTemplate(catalog);
    const HealthCustomization *check = nullptr;
    for (const HealthCustomization &c : homelab.healthChecks) {
        if (c.kind == QLatin1String("Application"))
            check = &c;
    }
    QVERIFY(check);
    QVERIFY(!check->lua.isEmpty());

    MainWindow window(catalog);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.showDesign(homelab, QString());
    LuaEditorDock *dock = window.healthCheckEditor();
    QVERIFY(dock);
    QVERIFY(!dock->isVisible()); // hidden until asked for
    QAction *toggle = findAction(&window, QStringLiteral("Health Check Editor"));
    QVERIFY(toggle);
    toggle->trigger();
    QVERIFY(dock->isVisible());
    QCOMPARE(window.dockWidgetArea(dock), Qt::BottomDockWidgetArea);
    QCOMPARE(dock->script(), check->lua);
    QCOMPARE(dock->openLibs(), check->useOpenLibs);
    QVERIFY(dock->windowTitle().contains(check->configKey()));
    // The window answers the editor's Save (it writes the script into the repository).
    QTRY_VERIFY(dock->saveAction()->isVisible());

    // A design without the customization empties the editor instead of keeping the old one.
    Design bare = homelab;
    bare.healthChecks.clear();
    window.showDesign(bare, QString());
    QVERIFY(dock->script().isEmpty());
    QVERIFY(toggle->isChecked());
    dock->close(); // the dock's own close button keeps the menu's check mark honest
    QVERIFY(!toggle->isChecked());
    toggle->trigger();
    QVERIFY(dock->isVisible());
    toggle->trigger();
    QVERIFY(!dock->isVisible());

    // Double-clicking the root node (which shows the health check waves wait with) opens it.
    RootNodeItem *root = window.designScene()->rootItem();
    QVERIFY(root);
    window.designView()->centerOn(root);
    const QPoint at = window.designView()->mapFromScene(root->sceneBoundingRect().center());
    QTest::mouseDClick(window.designView()->viewport(), Qt::LeftButton, {}, at);
    QVERIFY(dock->isVisible());
}

void TestMainWindow::healthBadgeOpensItsCustomization() {
    // cert-manager installs the cert-manager.io CRDs: a Certificate check puts a health badge on
    // its node, and double-clicking the badge opens that check (not the Application one).
    const Catalog catalog = Catalog::builtin();
    Design design = homelabTemplate(catalog);
    HealthCustomization certificate;
    certificate.group = QStringLiteral("cert-manager.io");
    certificate.kind = QStringLiteral("Certificate");
    certificate.lua = QStringLiteral("return {status = \"Healthy\", message = \"issued\"}\n");
    design.healthChecks.append(certificate);

    MainWindow window(catalog);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.showDesign(design, QString());
    LuaEditorDock *dock = window.healthCheckEditor();
    QVERIFY(!dock->isVisible());
    ComponentNodeItem *node = window.designScene()->componentItem(QStringLiteral("cert-manager"));
    QVERIFY(node);
    QCOMPARE(node->healthChecks().size(), 1);
    DesignView *view = window.designView();
    view->resetZoom();
    const QPointF badge = node->mapToScene(node->healthBadgeRect().center());
    view->centerOn(badge);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(badge));
    QVERIFY(dock->isVisible());
    QCOMPARE(dock->script(), certificate.lua);
    QVERIFY2(dock->windowTitle().contains(certificate.configKey()),
             qPrintable(dock->windowTitle()));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
