#include "testapiserver.h"

#include "apiserver.h"
#include "certificates.h"
#include "crdcontroller.h"
#include "deploymentcontroller.h"
#include "httpconnection.h"
#include "httpserver.h"
#include "kubeconfigwriter.h"
#include "resourceregistry.h"
#include "seed.h"
#include "store.h"
#include "watchhub.h"

#include <wavesmith/atomicwrite.h>
#include <wavesmith/catalog.h>
#include <wavesmith/render.h>
#include <wavesmith/templates.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSslKey>
#include <QTest>

#include <yaml-cpp/yaml.h>

using namespace wavesmith;

namespace kubetest {

QByteArray credentialPluginScript() {
    return R"(#!/bin/sh
# A credential plugin for the tests: counts its runs, keeps what it was given.
echo run >> "$PLUGIN_STATE/count"
runs=$(wc -l < "$PLUGIN_STATE/count")
printf '%s' "$KUBERNETES_EXEC_INFO" > "$PLUGIN_STATE/info.json"
printf '%s' "$*" > "$PLUGIN_STATE/args"
token="$GOOD_TOKEN"
expiry="2099-01-01T00:00:00Z"
case "$2" in
first-bad) if [ "$runs" -eq 1 ]; then token="stale-plugin-token-1111"; fi ;;
always-bad) token="rejected-plugin-token-2222" ;;
expired) expiry="2000-01-01T00:00:00Z" ;;
fail) echo "cannot reach the identity provider" >&2; exit 3 ;;
esac
printf '{"kind":"ExecCredential","apiVersion":"%s","status":{"token":"%s","expirationTimestamp":"%s"}}\n' "$API_VERSION" "$token" "$expiry"
)";
}

QByteArray argocdInstallManifest(QString *why) {
    QByteArray install;
    const QStringList parts{
        QStringLiteral(WAVESMITH_SHARED_DIR "/argocd-crds/application-crd.yaml"),
        QStringLiteral(WAVESMITH_SHARED_DIR "/argocd-crds/applicationset-crd.yaml"),
        QStringLiteral(WAVESMITH_SHARED_DIR "/argocd-crds/appproject-crd.yaml"),
        QStringLiteral(WAVESMITH_SOURCE_DIR "/tests/bootstrap/argocd-install.yaml")};
    for (const QString &part : parts) {
        QFile f(part);
        if (!f.open(QIODevice::ReadOnly)) {
            *why = QStringLiteral("cannot read %1").arg(part);
            return {};
        }
        if (!install.isEmpty())
            install += "\n---\n";
        install += f.readAll();
    }
    return install;
}

bool CuttableRelay::listen(quint16 targetPort) {
    m_target = targetPort;
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *client = m_server.nextPendingConnection()) {
            auto *upstream = new QTcpSocket(client);
            ++m_connections;
            m_sockets << client << upstream;
            connect(client, &QTcpSocket::readyRead, upstream,
                    [client, upstream] { upstream->write(client->readAll()); });
            connect(upstream, &QTcpSocket::readyRead, client,
                    [client, upstream] { client->write(upstream->readAll()); });
            connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
            connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
            upstream->connectToHost(QHostAddress::LocalHost, m_target);
            // Bytes the client sent before the upstream connected are relayed on connect.
            connect(upstream, &QTcpSocket::connected, client,
                    [client, upstream] { upstream->write(client->readAll()); });
        }
    });
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void CuttableRelay::cutAll() {
    const QList<QPointer<QTcpSocket>> sockets = std::exchange(m_sockets, {});
    for (const QPointer<QTcpSocket> &socket : sockets)
        if (socket)
            socket->abort();
}

bool finishes(KubeReply *reply, int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    while (!reply->isFinished() && timer.elapsed() < timeoutMs)
        QTest::qWait(5);
    return reply->isFinished();
}

int shell(const QString &command, QString *output) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command});
    if (!process.waitForFinished(60000))
        return -1;
    if (output)
        *output = QString::fromUtf8(process.readAll());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

bool writeFile(const QString &path, const QByteArray &text) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(text) == text.size();
}

KubeconfigSecrets readSecrets(const QString &kubeconfig) {
    KubeconfigSecrets secrets;
    const YAML::Node root = YAML::LoadFile(kubeconfig.toStdString());
    const auto text = [](const YAML::Node &node) {
        return node ? QString::fromStdString(node.as<std::string>()) : QString();
    };
    secrets.server = text(root["clusters"][0]["cluster"]["server"]);
    secrets.caData = text(root["clusters"][0]["cluster"]["certificate-authority-data"]);
    for (const YAML::Node &user : root["users"]) {
        const QString name = text(user["name"]);
        if (name == QLatin1String("admin")) {
            secrets.clientKeyData = text(user["user"]["client-key-data"]);
            secrets.clientCertificateData = text(user["user"]["client-certificate-data"]);
        } else if (name == QLatin1String("token")) {
            secrets.token = text(user["user"]["token"]);
        } else if (name == QLatin1String("viewer")) {
            secrets.viewerToken = text(user["user"]["token"]);
        } else if (name == QLatin1String("bad-token")) {
            secrets.badToken = text(user["user"]["token"]);
        }
    }
    return secrets;
}

// The components main.cpp of wavesmith-test-apiserver wires together.
struct TestApiServer::InProcess {
    Certificates certificates;
    ResourceRegistry registry;
    Store store{&registry};
    WatchHub watches{&store};
    CrdController crds{&store, &registry};
    DeploymentController deployments{&store, &registry};
    std::unique_ptr<ApiServer> api;
    std::unique_ptr<HttpServer> http;
};

TestApiServer::TestApiServer() = default;

TestApiServer::~TestApiServer() {
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
    }
}

bool TestApiServer::start(QString *why, const QByteArray &scenario,
                          const QStringList &extraArguments) {
    QStringList arguments{QStringLiteral("--kubeconfig-out"), kubeconfig()};
    if (!scenario.isEmpty()) {
        writeFile(path(QStringLiteral("scenario.yaml")), scenario);
        arguments << QStringLiteral("--scenario") << path(QStringLiteral("scenario.yaml"));
    }
    arguments += extraArguments;
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start(QStringLiteral(WAVESMITH_TEST_APISERVER), arguments);
    QByteArray line;
    while (!line.endsWith('\n')) {
        if (!m_process.waitForReadyRead(20000)) {
            *why = QStringLiteral("the test API server did not start: ") + m_process.errorString();
            return false;
        }
        line += m_process.readAllStandardOutput();
    }
    if (!line.startsWith("ready https://127.0.0.1:")) {
        *why = QString::fromUtf8(line);
        return false;
    }
    m_url = QString::fromUtf8(line.mid(6)).trimmed();
    m_secrets = readSecrets(kubeconfig());
    return true;
}

bool TestApiServer::startInProcess(QString *why, int historyLimit) {
    m_inProcess = std::make_unique<InProcess>();
    InProcess &server = *m_inProcess;
    if (!server.certificates.generate(why))
        return false;
    server.store.setHistoryLimit(historyLimit);
    Seed::populate(&server.store, &server.registry);
    ApiServer::Credentials credentials;
    credentials.clientCertificate = server.certificates.clientCertificate;
    credentials.token = QString::number(QRandomGenerator::global()->generate64(), 36);
    credentials.viewerToken = QString::number(QRandomGenerator::global()->generate64(), 36);
    server.api =
        std::make_unique<ApiServer>(&server.store, &server.registry, &server.watches, credentials);
    QSslConfiguration ssl;
    ssl.setLocalCertificate(QSslCertificate(server.certificates.serverCertificate));
    ssl.setPrivateKey(QSslKey(server.certificates.serverKey, QSsl::Ec));
    ssl.setCaCertificates({QSslCertificate(server.certificates.caCertificate)});
    ssl.setPeerVerifyMode(QSslSocket::QueryPeer);
    ssl.setProtocol(QSsl::TlsV1_2OrLater);
    server.http = std::make_unique<HttpServer>(ssl);
    QObject::connect(server.http.get(), &HttpServer::requestReceived, server.api.get(),
                     &ApiServer::handle);
    if (!server.http->listen(0, why))
        return false;
    m_url = QStringLiteral("https://127.0.0.1:%1").arg(server.http->port());
    server.api->setServerAddress(QStringLiteral("127.0.0.1:%1").arg(server.http->port()));
    if (!KubeconfigWriter::write(kubeconfig(), m_url, server.certificates, credentials.token,
                                 credentials.viewerToken, why))
        return false;
    m_secrets = readSecrets(kubeconfig());
    return true;
}

KubeconfigLoadOptions TestApiServer::options(const QString &context) const {
    KubeconfigLoadOptions options;
    options.files = {kubeconfig()};
    options.context = context;
    options.homeDir = m_dir.path();
    return options;
}

std::unique_ptr<KubeClient> TestApiServer::client(const QString &context, QString *why) const {
    const Result<ClientConfig> config = loadClientConfig(options(context));
    if (!config) {
        *why = config.error().toString();
        return nullptr;
    }
    return std::make_unique<KubeClient>(config.value());
}

bool HomelabServer::start(const QByteArray &scenario, QString *why) {
    m_design = homelabTemplate(Catalog::builtin(), {repoUrl(), QStringLiteral("HEAD")});
    const Status written = writeFilesAtomically(repo(), renderDesign(m_design, Catalog::builtin()));
    if (!written.ok()) {
        *why = written.error().toString();
        return false;
    }
    return m_server.start(
        why, scenario, {QStringLiteral("--repo"), repo(), QStringLiteral("--repo-url"), repoUrl()});
}

QString HomelabServer::writeManifest() const {
    QString why;
    const QString file = path(QStringLiteral("argocd-install.yaml"));
    writeFile(file, argocdInstallManifest(&why));
    return file;
}

} // namespace kubetest
