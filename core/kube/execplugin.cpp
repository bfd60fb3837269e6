#include "execplugin.h"

#include <wavesmith/kubeconfig.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>

namespace wavesmith {

namespace {

const QString v1 = QStringLiteral("client.authentication.k8s.io/v1");

QString homeOf(const KubeExecConfig &exec) {
    return exec.homeDir.isEmpty() ? QDir::homePath() : exec.homeDir;
}

QString describeUser(const ClientConfig &config) {
    return QStringLiteral("exec plugin \"%1\" of user \"%2\"")
        .arg(config.exec ? config.exec->command : QString(), config.userName);
}

} // namespace

QStringList userBinFolders(const QString &home) {
    return {home + QStringLiteral("/.local/bin"),
            home + QStringLiteral("/bin"),
            QStringLiteral("/usr/local/bin"),
            QStringLiteral("/opt/homebrew/bin"),
            QStringLiteral("/snap/bin"),
            home + QStringLiteral("/go/bin"),
            home + QStringLiteral("/.krew/bin"),
            home + QStringLiteral("/google-cloud-sdk/bin"),
            QStringLiteral("/usr/lib/google-cloud-sdk/bin"),
            QStringLiteral("/opt/google-cloud-sdk/bin")};
}

ExecutableLookup findExecPlugin(const KubeExecConfig &exec, const QString &pathVariable) {
    ExecutableLookup lookup;
    if (exec.command.contains(QLatin1Char('/'))) {
        const QString path = QDir::isAbsolutePath(exec.command)
                                 ? exec.command
                                 : QDir::cleanPath(exec.baseDir + QLatin1Char('/') + exec.command);
        lookup.searched << path;
        const QFileInfo info(path);
        if (info.isFile() && info.isExecutable())
            lookup.path = path;
        return lookup;
    }
    const QStringList pathFolders = pathVariable.split(QDir::listSeparator(), Qt::SkipEmptyParts);
    lookup.searched << QStringLiteral("PATH (%1)").arg(pathVariable);
    lookup.path = QStandardPaths::findExecutable(exec.command, pathFolders);
    if (!lookup.path.isEmpty())
        return lookup;
    // A GUI started from the desktop often lacks the shell's PATH (lensapp/lens#878).
    const QStringList extra = userBinFolders(homeOf(exec));
    lookup.searched << extra;
    lookup.path = QStandardPaths::findExecutable(exec.command, extra);
    return lookup;
}

QByteArray execInfo(const ClientConfig &config) {
    const KubeExecConfig &exec = *config.exec;
    QJsonObject spec{{QStringLiteral("interactive"), false}};
    if (exec.provideClusterInfo) {
        QJsonObject cluster{{QStringLiteral("server"), config.server}};
        if (!config.tlsServerName.isEmpty())
            cluster.insert(QStringLiteral("tls-server-name"), config.tlsServerName);
        if (config.insecureSkipTlsVerify)
            cluster.insert(QStringLiteral("insecure-skip-tls-verify"), true);
        if (!config.certificateAuthorityData.isEmpty())
            cluster.insert(QStringLiteral("certificate-authority-data"),
                           QString::fromLatin1(config.certificateAuthorityData.toBase64()));
        if (!config.proxyUrl.isEmpty())
            cluster.insert(QStringLiteral("proxy-url"), config.proxyUrl);
        if (config.disableCompression)
            cluster.insert(QStringLiteral("disable-compression"), true);
        if (!exec.clusterConfig.isEmpty())
            cluster.insert(QStringLiteral("config"), exec.clusterConfig);
        spec.insert(QStringLiteral("cluster"), cluster);
    }
    const QJsonObject info{{QStringLiteral("kind"), QStringLiteral("ExecCredential")},
                           {QStringLiteral("apiVersion"), exec.apiVersion},
                           {QStringLiteral("spec"), spec}};
    return QJsonDocument(info).toJson(QJsonDocument::Compact);
}

Result<ExecCredential> parseExecCredential(const QByteArray &output, const QString &apiVersion) {
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(output, &parseError);
    if (!document.isObject())
        return Error{{},
                     0,
                     QStringLiteral("the plugin did not print an ExecCredential as JSON (%1)")
                         .arg(parseError.errorString())};
    const QJsonObject credential = document.object();
    const QString returned = credential.value(QStringLiteral("apiVersion")).toString();
    if (returned != apiVersion)
        return Error{
            {},
            0,
            QStringLiteral("exec plugin is configured to use API version %1, plugin "
                           "returned version %2")
                .arg(apiVersion, returned.isEmpty() ? QStringLiteral("(none)") : returned)};
    if (credential.value(QStringLiteral("kind")).toString() != QLatin1String("ExecCredential"))
        return Error{{},
                     0,
                     QStringLiteral("the plugin printed no ExecCredential (kind is \"%1\")")
                         .arg(credential.value(QStringLiteral("kind")).toString())};
    if (!credential.value(QStringLiteral("status")).isObject())
        return Error{{}, 0, QStringLiteral("exec plugin didn't return a status field")};
    const QJsonObject status = credential.value(QStringLiteral("status")).toObject();
    ExecCredential result;
    result.token = status.value(QStringLiteral("token")).toString();
    result.clientCertificate =
        status.value(QStringLiteral("clientCertificateData")).toString().toUtf8();
    result.clientKey = status.value(QStringLiteral("clientKeyData")).toString().toUtf8();
    if (result.clientCertificate.isEmpty() != result.clientKey.isEmpty())
        return Error{{},
                     0,
                     QStringLiteral("exec plugin returned only %1, clientCertificateData and "
                                    "clientKeyData go together")
                         .arg(result.clientKey.isEmpty() ? QStringLiteral("clientCertificateData")
                                                         : QStringLiteral("clientKeyData"))};
    if (result.token.isEmpty() && result.clientCertificate.isEmpty())
        return Error{{}, 0, QStringLiteral("exec plugin didn't return a token or cert/key pair")};
    const QString expiry = status.value(QStringLiteral("expirationTimestamp")).toString();
    if (!expiry.isEmpty()) {
        result.expiresAt = QDateTime::fromString(expiry, Qt::ISODateWithMs);
        if (!result.expiresAt.isValid())
            return Error{
                {},
                0,
                QStringLiteral("expirationTimestamp \"%1\" is not an RFC 3339 time").arg(expiry)};
    }
    return result;
}

ExecPluginRunner::ExecPluginRunner(const ClientConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config) {}

ExecPluginRunner::~ExecPluginRunner() {
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(1000);
    }
}

void ExecPluginRunner::run(Callback done) {
    m_waiting << std::move(done);
    if (m_process)
        return;
    const KubeExecConfig &exec = *m_config.exec;
    const QString pathVariable = QString::fromLocal8Bit(qgetenv("PATH"));
    const ExecutableLookup lookup = findExecPlugin(exec, pathVariable);
    if (lookup.path.isEmpty()) {
        QString message =
            QStringLiteral("%1 not found; looked in %2")
                .arg(describeUser(m_config), lookup.searched.join(QStringLiteral(", ")));
        if (!exec.installHint.isEmpty())
            message += QStringLiteral("\n") + exec.installHint.trimmed();
        // Asynchronous like a real run, so callers see one behaviour.
        QTimer::singleShot(0, this, [this, message] { finish(Error{{}, 0, message}); });
        return;
    }
    ++m_runCount;
    m_process = std::make_unique<QProcess>();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // The plugin may call other tools from the same folders (gcloud, az, aws).
    QStringList path = pathVariable.split(QDir::listSeparator(), Qt::SkipEmptyParts);
    for (const QString &folder : userBinFolders(homeOf(exec)))
        if (!path.contains(folder))
            path << folder;
    environment.insert(QStringLiteral("PATH"), path.join(QDir::listSeparator()));
    for (const KubeExecEnvVar &variable : exec.env)
        environment.insert(variable.name, variable.value);
    environment.insert(QStringLiteral("KUBERNETES_EXEC_INFO"),
                       QString::fromUtf8(execInfo(m_config)));
    m_process->setProcessEnvironment(environment);
    m_process->setStandardInputFile(QProcess::nullDevice()); // never interactive
    connect(m_process.get(), &QProcess::finished, this, [this](int code, QProcess::ExitStatus how) {
        const QByteArray output = m_process->readAllStandardOutput();
        const QString errors = QString::fromLocal8Bit(m_process->readAllStandardError()).trimmed();
        if (how != QProcess::NormalExit || code != 0) {
            QString message =
                QStringLiteral("%1 failed (%2)")
                    .arg(describeUser(m_config), how == QProcess::NormalExit
                                                     ? QStringLiteral("exit status %1").arg(code)
                                                     : QStringLiteral("crashed"));
            if (!errors.isEmpty())
                message += QStringLiteral(": ") + errors.left(600);
            finish(Error{{}, 0, message});
            return;
        }
        const Result<ExecCredential> credential =
            parseExecCredential(output, m_config.exec->apiVersion);
        if (!credential)
            finish(Error{
                {},
                0,
                QStringLiteral("%1: %2").arg(describeUser(m_config), credential.error().message)});
        else
            finish(credential);
    });
    connect(m_process.get(), &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return; // crashes and exits arrive through finished
        finish(Error{{},
                     0,
                     QStringLiteral("%1 could not be started: %2")
                         .arg(describeUser(m_config), m_process->errorString())});
    });
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] {
        finish(Error{{},
                     0,
                     QStringLiteral("%1 did not finish within %2 s (interactive plugins are not "
                                    "supported here)")
                         .arg(describeUser(m_config))
                         .arg(timeoutMs / 1000)});
    });
    m_timer->start(timeoutMs);
    m_process->start(lookup.path, exec.args);
}

void ExecPluginRunner::finish(const Result<ExecCredential> &result) {
    if (m_process) {
        m_process->disconnect(this);
        if (m_process->state() != QProcess::NotRunning) {
            m_process->kill();
            m_process->waitForFinished(1000);
        }
        // Deleting inside its own signal is unsafe: hand it to the event loop.
        m_process.release()->deleteLater();
    }
    if (m_timer) {
        m_timer->stop();
        m_timer->deleteLater(); // may be running its own timeout signal
        m_timer = nullptr;
    }
    const QList<Callback> waiting = std::exchange(m_waiting, {});
    for (const Callback &callback : waiting)
        callback(result);
}

} // namespace wavesmith
