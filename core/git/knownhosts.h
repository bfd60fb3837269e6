#pragma once

// SSH host key verification against OpenSSH's known_hosts files, so a push over ssh never talks
// to a server whose key the user has not accepted with ssh itself. Plain, wildcard, negated,
// "[host]:port" and hashed ("|1|salt|hash") host patterns are understood, as is @revoked;
// @cert-authority lines are skipped (libssh2 cannot check host certificates). Nothing is ever
// written: the user adds keys with ssh-keyscan or by connecting once with ssh.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

namespace wavesmith::git {

struct HostKeyVerdict {
    enum class Kind {
        Known,   // an entry for the host holds exactly this key
        Unknown, // no entry for the host with a key of this type
        Changed, // the host is known with a different key of the same type
        Revoked, // the key is marked @revoked
    };
    Kind kind = Kind::Unknown;
    // The entry that matched, changed or revoked ("" / 0 for Unknown).
    QString file;
    int line = 0;
};

class KnownHosts {
public:
    // ~/.ssh/known_hosts, ~/.ssh/known_hosts2, /etc/ssh/ssh_known_hosts and ssh_known_hosts2:
    // the files OpenSSH reads by default.
    static QStringList defaultFiles();
    // Reads `files`; missing or unreadable ones count as empty.
    static KnownHosts load(const QStringList &files);
    // Adds the lines of one file (for tests and load()).
    void addText(const QByteArray &text, const QString &file);

    // Verifies `keyBlob`, the server's public key in SSH wire format (the base64-decoded
    // middle field of a known_hosts line), for `host` on `port`.
    HostKeyVerdict verify(const QString &host, int port, const QByteArray &keyBlob) const;

    int entryCount() const { return int(m_entries.size()); }

private:
    struct Entry {
        QStringList patterns; // comma-separated host patterns, or one "|1|…" hashed name
        bool revoked = false;
        QByteArray keyType; // "ssh-ed25519"
        QByteArray key;     // wire-format blob
        QString file;
        int line = 0;
    };
    static bool matchesHost(const Entry &entry, const QString &name);
    QList<Entry> m_entries;
};

// "ssh-ed25519" from a wire-format key blob; empty when the blob is malformed.
QByteArray sshKeyType(const QByteArray &keyBlob);
// "SHA256:…" as ssh-keygen -l prints it (unpadded base64).
QString sshKeyFingerprint(const QByteArray &keyBlob);
// The name OpenSSH looks a host up under: "host" on port 22, else "[host]:port"; lower case.
QString knownHostsName(const QString &host, int port);
// Host and port of an ssh remote URL (ssh://user@host:2222/path or scp-like user@host:path);
// port 22 when none is given, host empty when `url` is not an ssh URL.
std::pair<QString, int> sshHostAndPort(const QString &url);

// The error for a host key that is not accepted: names the host, the key's fingerprint, where
// a conflicting entry is, and the ssh-keyscan / ssh-keygen -R commands that fix it.
QString hostKeyRefusal(const HostKeyVerdict &verdict, const QString &host, int port,
                       const QByteArray &keyBlob);

} // namespace wavesmith::git
