// wavesmith-test-apiserver: a Kubernetes API server for tests (see README.md).

#include "apiserver.h"
#include "appsetcontroller.h"
#include "argocdsimulation.h"
#include "certificates.h"
#include "crdcontroller.h"
#include "deploymentcontroller.h"
#include "eventlog.h"
#include "httpconnection.h"
#include "httpserver.h"
#include "kubeconfigwriter.h"
#include "resourceregistry.h"
#include "scenario.h"
#include "seed.h"
#include "store.h"
#include "watchhub.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSslKey>

#include <cstdio>
#include <memory>

namespace {

QString randomToken() {
    QByteArray bytes(24, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                          bytes.size() / 4);
    return QString::fromLatin1(bytes.toHex());
}

int fail(const QString &message) {
    std::fprintf(stderr, "wavesmith-test-apiserver: %s\n", qPrintable(message));
    return 2;
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("wavesmith-test-apiserver"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Kubernetes API server for Wavesmith's tests"));
    parser.addHelpOption();
    const QCommandLineOption kubeconfigOut(QStringLiteral("kubeconfig-out"),
                                           QStringLiteral("Write a kubeconfig to FILE."),
                                           QStringLiteral("FILE"));
    const QCommandLineOption port(QStringLiteral("port"),
                                  QStringLiteral("Listen on PORT (0: any free port)."),
                                  QStringLiteral("PORT"), QStringLiteral("0"));
    const QCommandLineOption repo(QStringLiteral("repo"),
                                  QStringLiteral("GitOps repository for the Argo CD simulation."),
                                  QStringLiteral("DIR"));
    const QCommandLineOption repoUrl(QStringLiteral("repo-url"),
                                     QStringLiteral("repoURL that --repo stands for."),
                                     QStringLiteral("URL"));
    const QCommandLineOption scenario(
        QStringLiteral("scenario"),
        QStringLiteral("Scenario file (YAML or JSON): faults, delays, failures."),
        QStringLiteral("FILE"));
    const QCommandLineOption eventsOut(QStringLiteral("events-out"),
                                       QStringLiteral("Write simulation events (JSON lines)."),
                                       QStringLiteral("FILE"));
    parser.addOptions({kubeconfigOut, port, repo, repoUrl, scenario, eventsOut});
    parser.process(app);

    if (!parser.isSet(kubeconfigOut))
        return fail(QStringLiteral("--kubeconfig-out FILE is required"));
    bool portOk = false;
    const int portNumber = parser.value(port).toInt(&portOk);
    if (!portOk || portNumber < 0 || portNumber > 65535)
        return fail(QStringLiteral("invalid --port %1").arg(parser.value(port)));

    Scenario loadedScenario;
    if (parser.isSet(scenario)) {
        QString error;
        const auto s = Scenario::load(parser.value(scenario), &error);
        if (!s)
            return fail(error);
        loadedScenario = *s;
    }
    if (parser.isSet(repo) != parser.isSet(repoUrl))
        return fail(QStringLiteral("--repo DIR and --repo-url URL go together"));
    if (parser.isSet(repo) && !QFileInfo(parser.value(repo)).isDir())
        return fail(QStringLiteral("--repo %1: no such folder").arg(parser.value(repo)));
    EventLog events;
    if (parser.isSet(eventsOut)) {
        QString error;
        if (!events.open(parser.value(eventsOut), &error))
            return fail(error);
    }

    Certificates certificates;
    QString error;
    if (!certificates.generate(&error))
        return fail(error);

    ResourceRegistry registry;
    Store store(&registry);
    WatchHub watches(&store);
    CrdController crds(&store, &registry);
    DeploymentController deployments(&store, &registry);
    deployments.setEnabled(loadedScenario.deploymentsAvailable);
    deployments.setDelay(loadedScenario.deploymentAvailableAfterMs);
    Seed::populate(&store, &registry);
    // The Argo CD simulation runs only when there is a repository to sync from.
    std::unique_ptr<ArgoCdSimulation> argocd;
    std::unique_ptr<AppSetController> appSets;
    if (parser.isSet(repo)) {
        const QString repoDir = QFileInfo(parser.value(repo)).absoluteFilePath();
        argocd = std::make_unique<ArgoCdSimulation>(&store, &registry, repoDir,
                                                    parser.value(repoUrl), loadedScenario, &events);
        appSets = std::make_unique<AppSetController>(&store, &registry, repoDir,
                                                     parser.value(repoUrl), &events);
    }

    ApiServer::Credentials credentials;
    credentials.clientCertificate = certificates.clientCertificate;
    credentials.token = randomToken();
    credentials.viewerToken = randomToken();
    ApiServer api(&store, &registry, &watches, credentials);
    api.setFaults(loadedScenario.faults);

    QSslConfiguration ssl; // not defaultConfiguration(): that loads the system CA store
    ssl.setLocalCertificate(QSslCertificate(certificates.serverCertificate));
    ssl.setPrivateKey(QSslKey(certificates.serverKey, QSsl::Ec));
    ssl.setCaCertificates({QSslCertificate(certificates.caCertificate)});
    // Ask for a client certificate without requiring one: token users have none.
    ssl.setPeerVerifyMode(QSslSocket::QueryPeer);
    ssl.setProtocol(QSsl::TlsV1_2OrLater);
    HttpServer server(ssl);
    QObject::connect(&server, &HttpServer::requestReceived, &api, &ApiServer::handle);
    if (!server.listen(quint16(portNumber), &error))
        return fail(QStringLiteral("cannot listen on 127.0.0.1:%1: %2").arg(portNumber).arg(error));

    const QString url = QStringLiteral("https://127.0.0.1:%1").arg(server.port());
    api.setServerAddress(QStringLiteral("127.0.0.1:%1").arg(server.port()));
    if (!KubeconfigWriter::write(parser.value(kubeconfigOut), url, certificates, credentials.token,
                                 credentials.viewerToken, &error))
        return fail(error);

    std::printf("ready %s\n", qPrintable(url));
    std::fflush(stdout);
    return app.exec();
}
