// The Argo CD controller simulation of wavesmith-test-apiserver, driven by real kubectl
// (/usr/bin/kubectl): the homelab template's root.yaml bootstraps to all-Healthy; with the
// Application health customization in argocd-cm each wave waits for the previous one, without it
// the root does not wait (the seed's claim, read from the --events-out file); scenario failures
// land on the right Application.

#include <wavesmith/catalog.h>
#include <wavesmith/render.h>
#include <wavesmith/templates.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace wavesmith;

namespace {

const QString kubectlPath = QStringLiteral("/usr/bin/kubectl");
const QString kRepoUrl = QStringLiteral("https://git.example.test/homelab-gitops.git");

struct Event {
    qint64 ms = 0;
    QString event, kind, name, parent;
    int wave = 0;
};

// One server with its own repository, HOME and kubeconfig.
class Cluster {
public:
    ~Cluster() {
        if (m_server.state() != QProcess::NotRunning) {
            m_server.terminate();
            if (!m_server.waitForFinished(5000))
                m_server.kill();
        }
    }

    bool start(const QByteArray &scenario, QString *why) {
        m_design = homelabTemplate(Catalog::builtin(), {kRepoUrl, QStringLiteral("HEAD")});
        const Status written =
            writeFilesAtomically(repo(), renderDesign(m_design, Catalog::builtin()));
        if (!written.ok()) {
            *why = written.error().toString();
            return false;
        }
        const QString scenarioFile = path(QStringLiteral("scenario.yaml"));
        write(scenarioFile, scenario);
        m_server.start(QStringLiteral(WAVESMITH_TEST_APISERVER),
                       {QStringLiteral("--kubeconfig-out"), path(QStringLiteral("kubeconfig")),
                        QStringLiteral("--repo"), repo(), QStringLiteral("--repo-url"), kRepoUrl,
                        QStringLiteral("--scenario"), scenarioFile, QStringLiteral("--events-out"),
                        path(QStringLiteral("events.jsonl"))});
        QByteArray line;
        while (!line.endsWith('\n')) {
            if (!m_server.waitForReadyRead(10000)) {
                *why = QString::fromUtf8(m_server.readAllStandardError());
                return false;
            }
            line += m_server.readAllStandardOutput();
        }
        if (!line.startsWith("ready https://127.0.0.1:")) {
            *why = QString::fromUtf8(line);
            return false;
        }
        // What `wavesmith bootstrap` does before root.yaml: namespace, CRDs, Established.
        write(path(QStringLiteral("ns.yaml")),
              "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: argocd\n");
        for (const QStringList &args :
             {QStringList{QStringLiteral("apply"), QStringLiteral("--server-side"),
                          QStringLiteral("-f"), path(QStringLiteral("ns.yaml"))},
              QStringList{QStringLiteral("apply"), QStringLiteral("--server-side"),
                          QStringLiteral("-f"),
                          QStringLiteral(WAVESMITH_SHARED_DIR "/argocd-crds")},
              QStringList{QStringLiteral("wait"), QStringLiteral("--for"),
                          QStringLiteral("condition=established"), QStringLiteral("crd"),
                          QStringLiteral("--all"), QStringLiteral("--timeout=30s")}}) {
            if (!kubectl(args, why))
                return false;
        }
        return true;
    }

    // argocd-cm as values.yaml's configs.cm has it; `withHealthCheck` false leaves out the
    // Application health customization.
    bool applyArgocdConfig(bool withHealthCheck, QString *why) {
        QJsonObject data;
        for (auto it = m_design.argocdConfig.cbegin(); it != m_design.argocdConfig.cend(); ++it)
            data.insert(it.key(), it.value());
        if (withHealthCheck) {
            for (const HealthCustomization &h : m_design.healthChecks)
                data.insert(h.configKey(), h.lua);
        }
        const QJsonObject cm{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                             {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
                             {QStringLiteral("metadata"),
                              QJsonObject{{QStringLiteral("name"), QStringLiteral("argocd-cm")},
                                          {QStringLiteral("namespace"), QStringLiteral("argocd")}}},
                             {QStringLiteral("data"), data}};
        const QString file = path(QStringLiteral("argocd-cm.json"));
        write(file, QJsonDocument(cm).toJson());
        return kubectl(
            {QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("-f"), file},
            why);
    }

    bool applyRoot(QString *why) {
        return kubectl({QStringLiteral("apply"), QStringLiteral("--server-side"),
                        QStringLiteral("-f"),
                        repo() + QLatin1Char('/') + m_design.layout.rootFile()},
                       why);
    }

    // name → Application, from `kubectl get applications -n argocd -o json`.
    QMap<QString, QJsonObject> applications() {
        QString out;
        if (!kubectl({QStringLiteral("get"), QStringLiteral("applications"), QStringLiteral("-n"),
                      QStringLiteral("argocd"), QStringLiteral("-o"), QStringLiteral("json")},
                     nullptr, &out))
            return {};
        QMap<QString, QJsonObject> apps;
        for (const QJsonValue &item :
             QJsonDocument::fromJson(out.toUtf8())[QStringLiteral("items")].toArray())
            apps.insert(item[QStringLiteral("metadata")][QStringLiteral("name")].toString(),
                        item.toObject());
        return apps;
    }

    // The Applications the homelab design makes, plus the root.
    int expectedApplications() const {
        int count = 1;
        for (const Component &c : m_design.components)
            count += c.kind == ComponentKind::Projects ? 0 : 1;
        return count;
    }

    bool allHealthy() {
        const auto apps = applications();
        if (apps.size() != expectedApplications())
            return false;
        for (const QJsonObject &app : apps) {
            const QJsonObject status = app[QStringLiteral("status")].toObject();
            if (status[QStringLiteral("health")][QStringLiteral("status")] !=
                    QStringLiteral("Healthy") ||
                status[QStringLiteral("sync")][QStringLiteral("status")] !=
                    QStringLiteral("Synced"))
                return false;
        }
        return true;
    }

    QList<Event> events() {
        QList<Event> list;
        QFile f(path(QStringLiteral("events.jsonl")));
        if (!f.open(QIODevice::ReadOnly))
            return list;
        for (const QByteArray &line : f.readAll().split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (o.isEmpty())
                continue;
            list.append({o[QStringLiteral("ms")].toInteger(), o[QStringLiteral("event")].toString(),
                         o[QStringLiteral("kind")].toString(), o[QStringLiteral("name")].toString(),
                         o[QStringLiteral("parent")].toString(),
                         o[QStringLiteral("wave")].toInt()});
        }
        return list;
    }

    const Design &design() const { return m_design; }

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString repo() const { return m_dir.filePath(QStringLiteral("repo")); }
    static void write(const QString &file, const QByteArray &content) {
        QFile f(file);
        if (f.open(QIODevice::WriteOnly))
            f.write(content);
    }
    bool kubectl(const QStringList &args, QString *why, QString *out = nullptr) {
        QProcess p;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_dir.path());
        env.remove(QStringLiteral("KUBECONFIG"));
        p.setProcessEnvironment(env);
        p.start(kubectlPath,
                QStringList{QStringLiteral("--kubeconfig"), path(QStringLiteral("kubeconfig")),
                            QStringLiteral("--cache-dir"), path(QStringLiteral("cache"))} +
                    args);
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            if (why)
                *why = QStringLiteral("timed out: kubectl %1").arg(args.join(u' '));
            return false;
        }
        if (out)
            *out = QString::fromUtf8(p.readAllStandardOutput());
        if (why)
            *why = QString::fromUtf8(p.readAllStandardError());
        return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    }

    QTemporaryDir m_dir;
    QProcess m_server;
    Design m_design;
};

// Short delays keep the suite fast while leaving every ordering observable.
const QByteArray kScenario =
    "deployments:\n  availableAfterMs: 5\ndefaults:\n  healthyAfterMs: 30\n";

// The Applications the root applies itself, with their wave.
QMap<QString, int> rootChildren(const QList<Event> &events) {
    QMap<QString, int> waves;
    for (const Event &e : events) {
        if (e.event == QLatin1String("applied") && e.kind == QLatin1String("Application") &&
            e.parent == QLatin1String("root"))
            waves.insert(e.name, e.wave);
    }
    return waves;
}

qint64 firstTime(const QList<Event> &events, const QString &event, const QString &name) {
    for (const Event &e : events) {
        if (e.event == event && e.kind == QLatin1String("Application") && e.name == name)
            return e.ms;
    }
    return -1;
}

} // namespace

class TestArgoCdSimulation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        if (!QFileInfo::exists(kubectlPath))
            QSKIP("kubectl is not installed at /usr/bin/kubectl: the Argo CD simulation tests are "
                  "skipped");
        if (!QFileInfo::exists(QStringLiteral(WAVESMITH_SHARED_DIR "/argocd-crds")))
            QSKIP("the Argo CD CRDs (../shared/argocd-crds) are missing: tests skipped");
    }

    void withHealthCheckEachWaveWaitsForThePrevious() {
        Cluster cluster;
        QString why;
        QVERIFY2(cluster.start(kScenario, &why), qPrintable(why));
        QVERIFY2(cluster.applyArgocdConfig(true, &why), qPrintable(why));
        QVERIFY2(cluster.applyRoot(&why), qPrintable(why));
        QTRY_VERIFY_WITH_TIMEOUT(cluster.allHealthy(), 60000);

        const QList<Event> events = cluster.events();
        const QMap<QString, int> children = rootChildren(events);
        QVERIFY(children.size() >= 8); // standalone Applications of waves 0, 1 and 2
        QCOMPARE(QSet<int>(children.begin(), children.end()).size(), 3);
        for (auto later = children.begin(); later != children.end(); ++later) {
            for (auto earlier = children.begin(); earlier != children.end(); ++earlier) {
                if (earlier.value() >= later.value())
                    continue;
                const qint64 healthy = firstTime(events, QStringLiteral("healthy"), earlier.key());
                const qint64 applied = firstTime(events, QStringLiteral("applied"), later.key());
                QVERIFY2(healthy >= 0 && applied >= healthy,
                         qPrintable(QStringLiteral("%1 (wave %2) applied at %3 ms, %4 (wave %5) "
                                                   "healthy at %6 ms")
                                        .arg(later.key())
                                        .arg(later.value())
                                        .arg(applied)
                                        .arg(earlier.key())
                                        .arg(earlier.value())
                                        .arg(healthy)));
            }
        }
        // Status as Argo CD writes it.
        const QJsonObject root = cluster.applications().value(QStringLiteral("root"));
        const QJsonObject state =
            root[QStringLiteral("status")][QStringLiteral("operationState")].toObject();
        QCOMPARE(state[QStringLiteral("phase")].toString(), QStringLiteral("Succeeded"));
        QVERIFY(!state[QStringLiteral("finishedAt")].toString().isEmpty());
        QVERIFY(state[QStringLiteral("operation")][QStringLiteral("initiatedBy")]
                     [QStringLiteral("automated")]
                         .toBool());
        QVERIFY(
            !root[QStringLiteral("status")][QStringLiteral("reconciledAt")].toString().isEmpty());
        // ApplicationSet members were generated from the repository's directories.
        const auto apps = cluster.applications();
        QVERIFY(apps.contains(QStringLiteral("prometheus-stack")));
        QCOMPARE(apps.value(QStringLiteral("jellyfin"))[QStringLiteral("spec")][QStringLiteral(
                     "source")][QStringLiteral("path")]
                     .toString(),
                 QStringLiteral("my-apps/media/jellyfin"));
    }

    void withoutHealthCheckTheRootDoesNotWait() {
        Cluster cluster;
        QString why;
        QVERIFY2(cluster.start(kScenario, &why), qPrintable(why));
        QVERIFY2(cluster.applyArgocdConfig(false, &why), qPrintable(why));
        QVERIFY2(cluster.applyRoot(&why), qPrintable(why));
        QTRY_VERIFY_WITH_TIMEOUT(cluster.allHealthy(), 60000);

        const QList<Event> events = cluster.events();
        const QMap<QString, int> children = rootChildren(events);
        int violations = 0;
        for (auto later = children.begin(); later != children.end(); ++later) {
            for (auto earlier = children.begin(); earlier != children.end(); ++earlier) {
                if (earlier.value() < later.value() &&
                    firstTime(events, QStringLiteral("applied"), later.key()) <
                        firstTime(events, QStringLiteral("healthy"), earlier.key()))
                    ++violations;
            }
        }
        // e.g. longhorn (wave 1) applied before cilium (wave 0) is healthy.
        QVERIFY2(violations > 0, "every wave waited although argocd-cm has no health check");
        QVERIFY(firstTime(events, QStringLiteral("applied"), QStringLiteral("pvc-plumber")) <
                firstTime(events, QStringLiteral("healthy"), QStringLiteral("cilium")));
    }

    void scenarioDegradedBlocksTheRoot() {
        Cluster cluster;
        QString why;
        QVERIFY2(cluster.start(kScenario + "components:\n  longhorn:\n    healthyAfterMs: 10\n"
                                           "    degraded: \"volume engine image not deployed\"\n",
                               &why),
                 qPrintable(why));
        QVERIFY2(cluster.applyArgocdConfig(true, &why), qPrintable(why));
        QVERIFY2(cluster.applyRoot(&why), qPrintable(why));
        QTRY_VERIFY_WITH_TIMEOUT(
            cluster.applications().value(
                QStringLiteral("longhorn"))[QStringLiteral("status")][QStringLiteral("health")]
                                           [QStringLiteral("status")] == QStringLiteral("Degraded"),
            60000);
        const auto apps = cluster.applications();
        const QJsonObject health = apps.value(QStringLiteral(
            "longhorn"))[QStringLiteral("status")][QStringLiteral("health")]
                                       .toObject();
        QCOMPARE(health[QStringLiteral("message")].toString(),
                 QStringLiteral("volume engine image not deployed"));
        QVERIFY(firstTime(cluster.events(), QStringLiteral("degraded"),
                          QStringLiteral("longhorn")) >= 0);
        // The root keeps waiting for longhorn: wave 2 is never applied.
        QTRY_COMPARE_WITH_TIMEOUT(
            cluster.applications()
                .value(QStringLiteral("root"))[QStringLiteral("status")][QStringLiteral(
                    "operationState")][QStringLiteral("message")]
                .toString(),
            QStringLiteral("waiting for healthy state of argoproj.io/Application/longhorn"), 30000);
        QVERIFY(!cluster.applications().contains(QStringLiteral("pvc-plumber")));
        QCOMPARE(apps.value(QStringLiteral("volsync"))[QStringLiteral("status")][QStringLiteral(
                     "health")][QStringLiteral("status")]
                     .toString(),
                 QStringLiteral("Healthy"));
    }

    void scenarioSyncErrorIsACondition() {
        Cluster cluster;
        QString why;
        QVERIFY2(cluster.start(kScenario + "components:\n  tempo:\n    syncError: \"one or more "
                                           "objects failed to apply: quota exceeded\"\n",
                               &why),
                 qPrintable(why));
        QVERIFY2(cluster.applyArgocdConfig(false, &why), qPrintable(why));
        QVERIFY2(cluster.applyRoot(&why), qPrintable(why));
        QTRY_VERIFY_WITH_TIMEOUT(
            cluster.applications().value(
                QStringLiteral("tempo"))[QStringLiteral("status")][QStringLiteral("operationState")]
                                        [QStringLiteral("phase")] == QStringLiteral("Failed"),
            60000);
        const QJsonObject status = cluster.applications()
                                       .value(QStringLiteral("tempo"))[QStringLiteral("status")]
                                       .toObject();
        const QJsonObject condition =
            status[QStringLiteral("conditions")].toArray().first().toObject();
        QCOMPARE(condition[QStringLiteral("type")].toString(), QStringLiteral("SyncError"));
        QCOMPARE(condition[QStringLiteral("message")].toString(),
                 QStringLiteral("one or more objects failed to apply: quota exceeded"));
        QCOMPARE(status[QStringLiteral("sync")][QStringLiteral("status")].toString(),
                 QStringLiteral("OutOfSync"));
        QCOMPARE(status[QStringLiteral("health")][QStringLiteral("status")].toString(),
                 QStringLiteral("Missing"));
    }
};

QTEST_GUILESS_MAIN(TestArgoCdSimulation)
#include "tst_argocdsimulation.moc"
