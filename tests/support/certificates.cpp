#include "certificates.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <memory>

namespace {

// A private config so the system openssl.cnf (v3_ca for every -x509) does not leak in.
const char opensslConfig[] = R"([req]
distinguished_name = dn
prompt = no
[dn]
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
authorityKeyIdentifier = keyid
[client_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
)";

QStringList reqArguments(const QString &dir, const QString &name, const QString &subject,
                         const QString &extensions, bool signedByCa) {
    QStringList args{QStringLiteral("req"),
                     QStringLiteral("-config"),
                     dir + QStringLiteral("/openssl.cnf"),
                     QStringLiteral("-x509"),
                     QStringLiteral("-newkey"),
                     QStringLiteral("ec"),
                     QStringLiteral("-pkeyopt"),
                     QStringLiteral("ec_paramgen_curve:prime256v1"),
                     QStringLiteral("-nodes"),
                     QStringLiteral("-days"),
                     QStringLiteral("7"),
                     QStringLiteral("-subj"),
                     subject,
                     QStringLiteral("-extensions"),
                     extensions,
                     QStringLiteral("-keyout"),
                     dir + u'/' + name + QStringLiteral(".key"),
                     QStringLiteral("-out"),
                     dir + u'/' + name + QStringLiteral(".crt")};
    if (signedByCa) {
        args << QStringLiteral("-CA") << dir + QStringLiteral("/ca.crt") << QStringLiteral("-CAkey")
             << dir + QStringLiteral("/ca.key");
    }
    return args;
}

std::unique_ptr<QProcess> startOpenssl(const QStringList &args) {
    auto process = std::make_unique<QProcess>();
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->start(QStringLiteral("openssl"), args);
    return process;
}

bool finish(QProcess &process, QString *error) {
    if (!process.waitForFinished(10000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        *error = QStringLiteral("openssl failed: %1 %2")
                     .arg(process.errorString(), QString::fromLocal8Bit(process.readAll()));
        return false;
    }
    return true;
}

QByteArray readFile(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

bool Certificates::generate(QString *error) {
    QTemporaryDir dir;
    if (!dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary folder: %1").arg(dir.errorString());
        return false;
    }
    const QString path = dir.path();
    QFile config(path + QStringLiteral("/openssl.cnf"));
    if (!config.open(QIODevice::WriteOnly) || config.write(opensslConfig) < 0) {
        *error = QStringLiteral("cannot write %1").arg(config.fileName());
        return false;
    }
    config.close();

    auto ca = startOpenssl(reqArguments(path, QStringLiteral("ca"),
                                        QStringLiteral("/CN=wavesmith-test-ca"),
                                        QStringLiteral("ca_ext"), false));
    if (!finish(*ca, error))
        return false;
    auto server =
        startOpenssl(reqArguments(path, QStringLiteral("server"), QStringLiteral("/CN=127.0.0.1"),
                                  QStringLiteral("server_ext"), true));
    auto client = startOpenssl(reqArguments(path, QStringLiteral("client"),
                                            QStringLiteral("/O=system:masters/CN=admin"),
                                            QStringLiteral("client_ext"), true));
    if (!finish(*server, error) || !finish(*client, error))
        return false;

    caCertificate = readFile(path + QStringLiteral("/ca.crt"));
    serverCertificate = readFile(path + QStringLiteral("/server.crt"));
    serverKey = readFile(path + QStringLiteral("/server.key"));
    clientCertificate = readFile(path + QStringLiteral("/client.crt"));
    clientKey = readFile(path + QStringLiteral("/client.key"));
    if (caCertificate.isEmpty() || serverKey.isEmpty() || clientKey.isEmpty()) {
        *error = QStringLiteral("openssl wrote no certificates in %1").arg(path);
        return false;
    }
    return true;
}
