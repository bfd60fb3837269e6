#pragma once

#include "credentialprovider.h"

#include <wavesmith/git.h>

#include <git2.h>

#include <QElapsedTimer>
#include <QStringList>

namespace wavesmith::git {

// The state of one fetch or push: libgit2's remote callbacks (credentials, progress,
// cancellation, per-reference push status) and what they learnt, so the caller can turn a
// failure into a message that says what happened. Lives on the stack of the operation.
class TransferSession {
public:
    explicit TransferSession(const GitOperationOptions &options);

    // Callbacks whose payload is this session.
    git_remote_callbacks callbacks();
    // The remote's URL: ssh host keys are looked up under its host and port.
    void setRemoteUrl(const QString &url) { m_remoteUrl = url; }
    // Why the server's SSH host key was not accepted (known_hosts), empty when it was.
    QString hostKeyRefusal() const { return m_hostKeyRefusal; }

    bool cancelled() const;
    bool authFailed() const { return m_credentials.authFailed(); }
    QStringList triedCredentials() const { return m_credentials.tried(); }
    // References the remote refused, with its reason ("non-fast-forward", "fetch first" …).
    QStringList rejectedReferences() const { return m_rejected; }
    bool rejectedAsNonFastForward() const;
    // Lines the server printed ("remote: …"), redacted.
    QStringList serverMessages() const;
    // `text` with every secret this operation saw replaced by "***".
    QString redact(const QString &text) const;

    void report(GitProgress::Stage stage, qint64 current, qint64 total, qint64 bytes,
                const QString &message);

private:
    static int credentialCallback(git_credential **out, const char *url,
                                  const char *usernameFromUrl, unsigned int allowedTypes,
                                  void *payload);
    static int transferProgress(const git_indexer_progress *stats, void *payload);
    static int pushTransferProgress(unsigned int current, unsigned int total, size_t bytes,
                                    void *payload);
    static int packProgress(int stage, uint32_t current, uint32_t total, void *payload);
    static int sidebandProgress(const char *text, int length, void *payload);
    static int certificateCheck(git_cert *cert, int valid, const char *host, void *payload);
    static int pushUpdateReference(const char *refname, const char *status, void *payload);

    const GitOperationOptions &m_options;
    CredentialProvider m_credentials;
    QStringList m_rejected;
    QString m_remoteUrl;
    QString m_hostKeyRefusal;
    QString m_serverText;
    QElapsedTimer m_throttle;
};

// "12.3 KiB" for progress lines.
QString formatBytes(qint64 bytes);

} // namespace wavesmith::git
