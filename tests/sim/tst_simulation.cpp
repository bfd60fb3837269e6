// core/sim against the homelab template rendered to disk, and `wavesmith simulate` end to end.

#include <wavesmith/catalog.h>
#include <wavesmith/render.h>
#include <wavesmith/sim.h>
#include <wavesmith/templates.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace wavesmith;

namespace {

const QString kWaitForChild = QStringLiteral(R"(hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status ~= nil and obj.status.health ~= nil then
  hs.status = obj.status.health.status
end
return hs
)");

QJsonObject object(const QString &apiVersion, const QString &kind, const QString &name,
                   const QJsonObject &annotations = {}) {
    QJsonObject metadata{{QStringLiteral("name"), name}};
    if (!annotations.isEmpty())
        metadata.insert(QStringLiteral("annotations"), annotations);
    return {{QStringLiteral("apiVersion"), apiVersion},
            {QStringLiteral("kind"), kind},
            {QStringLiteral("metadata"), metadata}};
}

QJsonObject wave(int n) {
    return {{QStringLiteral("argocd.argoproj.io/sync-wave"), QString::number(n)}};
}

QString nameOf(const QJsonObject &o) {
    return o[QStringLiteral("metadata")][QStringLiteral("name")].toString();
}

const SimulatedComponent *find(const BootstrapSimulation &sim, const QString &name) {
    for (const SimulatedComponent &c : sim.components) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

} // namespace

class TestSimulation : public QObject {
    Q_OBJECT

    QTemporaryDir m_repo;
    Design m_design;

    struct Run {
        int exitCode = -1;
        QByteArray out, err;
    };
    Run wavesmith(const QStringList &arguments) {
        QProcess p;
        p.start(QStringLiteral(WAVESMITH_EXECUTABLE), arguments);
        Run r;
        if (!p.waitForFinished(60000))
            return r;
        r.exitCode = p.exitCode();
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_repo.isValid());
        m_design = homelabTemplate(Catalog::builtin());
        const Status written =
            writeFilesAtomically(m_repo.path(), renderDesign(m_design, Catalog::builtin()));
        QVERIFY2(written.ok(), qPrintable(written.error().toString()));
    }

    void rendersTheRootsAppsFolder() {
        const auto objects = renderRepoPath(m_repo.path(), m_design.root.path);
        QVERIFY2(objects.ok(), qPrintable(objects.error().toString()));
        QStringList applications, sets, projects;
        for (const QJsonObject &o : objects.value()) {
            const QString kind = o[QStringLiteral("kind")].toString();
            if (kind == QLatin1String("Application"))
                applications << nameOf(o);
            else if (kind == QLatin1String("ApplicationSet"))
                sets << nameOf(o);
            else if (kind == QLatin1String("AppProject"))
                projects << nameOf(o);
        }
        applications.sort();
        QCOMPARE(applications,
                 (QStringList{QStringLiteral("1password-connect"), QStringLiteral("argocd"),
                              QStringLiteral("cilium"), QStringLiteral("external-secrets"),
                              QStringLiteral("longhorn"), QStringLiteral("pvc-plumber"),
                              QStringLiteral("snapshot-controller"), QStringLiteral("volsync")}));
        QCOMPARE(sets.size(), 3);
        QCOMPARE(projects.size(), 3);
    }

    void aHelmChartBecomesOneWorkload() {
        const auto objects =
            renderRepoPath(m_repo.path(), QStringLiteral("infrastructure/controllers/argocd"));
        QVERIFY2(objects.ok(), qPrintable(objects.error().toString()));
        QCOMPARE(objects->size(), 1);
        const QJsonObject deployment = objects->first();
        QCOMPARE(deployment[QStringLiteral("kind")].toString(), QStringLiteral("Deployment"));
        QCOMPARE(deployment[QStringLiteral("metadata")][QStringLiteral("namespace")].toString(),
                 QStringLiteral("argocd"));
        QCOMPARE(nameOf(deployment), QStringLiteral("argocd"));
    }

    void plainManifestsAndRemoteResources() {
        const auto plumber = renderRepoPath(
            m_repo.path(), m_design.component(QStringLiteral("pvc-plumber"))->sources.first().path);
        QVERIFY2(plumber.ok(), qPrintable(plumber.error().toString()));
        QStringList kinds;
        for (const QJsonObject &o : plumber.value())
            kinds << o[QStringLiteral("kind")].toString();
        kinds.sort();
        QCOMPARE(kinds, (QStringList{QStringLiteral("Deployment"), QStringLiteral("Service")}));

        QTemporaryDir dir;
        QDir(dir.path()).mkpath(QStringLiteral("app"));
        QFile k(dir.path() + QStringLiteral("/app/kustomization.yaml"));
        QVERIFY(k.open(QIODevice::WriteOnly));
        k.write("namespace: web\nresources:\n  - https://example.com/x/standard-install.yaml\n"
                "  - cm.yaml\n");
        k.close();
        QFile cm(dir.path() + QStringLiteral("/app/cm.yaml"));
        QVERIFY(cm.open(QIODevice::WriteOnly));
        cm.write("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  n: \"1\"\n"
                 "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n");
        cm.close();
        const auto objects = renderRepoPath(dir.path(), QStringLiteral("app"));
        QVERIFY2(objects.ok(), qPrintable(objects.error().toString()));
        QCOMPARE(objects->size(), 3);
        QCOMPARE(nameOf(objects->at(0)), QStringLiteral("remote-standard-install"));
        QCOMPARE(objects->at(1)[QStringLiteral("metadata")][QStringLiteral("namespace")].toString(),
                 QStringLiteral("web"));
        // Namespaces are cluster-scoped: kustomize's namespace does not touch them.
        QVERIFY(!objects->at(2)[QStringLiteral("metadata")].toObject().contains(
            QStringLiteral("namespace")));
    }

    void badInputNamesFileAndLine() {
        QTemporaryDir dir;
        QDir(dir.path()).mkpath(QStringLiteral("app"));
        QFile f(dir.path() + QStringLiteral("/app/bad.yaml"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\nfoo: [1, 2\n");
        f.close();
        const auto broken = renderRepoPath(dir.path(), QStringLiteral("app"));
        QVERIFY(!broken.ok());
        QCOMPARE(broken.error().file, QStringLiteral("app/bad.yaml"));
        QVERIFY(broken.error().line >= 6);

        QVERIFY(!renderRepoPath(dir.path(), QStringLiteral("../outside")).ok());
        const auto missing = renderRepoPath(dir.path(), QStringLiteral("nope"));
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message.contains(QStringLiteral("no such folder")));
    }

    void syncStepsFollowPhaseWaveAndKind() {
        QJsonObject pre =
            object(QStringLiteral("batch/v1"), QStringLiteral("Job"), QStringLiteral("migrate"),
                   {{QStringLiteral("argocd.argoproj.io/hook"), QStringLiteral("PreSync")}});
        const QList<QJsonObject> objects = {
            object(QStringLiteral("apps/v1"), QStringLiteral("Deployment"), QStringLiteral("late"),
                   wave(1)),
            object(QStringLiteral("apps/v1"), QStringLiteral("Deployment"), QStringLiteral("web")),
            object(QStringLiteral("v1"), QStringLiteral("Namespace"), QStringLiteral("web")),
            object(QStringLiteral("v1"), QStringLiteral("ConfigMap"), QStringLiteral("early"),
                   wave(-1)),
            object(QStringLiteral("v1"), QStringLiteral("ConfigMap"), QStringLiteral("skipped"),
                   {{QStringLiteral("argocd.argoproj.io/hook"), QStringLiteral("Skip")}}),
            pre};
        const QList<SyncStep> steps = syncSteps(objects);
        QCOMPARE(steps.size(), 4);
        QCOMPARE(steps[0].phase, SyncPhase::PreSync);
        QCOMPARE(nameOf(steps[0].objects.first()), QStringLiteral("migrate"));
        QCOMPARE(steps[1].wave, -1);
        QCOMPARE(steps[2].wave, 0);
        QCOMPARE(steps[2].objects[0][QStringLiteral("kind")].toString(),
                 QStringLiteral("Namespace"));
        QCOMPARE(steps[2].objects[1][QStringLiteral("kind")].toString(),
                 QStringLiteral("Deployment"));
        QCOMPARE(steps[3].wave, 1);
    }

    void applicationHealthNeedsTheCustomization() {
        ResourceHealth health;
        QJsonObject app = object(QStringLiteral("argoproj.io/v1alpha1"),
                                 QStringLiteral("Application"), QStringLiteral("child"));
        // Argo CD >= 1.8: no built-in health for Applications.
        QVERIFY(!health.assess(app).has_value());

        health.setArgocdConfig(
            {{QStringLiteral("resource.customizations.health.argoproj.io_Application"),
              kWaitForChild}});
        QVERIFY(
            health.hasCustomization(QStringLiteral("argoproj.io"), QStringLiteral("Application")));
        QCOMPARE(health.assess(app)->status, QStringLiteral("Progressing"));
        app.insert(
            QStringLiteral("status"),
            QJsonObject{{QStringLiteral("health"),
                         QJsonObject{{QStringLiteral("status"), QStringLiteral("Degraded")}}}});
        QCOMPARE(health.assess(app)->status, QStringLiteral("Degraded"));

        // The older single-key form of argocd-cm.
        ResourceHealth legacy;
        legacy.setArgocdConfig({{QStringLiteral("resource.customizations"),
                                 QStringLiteral("argoproj.io/Application:\n  health.lua: |\n    "
                                                "return {status=\"Suspended\"}\n")}});
        QCOMPARE(legacy.assess(app)->status, QStringLiteral("Suspended"));

        // A broken script is Unknown with the Lua error, not a crash.
        ResourceHealth broken;
        broken.setArgocdConfig(
            {{QStringLiteral("resource.customizations.health.argoproj.io_Application"),
              QStringLiteral("return {status = obj.nope.x}")}});
        QCOMPARE(broken.assess(app)->status, QStringLiteral("Unknown"));
        QVERIFY(!broken.assess(app)->message.isEmpty());
    }

    void builtinWorkloadAndAppSetHealth() {
        ResourceHealth health;
        QJsonObject d =
            object(QStringLiteral("apps/v1"), QStringLiteral("Deployment"), QStringLiteral("web"));
        d.insert(QStringLiteral("spec"), QJsonObject{{QStringLiteral("replicas"), 2}});
        QCOMPARE(health.assess(d)->status, QStringLiteral("Progressing"));
        d.insert(QStringLiteral("status"), QJsonObject{{QStringLiteral("observedGeneration"), 1},
                                                       {QStringLiteral("updatedReplicas"), 2},
                                                       {QStringLiteral("availableReplicas"), 2}});
        QCOMPARE(health.assess(d)->status, QStringLiteral("Healthy"));

        QJsonObject set = object(QStringLiteral("argoproj.io/v1alpha1"),
                                 QStringLiteral("ApplicationSet"), QStringLiteral("apps"));
        QCOMPARE(health.assess(set)->status, QStringLiteral("Progressing"));
        set.insert(QStringLiteral("status"),
                   QJsonObject{{QStringLiteral("conditions"),
                                QJsonArray{QJsonObject{
                                    {QStringLiteral("type"), QStringLiteral("ResourcesUpToDate")},
                                    {QStringLiteral("status"), QStringLiteral("True")}}}}});
        QCOMPARE(health.assess(set)->status, QStringLiteral("Healthy"));
        QVERIFY(!health.assess(
            object(QStringLiteral("v1"), QStringLiteral("ConfigMap"), QStringLiteral("c"))));
        QVERIFY(ResourceHealth::isWorse(QStringLiteral("Degraded"), QStringLiteral("Missing")));
        QVERIFY(!ResourceHealth::isWorse(QStringLiteral("Healthy"), QStringLiteral("Progressing")));
    }

    void gitDirectoryGenerator() {
        const QStringList monitoring =
            matchGitDirectories(m_repo.path(), {{QStringLiteral("monitoring/*"), false}});
        QCOMPARE(monitoring, (QStringList{QStringLiteral("monitoring/loki-stack"),
                                          QStringLiteral("monitoring/prometheus-stack"),
                                          QStringLiteral("monitoring/tempo")}));
        const QStringList excluded =
            matchGitDirectories(m_repo.path(), {{QStringLiteral("monitoring/*"), false},
                                                {QStringLiteral("monitoring/tempo"), true}});
        QCOMPARE(excluded.size(), 2);
        QVERIFY(!excluded.contains(QStringLiteral("monitoring/tempo")));

        const QJsonObject templ{
            {QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("{{ .path.basename }}")}}},
            {QStringLiteral("spec"),
             QJsonObject{{QStringLiteral("path"), QStringLiteral("{{path}}")},
                         {QStringLiteral("ns"),
                          QStringLiteral("{{ index .path.segments 0 }}-{{path[1]}}")}}}};
        const QJsonObject app =
            expandAppSetTemplate(templ, QStringLiteral("my-apps/media/jellyfin"));
        QCOMPARE(nameOf(app), QStringLiteral("jellyfin"));
        QCOMPARE(app[QStringLiteral("spec")][QStringLiteral("path")].toString(),
                 QStringLiteral("my-apps/media/jellyfin"));
        QCOMPARE(app[QStringLiteral("spec")][QStringLiteral("ns")].toString(),
                 QStringLiteral("my-apps-media"));
    }

    void withTheHealthCheckEachWaveWaits() {
        SimulationOptions options;
        options.healthCheck = true;
        const BootstrapSimulation sim = simulateBootstrap(m_design, options);
        QCOMPARE(sim.waves.size(), 6);
        // Standalone waves 0-2: each starts when the previous one is healthy.
        for (int i = 1; i < 3; ++i) {
            QCOMPARE(sim.waves[i].startMs, sim.waves[i - 1].healthyMs);
            QVERIFY(sim.waves[i].startMs > sim.waves[i - 1].startMs);
        }
        QCOMPARE(find(sim, QStringLiteral("longhorn"))->startedBeforeDependencies, QStringList());
        QCOMPARE(find(sim, QStringLiteral("pvc-plumber"))->startedBeforeDependencies,
                 QStringList());
        // An ApplicationSet is healthy once its Applications exist: its members do not hold
        // back the next wave, even with the check (k8s-api-notes §9).
        QCOMPARE(sim.waves[4].startMs, sim.waves[3].startMs);
        QVERIFY(find(sim, QStringLiteral("tempo"))
                    ->startedBeforeDependencies.contains(QStringLiteral("kyverno")));
        QVERIFY(sim.totalMs > 0);
    }

    void withoutTheHealthCheckNothingWaits() {
        SimulationOptions options;
        options.healthCheck = false;
        const BootstrapSimulation sim = simulateBootstrap(m_design, options);
        for (const SimulatedWave &w : sim.waves)
            QCOMPARE(w.startMs, qint64(0));
        const SimulatedComponent *longhorn = find(sim, QStringLiteral("longhorn"));
        QVERIFY(longhorn->startedBeforeDependencies.contains(QStringLiteral("cilium")));
        QVERIFY(sim.violationCount() > 0);
        QVERIFY(formatSimulation(sim).contains(QStringLiteral("WITHOUT")));
        QCOMPARE(simulationJson(sim)[QStringLiteral("healthCheck")].toBool(), false);
    }

    void explicitDependenciesAndManualSync() {
        Design design = m_design;
        design.component(QStringLiteral("snapshot-controller"))->dependsOn = {
            QStringLiteral("longhorn")};
        design.component(QStringLiteral("longhorn"))->automated = false;
        SimulationOptions options;
        options.healthCheck = false;
        BootstrapSimulation sim = simulateBootstrap(design, options);
        QCOMPARE(
            find(sim, QStringLiteral("snapshot-controller"))->startedBeforeDependencies.first(),
            QStringLiteral("longhorn"));
        QCOMPARE(sim.totalMs, qint64(-1)); // longhorn is never synced
        options.healthCheck = true;
        sim = simulateBootstrap(design, options);
        // The root waits forever for longhorn: wave 2 never starts.
        QCOMPARE(sim.waves[2].startMs, qint64(-1));
        QCOMPARE(find(sim, QStringLiteral("pvc-plumber"))->startMs, qint64(-1));
    }

    void simulateCommand() {
        Run with = wavesmith({QStringLiteral("simulate"), m_repo.path(), QStringLiteral("--json")});
        QVERIFY2(with.exitCode == 0, with.err.constData());
        const QJsonObject withJson = QJsonDocument::fromJson(with.out).object();
        QCOMPARE(withJson[QStringLiteral("healthCheck")].toBool(), true);
        QCOMPARE(withJson[QStringLiteral("waves")].toArray().size(), 6);

        Run without =
            wavesmith({QStringLiteral("simulate"), m_repo.path(),
                       QStringLiteral("--without-health-check"), QStringLiteral("--json")});
        QCOMPARE(without.exitCode, 0);
        const QJsonObject withoutJson = QJsonDocument::fromJson(without.out).object();
        QCOMPARE(withoutJson[QStringLiteral("healthCheck")].toBool(), false);
        QVERIFY(withoutJson[QStringLiteral("violations")].toInt() >
                withJson[QStringLiteral("violations")].toInt());

        Run text = wavesmith(
            {QStringLiteral("simulate"), m_repo.path(), QStringLiteral("--without-health-check")});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains("longhorn (wave 1) starts at 0:00 before: cilium"));

        Run bad = wavesmith({QStringLiteral("simulate"), m_repo.path() + QStringLiteral("/nope")});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(!bad.err.isEmpty());
        QVERIFY(bad.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSimulation)
#include "tst_simulation.moc"
