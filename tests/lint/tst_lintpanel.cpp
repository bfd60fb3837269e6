// The GUI side of the linter: the findings model, the off-thread runner (coalescing requests),
// the panel's activation signal, and the canvas selection and badges it drives.

#include "fixturerepo.h"

#include <canvas/componentnodeitem.h>
#include <canvas/designscene.h>
#include <lint/lintfindingsmodel.h>
#include <lint/lintpanel.h>
#include <lint/lintrunner.h>
#include <wavesmith/catalog.h>
#include <wavesmith/repo.h>
#include <wavesmith/templates.h>

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

using namespace wavesmith;
using wavesmith::test::FixtureRepo;

namespace {

LintFinding finding(const char *rule, Diagnostic::Severity severity, const char *component,
                    int line, bool suppressed = false) {
    LintFinding f;
    f.ruleId = QLatin1String(rule);
    f.severity = severity;
    f.file = QStringLiteral("apps/x.yaml");
    f.line = line;
    f.component = QLatin1String(component);
    f.message = QStringLiteral("message of %1").arg(f.ruleId);
    f.suppressed = suppressed;
    f.suppressionReason = suppressed ? QStringLiteral("because") : QString();
    return f;
}

bool hasRule(const QList<LintFinding> &findings, const char *rule) {
    return std::any_of(findings.begin(), findings.end(),
                       [&](const LintFinding &f) { return f.ruleId == QLatin1String(rule); });
}

} // namespace

class TestLintPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void modelShowsSeverityIdAndMessage() {
        LintFindingsModel model;
        QAbstractItemModelTester tester(&model);
        model.setFindings({finding("WS001", Diagnostic::Severity::Error, "web", 8),
                           finding("WS018", Diagnostic::Severity::Warning, "db", 23, true)});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), 3);
        QCOMPARE(model.index(0, LintFindingsModel::RuleColumn).data().toString(),
                 QStringLiteral("WS001"));
        QCOMPARE(model.index(0, LintFindingsModel::SeverityColumn).data().toString(),
                 QStringLiteral("error"));
        QVERIFY(!model.index(0, LintFindingsModel::SeverityColumn)
                     .data(Qt::DecorationRole)
                     .value<QIcon>()
                     .isNull());
        QCOMPARE(model.index(1, LintFindingsModel::MessageColumn).data().toString(),
                 QStringLiteral("message of WS018 (suppressed: because)"));
        QCOMPARE(model.index(1, 0).data(LintFindingsModel::ComponentRole).toString(),
                 QStringLiteral("db"));
        QCOMPARE(model.index(1, 0).data(LintFindingsModel::LineRole).toInt(), 23);
        QVERIFY(model.index(1, 0).data(LintFindingsModel::SuppressedRole).toBool());
    }

    void activatingARowNamesTheComponent() {
        LintPanel panel;
        panel.setFindings({finding("WS001", Diagnostic::Severity::Error, "web", 8),
                           finding("WS021", Diagnostic::Severity::Info, "root", 21)});
        QCOMPARE(panel.summaryText(),
                 QStringLiteral("1 errors · 0 warnings · 1 infos · 0 suppressed"));
        QSignalSpy activated(&panel, &LintPanel::findingActivated);
        Q_EMIT panel.view()->activated(panel.model()->index(1, LintFindingsModel::MessageColumn));
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.first().at(0).toString(), QStringLiteral("root"));
        QCOMPARE(activated.first().at(1).toString(), QStringLiteral("apps/x.yaml"));
        QCOMPARE(activated.first().at(2).toInt(), 21);
        panel.setFindings({});
        QCOMPARE(panel.summaryText(), QStringLiteral("No problems found"));
    }

    void runnerLintsARepositoryOffTheUiThread() {
        FixtureRepo repo(QStringLiteral("WS006-bad"));
        QVERIFY(repo.ok());
        const Catalog catalog = Catalog::builtin();
        auto design = importRepository(repo.path(), catalog);
        QVERIFY(design.ok());
        LintRunner runner(catalog);
        QSignalSpy finished(&runner, &LintRunner::finished);
        QSignalSpy started(&runner, &LintRunner::started);
        runner.request(design.value(), repo.path());
        QVERIFY(runner.isRunning());  // returned at once; the work is on its own thread
        QCOMPARE(started.count(), 1); // the panel can say "Linting…" during the debounce
        QVERIFY(finished.wait(30000));
        const auto findings = finished.first().first().value<QList<LintFinding>>();
        QVERIFY(hasRule(findings, "WS006"));
    }

    // The runner keeps the files it read and reads again only what changed on disk: a file
    // edited behind the window's back (same name, a later timestamp) is still seen.
    void runnerSeesAFileChangedOnDiskSinceItsLastLint() {
        FixtureRepo repo(QStringLiteral("WS022-bad"));
        QVERIFY(repo.ok());
        // An hour old, as in a repository not written just now: the runner trusts the stamps.
        const QDateTime longAgo = QDateTime::currentDateTimeUtc().addSecs(-3600);
        QDirIterator it(repo.path(), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.setFileTime(longAgo, QFileDevice::FileModificationTime));
        }
        const Catalog catalog = Catalog::builtin();
        auto design = importRepository(repo.path(), catalog);
        QVERIFY(design.ok());
        LintRunner runner(catalog);
        QSignalSpy finished(&runner, &LintRunner::finished);
        runner.request(design.value(), repo.path());
        QVERIFY(finished.wait(30000));
        QVERIFY(hasRule(finished.takeFirst().first().value<QList<LintFinding>>(), "WS022"));

        // The plain-text Secret becomes an ExternalSecret, a minute later than the rest.
        QFile secret(QDir(repo.path()).filePath(QStringLiteral("apps/web/secret.yaml")));
        QVERIFY(secret.open(QIODevice::WriteOnly | QIODevice::Truncate));
        secret.write("apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\n"
                     "metadata:\n  name: web-db\n  namespace: web\nspec:\n  secretStoreRef:\n"
                     "    kind: ClusterSecretStore\n    name: onepassword\n");
        QVERIFY(secret.flush());
        QVERIFY(secret.setFileTime(longAgo.addSecs(60), QFileDevice::FileModificationTime));
        secret.close();
        runner.request(design.value(), repo.path());
        QVERIFY(finished.wait(30000));
        QVERIFY(!hasRule(finished.takeFirst().first().value<QList<LintFinding>>(), "WS022"));
    }

    void runnerShowsOnlyTheNewestRequest() {
        FixtureRepo clean;
        FixtureRepo broken(QStringLiteral("WS008-bad"));
        QVERIFY(clean.ok() && broken.ok());
        const Catalog catalog = Catalog::builtin();
        auto cleanDesign = importRepository(clean.path(), catalog);
        auto brokenDesign = importRepository(broken.path(), catalog);
        QVERIFY(cleanDesign.ok() && brokenDesign.ok());
        LintRunner runner(catalog);
        QSignalSpy finished(&runner, &LintRunner::finished);
        runner.request(cleanDesign.value(), clean.path());
        runner.request(cleanDesign.value(), clean.path());
        runner.request(brokenDesign.value(), broken.path());
        QVERIFY(finished.wait(30000));
        QTRY_VERIFY(!runner.isRunning());
        QCOMPARE(finished.count(), 1); // the superseded runs never reached the panel
        QVERIFY(hasRule(finished.first().first().value<QList<LintFinding>>(), "WS008"));
    }

    void designWithoutRepositoryIsLintedAsRendered() {
        const Catalog catalog = Catalog::builtin();
        const auto findings = LintRunner::lint(homelabTemplate(catalog), QString(), catalog);
        QVERIFY2(findings.ok(), qPrintable(findings.error().toString()));
        const LintSummary summary = summarizeFindings(findings.value());
        QVERIFY2(summary.errors == 0 && summary.warnings == 0,
                 qPrintable(lintText(findings.value())));
        QVERIFY(hasRule(findings.value(), "WS019"));
    }

    void sceneSelectsAndBadgesComponents() {
        const Catalog catalog = Catalog::builtin();
        DesignScene scene(catalog);
        scene.setDesign(homelabTemplate(catalog));
        QVERIFY(scene.selectComponent(QStringLiteral("cilium")));
        QCOMPARE(scene.selectedComponent(), QStringLiteral("cilium"));
        QVERIFY(scene.selectComponent(QStringLiteral("longhorn")));
        QCOMPARE(scene.selectedItems().size(), 1);
        QVERIFY(!scene.selectComponent(QStringLiteral("no-such-component")));
        QVERIFY(scene.selectedComponent().isEmpty());

        scene.setLintBadges({{QStringLiteral("cilium"), Diagnostic::Severity::Warning}});
        QCOMPARE(scene.componentItem(QStringLiteral("cilium"))->lintBadge(),
                 std::optional(Diagnostic::Severity::Warning));
        QVERIFY(!scene.componentItem(QStringLiteral("longhorn"))->lintBadge());
        scene.setLintBadges({});
        QVERIFY(!scene.componentItem(QStringLiteral("cilium"))->lintBadge());
    }
};

QTEST_MAIN(TestLintPanel)
#include "tst_lintpanel.moc"
