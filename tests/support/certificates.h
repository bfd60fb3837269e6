#pragma once

#include <QByteArray>
#include <QString>

// The throwaway PKI of one server run: a CA, a server certificate for IP:127.0.0.1 and a client
// certificate (CN admin, O system:masters), all EC P-256, made with the openssl CLI (three
// invocations, the last two in parallel) in a temporary folder.
class Certificates {
public:
    bool generate(QString *error);

    QByteArray caCertificate;
    QByteArray serverCertificate;
    QByteArray serverKey;
    QByteArray clientCertificate;
    QByteArray clientKey;
};
