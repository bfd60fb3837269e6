// The main window: title, status bar, menus with standard shortcuts, the canvas in the middle.

#include "window/mainwindow.h"

#include <canvas/designscene.h>
#include <canvas/designview.h>
#include <canvas/wavelaneitem.h>
#include <wavesmith/catalog.h>
#include <wavesmith/templates.h>

#include <QAction>
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

    QCOMPARE(window.windowTitle(), QStringLiteral("Wavesmith — Homelab example"));
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

    window.showDesign(homelab, QStringLiteral("/srv/gitops"));
    QCOMPARE(window.windowTitle(),
             QStringLiteral("Wavesmith — %1")
                 .arg(QDir::toNativeSeparators(QStringLiteral("/srv/gitops"))));
}

void TestMainWindow::menusCarryStandardShortcuts() {
    MainWindow window(Catalog::builtin());
    QStringList menus;
    for (QAction *action : window.menuBar()->actions())
        menus << action->text().remove(QLatin1Char('&'));
    QCOMPARE(menus,
             (QStringList{QStringLiteral("File"), QStringLiteral("View"), QStringLiteral("Help")}));
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

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
