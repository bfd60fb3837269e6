#include "kubetls.h"

#include <wavesmith/kubeconfig.h>

namespace wavesmith {

QList<QSslCertificate> parseCertificates(const QByteArray &pem) {
    return QSslCertificate::fromData(pem, QSsl::Pem);
}

QSslKey parsePrivateKey(const QByteArray &pem) {
    // The PEM label tells SEC1 and PKCS#1 apart; PKCS#8 ("PRIVATE KEY") may hold either.
    QList<QSsl::KeyAlgorithm> candidates;
    if (pem.contains("BEGIN EC PRIVATE KEY"))
        candidates = {QSsl::Ec};
    else if (pem.contains("BEGIN RSA PRIVATE KEY"))
        candidates = {QSsl::Rsa};
    else
        candidates = {QSsl::Ec, QSsl::Rsa, QSsl::Dsa};
    for (QSsl::KeyAlgorithm algorithm : candidates) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return {};
}

QSslConfiguration makeSslConfiguration(const ClientConfig &config,
                                       const QByteArray &clientCertificate,
                                       const QByteArray &clientKey) {
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setProtocol(QSsl::TlsV1_2OrLater);
    if (config.insecureSkipTlsVerify) {
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
    } else {
        ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
        // A CA in the kubeconfig replaces the system roots (client-go does the same).
        if (!config.certificateAuthorityData.isEmpty())
            ssl.setCaCertificates(parseCertificates(config.certificateAuthorityData));
    }
    if (!clientCertificate.isEmpty() && !clientKey.isEmpty()) {
        const QList<QSslCertificate> chain = parseCertificates(clientCertificate);
        if (!chain.isEmpty()) {
            ssl.setLocalCertificateChain(chain);
            ssl.setPrivateKey(parsePrivateKey(clientKey));
        }
    }
    return ssl;
}

} // namespace wavesmith
