// Real kubectl (/usr/bin/kubectl) against wavesmith-test-apiserver. Each test runs kubectl with
// its own HOME and --cache-dir so discovery caches never leak between tests.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kubectlPath = QStringLiteral("/usr/bin/kubectl");

struct Result {
    int exitCode = -1;
    QString out;
    QString err;
};

const char applicationYaml[] = R"(apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: guestbook
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://example.com/gitops.git
    path: guestbook
    targetRevision: HEAD
  destination:
    server: https://kubernetes.default.svc
    namespace: guestbook
)";

} // namespace

class TestApiServerKubectl : public QObject {
    Q_OBJECT
private:
    QProcess m_server;
    QTemporaryDir m_dir;
    QString m_kubeconfig;
    std::unique_ptr<QTemporaryDir> m_home;

    QProcessEnvironment environment() const {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home->path());
        env.remove(QStringLiteral("KUBECONFIG"));
        return env;
    }
    QStringList baseArguments() const {
        return {QStringLiteral("--kubeconfig"), m_kubeconfig, QStringLiteral("--cache-dir"),
                m_home->path() + QStringLiteral("/cache")};
    }
    Result kubectl(const QStringList &args, int timeoutMs = 60000) {
        QProcess p;
        p.setProcessEnvironment(environment());
        p.start(kubectlPath, baseArguments() + args);
        Result r;
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
            r.err = QStringLiteral("timed out: kubectl %1").arg(args.join(u' '));
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }
    QString writeFile(const QString &name, const QByteArray &content) {
        const QString path = m_home->path() + u'/' + name;
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write(content);
        return path;
    }
    // CRDs and the argocd namespace, idempotently (server-side apply).
    bool installArgoCrds(QString *why) {
        const QString crds = QStringLiteral(WAVESMITH_SHARED_DIR "/argocd-crds");
        if (!QFileInfo::exists(crds)) {
            *why = QStringLiteral("Argo CD CRDs not found at %1").arg(crds);
            return false;
        }
        Result r = kubectl(
            {QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("-f"), crds});
        if (r.exitCode != 0) {
            *why = r.err;
            return false;
        }
        r = kubectl({QStringLiteral("wait"), QStringLiteral("--for"),
                     QStringLiteral("condition=established"),
                     QStringLiteral("crd/applications.argoproj.io"),
                     QStringLiteral("--timeout=30s")});
        if (r.exitCode != 0) {
            *why = r.err;
            return false;
        }
        const QString ns =
            writeFile(QStringLiteral("ns.yaml"),
                      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: argocd\n");
        r = kubectl(
            {QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("-f"), ns});
        *why = r.err;
        return r.exitCode == 0;
    }

private Q_SLOTS:
    void initTestCase() {
        if (!QFileInfo::exists(kubectlPath))
            QSKIP("kubectl is not installed at /usr/bin/kubectl: the kubectl tests are skipped");
        QVERIFY(m_dir.isValid());
        m_kubeconfig = m_dir.filePath(QStringLiteral("kubeconfig"));
        m_server.setProcessChannelMode(QProcess::SeparateChannels);
        m_server.start(QStringLiteral(WAVESMITH_TEST_APISERVER),
                       {QStringLiteral("--kubeconfig-out"), m_kubeconfig, QStringLiteral("--port"),
                        QStringLiteral("0")});
        QVERIFY2(m_server.waitForStarted(10000), qPrintable(m_server.errorString()));
        QByteArray line;
        while (!line.endsWith('\n')) {
            QVERIFY2(m_server.waitForReadyRead(10000),
                     qPrintable(QString::fromUtf8(m_server.readAllStandardError())));
            line += m_server.readAllStandardOutput();
        }
        QVERIFY2(line.startsWith("ready https://127.0.0.1:"), line.constData());
        QVERIFY(QFileInfo::exists(m_kubeconfig));
    }
    void cleanupTestCase() {
        if (m_server.state() != QProcess::NotRunning) {
            m_server.terminate();
            if (!m_server.waitForFinished(5000))
                m_server.kill();
        }
    }
    void init() {
        m_home = std::make_unique<QTemporaryDir>();
        QVERIFY(m_home->isValid());
    }

    void getNamespaces() {
        const Result r = kubectl({QStringLiteral("get"), QStringLiteral("ns")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("NAME")));
        QVERIFY(r.out.contains(QStringLiteral("default")));
        QVERIFY(r.out.contains(QStringLiteral("Active")));
    }

    void createNamespace() {
        Result r = kubectl({QStringLiteral("create"), QStringLiteral("ns"), QStringLiteral("x")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out.trimmed(), QStringLiteral("namespace/x created"));
        r = kubectl({QStringLiteral("get"), QStringLiteral("ns"), QStringLiteral("x"),
                     QStringLiteral("-o"), QStringLiteral("jsonpath={.status.phase}")});
        QCOMPARE(r.out, QStringLiteral("Active"));
    }

    void applyCrdsAndWait() {
        QString why;
        if (!QFileInfo::exists(QStringLiteral(WAVESMITH_SHARED_DIR "/argocd-crds")))
            QSKIP("the shared Argo CD CRDs (WAVESMITH_SHARED_DIR/argocd-crds) are absent");
        QVERIFY2(installArgoCrds(&why), qPrintable(why));
        const Result r = kubectl({QStringLiteral("get"), QStringLiteral("crd")});
        QVERIFY(r.out.contains(QStringLiteral("applicationsets.argoproj.io")));
    }

    void applyApplicationAndWatch() {
        QString why;
        if (!QFileInfo::exists(QStringLiteral(WAVESMITH_SHARED_DIR "/argocd-crds")))
            QSKIP("the shared Argo CD CRDs (WAVESMITH_SHARED_DIR/argocd-crds) are absent");
        QVERIFY2(installArgoCrds(&why), qPrintable(why));
        const QString app = writeFile(QStringLiteral("app.yaml"), applicationYaml);
        Result r = kubectl(
            {QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("-f"), app});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out.trimmed(),
                 QStringLiteral("application.argoproj.io/guestbook serverside-applied"));

        QProcess watcher;
        watcher.setProcessEnvironment(environment());
        watcher.start(kubectlPath, baseArguments()
                                       << QStringLiteral("get") << QStringLiteral("applications")
                                       << QStringLiteral("-n") << QStringLiteral("argocd")
                                       << QStringLiteral("-w")
                                       << QStringLiteral("--output-watch-events"));
        QString seen;
        auto collect = [&] {
            seen += QString::fromUtf8(watcher.readAllStandardOutput());
            return seen;
        };
        QTRY_VERIFY_WITH_TIMEOUT(collect().contains(QStringLiteral("ADDED")), 30000);
        QVERIFY(seen.contains(QStringLiteral("guestbook")));
        QVERIFY(seen.contains(QStringLiteral("SYNC STATUS")));

        r = kubectl(
            {QStringLiteral("patch"), QStringLiteral("application"), QStringLiteral("guestbook"),
             QStringLiteral("-n"), QStringLiteral("argocd"), QStringLiteral("--type"),
             QStringLiteral("merge"), QStringLiteral("-p"),
             QStringLiteral(
                 R"({"status":{"sync":{"status":"Synced"},"health":{"status":"Healthy"}}})")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QTRY_VERIFY_WITH_TIMEOUT(collect().contains(QStringLiteral("MODIFIED")), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(collect().contains(QStringLiteral("Healthy")), 10000);
        watcher.kill();
        watcher.waitForFinished();
    }

    void conflictingApply() {
        const QString a = writeFile(QStringLiteral("a.yaml"),
                                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n"
                                    "  namespace: default\ndata:\n  foo: one\n");
        const QString b = writeFile(QStringLiteral("b.yaml"),
                                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n"
                                    "  namespace: default\ndata:\n  foo: two\n");
        Result r = kubectl(
            {QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("-f"), a});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = kubectl({QStringLiteral("apply"), QStringLiteral("--server-side"),
                     QStringLiteral("--field-manager=other"), QStringLiteral("-f"), b});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("conflict with \"kubectl\": .data.foo")),
                 qPrintable(r.err));
        r = kubectl({QStringLiteral("apply"), QStringLiteral("--server-side"),
                     QStringLiteral("--force-conflicts"), QStringLiteral("--field-manager=other"),
                     QStringLiteral("-f"), b});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = kubectl({QStringLiteral("get"), QStringLiteral("cm"), QStringLiteral("shared"),
                     QStringLiteral("-o"), QStringLiteral("jsonpath={.data.foo}")});
        QCOMPARE(r.out, QStringLiteral("two"));
    }

    void dryRunStoresNothing() {
        Result r = kubectl({QStringLiteral("create"), QStringLiteral("ns"), QStringLiteral("dry"),
                            QStringLiteral("--dry-run=server")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString cm = writeFile(QStringLiteral("cm.yaml"),
                                     "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: drycm\n"
                                     "  namespace: default\ndata:\n  a: b\n");
        r = kubectl({QStringLiteral("apply"), QStringLiteral("--server-side"),
                     QStringLiteral("--dry-run=server"), QStringLiteral("-f"), cm});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = kubectl({QStringLiteral("get"), QStringLiteral("ns"), QStringLiteral("dry")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains(QStringLiteral("NotFound")));
        r = kubectl({QStringLiteral("get"), QStringLiteral("cm"), QStringLiteral("drycm")});
        QCOMPARE(r.exitCode, 1);
    }

    void badTokenIsUnauthorized() {
        const Result r = kubectl({QStringLiteral("--context"), QStringLiteral("bad-token"),
                                  QStringLiteral("get"), QStringLiteral("ns")});
        QCOMPARE(r.exitCode, 1);
        // A 401 during discovery reads "the server has asked for the client to provide
        // credentials"; on a resource request it reads "Unauthorized".
        QVERIFY2(r.err.contains(QStringLiteral("You must be logged in to the server")),
                 qPrintable(r.err));
        const Result raw = kubectl({QStringLiteral("--context"), QStringLiteral("bad-token"),
                                    QStringLiteral("get"), QStringLiteral("--raw"),
                                    QStringLiteral("/api/v1/namespaces")});
        QCOMPARE(raw.exitCode, 1);
        QVERIFY2(raw.err.contains(QStringLiteral("Unauthorized")), qPrintable(raw.err));
    }

    void tokenContextWorks() {
        const Result r =
            kubectl({QStringLiteral("--context"), QStringLiteral("token"), QStringLiteral("get"),
                     QStringLiteral("ns"), QStringLiteral("default")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("default")));
    }
};

QTEST_GUILESS_MAIN(TestApiServerKubectl)
#include "tst_apiserverkubectl.moc"
