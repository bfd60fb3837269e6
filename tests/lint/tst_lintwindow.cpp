// The lint dock inside the main window: a repository opens, the lint runs off the UI thread,
// rows appear, nodes get badges, and activating a row selects the component on the canvas.

#include "fixturerepo.h"

#include <canvas/componentnodeitem.h>
#include <canvas/designscene.h>
#include <lint/lintfindingsmodel.h>
#include <lint/lintpanel.h>
#include <window/mainwindow.h>
#include <wavesmith/catalog.h>

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
    }
};

QTEST_MAIN(TestLintWindow)
#include "tst_lintwindow.moc"
