// `wavesmith bootstrap` and `wavesmith status`, the real binary against the test API server with
// the kubeconfigs it writes and a repository written by `wavesmith init`: the homelab turns
// healthy wave by wave, failures name component, wave and Argo CD's message, a dropped watch is
// survived, TLS and credential errors are clear, re-runs change nothing, cancel then re-run
// finishes, --dry-run stores nothing, and no secret is ever printed.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

#include <testapiserver.h>

namespace {

const QString kubectlPath = QStringLiteral("/usr/bin/kubectl");
const QString kRepoUrl = QStringLiteral("https://git.example.test/homelab-gitops.git");
// Short delays keep the suite fast while every wave still waits for the one before.
const QByteArray kScenario = "deployments:\n  availableAfterMs: 20\ndefaults:\n"
                             "  healthyAfterMs: 40\n";
// Waves 5 and 6 of the homelab are ApplicationSets. Argo CD takes an ApplicationSet for healthy as
// soon as it exists, so the root goes on to wave 6 while wave 5's generated Applications still
// sync, and the two sets' Applications race (within a millisecond or two at these delays). Wave
// 6's take longer here, so "the waves turn healthy in wave order" has one right answer.
const QByteArray kWave6Slower = "components:\n  homepage:\n    healthyAfterMs: 160\n"
                                "  jellyfin:\n    healthyAfterMs: 160\n";

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
    QString all() const { return out + err; }
};

// One test API server with its own repository (from `wavesmith init`), HOME and kubeconfig.
class Cluster {
public:
    bool start(const QByteArray &scenario, QString *why) {
        const Run init =
            wavesmith({QStringLiteral("init"), repo(), QStringLiteral("--template"),
                       QStringLiteral("homelab"), QStringLiteral("--repo-url"), kRepoUrl});
        if (init.exitCode != 0) {
            *why = QStringLiteral("init failed: ") + init.all();
            return false;
        }
        const QByteArray install = kubetest::argocdInstallManifest(why);
        if (install.isEmpty() || !kubetest::writeFile(manifest(), install))
            return false;
        if (!m_server.start(why, scenario,
                            {QStringLiteral("--repo"), repo(), QStringLiteral("--repo-url"),
                             kRepoUrl, QStringLiteral("--events-out"),
                             path(QStringLiteral("events.jsonl"))}))
            return false;
        return readSecrets(why);
    }

    QString repo() const { return path(QStringLiteral("repo")); }
    QString kubeconfig() const { return m_server.kubeconfig(); }
    QString manifest() const { return path(QStringLiteral("argocd-install.yaml")); }
    QString path(const QString &name) const { return m_server.path(name); }

    QStringList bootstrapArguments(const QString &context = QStringLiteral("token")) const {
        return {QStringLiteral("bootstrap"),
                repo(),
                QStringLiteral("--kubeconfig"),
                kubeconfig(),
                QStringLiteral("--context"),
                context,
                QStringLiteral("--argocd-manifest"),
                manifest(),
                QStringLiteral("--timeout"),
                QStringLiteral("90s"),
                QStringLiteral("--json")};
    }

    Run wavesmith(const QStringList &arguments) const {
        QProcess process;
        process.setProcessEnvironment(environment());
        process.start(QStringLiteral(WAVESMITH_EXECUTABLE), arguments);
        if (!process.waitForFinished(120000)) {
            process.kill();
            process.waitForFinished();
            return {-1, QString::fromUtf8(process.readAllStandardOutput()),
                    QStringLiteral("timed out")};
        }
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }

    // Real kubectl on the same server; returns stdout, or nullopt with stderr in `why`.
    std::optional<QString> kubectl(const QStringList &args, QString *why = nullptr) const {
        QProcess p;
        p.setProcessEnvironment(environment());
        p.start(kubectlPath,
                QStringList{QStringLiteral("--kubeconfig"), kubeconfig(),
                            QStringLiteral("--cache-dir"), path(QStringLiteral("cache"))} +
                    args);
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            return std::nullopt;
        }
        if (why)
            *why = QString::fromUtf8(p.readAllStandardError());
        if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
            return std::nullopt;
        return QString::fromUtf8(p.readAllStandardOutput());
    }

    QJsonArray items(const QString &resource, const QString &ns = QStringLiteral("argocd")) const {
        QStringList args = {QStringLiteral("get"), resource, QStringLiteral("-o"),
                            QStringLiteral("json")};
        args += ns.isEmpty() ? QStringList{} : QStringList{QStringLiteral("-n"), ns};
        const auto out = kubectl(args);
        return out ? QJsonDocument::fromJson(out->toUtf8())[QStringLiteral("items")].toArray()
                   : QJsonArray();
    }

    // name → resourceVersion of what the bootstrap touches, to prove a re-run writes nothing.
    QMap<QString, QString> resourceVersions() const {
        QMap<QString, QString> versions;
        for (const QString &resource :
             {QStringLiteral("applications"), QStringLiteral("configmaps"),
              QStringLiteral("deployments"), QStringLiteral("statefulsets")}) {
            for (const QJsonValue &item : items(resource)) {
                const QJsonObject metadata = item[QStringLiteral("metadata")].toObject();
                versions.insert(resource + u'/' + metadata[QStringLiteral("name")].toString(),
                                metadata[QStringLiteral("resourceVersion")].toString());
            }
        }
        for (const QJsonValue &item : items(QStringLiteral("namespaces"), {})) {
            const QJsonObject metadata = item[QStringLiteral("metadata")].toObject();
            versions.insert(QStringLiteral("ns/") + metadata[QStringLiteral("name")].toString(),
                            metadata[QStringLiteral("resourceVersion")].toString());
        }
        return versions;
    }

    // What must never be printed: the bearer token and the client key (base64 and PEM body).
    QStringList secrets() const { return m_secrets; }

    // The simulation's events: {"ms", "event", "kind", "name", "wave", "parent"}.
    QList<QJsonObject> serverEvents() const {
        QList<QJsonObject> events;
        QFile f(path(QStringLiteral("events.jsonl")));
        if (f.open(QIODevice::ReadOnly)) {
            for (const QByteArray &line : f.readAll().split('\n')) {
                const QJsonObject o = QJsonDocument::fromJson(line).object();
                if (!o.isEmpty())
                    events.append(o);
            }
        }
        return events;
    }

    QProcess *startKubectl(const QStringList &args) const {
        auto *process = new QProcess;
        process->setProcessEnvironment(environment());
        process->start(kubectlPath,
                       QStringList{QStringLiteral("--kubeconfig"), kubeconfig(),
                                   QStringLiteral("--cache-dir"), path(QStringLiteral("cache"))} +
                           args);
        return process;
    }

    QProcess *startWavesmith(const QStringList &arguments) {
        auto *process = new QProcess;
        process->setProcessEnvironment(environment());
        process->start(QStringLiteral(WAVESMITH_EXECUTABLE), arguments);
        return process;
    }

private:
    QProcessEnvironment environment() const {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_server.dir());
        env.remove(QStringLiteral("KUBECONFIG"));
        return env;
    }

    bool readSecrets(QString *why) {
        const kubetest::KubeconfigSecrets secrets = kubetest::readSecrets(kubeconfig());
        m_secrets = {secrets.token, secrets.viewerToken, secrets.clientKeyData};
        // The PEM body lines of the key, in case anything printed it decoded.
        for (const QString &line :
             QString::fromLatin1(QByteArray::fromBase64(secrets.clientKeyData.toLatin1()))
                 .split(QLatin1Char('\n'))) {
            if (line.size() >= 40 && !line.startsWith(QLatin1String("-----")))
                m_secrets.append(line);
        }
        m_secrets.removeAll(QString());
        if (m_secrets.size() < 4) {
            *why = QStringLiteral("could not read the secrets of %1").arg(kubeconfig());
            return false;
        }
        return true;
    }

    kubetest::TestApiServer m_server;
    QStringList m_secrets;
};

QList<QJsonObject> jsonEvents(const QString &out) {
    QList<QJsonObject> events;
    for (const QString &line : out.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        events.append(QJsonDocument::fromJson(line.toUtf8()).object());
    return events;
}

QString stepState(const QList<QJsonObject> &events, const QString &step) {
    QString state;
    for (const QJsonObject &e : events) {
        if (e[QStringLiteral("event")] == QStringLiteral("step") &&
            e[QStringLiteral("step")] == step)
            state = e[QStringLiteral("state")].toString();
    }
    return state;
}

// The waves in the order the CLI reported them healthy.
QList<int> healthyWaveOrder(const QList<QJsonObject> &events) {
    QList<int> order;
    for (const QJsonObject &e : events) {
        if (e[QStringLiteral("event")] == QStringLiteral("wave") &&
            e[QStringLiteral("state")] == QStringLiteral("healthy"))
            order.append(e[QStringLiteral("wave")].toInt());
    }
    return order;
}

} // namespace

#define VERIFY_NO_SECRETS(cluster, run)                                                            \
    for (const QString &secret : (cluster).secrets())                                              \
        QVERIFY2(!(run).all().contains(secret), "a secret of the kubeconfig was printed");

class TestBootstrap : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        if (!QFileInfo::exists(kubectlPath))
            QSKIP("kubectl is not installed at /usr/bin/kubectl: bootstrap tests skipped");
        if (!QFileInfo::exists(QStringLiteral(WAVESMITH_SHARED_DIR "/argocd-crds")))
            QSKIP("the Argo CD CRDs (../shared/argocd-crds) are missing: tests skipped");
    }

    void homelabBootstrapsWaveByWaveAndRerunChangesNothing() {
        Cluster cluster;
        QString why;
        QVERIFY2(cluster.start(kScenario + kWave6Slower, &why), qPrintable(why));
        const Run run = cluster.wavesmith(cluster.bootstrapArguments());
        QVERIFY2(run.exitCode == 0, qPrintable(run.all()));
        VERIFY_NO_SECRETS(cluster, run);
        const QList<QJsonObject> events = jsonEvents(run.out);
        for (const char *step :
             {"preflight", "namespace", "install", "config", "wait-argocd", "root", "applications"})
            QVERIFY2(stepState(events, QLatin1String(step)) == QLatin1String("done"),
                     qPrintable(QStringLiteral("%1: %2\n%3")
                                    .arg(QLatin1String(step),
                                         stepState(events, QLatin1String(step)), run.out)));
        QCOMPARE(events.last()[QStringLiteral("event")].toString(), QStringLiteral("finished"));
        QCOMPARE(events.last()[QStringLiteral("outcome")].toString(), QStringLiteral("succeeded"));

        // The CLI saw the waves turn healthy in wave order, each once.
        const QList<int> order = healthyWaveOrder(events);
        QCOMPARE(order, (QList<int>{0, 1, 2, 4, 5, 6}));

        // The cluster agrees: every Application Synced and Healthy, installed by wavesmith.
        const QJsonArray apps = cluster.items(QStringLiteral("applications"));
        QVERIFY(apps.size() >= 17);
        for (const QJsonValue &app : apps) {
            QCOMPARE(
                app[QStringLiteral("status")][QStringLiteral("health")][QStringLiteral("status")]
                    .toString(),
                QStringLiteral("Healthy"));
            QCOMPARE(app[QStringLiteral("status")][QStringLiteral("sync")][QStringLiteral("status")]
                         .toString(),
                     QStringLiteral("Synced"));
        }
        const auto cm = cluster.kubectl(
            {QStringLiteral("get"), QStringLiteral("configmap"), QStringLiteral("-n"),
             QStringLiteral("argocd"), QStringLiteral("argocd-cmd-params-cm"), QStringLiteral("-o"),
             QStringLiteral("jsonpath={.data.controller\\.diff\\."
                            "server\\.side}")});
        QCOMPARE(cm.value_or(QString()), QStringLiteral("true"));
        const auto health = cluster.kubectl(
            {QStringLiteral("get"), QStringLiteral("configmap"), QStringLiteral("-n"),
             QStringLiteral("argocd"), QStringLiteral("argocd-cm"), QStringLiteral("-o"),
             QStringLiteral("jsonpath={.data.resource\\.customizations\\.health\\.argoproj\\.io_"
                            "Application}")});
        QVERIFY(health.value_or(QString()).contains(QLatin1String("obj.status.health")));
        // The install's own labels on argocd-cm survive the config step's apply.
        const auto label = cluster.kubectl(
            {QStringLiteral("get"), QStringLiteral("configmap"), QStringLiteral("-n"),
             QStringLiteral("argocd"), QStringLiteral("argocd-cm"), QStringLiteral("-o"),
             QStringLiteral("jsonpath={.metadata.labels.app\\.kubernetes\\.io/part-of}")});
        QCOMPARE(label.value_or(QString()), QStringLiteral("argocd"));

        // A re-run finds everything in place and writes nothing.
        const QMap<QString, QString> before = cluster.resourceVersions();
        QVERIFY(before.size() > 20);
        const Run again = cluster.wavesmith(cluster.bootstrapArguments());
        QVERIFY2(again.exitCode == 0, qPrintable(again.all()));
        const QList<QJsonObject> second = jsonEvents(again.out);
        for (const char *step : {"namespace", "install", "config", "root"})
            QCOMPARE(stepState(second, QLatin1String(step)), QStringLiteral("skipped"));
        QCOMPARE(stepState(second, QStringLiteral("applications")), QStringLiteral("done"));
        QCOMPARE(cluster.resourceVersions(), before);

        // status shows the same, grouped by wave.
        const Run status = cluster.wavesmith({QStringLiteral("status"), cluster.repo(),
                                              QStringLiteral("--kubeconfig"), cluster.kubeconfig(),
                                              QStringLiteral("--json")});
        QVERIFY2(status.exitCode == 0, qPrintable(status.all()));
        const QJsonObject doc = QJsonDocument::fromJson(status.out.toUtf8()).object();
        QVERIFY(doc[QStringLiteral("allReady")].toBool());
        QCOMPARE(doc[QStringLiteral("waves")].toArray().size(), 6);
        const QJsonObject wave1 = doc[QStringLiteral("waves")].toArray().at(1).toObject();
        QCOMPARE(wave1[QStringLiteral("wave")].toInt(), 1);
        QCOMPARE(wave1[QStringLiteral("ready")].toInt(), 3);
        const Run text = cluster.wavesmith({QStringLiteral("status"), cluster.repo(),
                                            QStringLiteral("--kubeconfig"), cluster.kubeconfig()});
        QVERIFY(text.out.contains(QLatin1String("wave 1 (Storage): 3/3 ready")));
        QVERIFY(text.out.contains(QRegularExpression(QStringLiteral("longhorn +Healthy +Synced"))));
        VERIFY_NO_SECRETS(cluster, again);
        VERIFY_NO_SECRETS(cluster, status);
    }

    void degradedComponentExitsOneNamingIt() {
        Cluster cluster;
        QString why;
        QVERIFY2(cluster.start(kScenario + "components:\n  longhorn:\n    healthyAfterMs: 10\n"
                                           "    degraded: \"volume engine image not deployed\"\n",
                               &why),
                 qPrintable(why));
        QStringList args = cluster.bootstrapArguments();
        args.removeAll(QStringLiteral("--json"));
        const Run run = cluster.wavesmith(args);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("component longhorn (wave 1, Storage) failed: "
                                                "Degraded: volume engine image not deployed")),
                 qPrintable(run.all()));
        QVERIFY(run.out.contains(QLatin1String("[applications] failed")));
        VERIFY_NO_SECRETS(cluster, run);
    }

    void syncErrorExitsOneWithArgoCdsMessage() {
        Cluster cluster;
        QString why;
        QVERIFY2(cluster.start(kScenario + "components:\n  volsync:\n    syncError: \"one or more "
                                           "objects failed to apply: quota exceeded\"\n",
                               &why),
                 qPrintable(why));
        const Run run = cluster.wavesmith(cluster.bootstrapArguments());
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("component volsync (wave 1, Storage) failed: "
                                                "SyncError: one or more objects failed to apply: "
                                                "quota exceeded")),
                 qPrintable(run.all()));
    }

    void designWaveBudgetFailsTheWaveNamingTheComponent() {
        Cluster cluster;
        QString why;
        // longhorn (wave 1, Storage) stays Progressing; the repository gives Storage a budget of
        // 2 s in its layout sidecar, far below --wave-timeout.
        QVERIFY2(cluster.start(kScenario + "components:\n  longhorn:\n    healthyAfterMs: 600000\n",
                               &why),
                 qPrintable(why));
        const QString sidecar =
            QDir(cluster.repo()).filePath(QStringLiteral(".wavesmith/layout.yaml"));
        QFile f(sidecar);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray text = f.readAll();
        f.close();
        const QByteArray anchor = "phase: Storage\n";
        QVERIFY(text.contains(anchor));
        text.replace(anchor, anchor + "    budget: 2\n");
        QVERIFY(kubetest::writeFile(sidecar, text));
        QStringList args = cluster.bootstrapArguments();
        args << QStringLiteral("--wave-timeout") << QStringLiteral("60s");
        const Run run = cluster.wavesmith(args);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("wave 1 (Storage) exceeded its design budget of "
                                                "2 s: waiting for longhorn (Progressing/")),
                 qPrintable(run.all().right(3000)));
        QVERIFY2(!run.err.contains(QLatin1String("volsync (")), qPrintable(run.err));
        const QList<QJsonObject> events = jsonEvents(run.out);
        QCOMPARE(events.last()[QStringLiteral("outcome")].toString(), QStringLiteral("timed out"));
    }

    void droppedWatchStillFinishes() {
        Cluster cluster;
        QString why;
        // Every watch stream on the server is closed mid-stream after its 10th event (what was
        // sent is delivered, then the connection ends without the final chunk): the CLI's
        // Application watch is cut again and again while the waves turn healthy.
        QVERIFY2(cluster.start(kScenario + kWave6Slower +
                                   "faults:\n  dropWatchEvery: 1\n"
                                   "  dropWatchAfterEvents: 10\n",
                               &why),
                 qPrintable(why));
        const Run run = cluster.wavesmith(cluster.bootstrapArguments());
        QVERIFY2(run.exitCode == 0, qPrintable(run.all().right(3000)));
        const QList<QJsonObject> events = jsonEvents(run.out);
        QCOMPARE(healthyWaveOrder(events), (QList<int>{0, 1, 2, 4, 5, 6}));

        // The drop happened: the server opened several Application watches and cut them.
        const auto raw = cluster.kubectl(
            {QStringLiteral("get"), QStringLiteral("--raw"), QStringLiteral("/debug/watches")},
            &why);
        QVERIFY2(raw, qPrintable(why));
        const QJsonObject watches = QJsonDocument::fromJson(raw->toUtf8()).object();
        const QString applications = QStringLiteral("applications.argoproj.io");
        const int opened = watches[QStringLiteral("opened")][applications].toInt();
        const int cut = watches[QStringLiteral("cut")][applications].toInt();
        QVERIFY2(opened >= 2 && cut >= 1, qPrintable(*raw));
        qInfo("watch streams on the server: %s", qPrintable(raw->trimmed()));

        // And the CLI still saw the end: every Application on the server, as the CLI last
        // reported it, is Synced and Healthy (a missed event would leave one Progressing).
        QMap<QString, QJsonObject> lastSeen;
        for (const QJsonObject &e : events) {
            if (e[QStringLiteral("event")] == QStringLiteral("component")) {
                const QJsonObject c = e[QStringLiteral("component")].toObject();
                lastSeen.insert(c[QStringLiteral("name")].toString(), c);
            }
        }
        const QJsonArray apps = cluster.items(QStringLiteral("applications"));
        QVERIFY(apps.size() > 10);
        for (const QJsonValue &app : apps) {
            const QString name = app[QStringLiteral("metadata")][QStringLiteral("name")].toString();
            if (name == QLatin1String("root"))
                continue;
            QVERIFY2(lastSeen.contains(name), qPrintable(name));
            QCOMPARE(lastSeen.value(name)[QStringLiteral("health")].toString(),
                     QStringLiteral("Healthy"));
            QCOMPARE(lastSeen.value(name)[QStringLiteral("sync")].toString(),
                     QStringLiteral("Synced"));
        }
        QCOMPARE(events.last()[QStringLiteral("event")].toString(), QStringLiteral("finished"));
        QCOMPARE(events.last()[QStringLiteral("outcome")].toString(), QStringLiteral("succeeded"));
    }

    void wrongCaIsATlsErrorNamingTheServer() {
        Cluster cluster;
        QString why;
        QVERIFY2(cluster.start(kScenario, &why), qPrintable(why));
        // The client certificate is a valid certificate, but not the CA that signed the server's.
        QFile f(cluster.kubeconfig());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QString text = QString::fromUtf8(f.readAll());
        f.close();
        const QString cert = QRegularExpression(QStringLiteral("client-certificate-data: (\\S+)"))
                                 .match(text)
                                 .captured(1);
        text.replace(QRegularExpression(QStringLiteral("certificate-authority-data: \\S+")),
                     QStringLiteral("certificate-authority-data: ") + cert);
        const QString wrong = cluster.path(QStringLiteral("wrong-ca.kubeconfig"));
        QFile out(wrong);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(text.toUtf8());
        out.close();
        const QString server =
            QRegularExpression(QStringLiteral("server: (\\S+)")).match(text).captured(1);
        QStringList args = cluster.bootstrapArguments();
        args[args.indexOf(cluster.kubeconfig())] = wrong;
        const Run run = cluster.wavesmith(args);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("TLS")) && run.err.contains(server),
                 qPrintable(run.all()));
        QVERIFY(cluster.items(QStringLiteral("namespaces"), {}).size() > 0);
        QVERIFY(!cluster.kubectl(
            {QStringLiteral("get"), QStringLiteral("namespace"), QStringLiteral("argocd")}));
        VERIFY_NO_SECRETS(cluster, run);
    }

    void badTokenIsAnAuthenticationError() {
        Cluster cluster;
        QString why;
        QVERIFY2(cluster.start(kScenario, &why), qPrintable(why));
        const Run run = cluster.wavesmith(cluster.bootstrapArguments(QStringLiteral("bad-token")));
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("authentication error")) &&
                     run.err.contains(QLatin1String("Unauthorized")),
                 qPrintable(run.all()));
        QVERIFY(!run.all().contains(QLatin1String("not-the-right-token")));
        VERIFY_NO_SECRETS(cluster, run);
    }

    void cancelThenRerunFinishes() {
        Cluster cluster;
        QString why;
        // Slow enough that the interrupt lands while the waves are still turning healthy.
        QVERIFY2(cluster.start("deployments:\n  availableAfterMs: 20\ndefaults:\n"
                               "  healthyAfterMs: 400\n",
                               &why),
                 qPrintable(why));
        std::unique_ptr<QProcess> process(cluster.startWavesmith(cluster.bootstrapArguments()));
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT(
            (out += process->readAllStandardOutput(), out.contains("\"event\":\"wave\"")), 60000);
        ::kill(pid_t(process->processId()), SIGINT);
        QVERIFY(process->waitForFinished(30000));
        out += process->readAllStandardOutput();
        QCOMPARE(process->exitCode(), 1);
        const QList<QJsonObject> events = jsonEvents(QString::fromUtf8(out));
        QCOMPARE(events.last()[QStringLiteral("outcome")].toString(), QStringLiteral("canceled"));
        QVERIFY(!QString::fromUtf8(out).contains(QLatin1String("\"state\":\"failed\"")));

        const Run rerun = cluster.wavesmith(cluster.bootstrapArguments());
        QVERIFY2(rerun.exitCode == 0, qPrintable(rerun.all()));
        QCOMPARE(stepState(jsonEvents(rerun.out), QStringLiteral("install")),
                 QStringLiteral("skipped"));
    }

    void dryRunLeavesTheServerEmpty() {
        Cluster cluster;
        QString why;
        QVERIFY2(cluster.start(kScenario, &why), qPrintable(why));
        QStringList args = cluster.bootstrapArguments();
        args.append(QStringLiteral("--dry-run"));
        const Run run = cluster.wavesmith(args);
        QVERIFY2(run.exitCode == 0, qPrintable(run.all()));
        const QList<QJsonObject> events = jsonEvents(run.out);
        QCOMPARE(stepState(events, QStringLiteral("namespace")), QStringLiteral("done"));
        QCOMPARE(stepState(events, QStringLiteral("install")), QStringLiteral("done"));
        QCOMPARE(stepState(events, QStringLiteral("applications")), QStringLiteral("skipped"));
        QVERIFY(run.out.contains(QLatin1String("would be created (dry run)")));
        QString stderrText;
        QVERIFY(!cluster.kubectl(
            {QStringLiteral("get"), QStringLiteral("namespace"), QStringLiteral("argocd")},
            &stderrText));
        QVERIFY2(stderrText.contains(QLatin1String("NotFound")), qPrintable(stderrText));
        const auto crds = cluster.kubectl({QStringLiteral("get"), QStringLiteral("crd"),
                                           QStringLiteral("-o"), QStringLiteral("name")});
        QVERIFY(crds);
        QVERIFY2(!crds->contains(QLatin1String("argoproj.io")), qPrintable(*crds));
        VERIFY_NO_SECRETS(cluster, run);
    }

    void badInputExitsTwo_data() {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing kubeconfig")
            << QStringLiteral("kubeconfig") << QStringLiteral("no-such.kubeconfig");
        QTest::newRow("bad duration") << QStringLiteral("timeout") << QStringLiteral("soon");
        QTest::newRow("unknown context")
            << QStringLiteral("context") << QStringLiteral("no-such-context");
        QTest::newRow("bad manifest")
            << QStringLiteral("manifest") << QStringLiteral("broken.yaml:3: malformed YAML");
    }

    void badInputExitsTwo() {
        QFETCH(QString, what);
        QFETCH(QString, expected);
        Cluster cluster;
        QString why;
        QVERIFY2(cluster.start(kScenario, &why), qPrintable(why));
        QStringList args = cluster.bootstrapArguments();
        if (what == QLatin1String("kubeconfig")) {
            args[args.indexOf(cluster.kubeconfig())] = cluster.path(expected);
        } else if (what == QLatin1String("timeout")) {
            args[args.indexOf(QStringLiteral("90s"))] = expected;
        } else if (what == QLatin1String("context")) {
            args[args.indexOf(QStringLiteral("token"))] = expected;
        } else {
            const QString broken = cluster.path(QStringLiteral("broken.yaml"));
            QFile f(broken);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("apiVersion: v1\nkind: [unclosed\n");
            f.close();
            args[args.indexOf(cluster.manifest())] = broken;
        }
        const Run run = cluster.wavesmith(args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(expected), qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
        QVERIFY(!cluster.kubectl(
            {QStringLiteral("get"), QStringLiteral("namespace"), QStringLiteral("argocd")}));
    }
};

QTEST_GUILESS_MAIN(TestBootstrap)
#include "tst_bootstrap.moc"
