// `wavesmith lint DIR [--format text|json|sarif]` run as a real process on fixture repositories:
// output formats, exit status 0 / 1 / 2.

#include "fixturerepo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using wavesmith::test::FixtureRepo;

namespace {

struct Outcome {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Outcome runLint(const QStringList &arguments) {
    QProcess process;
    process.start(QStringLiteral(WAVESMITH_EXECUTABLE),
                  QStringList{QStringLiteral("lint")} + arguments);
    Outcome outcome;
    if (!process.waitForFinished(60000))
        return outcome;
    outcome.exitCode = process.exitCode();
    outcome.out = process.readAllStandardOutput();
    outcome.err = process.readAllStandardError();
    return outcome;
}

const QString kWeb = QStringLiteral("infrastructure/controllers/argocd/apps/web.yaml");

} // namespace

class TestLintCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cleanRepositoryExitsZero() {
        FixtureRepo repo;
        QVERIFY(repo.ok());
        const Outcome o = runLint({repo.path()});
        QCOMPARE(o.exitCode, 0);
        QCOMPARE(o.out, QByteArray("0 errors, 0 warnings, 0 infos, 0 suppressed\n"));
    }

    void errorsExitOneWithTextLines() {
        FixtureRepo repo(QStringLiteral("WS006-bad"));
        QVERIFY(repo.ok());
        const Outcome o =
            runLint({repo.path(), QStringLiteral("--format"), QStringLiteral("text")});
        QCOMPARE(o.exitCode, 1);
        const QList<QByteArray> lines = o.out.split('\n');
        QVERIFY2(
            lines.contains(kWeb.toUtf8() +
                           ":27:9: error: [WS006] Application web uses ApplyOutOfSyncOnly=true"),
            o.out.constData());
        QVERIFY(o.out.contains("1 errors, 0 warnings"));
    }

    void warningsAloneExitZero() {
        FixtureRepo repo(QStringLiteral("WS018-bad"));
        QVERIFY(repo.ok());
        const Outcome o = runLint({repo.path()});
        QCOMPARE(o.exitCode, 0);
        QVERIFY2(o.out.startsWith(kWeb.toUtf8() + ":23:7: warning: [WS018] "), o.out.constData());
    }

    void jsonHasEveryField() {
        FixtureRepo repo(QStringLiteral("WS008-bad"));
        QVERIFY(repo.ok());
        const Outcome o =
            runLint({repo.path(), QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(o.exitCode, 1);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(o.out, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, o.out.constData());
        const QJsonArray findings = doc.object().value(QStringLiteral("findings")).toArray();
        QCOMPARE(findings.size(), 1);
        const QJsonObject f = findings.first().toObject();
        QCOMPARE(f.value(QStringLiteral("id")).toString(), QStringLiteral("WS008"));
        QCOMPARE(f.value(QStringLiteral("severity")).toString(), QStringLiteral("error"));
        QCOMPARE(f.value(QStringLiteral("file")).toString(),
                 QStringLiteral("infrastructure/controllers/argocd/root.yaml"));
        QCOMPARE(f.value(QStringLiteral("line")).toInt(), 7);
        QCOMPARE(f.value(QStringLiteral("column")).toInt(), 3);
        QCOMPARE(f.value(QStringLiteral("component")).toString(), QStringLiteral("root"));
        QVERIFY(f.value(QStringLiteral("message"))
                    .toString()
                    .contains(QLatin1String("infrastructure")));
        QVERIFY(f.value(QStringLiteral("fixHint")).toString().contains(QLatin1String("default")));
        QCOMPARE(doc.object().value(QStringLiteral("errors")).toInt(), 1);
    }

    void sarifIsWhatCodeScanningReads() {
        FixtureRepo repo(QStringLiteral("suppressed"));
        QVERIFY(repo.ok());
        const Outcome o =
            runLint({repo.path(), QStringLiteral("--format"), QStringLiteral("sarif")});
        QCOMPARE(o.exitCode, 1); // one WS006 without a reason stays an error
        const QJsonObject sarif = QJsonDocument::fromJson(o.out).object();
        QCOMPARE(sarif.value(QStringLiteral("version")).toString(), QStringLiteral("2.1.0"));
        QVERIFY(sarif.value(QStringLiteral("$schema"))
                    .toString()
                    .contains(QLatin1String("sarif-2.1.0")));
        const QJsonObject run = sarif.value(QStringLiteral("runs")).toArray().first().toObject();
        const QJsonObject driver =
            run.value(QStringLiteral("tool")).toObject().value(QStringLiteral("driver")).toObject();
        QCOMPARE(driver.value(QStringLiteral("name")).toString(), QStringLiteral("wavesmith"));
        const QJsonArray rules = driver.value(QStringLiteral("rules")).toArray();
        QCOMPARE(rules.size(), 23);
        for (const QJsonValue &rule : rules) {
            const QJsonObject r = rule.toObject();
            QVERIFY(r.value(QStringLiteral("id")).toString().startsWith(QLatin1String("WS")));
            QVERIFY(!r.value(QStringLiteral("shortDescription"))
                         .toObject()
                         .value(QStringLiteral("text"))
                         .toString()
                         .isEmpty());
            const QString level = r.value(QStringLiteral("defaultConfiguration"))
                                      .toObject()
                                      .value(QStringLiteral("level"))
                                      .toString();
            QVERIFY(level == QLatin1String("error") || level == QLatin1String("warning") ||
                    level == QLatin1String("note"));
        }
        const QJsonArray results = run.value(QStringLiteral("results")).toArray();
        QCOMPARE(results.size(), 2);
        int suppressed = 0;
        for (const QJsonValue &value : results) {
            const QJsonObject result = value.toObject();
            QCOMPARE(result.value(QStringLiteral("ruleId")).toString(), QStringLiteral("WS006"));
            QCOMPARE(rules.at(result.value(QStringLiteral("ruleIndex")).toInt())
                         .toObject()
                         .value(QStringLiteral("id"))
                         .toString(),
                     QStringLiteral("WS006"));
            QCOMPARE(result.value(QStringLiteral("level")).toString(), QStringLiteral("error"));
            const QJsonObject physical = result.value(QStringLiteral("locations"))
                                             .toArray()
                                             .first()
                                             .toObject()
                                             .value(QStringLiteral("physicalLocation"))
                                             .toObject();
            const QString uri = physical.value(QStringLiteral("artifactLocation"))
                                    .toObject()
                                    .value(QStringLiteral("uri"))
                                    .toString();
            QVERIFY2(uri.startsWith(QLatin1String("infrastructure/")), qPrintable(uri)); // relative
            QVERIFY(physical.value(QStringLiteral("region"))
                        .toObject()
                        .value(QStringLiteral("startLine"))
                        .toInt() >= 1);
            const QJsonArray suppressions = result.value(QStringLiteral("suppressions")).toArray();
            if (!suppressions.isEmpty()) {
                ++suppressed;
                QCOMPARE(suppressions.first().toObject().value(QStringLiteral("kind")).toString(),
                         QStringLiteral("inSource"));
                QCOMPARE(suppressions.first()
                             .toObject()
                             .value(QStringLiteral("justification"))
                             .toString(),
                         QStringLiteral("migrating off it in #42"));
            }
        }
        QCOMPARE(suppressed, 1);
    }

    void unreadableInputExitsTwo() {
        const Outcome o = runLint({QStringLiteral("/nonexistent/lint-repo")});
        QCOMPARE(o.exitCode, 2);
        QVERIFY(o.out.isEmpty());
        QVERIFY(o.err.contains("wavesmith lint:"));
    }

    void badUsageExitsTwo() {
        FixtureRepo repo;
        QCOMPARE(runLint({repo.path(), QStringLiteral("--format"), QStringLiteral("xml")}).exitCode,
                 2);
        QCOMPARE(runLint({}).exitCode, 2);
    }

    void malformedYamlExitsTwoNamingTheFile() {
        FixtureRepo repo;
        QFile file(repo.path() +
                   QStringLiteral("/infrastructure/controllers/argocd/apps/web.yaml"));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("metadata: [unclosed\n");
        file.close();
        const Outcome o = runLint({repo.path()});
        QCOMPARE(o.exitCode, 2);
        QVERIFY2(o.err.contains("web.yaml"), o.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestLintCli)
#include "tst_lintcli.moc"
