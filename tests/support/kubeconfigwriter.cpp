#include "kubeconfigwriter.h"

#include "certificates.h"

#include <QSaveFile>

bool KubeconfigWriter::write(const QString &path, const QString &serverUrl,
                             const Certificates &certificates, const QString &token,
                             const QString &viewerToken, QString *error) {
    const QString ca = QString::fromLatin1(certificates.caCertificate.toBase64());
    const QString cert = QString::fromLatin1(certificates.clientCertificate.toBase64());
    const QString key = QString::fromLatin1(certificates.clientKey.toBase64());
    const QString text = QStringLiteral(R"(apiVersion: v1
kind: Config
clusters:
- name: wavesmith-test
  cluster:
    server: %1
    certificate-authority-data: %2
users:
- name: admin
  user:
    client-certificate-data: %3
    client-key-data: %4
- name: token
  user:
    token: %5
- name: bad-token
  user:
    token: not-the-right-token
- name: viewer
  user:
    token: %6
contexts:
- name: admin
  context:
    cluster: wavesmith-test
    user: admin
- name: token
  context:
    cluster: wavesmith-test
    user: token
- name: bad-token
  context:
    cluster: wavesmith-test
    user: bad-token
- name: viewer
  context:
    cluster: wavesmith-test
    user: viewer
current-context: admin
preferences: {}
)")
                             .arg(serverUrl, ca, cert, key, token, viewerToken);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    file.write(text.toUtf8());
    if (!file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}
