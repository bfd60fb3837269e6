#pragma once

// Test API servers for the Kubernetes client suites: the wavesmith-test-apiserver process (what
// users' kubectl also talks to in tests/support) and, for knobs its command line lacks (a short
// watch history to force 410 Expired), the same components in-process.

#include <wavesmith/kubeclient.h>
#include <wavesmith/kubeconfig.h>
#include <wavesmith/model.h>

#include <QList>
#include <QPointer>
#include <QProcess>
#include <QString>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <memory>

namespace kubetest {

// Waits (running the event loop) until `reply` finished; false after `timeoutMs`.
bool finishes(wavesmith::KubeReply *reply, int timeoutMs = 20000);

// A credential plugin (sh) for exec tests: appends a line to $PLUGIN_STATE/count per run,
// keeps KUBERNETES_EXEC_INFO and its arguments there, prints an ExecCredential of $API_VERSION
// with $GOOD_TOKEN; its second argument picks a misbehaviour (first-bad, always-bad, expired,
// fail).
QByteArray credentialPluginScript();

// Runs a shell command line; its exit code (-1 when it could not run).
int shell(const QString &command, QString *output = nullptr);

// The file a bootstrap's --argocd-manifest takes in the tests: Argo CD's real CRDs (the shared
// argocd-crds folder), then the workloads and ConfigMaps of tests/bootstrap/argocd-install.yaml.
// Empty, with `why`, when a part cannot be read.
QByteArray argocdInstallManifest(QString *why);

// Writes `text` to `path` (creating folders); false when it cannot.
bool writeFile(const QString &path, const QByteArray &text);

// The values of the server's kubeconfig the tests compare against (secrets included, so the
// tests can prove they never leak).
struct KubeconfigSecrets {
    QString server;
    QString caData; // base64
    QString token;
    QString viewerToken;
    QString badToken;
    QString clientKeyData; // base64
    QString clientCertificateData;
};
KubeconfigSecrets readSecrets(const QString &kubeconfig);

// A TCP relay in front of a server (TLS passes through untouched) that a test can cut: every
// connection through it drops at once, mid-stream, as a flaky network or a restarting load
// balancer would.
class CuttableRelay : public QObject {
public:
    bool listen(quint16 targetPort);
    quint16 port() const { return m_server.serverPort(); }
    // Aborts every connection (both sides) now.
    void cutAll();
    int connectionsMade() const { return m_connections; }

private:
    QTcpServer m_server;
    quint16 m_target = 0;
    QList<QPointer<QTcpSocket>> m_sockets;
    int m_connections = 0;
};

class TestApiServer {
public:
    TestApiServer();
    ~TestApiServer();

    // Starts the process (with a scenario file when `scenario` is not empty, and the server's
    // other options, e.g. --repo, --repo-url, --events-out, in `extraArguments`).
    bool start(QString *why, const QByteArray &scenario = {},
               const QStringList &extraArguments = {});
    // Starts the same components in this process, with a watch history of `historyLimit`
    // events (410 Expired beyond it).
    bool startInProcess(QString *why, int historyLimit);

    QString kubeconfig() const { return m_dir.filePath(QStringLiteral("kubeconfig")); }
    QString url() const { return m_url; }
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString dir() const { return m_dir.path(); } // temporary, removed with the server
    const KubeconfigSecrets &secrets() const { return m_secrets; }

    wavesmith::KubeconfigLoadOptions options(const QString &context) const;
    // A client for one context of the server's kubeconfig (nullptr + why on error).
    std::unique_ptr<wavesmith::KubeClient> client(const QString &context, QString *why) const;

private:
    struct InProcess;
    QTemporaryDir m_dir;
    QProcess m_process;
    QString m_url;
    KubeconfigSecrets m_secrets;
    std::unique_ptr<InProcess> m_inProcess;
};

// The test API server with its Argo CD simulation over the homelab design, rendered as the
// repository it serves (the bootstrap suites' cluster).
class HomelabServer {
public:
    static QString repoUrl() {
        return QStringLiteral("https://git.example.test/homelab-gitops.git");
    }

    // The scenario the bootstrap suites share: Deployments available at once, every component
    // healthy after `healthyAfterMs`; with `longhornStuck`, longhorn (wave 1) stays Progressing.
    static QByteArray scenario(int healthyAfterMs, bool longhornStuck = false) {
        QByteArray text = "deployments:\n  availableAfterMs: 20\ndefaults:\n  healthyAfterMs: " +
                          QByteArray::number(healthyAfterMs) + '\n';
        if (longhornStuck)
            text += "components:\n  longhorn:\n    healthyAfterMs: 60000\n";
        return text;
    }

    bool start(const QByteArray &scenario, QString *why);

    QString repo() const { return m_server.path(QStringLiteral("repo")); }
    QString kubeconfig() const { return m_server.kubeconfig(); }
    QString path(const QString &name) const { return m_server.path(name); }
    QString url() const { return m_server.url(); }
    const KubeconfigSecrets &secrets() const { return m_server.secrets(); }
    const wavesmith::Design &design() const { return m_design; }
    // Writes argocdInstallManifest() beside the repository; its path.
    QString writeManifest() const;

private:
    TestApiServer m_server;
    wavesmith::Design m_design;
};

} // namespace kubetest
