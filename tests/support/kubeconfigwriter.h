#pragma once

#include <QString>

class Certificates;

// Writes the kubeconfig tests use: contexts admin (client certificate), token (bearer token)
// and bad-token (a token the server rejects), current-context admin; all data embedded. A
// fourth context, viewer, is a read-only user whose writes are Forbidden.
class KubeconfigWriter {
public:
    static bool write(const QString &path, const QString &serverUrl,
                      const Certificates &certificates, const QString &token,
                      const QString &viewerToken, QString *error);
};
