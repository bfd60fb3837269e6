#pragma once

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>

namespace wavesmith {

struct ClientConfig;

// PEM certificates in `pem` (empty when none parse).
QList<QSslCertificate> parseCertificates(const QByteArray &pem);

// A PEM private key (PKCS#1 RSA, SEC1 EC or PKCS#8 of either); null when it is none of them.
QSslKey parsePrivateKey(const QByteArray &pem);

// The TLS settings of `config`: its CA replaces the system roots, insecure-skip-tls-verify turns
// verification off, and the client certificate (the kubeconfig's, or one an exec plugin
// supplied) is presented.
QSslConfiguration makeSslConfiguration(const ClientConfig &config,
                                       const QByteArray &clientCertificate,
                                       const QByteArray &clientKey);

} // namespace wavesmith
