// Templates, rendering and import of the canonical layout: init → import gives back the same
// model; the homelab plan is the seed's; no forbidden sync option is ever written.

#include <wavesmith/catalog.h>
#include <wavesmith/git.h>
#include <wavesmith/render.h>
#include <wavesmith/repo.h>
#include <wavesmith/templates.h>
#include <wavesmith/waveplan.h>

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <yaml-cpp/yaml.h>

using namespace wavesmith;

namespace {

QString seedPath() {
    return QStringLiteral(WAVESMITH_SHARED_DIR "/seed/argocd-gitops-architecture.txt");
}

Design importOrFail(const QString &dir) {
    auto imported = importRepository(dir, Catalog::builtin());
    if (!imported)
        qWarning("%s", qPrintable(imported.error().toString()));
    return imported ? imported.value() : Design{};
}

QString writeRepo(const QTemporaryDir &tmp, const Design &design) {
    const QString dir = tmp.filePath(QStringLiteral("repo"));
    const Status written = writeFilesAtomically(dir, renderDesign(design, Catalog::builtin()));
    if (!written)
        qWarning("%s", qPrintable(written.error().toString()));
    return dir;
}

YAML::Node parse(const QByteArray &content) {
    return YAML::Load(content.toStdString());
}

} // namespace

class TestTemplates : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void roundTripKeepsEditsAndHelmSources();
    void renderIsDeterministicAndClean();
    void noForbiddenSyncOptions_data();
    void noForbiddenSyncOptions();
    void homelabMatchesSeedWaveTable();
    void homelabHealthCheckIsTheSeedScript();
    void initCommitsWithLibgit2();
    void importErrorsNameFileAndLine();
};

void TestTemplates::roundTrip_data() {
    QTest::addColumn<QString>("templateName");
    QTest::addColumn<QString>("repoURL");
    QTest::addColumn<QString>("revision");
    QTest::newRow("homelab") << "homelab"
                             << "https://github.com/example/homelab-gitops.git"
                             << "HEAD";
    QTest::newRow("homelab-custom") << "homelab"
                                    << "git@gitea.lan:ops/cluster.git"
                                    << "v1.2.0";
    QTest::newRow("minimal") << "minimal"
                             << "https://git.example.org/me/gitops.git"
                             << "main";
}

void TestTemplates::roundTrip() {
    QFETCH(QString, templateName);
    QFETCH(QString, repoURL);
    QFETCH(QString, revision);
    const Catalog catalog = Catalog::builtin();
    const auto original = templateByName(templateName, catalog, {repoURL, revision});
    QVERIFY(original);
    QTemporaryDir tmp;
    const Design imported = importOrFail(writeRepo(tmp, *original));

    QCOMPARE(imported.repoURL, repoURL);
    QCOMPARE(imported.targetRevision, revision);
    QCOMPARE(imported.root.path, original->root.path);
    QCOMPARE(imported.root.project, QStringLiteral("default"));
    QCOMPARE(imported.components.size(), original->components.size());
    for (qsizetype i = 0; i < original->components.size(); ++i) {
        const Component &a = original->components.at(i);
        const Component &b = imported.components.at(i);
        QCOMPARE(b.name, a.name);
        QCOMPARE(b.kind, a.kind);
        QCOMPARE(b.wave, a.wave);
        QCOMPARE(b.namespace_, a.namespace_);
        QCOMPARE(b.project, a.project);
        QCOMPARE(b.destinationServer, a.destinationServer);
        QCOMPARE(b.sources, a.sources);
        QCOMPARE(b.chart, a.chart);
        QCOMPARE(b.syncOptions, a.syncOptions);
        QCOMPARE(b.automated, a.automated);
        QCOMPARE(b.dependsOn, a.dependsOn);
        QCOMPARE(b.appSet, a.appSet);
        QCOMPARE(b.catalogId, a.catalogId);
        QVERIFY2(b.location.line > 0, qPrintable(b.name));
    }
    QCOMPARE(imported.applicationSets.size(), original->applicationSets.size());
    for (qsizetype i = 0; i < original->applicationSets.size(); ++i) {
        ApplicationSet a = original->applicationSets.at(i);
        ApplicationSet b = imported.applicationSets.at(i);
        a.location = b.location = {};
        QCOMPARE(b, a);
    }
    QCOMPARE(imported.projects, original->projects);
    QCOMPARE(imported.waves, original->waves);
    QCOMPARE(imported.argocdParams, original->argocdParams);
    QCOMPARE(imported.argocdConfig, original->argocdConfig);
    QCOMPARE(imported.healthChecks.size(), original->healthChecks.size());
    for (qsizetype i = 0; i < original->healthChecks.size(); ++i) {
        QCOMPARE(imported.healthChecks.at(i).configKey(), original->healthChecks.at(i).configKey());
        QCOMPARE(imported.healthChecks.at(i).lua, original->healthChecks.at(i).lua);
        QCOMPARE(imported.healthChecks.at(i).useOpenLibs, original->healthChecks.at(i).useOpenLibs);
    }
    QVERIFY2(imported.diagnostics.isEmpty(), qPrintable(imported.diagnostics.value(0).message));
}

void TestTemplates::roundTripKeepsEditsAndHelmSources() {
    Design design = homelabTemplate(Catalog::builtin());
    Component *longhorn = design.component(QStringLiteral("longhorn"));
    QVERIFY(longhorn);
    longhorn->dependsOn = {QStringLiteral("cilium"), QStringLiteral("external-secrets")};
    longhorn->wave = -1;
    longhorn->ignoreDifferences = QStringLiteral("- group: apps\n  kind: Deployment\n  "
                                                 "jsonPointers:\n    - /spec/replicas\n");
    Component helm;
    helm.name = QStringLiteral("podinfo");
    helm.wave = 3;
    helm.namespace_ = QStringLiteral("podinfo");
    helm.sources = {Source{QStringLiteral("https://stefanprodan.github.io/podinfo"),
                           {},
                           QStringLiteral("6.7.1"),
                           QStringLiteral("podinfo"),
                           QStringLiteral("replicaCount: 2\nui:\n  message: \"true\"\n"),
                           {},
                           {}},
                    Source{QStringLiteral("https://github.com/example/values.git"),
                           {},
                           QStringLiteral("main"),
                           {},
                           {},
                           {},
                           QStringLiteral("values")}};
    helm.syncOptions = {QStringLiteral("CreateNamespace=true")};
    design.components.append(helm);
    design.healthChecks.first().useOpenLibs = true;

    QTemporaryDir tmp;
    const Design imported = importOrFail(writeRepo(tmp, design));
    const Component *l = imported.component(QStringLiteral("longhorn"));
    QVERIFY(l);
    QCOMPARE(l->wave, -1);
    QCOMPARE(l->dependsOn, longhorn->dependsOn);
    QCOMPARE(parse(l->ignoreDifferences.toUtf8())[0]["jsonPointers"][0].as<std::string>(),
             std::string("/spec/replicas"));
    const Component *p = imported.component(QStringLiteral("podinfo"));
    QVERIFY(p);
    QCOMPARE(p->sources.size(), 2);
    QCOMPARE(p->sources.at(0).chart, QStringLiteral("podinfo"));
    QCOMPARE(p->sources.at(0).targetRevision, QStringLiteral("6.7.1"));
    const YAML::Node values = parse(p->sources.at(0).helmValues.toUtf8());
    QCOMPARE(values["replicaCount"].as<int>(), 2);
    QCOMPARE(values["ui"]["message"].as<std::string>(), std::string("true"));
    QCOMPARE(p->sources.at(1).ref, QStringLiteral("values"));
    QVERIFY(imported.healthChecks.first().useOpenLibs);
}

void TestTemplates::renderIsDeterministicAndClean() {
    const Catalog catalog = Catalog::builtin();
    const auto first = renderDesign(homelabTemplate(catalog), catalog);
    const auto second = renderDesign(homelabTemplate(catalog), catalog);
    QCOMPARE(first.size(), second.size());
    static const QRegularExpression waveLine(
        QStringLiteral("argocd\\.argoproj\\.io/sync-wave:\\s*(\\S+)"));
    int waveAnnotations = 0;
    for (qsizetype i = 0; i < first.size(); ++i) {
        const FileContent &f = first.at(i);
        QCOMPARE(f.path, second.at(i).path);
        QCOMPARE(f.content, second.at(i).content);
        QVERIFY2(f.content.endsWith('\n'), qPrintable(f.path));
        QVERIFY2(!f.content.contains('\r'), qPrintable(f.path));
        QVERIFY2(!f.content.contains('\t'), qPrintable(f.path));
        QVERIFY2(!f.content.contains("\n\n\n"), qPrintable(f.path));
        auto it = waveLine.globalMatch(QString::fromUtf8(f.content));
        while (it.hasNext()) {
            const QString value = it.next().captured(1);
            QVERIFY2(value.startsWith(QLatin1Char('"')) && value.endsWith(QLatin1Char('"')),
                     qPrintable(f.path + QStringLiteral(": ") + value));
            ++waveAnnotations;
        }
        // 2-space indentation: every indent is even.
        for (const QByteArray &line : f.content.split('\n')) {
            const qsizetype indent = line.size() - line.trimmed().size();
            if (!line.trimmed().isEmpty() && !line.trimmed().startsWith('#'))
                QVERIFY2(indent % 2 == 0 || line.trimmed().startsWith('-'), line.constData());
        }
    }
    QVERIFY(waveAnnotations >= 12);
}

void TestTemplates::noForbiddenSyncOptions_data() {
    QTest::addColumn<QString>("templateName");
    QTest::newRow("homelab") << "homelab";
    QTest::newRow("minimal") << "minimal";
}

void TestTemplates::noForbiddenSyncOptions() {
    QFETCH(QString, templateName);
    const Catalog catalog = Catalog::builtin();
    const auto design = templateByName(templateName, catalog);
    QVERIFY(design);
    const QStringList required = {
        QStringLiteral("CreateNamespace=true"), QStringLiteral("ServerSideApply=true"),
        QStringLiteral("RespectIgnoreDifferences=true"), QStringLiteral("Replace=false")};
    int checked = 0;
    for (const FileContent &f : renderDesign(*design, catalog)) {
        QVERIFY2(!f.content.contains("ApplyOutOfSyncOnly"), qPrintable(f.path));
        QVERIFY2(!f.content.contains("IgnoreMissingTemplate"), qPrintable(f.path));
        for (const YAML::Node &doc : YAML::LoadAll(f.content.toStdString())) {
            if (!doc.IsMap() || !doc["kind"])
                continue;
            const std::string kind = doc["kind"].as<std::string>();
            YAML::Node spec;
            if (kind == "Application")
                spec = doc["spec"];
            else if (kind == "ApplicationSet")
                spec = doc["spec"]["template"]["spec"];
            else
                continue;
            QStringList options;
            for (const YAML::Node &o : spec["syncPolicy"]["syncOptions"])
                options.append(QString::fromStdString(o.as<std::string>()));
            for (const QString &option : required)
                QVERIFY2(options.contains(option),
                         qPrintable(f.path + QStringLiteral(" lacks ") + option));
            ++checked;
        }
    }
    QVERIFY(checked >= 2);
}

void TestTemplates::homelabMatchesSeedWaveTable() {
    QFile seed(seedPath());
    if (!seed.open(QIODevice::ReadOnly))
        QSKIP("../shared/seed is absent: cannot compare with the seed's wave table");
    // Rows like "| 0 | Foundation | cilium, argocd, ... |" straight from the user's document.
    static const QRegularExpression row(
        QStringLiteral("^\\|\\s*(\\d+)\\s*\\|\\s*([^|]+?)\\s*\\|\\s*([^|]+?)\\s*\\|"));
    QMap<int, std::pair<QString, QStringList>> expected;
    for (const QString &line : QString::fromUtf8(seed.readAll()).split(QLatin1Char('\n'))) {
        const auto match = row.match(line);
        if (!match.hasMatch())
            continue;
        QStringList names;
        for (QString name : match.captured(3).split(QLatin1Char(','))) {
            name = name.trimmed();
            if (!name.isEmpty() && name != QLatin1String("etc."))
                names.append(name);
        }
        expected.insert(match.captured(1).toInt(), {match.captured(2), names});
    }
    QCOMPARE(expected.keys(), (QList<int>{0, 1, 2, 4, 5, 6}));

    const Design design = homelabTemplate(Catalog::builtin());
    QCOMPARE(design.waveNumbers(), expected.keys());
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        const int wave = it.key();
        QCOMPARE(design.phaseName(wave), it.value().first);
        QStringList actual;
        for (const Component *c : design.componentsInWave(wave))
            actual.append(c->name);
        for (const QString &name : it.value().second) {
            if (name.contains(QLatin1Char('*'))) {
                // "my-apps/*/*": discovered by an ApplicationSet with that wildcard.
                bool found = false;
                for (const ApplicationSet &set : design.applicationSets) {
                    for (const DirectoryEntry &d : set.directories)
                        found = found || (set.wave == wave && d.path == name);
                }
                QVERIFY2(found, qPrintable(name));
            } else {
                QVERIFY2(actual.contains(name),
                         qPrintable(QStringLiteral("wave %1 lacks %2").arg(wave).arg(name)));
            }
        }
        if (wave < 4) {
            // Standalone Applications exactly as listed, nothing else.
            QCOMPARE(actual, it.value().second);
        } else {
            // Waves 4-6 come through one ApplicationSet each.
            int sets = 0;
            for (const ApplicationSet &set : design.applicationSets)
                sets += set.wave == wave ? 1 : 0;
            QCOMPARE(sets, 1);
            for (const Component *c : design.componentsInWave(wave))
                QCOMPARE(c->kind, ComponentKind::AppSetMember);
        }
    }
    // The infrastructure set uses an explicit path list; monitoring discovers monitoring/*.
    const ApplicationSet *infrastructure = design.applicationSet(QStringLiteral("infrastructure"));
    QVERIFY(infrastructure);
    for (const DirectoryEntry &d : infrastructure->directories)
        QVERIFY(!d.path.contains(QLatin1Char('*')));
    QCOMPARE(design.applicationSet(QStringLiteral("monitoring"))->directories.first().path,
             QStringLiteral("monitoring/*"));
}

void TestTemplates::homelabHealthCheckIsTheSeedScript() {
    QFile seed(seedPath());
    if (!seed.open(QIODevice::ReadOnly))
        QSKIP("../shared/seed is absent");
    const QString seedText = QString::fromUtf8(seed.readAll());
    const qsizetype start = seedText.indexOf(QLatin1String("hs = {}"));
    const qsizetype end = seedText.indexOf(QLatin1String("return hs"), start);
    QVERIFY(start > 0 && end > start);
    const auto tokens = [](const QString &lua) {
        return lua.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    };
    const Design design = homelabTemplate(Catalog::builtin());
    QCOMPARE(design.healthChecks.size(), 1);
    const HealthCustomization &h = design.healthChecks.first();
    QCOMPARE(h.configKey(),
             QStringLiteral("resource.customizations.health.argoproj.io_Application"));
    QCOMPARE(tokens(h.lua), tokens(seedText.mid(start, end - start + 9)));
    QCOMPARE(design.argocdParams.value(QStringLiteral("controller.diff.server.side")),
             QStringLiteral("true"));
}

void TestTemplates::initCommitsWithLibgit2() {
    QTemporaryDir tmp;
    const QString dir = writeRepo(tmp, minimalTemplate(Catalog::builtin()));
    const auto commit = initRepositoryWithCommit(dir, QStringLiteral("first"));
    QVERIFY2(commit, qPrintable(commit.error().toString()));
    QCOMPARE(commit->id.size(), 40);
    if (QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty())
        QSKIP("git CLI not installed: libgit2 commit made, not cross-checked");
    QProcess git;
    git.start(QStringLiteral("git"), {QStringLiteral("-C"), dir, QStringLiteral("ls-files")});
    QVERIFY(git.waitForFinished());
    const QStringList tracked =
        QString::fromUtf8(git.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(tracked.contains(QStringLiteral("infrastructure/controllers/argocd/root.yaml")));
    git.start(QStringLiteral("git"),
              {QStringLiteral("-C"), dir, QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
    QVERIFY(git.waitForFinished());
    QCOMPARE(QString::fromUtf8(git.readAllStandardOutput()).trimmed(), commit->id);
}

void TestTemplates::importErrorsNameFileAndLine() {
    QTemporaryDir tmp;
    const QString dir = writeRepo(tmp, homelabTemplate(Catalog::builtin()));
    const QString apps = dir + QStringLiteral("/infrastructure/controllers/argocd/apps");
    QFile cilium(apps + QStringLiteral("/cilium.yaml"));
    QVERIFY(cilium.open(QIODevice::Append));
    cilium.write("spec:\n  project: [unclosed\n");
    cilium.close();
    const auto broken = importRepository(dir, Catalog::builtin());
    QVERIFY(!broken);
    QCOMPARE(broken.error().file,
             QStringLiteral("infrastructure/controllers/argocd/apps/cilium.yaml"));
    QVERIFY2(broken.error().line > 20, qPrintable(broken.error().toString()));

    const auto missing = importRepository(tmp.filePath(QStringLiteral("nope")), Catalog::builtin());
    QVERIFY(!missing);
    QVERIFY(missing.error().toString().contains(QLatin1String("nope")));
}

QTEST_GUILESS_MAIN(TestTemplates)
#include "tst_templates.moc"
