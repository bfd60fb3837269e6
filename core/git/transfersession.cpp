#include "transfersession.h"

#include "knownhosts.h"

#include <QRegularExpression>

namespace wavesmith::git {

QString formatBytes(qint64 bytes) {
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KiB").arg(double(bytes) / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 MiB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
}

TransferSession::TransferSession(const GitOperationOptions &options)
    : m_options(options)
    , m_credentials(options) {
    m_throttle.start();
}

git_remote_callbacks TransferSession::callbacks() {
    git_remote_callbacks callbacks = GIT_REMOTE_CALLBACKS_INIT;
    callbacks.credentials = &TransferSession::credentialCallback;
    callbacks.transfer_progress = &TransferSession::transferProgress;
    callbacks.push_transfer_progress = &TransferSession::pushTransferProgress;
    callbacks.pack_progress = &TransferSession::packProgress;
    callbacks.sideband_progress = &TransferSession::sidebandProgress;
    callbacks.push_update_reference = &TransferSession::pushUpdateReference;
    callbacks.certificate_check = &TransferSession::certificateCheck;
    callbacks.payload = this;
    return callbacks;
}

bool TransferSession::cancelled() const {
    return m_options.cancel && m_options.cancel->load();
}

bool TransferSession::rejectedAsNonFastForward() const {
    for (const QString &rejection : m_rejected) {
        if (rejection.contains(QStringLiteral("non-fast-forward")) ||
            rejection.contains(QStringLiteral("fetch first")) ||
            rejection.contains(QStringLiteral("not present locally")))
            return true;
    }
    return false;
}

QStringList TransferSession::serverMessages() const {
    QStringList lines;
    const QStringList raw =
        m_serverText.split(QRegularExpression(QStringLiteral("[\r\n]+")), Qt::SkipEmptyParts);
    for (const QString &line : raw)
        lines.append(redact(line.trimmed()));
    return lines;
}

QString TransferSession::redact(const QString &text) const {
    return redactSecrets(text, m_credentials.secrets());
}

void TransferSession::report(GitProgress::Stage stage, qint64 current, qint64 total, qint64 bytes,
                             const QString &message) {
    if (!m_options.progress)
        return;
    // At most ~20 updates a second, but always the last one of a stage.
    const bool last = total >= 0 && current >= total;
    if (!last && m_throttle.elapsed() < 50)
        return;
    m_throttle.restart();
    GitProgress progress;
    progress.stage = stage;
    progress.current = current;
    progress.total = total;
    progress.bytes = bytes;
    progress.message = message;
    m_options.progress(progress);
}

int TransferSession::credentialCallback(git_credential **out, const char *url,
                                        const char *usernameFromUrl, unsigned int allowedTypes,
                                        void *payload) {
    auto *self = static_cast<TransferSession *>(payload);
    return self->m_credentials.acquire(out, url, usernameFromUrl, allowedTypes);
}

int TransferSession::transferProgress(const git_indexer_progress *stats, void *payload) {
    auto *self = static_cast<TransferSession *>(payload);
    if (self->cancelled())
        return GIT_EUSER;
    if (stats->total_objects > 0 && stats->received_objects < stats->total_objects) {
        self->report(GitProgress::Stage::Receiving, stats->received_objects, stats->total_objects,
                     qint64(stats->received_bytes),
                     QStringLiteral("Receiving objects: %1/%2, %3")
                         .arg(stats->received_objects)
                         .arg(stats->total_objects)
                         .arg(formatBytes(qint64(stats->received_bytes))));
    } else if (stats->total_deltas > 0) {
        self->report(GitProgress::Stage::Resolving, stats->indexed_deltas, stats->total_deltas,
                     qint64(stats->received_bytes),
                     QStringLiteral("Resolving deltas: %1/%2")
                         .arg(stats->indexed_deltas)
                         .arg(stats->total_deltas));
    }
    return 0;
}

int TransferSession::pushTransferProgress(unsigned int current, unsigned int total, size_t bytes,
                                          void *payload) {
    auto *self = static_cast<TransferSession *>(payload);
    if (self->cancelled())
        return GIT_EUSER;
    self->report(GitProgress::Stage::Sending, current, total, qint64(bytes),
                 QStringLiteral("Sending objects: %1/%2, %3")
                     .arg(current)
                     .arg(total)
                     .arg(formatBytes(qint64(bytes))));
    return 0;
}

int TransferSession::packProgress(int stage, uint32_t current, uint32_t total, void *payload) {
    auto *self = static_cast<TransferSession *>(payload);
    if (self->cancelled())
        return GIT_EUSER;
    if (stage == GIT_PACKBUILDER_ADDING_OBJECTS)
        self->report(GitProgress::Stage::Counting, current, -1, -1,
                     QStringLiteral("Counting objects: %1").arg(current));
    else
        self->report(GitProgress::Stage::Compressing, current, total, -1,
                     QStringLiteral("Compressing objects: %1/%2").arg(current).arg(total));
    return 0;
}

int TransferSession::sidebandProgress(const char *text, int length, void *payload) {
    auto *self = static_cast<TransferSession *>(payload);
    if (self->cancelled())
        return GIT_EUSER;
    // Keep a bounded amount of what the server says for error messages.
    if (self->m_serverText.size() < 16384)
        self->m_serverText += QString::fromUtf8(text, length);
    return 0;
}

int TransferSession::certificateCheck(git_cert *cert, int valid, const char *host, void *payload) {
    Q_UNUSED(valid); // libgit2's own known_hosts look-up; ours decides, with a better message
    // TLS certificates stay with libgit2's verification.
    if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2)
        return GIT_PASSTHROUGH;
    auto *self = static_cast<TransferSession *>(payload);
    const auto *hostKey = reinterpret_cast<const git_cert_hostkey *>(cert);
    const QString hostName = QString::fromUtf8(host ? host : "");
    auto [urlHost, port] = sshHostAndPort(self->m_remoteUrl);
    if (urlHost.compare(hostName, Qt::CaseInsensitive) != 0)
        port = 22;
    if (!(hostKey->type & GIT_CERT_SSH_RAW) || !hostKey->hostkey) {
        self->m_hostKeyRefusal =
            QStringLiteral("the SSH host %1 did not hand over its key, so it cannot be checked "
                           "against known_hosts; refusing to connect.")
                .arg(knownHostsName(hostName, port));
    } else {
        const QByteArray blob(hostKey->hostkey, qsizetype(hostKey->hostkey_len));
        const HostKeyVerdict verdict =
            KnownHosts::load(KnownHosts::defaultFiles()).verify(hostName, port, blob);
        if (verdict.kind == HostKeyVerdict::Kind::Known)
            return 0;
        self->m_hostKeyRefusal = git::hostKeyRefusal(verdict, hostName, port, blob);
    }
    const QByteArray message = self->m_hostKeyRefusal.toUtf8();
    git_error_set_str(GIT_ERROR_SSH, message.constData());
    return GIT_ECERTIFICATE;
}

int TransferSession::pushUpdateReference(const char *refname, const char *status, void *payload) {
    auto *self = static_cast<TransferSession *>(payload);
    if (status) {
        self->m_rejected.append(
            QStringLiteral("%1 (%2)").arg(QString::fromUtf8(refname), QString::fromUtf8(status)));
    }
    return 0;
}

} // namespace wavesmith::git
