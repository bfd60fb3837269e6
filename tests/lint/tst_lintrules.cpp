// Every lint rule against a fixture repository that triggers it (checked by id, file and line)
// and one that does not; suppressions; the homelab template stays free of errors and warnings.

#include "fixturerepo.h"
#include "repo/reposnapshot.h"

#include <wavesmith/catalog.h>
#include <wavesmith/lint.h>
#include <wavesmith/render.h>
#include <wavesmith/repo.h>
#include <wavesmith/templates.h>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace wavesmith;
using wavesmith::test::FixtureRepo;
using wavesmith::test::fixturesDir;

namespace {

const QString kApps = QStringLiteral("infrastructure/controllers/argocd/apps/");
const QString kArgocd = QStringLiteral("infrastructure/controllers/argocd/");

QString describe(const QList<LintFinding> &findings) {
    return lintText(findings);
}

QList<LintFinding> lintFixture(const QString &overlay) {
    FixtureRepo repo(overlay);
    if (!repo.ok()) {
        qWarning("fixture %s could not be prepared", qPrintable(overlay));
        return {};
    }
    const auto run = lintRepository(repo.path(), Catalog::builtin());
    if (!run) {
        qWarning("%s", qPrintable(run.error().toString()));
        return {};
    }
    return run->findings;
}

struct Trigger {
    const char *rule;
    const char *overlay;
    QString file;
    int line;
};

// For every rule, a fixture that triggers it and where (lines counted by hand in the fixture).
QList<Trigger> triggers() {
    return {
        {"WS001", "WS001-bad", kApps + QStringLiteral("web.yaml"), 8},
        {"WS002", "WS002-bad", kApps + QStringLiteral("web.yaml"), 8},
        {"WS003", "WS003-bad", kArgocd + QStringLiteral("root.yaml"), 1},
        {"WS004", "WS004-bad", kArgocd + QStringLiteral("values.yaml"), 8},
        {"WS005", "WS005-bad", kApps + QStringLiteral("cert-manager.yaml"), 23},
        {"WS005", "WS005-bad", kApps + QStringLiteral("infrastructure-appset.yaml"), 34},
        {"WS006", "WS006-bad", kApps + QStringLiteral("web.yaml"), 27},
        {"WS007", "WS007-bad", kApps + QStringLiteral("infrastructure-appset.yaml"), 35},
        {"WS008", "WS008-bad", kArgocd + QStringLiteral("root.yaml"), 7},
        {"WS009", "WS009-bad", kApps + QStringLiteral("kustomization.yaml"), 7},
        {"WS010", "WS010-bad", kApps + QStringLiteral("web.yaml"), 8},
        {"WS011", "WS011-bad", kArgocd + QStringLiteral("values.yaml"), 3},
        {"WS012", "WS012-bad", kArgocd + QStringLiteral("values.yaml"), 13},
        {"WS013", "WS013-bad", kApps + QStringLiteral("web-copy.yaml"), 4},
        {"WS014", "WS014-bad", kApps + QStringLiteral("dashboard.yaml"), 13},
        {"WS015", "WS015-bad", kApps + QStringLiteral("web.yaml"), 7},
        {"WS015", "WS015-unquoted", kApps + QStringLiteral("web.yaml"), 7},
        {"WS016", "WS016-bad", kApps + QStringLiteral("infrastructure-appset.yaml"), 16},
        {"WS017", "WS017-bad", kApps + QStringLiteral("web.yaml"), 15},
        {"WS018", "WS018-bad", kApps + QStringLiteral("web.yaml"), 23},
        {"WS019", "WS019-bad", kArgocd + QStringLiteral("values.yaml"), 5},
        {"WS020", "WS020-bad", QStringLiteral("apps/web/certificate.yaml"), 2},
        {"WS021", "WS021-bad", kArgocd + QStringLiteral("root.yaml"), 21},
        {"WS022", "WS022-bad", QStringLiteral("apps/web/secret.yaml"), 7},
        {"WS023", "WS023-bad", kArgocd + QStringLiteral("root.yaml"), 7},
    };
}

} // namespace

class TestLintRules : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void ruleTableMatchesTheIssue() {
        // Ids and severities are part of the interface (issue 5's table).
        const QList<std::pair<QString, Diagnostic::Severity>> expected = {
            {QStringLiteral("WS001"), Diagnostic::Severity::Error},
            {QStringLiteral("WS002"), Diagnostic::Severity::Error},
            {QStringLiteral("WS003"), Diagnostic::Severity::Error},
            {QStringLiteral("WS004"), Diagnostic::Severity::Error},
            {QStringLiteral("WS005"), Diagnostic::Severity::Warning},
            {QStringLiteral("WS006"), Diagnostic::Severity::Error},
            {QStringLiteral("WS007"), Diagnostic::Severity::Error},
            {QStringLiteral("WS008"), Diagnostic::Severity::Error},
            {QStringLiteral("WS009"), Diagnostic::Severity::Error},
            {QStringLiteral("WS010"), Diagnostic::Severity::Warning},
            {QStringLiteral("WS011"), Diagnostic::Severity::Warning},
            {QStringLiteral("WS012"), Diagnostic::Severity::Error},
            {QStringLiteral("WS013"), Diagnostic::Severity::Error},
            {QStringLiteral("WS014"), Diagnostic::Severity::Error},
            {QStringLiteral("WS015"), Diagnostic::Severity::Error},
            {QStringLiteral("WS016"), Diagnostic::Severity::Warning},
            {QStringLiteral("WS017"), Diagnostic::Severity::Error},
            {QStringLiteral("WS018"), Diagnostic::Severity::Warning},
            {QStringLiteral("WS019"), Diagnostic::Severity::Info},
            {QStringLiteral("WS020"), Diagnostic::Severity::Warning},
            {QStringLiteral("WS021"), Diagnostic::Severity::Info},
            {QStringLiteral("WS022"), Diagnostic::Severity::Error},
            {QStringLiteral("WS023"), Diagnostic::Severity::Warning},
        };
        QCOMPARE(lintRules().size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const LintRule &rule = lintRules().at(i);
            QCOMPARE(rule.id, expected.at(i).first);
            QCOMPARE(int(rule.severity), int(expected.at(i).second));
            QVERIFY2(rule.why.endsWith(QLatin1Char('.')) && !rule.fixHint.isEmpty(),
                     qPrintable(rule.id));
            QVERIFY(findLintRule(rule.id) == &rule);
        }
    }

    void baseFixtureIsClean() {
        const QList<LintFinding> findings = lintFixture(QStringLiteral("base"));
        QVERIFY2(findings.isEmpty(), qPrintable(describe(findings)));
    }

    void ruleTriggers_data() {
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QString>("overlay");
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("line");
        for (const Trigger &t : triggers()) {
            QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(t.overlay), t.file)))
                << QString::fromLatin1(t.rule) << QString::fromLatin1(t.overlay) << t.file
                << t.line;
        }
    }

    void ruleTriggers() {
        QFETCH(QString, rule);
        QFETCH(QString, overlay);
        QFETCH(QString, file);
        QFETCH(int, line);
        const QList<LintFinding> findings = lintFixture(overlay);
        const bool found = std::any_of(findings.begin(), findings.end(), [&](const LintFinding &f) {
            return f.ruleId == rule && f.file == file && f.line == line && !f.suppressed &&
                   !f.message.isEmpty() && f.fixHint == findLintRule(rule)->fixHint;
        });
        QVERIFY2(found, qPrintable(QStringLiteral("expected [%1] at %2:%3, got:\n%4")
                                       .arg(rule, file)
                                       .arg(line)
                                       .arg(describe(findings))));
    }

    // The fixtures' annotations: web needs cert-manager (WS001), web needs the AppSet member
    // dashboard (WS010), and in WS002 cert-manager also needs web.
    void dependencyFindingsNameTheirPath() {
        const auto findingOf = [](const QList<LintFinding> &findings, const QString &rule) {
            for (const LintFinding &f : findings) {
                if (f.ruleId == rule)
                    return f;
            }
            return LintFinding{};
        };
        QCOMPARE(findingOf(lintFixture(QStringLiteral("WS001-bad")), QStringLiteral("WS001"))
                     .dependencyPath,
                 QStringList({QStringLiteral("web"), QStringLiteral("cert-manager")}));
        QCOMPARE(findingOf(lintFixture(QStringLiteral("WS010-bad")), QStringLiteral("WS010"))
                     .dependencyPath,
                 QStringList({QStringLiteral("web"), QStringLiteral("dashboard")}));
        const QStringList cycle =
            findingOf(lintFixture(QStringLiteral("WS002-bad")), QStringLiteral("WS002"))
                .dependencyPath;
        QCOMPARE(cycle.size(), 3);
        QCOMPARE(cycle.first(), cycle.last());
        const QSet<QPair<QString, QString>> needs{
            {QStringLiteral("web"), QStringLiteral("cert-manager")},
            {QStringLiteral("cert-manager"), QStringLiteral("web")}};
        for (qsizetype i = 0; i + 1 < cycle.size(); ++i)
            QVERIFY2(needs.contains({cycle.at(i), cycle.at(i + 1)}), qPrintable(cycle.join(u',')));
        // Rules about something else carry no path.
        QVERIFY(findingOf(lintFixture(QStringLiteral("WS006-bad")), QStringLiteral("WS006"))
                    .dependencyPath.isEmpty());
    }

    void everyRuleHasATriggeringFixture() {
        QSet<QString> covered;
        for (const Trigger &t : triggers())
            covered.insert(QString::fromLatin1(t.rule));
        for (const LintRule &rule : lintRules())
            QVERIFY2(covered.contains(rule.id), qPrintable(rule.id));
    }

    void ruleStaysQuiet_data() {
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QString>("overlay");
        for (const LintRule &rule : lintRules()) {
            const QString good = rule.id + QStringLiteral("-good");
            const bool own = QFileInfo(test::fixturesDir() + QLatin1Char('/') + good).isDir();
            const QString overlay = own ? good : QStringLiteral("base");
            QTest::newRow(qPrintable(rule.id + QLatin1Char(' ') + overlay)) << rule.id << overlay;
        }
        QTest::newRow("WS004 WS004-samples-good")
            << QStringLiteral("WS004") << QStringLiteral("WS004-samples-good");
    }

    void ruleStaysQuiet() {
        QFETCH(QString, rule);
        QFETCH(QString, overlay);
        const QList<LintFinding> findings = lintFixture(overlay);
        const bool found = std::any_of(findings.begin(), findings.end(),
                                       [&](const LintFinding &f) { return f.ruleId == rule; });
        QVERIFY2(!found, qPrintable(describe(findings)));
    }

    void suppressionNeedsAReason() {
        const QList<LintFinding> findings = lintFixture(QStringLiteral("suppressed"));
        const LintFinding *withReason = nullptr;
        const LintFinding *withoutReason = nullptr;
        for (const LintFinding &f : findings) {
            if (f.ruleId != QLatin1String("WS006"))
                continue;
            if (f.file == kApps + QStringLiteral("web.yaml"))
                withReason = &f;
            if (f.file == kApps + QStringLiteral("cert-manager.yaml"))
                withoutReason = &f;
        }
        QVERIFY2(withReason && withoutReason, qPrintable(describe(findings)));
        QVERIFY(withReason->suppressed);
        QCOMPARE(withReason->suppressionReason, QStringLiteral("migrating off it in #42"));
        QCOMPARE(withReason->line, 28);
        QVERIFY(!withoutReason->suppressed);
        QVERIFY(withoutReason->message.contains(QLatin1String("needs a reason")));
        const LintSummary summary = summarizeFindings(findings);
        QCOMPARE(summary.suppressed, 1);
        QCOMPARE(summary.errors, 1);
        QVERIFY(lintText(findings).contains(QStringLiteral(
            "web.yaml:28:9: error: [WS006] Application web uses ApplyOutOfSyncOnly=true "
            "(suppressed: migrating off it in #42)")));
    }

    void homelabHasNoErrorsOrWarnings() {
        const Catalog catalog = Catalog::builtin();
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(writeFilesAtomically(dir.path(), renderDesign(homelabTemplate(catalog), catalog)));
        const auto run = lintRepository(dir.path(), catalog);
        QVERIFY2(run.ok(), qPrintable(run.error().toString()));
        const LintSummary summary = summarizeFindings(run->findings);
        QVERIFY2(summary.errors == 0 && summary.warnings == 0, qPrintable(describe(run->findings)));
        // The seed's wait-for-child script is a weak gate; saying so is expected and right.
        QVERIFY(std::any_of(run->findings.begin(), run->findings.end(), [](const LintFinding &f) {
            return f.ruleId == QLatin1String("WS019");
        }));
    }

    void unreadableRepositoryIsAnError() {
        const auto run =
            lintRepository(QStringLiteral("/nonexistent/lint-repo"), Catalog::builtin());
        QVERIFY(!run.ok());
        QVERIFY(!run.error().message.isEmpty());
    }

    // lintRepository reads every manifest once and imports from those bytes: the design it
    // lints must be the one importRepository reads from the disk, diagnostics included, for
    // every fixture (broken ones too), the homelab template and the hand-written corpus.
    void lintImportsTheDesignImportReads_data() {
        QTest::addColumn<QString>("dir");
        QTest::addColumn<QString>("overlay");
        const QStringList overlays =
            QDir(fixturesDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        QVERIFY(overlays.size() > 20);
        for (const QString &overlay : overlays)
            QTest::newRow(qPrintable(overlay)) << QString() << overlay;
        const QString corpus = QStringLiteral(WAVESMITH_SOURCE_DIR "/tests/repo/corpus");
        for (const QString &name :
             QDir(corpus).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
            QTest::newRow(qPrintable(QStringLiteral("corpus/") + name))
                << corpus + QLatin1Char('/') + name << QString();
        QTest::newRow("homelab template") << QStringLiteral("homelab") << QString();
    }

    void lintImportsTheDesignImportReads() {
        QFETCH(QString, dir);
        QFETCH(QString, overlay);
        std::optional<FixtureRepo> fixture;
        QTemporaryDir homelab;
        if (!overlay.isEmpty()) {
            fixture.emplace(overlay);
            QVERIFY(fixture->ok());
            dir = fixture->path();
        } else if (dir == QLatin1String("homelab")) {
            QVERIFY(homelab.isValid());
            QVERIFY(writeFilesAtomically(
                        homelab.path(),
                        renderDesign(homelabTemplate(Catalog::builtin()), Catalog::builtin()))
                        .ok());
            dir = homelab.path();
        }
        const auto imported = importRepository(dir, Catalog::builtin());
        const auto linted = lintRepository(dir, Catalog::builtin());
        QCOMPARE(linted.ok(), imported.ok());
        if (!imported) {
            QCOMPARE(linted.error().toString(), imported.error().toString());
            return;
        }
        QCOMPARE(linted->design.components.size(), imported->components.size());
        QCOMPARE(linted->design.diagnostics.size(), imported->diagnostics.size());
        QVERIFY(linted->design == imported.value());
    }

    // The import lintRepository runs takes a manifest from the bytes already read, not from
    // the disk: changed on disk after the read, the snapshot's version is the one imported.
    void snapshotImportReadsTheSnapshotNotTheDisk() {
        FixtureRepo repo;
        QVERIFY(repo.ok());
        const auto files = readLintFiles(repo.path());
        QVERIFY2(files.ok(), qPrintable(files.error().toString()));
        const QString web = repo.path() + QLatin1Char('/') + kApps + QStringLiteral("web.yaml");
        QFile file(web);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray before = file.readAll();
        file.close();
        QVERIFY(before.contains("namespace: web"));
        QByteArray after = before;
        after.replace("namespace: web", "namespace: changed-on-disk");
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(file.write(after), after.size());
        file.close();

        const RepoSnapshot snapshot(files->files, files->folders);
        const auto fromSnapshot =
            importRepositoryFrom(repo.path(), Catalog::builtin(), {}, snapshot);
        const auto fromDisk = importRepository(repo.path(), Catalog::builtin());
        QVERIFY(fromSnapshot.ok() && fromDisk.ok());
        QVERIFY(fromSnapshot->component(QStringLiteral("web")));
        QCOMPARE(fromSnapshot->component(QStringLiteral("web"))->namespace_, QStringLiteral("web"));
        QCOMPARE(fromDisk->component(QStringLiteral("web"))->namespace_,
                 QStringLiteral("changed-on-disk"));
    }

    // readLintFiles reads on every core: it must see exactly what a listing of the repository
    // shows (hidden folders left out, a linked folder listed but not entered) and read only
    // manifests and health scripts, each with its own content.
    void readLintFilesReadsEveryManifestOnce() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QDir root(dir.path());
        const auto write = [&](const QString &path, const QByteArray &content) {
            QVERIFY(root.mkpath(QFileInfo(root.filePath(path)).path()));
            QFile file(root.filePath(path));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        };
        write(QStringLiteral("a/b/c.yaml"), "kind: C\n");
        write(QStringLiteral("a/x.yml"), "kind: X\n");
        write(QStringLiteral("a/health.lua"), "return {}\n");
        write(QStringLiteral("a/notes.lua"), "-- not a health script\n");
        write(QStringLiteral("a/.git/config.yaml"), "hidden: true\n");
        write(QStringLiteral(".wavesmith/layout.yaml"), "hidden: true\n");
        write(QStringLiteral("top.yaml"), "kind: Top\n");
        QVERIFY(
            QFile::link(root.filePath(QStringLiteral("a")), root.filePath(QStringLiteral("l"))));
        QVERIFY(QFile::link(root.filePath(QStringLiteral("a/x.yml")),
                            root.filePath(QStringLiteral("linked.yaml"))));

        const auto files = readLintFiles(dir.path());
        QVERIFY2(files.ok(), qPrintable(files.error().toString()));
        QCOMPARE(files->folders,
                 QStringList({QStringLiteral("a"), QStringLiteral("a/b"), QStringLiteral("l")}));
        QStringList paths;
        QStringList contents;
        for (const FileContent &file : files->files) {
            paths.append(file.path);
            contents.append(QString::fromUtf8(file.content));
        }
        QCOMPARE(paths, QStringList({QStringLiteral("a/b/c.yaml"), QStringLiteral("a/health.lua"),
                                     QStringLiteral("a/x.yml"), QStringLiteral("linked.yaml"),
                                     QStringLiteral("top.yaml")}));
        QCOMPARE(contents, QStringList({QStringLiteral("kind: C\n"), QStringLiteral("return {}\n"),
                                        QStringLiteral("kind: X\n"), QStringLiteral("kind: X\n"),
                                        QStringLiteral("kind: Top\n")}));
    }

    // Of several files that cannot be read, the first in path order is reported, whichever
    // worker reached it first.
    void readLintFilesReportsTheFirstUnreadableFile() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QDir root(dir.path());
        QVERIFY(root.mkpath(QStringLiteral("a/b")));
        for (const QString &path :
             {QStringLiteral("a/big2.yaml"), QStringLiteral("a/b/big1.yaml")}) {
            QFile file(root.filePath(path));
            QVERIFY(file.open(QIODevice::WriteOnly));
            QVERIFY(file.resize(kMaxManifestBytes + 1)); // sparse: nothing is written
        }
        const auto files = readLintFiles(dir.path());
        QVERIFY(!files.ok());
        QCOMPARE(files.error().file, QStringLiteral("a/b/big1.yaml"));
        QVERIFY2(files.error().message.contains(QLatin1String("refused")),
                 qPrintable(files.error().message));
    }

    // A re-read keeps the content of files untouched since the last read (the same bytes, not
    // read again) and reads those that changed, appeared, or were modified so close to the last
    // read that their timestamp cannot be trusted.
    void rereadReadsOnlyWhatChanged() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QDir root(dir.path());
        const QDateTime longAgo = QDateTime::currentDateTimeUtc().addSecs(-3600);
        const auto write = [&](const QString &path, const QByteArray &content,
                               const QDateTime &modified) {
            QFile file(root.filePath(path));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
            QVERIFY(file.flush()); // a later flush would date the file now
            QVERIFY(file.setFileTime(modified, QFileDevice::FileModificationTime));
        };
        write(QStringLiteral("same.yaml"), "kind: Same\n", longAgo);
        write(QStringLiteral("edited.yaml"), "kind: Old\n", longAgo);
        write(QStringLiteral("fresh.yaml"), "kind: Fresh\n", QDateTime::currentDateTimeUtc());
        const auto first = readLintFiles(dir.path());
        QVERIFY2(first.ok(), qPrintable(first.error().toString()));
        QCOMPARE(first->stamps.size(), first->files.size());

        // Same size as before, an hour later: only the timestamp tells.
        write(QStringLiteral("edited.yaml"), "kind: New\n", longAgo.addSecs(60));
        write(QStringLiteral("added.yaml"), "kind: Added\n", longAgo);
        const auto second = rereadLintFiles(dir.path(), first.value());
        QVERIFY2(second.ok(), qPrintable(second.error().toString()));

        const auto contentOf = [](const LintFiles &files, const QString &path) {
            for (const FileContent &file : files.files) {
                if (file.path == path)
                    return file.content;
            }
            return QByteArray("<missing>");
        };
        const QString same = QStringLiteral("same.yaml");
        QCOMPARE(contentOf(second.value(), same), QByteArray("kind: Same\n"));
        QVERIFY2(contentOf(second.value(), same).isSharedWith(contentOf(first.value(), same)),
                 "an unchanged file was read again");
        QCOMPARE(contentOf(second.value(), QStringLiteral("edited.yaml")),
                 QByteArray("kind: New\n"));
        QCOMPARE(contentOf(second.value(), QStringLiteral("added.yaml")),
                 QByteArray("kind: Added\n"));
        const QString fresh = QStringLiteral("fresh.yaml");
        QCOMPARE(contentOf(second.value(), fresh), QByteArray("kind: Fresh\n"));
        QVERIFY2(!contentOf(second.value(), fresh).isSharedWith(contentOf(first.value(), fresh)),
                 "a file modified just before the last read was trusted");

        // A file that vanished is gone from the re-read, not served from the old one.
        QVERIFY(QFile::remove(root.filePath(same)));
        const auto third = rereadLintFiles(dir.path(), second.value());
        QVERIFY2(third.ok(), qPrintable(third.error().toString()));
        QCOMPARE(contentOf(third.value(), same), QByteArray("<missing>"));
    }
};

QTEST_GUILESS_MAIN(TestLintRules)
#include "tst_lintrules.moc"
