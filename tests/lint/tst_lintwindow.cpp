// The lint dock inside the main window: a repository opens, the lint runs off the UI thread,
// rows appear, nodes get badges, and activating a row selects the component on the canvas and
// shows the finding's line in the YAML preview.

#include "fixturerepo.h"

#include <canvas/componentnodeitem.h>
#include <canvas/designscene.h>
#include <lint/lintfindingsmodel.h>
#include <lint/lintpanel.h>
#include <luaeditor/qsci.h>
#include <panels/yamlpreviewdock.h>
#include <window/mainwindow.h>
#include <wavesmith/catalog.h>
#include <wavesmith/document.h>

#include <QAction>
#include <QUndoStack>

#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

using namespace wavesmith;
using wavesmith::test::FixtureRepo;

namespace {

QModelIndex rowOf(const LintFindingsModel *model, const QString &rule) {
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, LintFindingsModel::RuleColumn);
        if (index.data().toString() == rule)
            return index;
    }
    return {};
}

} // namespace

class TestLintWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void homelabExampleIsLintedWithoutErrors() {
        MainWindow window(Catalog::builtin());
        window.showHomelabExample();
        QVERIFY(window.lintPanel());
        QTRY_VERIFY_WITH_TIMEOUT(
            rowOf(window.lintPanel()->model(), QStringLiteral("WS019")).isValid(), 30000);
        const LintSummary summary = summarizeFindings(window.lintPanel()->model()->findings());
        QCOMPARE(summary.errors, 0);
        QCOMPARE(summary.warnings, 0);
    }

    void activatingAFindingSelectsItsComponent() {
        FixtureRepo repo(QStringLiteral("WS006-bad"));
        QVERIFY(repo.ok());
        MainWindow window(Catalog::builtin());
        QSignalSpy opened(&window, &MainWindow::repositoryOpened);
        window.openRepositoryAt(repo.path());
        QVERIFY(opened.wait(30000));
        LintPanel *panel = window.lintPanel();
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(panel->model(), QStringLiteral("WS006")).isValid(), 30000);
        QCOMPARE(window.designScene()->componentItem(QStringLiteral("web"))->lintBadge(),
                 std::optional(Diagnostic::Severity::Error));
        QVERIFY(!window.designScene()->componentItem(QStringLiteral("cert-manager"))->lintBadge());

        Q_EMIT panel->view()->activated(rowOf(panel->model(), QStringLiteral("WS006")));
        QCOMPARE(window.designScene()->selectedComponent(), QStringLiteral("web"));

        // The preview opens the file at the offending line (the fixture has the option on
        // line 27 of apps/web.yaml).
        YamlPreviewDock *preview = window.yamlPreviewDock();
        QCOMPARE(preview->currentFile(),
                 QStringLiteral("infrastructure/controllers/argocd/apps/web.yaml"));
        QCOMPARE(preview->markedLine(), 27);
        QVERIFY(preview->editor()->text(26).contains(QStringLiteral("ApplyOutOfSyncOnly=true")));
        QVERIFY(preview->editor()->markersAtLine(26) != 0);
        QVERIFY(preview->editor()->firstVisibleLine() <= 26);

        // Selecting another component clears the mark.
        QVERIFY(window.designScene()->selectComponent(QStringLiteral("cert-manager")));
        QCOMPARE(preview->markedLine(), 0);
    }

    // The quick fix of each rule that has one: offered on the row, applied as one undoable
    // document edit, and the next lint run no longer reports the rule.
    void quickFixesRemoveTheirFinding_data() {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QString>("label");
        QTest::newRow("WS001") << QStringLiteral("WS001-bad") << QStringLiteral("WS001")
                               << QStringLiteral("Move cert-manager to wave 0");
        QTest::newRow("WS003") << QStringLiteral("WS003-bad") << QStringLiteral("WS003")
                               << QStringLiteral("Add the “Wait for child Application” health "
                                                 "check");
        QTest::newRow("WS006") << QStringLiteral("WS006-bad") << QStringLiteral("WS006")
                               << QStringLiteral("Remove ApplyOutOfSyncOnly=true from web");
        QTest::newRow("WS007") << QStringLiteral("WS007-bad") << QStringLiteral("WS007")
                               << QStringLiteral(
                                      "Remove IgnoreMissingTemplate=true from infrastructure");
        QTest::newRow("WS008") << QStringLiteral("WS008-bad") << QStringLiteral("WS008")
                               << QStringLiteral("Set the project of root to default");
    }

    void quickFixesRemoveTheirFinding() {
        QFETCH(QString, fixture);
        QFETCH(QString, rule);
        QFETCH(QString, label);
        FixtureRepo repo(fixture);
        QVERIFY(repo.ok());
        MainWindow window(Catalog::builtin());
        QSignalSpy reset(window.document(), &DesignDocument::designReset);
        window.openRepositoryAt(repo.path());
        QVERIFY(reset.wait(30000));
        LintPanel *panel = window.lintPanel();
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(panel->model(), rule).isValid(), 30000);

        QAction *fix = panel->quickFixAction();
        QVERIFY(!fix->isEnabled()); // no row chosen yet
        panel->view()->setCurrentIndex(rowOf(panel->model(), rule));
        QVERIFY(fix->isEnabled());
        QCOMPARE(fix->text(), QStringLiteral("Fix: ") + label);
        // Ctrl+. on the list applies it.
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        panel->view()->setFocus();
        QTest::keyClick(panel->view(), Qt::Key_Period, Qt::ControlModifier);
        QCOMPARE(window.document()->undoStack()->count(), 1);
        QVERIFY(window.document()->isModified());
        QTRY_VERIFY_WITH_TIMEOUT(!panel->summaryText().startsWith(QStringLiteral("Linting")) &&
                                     !rowOf(panel->model(), rule).isValid(),
                                 30000);
        // Undo brings the finding back.
        window.document()->undoStack()->undo();
        QVERIFY(!window.document()->isModified());
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(panel->model(), rule).isValid(), 30000);
    }
};

QTEST_MAIN(TestLintWindow)
#include "tst_lintwindow.moc"
