#include "knownhosts.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QMessageAuthenticationCode>
#include <QUrl>

#include <utility>

namespace wavesmith::git {

namespace {

// OpenSSH's match_pattern: '*' any run, '?' one character; the name is already lower case.
bool globMatch(QStringView pattern, QStringView name) {
    while (!pattern.isEmpty()) {
        const QChar p = pattern.front();
        if (p == QLatin1Char('*')) {
            pattern = pattern.mid(1);
            if (pattern.isEmpty())
                return true;
            for (qsizetype i = 0; i <= name.size(); ++i) {
                if (globMatch(pattern, name.mid(i)))
                    return true;
            }
            return false;
        }
        if (name.isEmpty())
            return false;
        if (p != QLatin1Char('?') && p.toLower() != name.front())
            return false;
        pattern = pattern.mid(1);
        name = name.mid(1);
    }
    return name.isEmpty();
}

// "|1|base64(salt)|base64(HMAC-SHA1(salt, name))", as `ssh-keygen -H` writes it.
bool hashedMatch(const QString &pattern, const QString &name) {
    const QStringList parts = pattern.split(QLatin1Char('|'));
    if (parts.size() != 4 || !parts.at(0).isEmpty() || parts.at(1) != QLatin1String("1"))
        return false;
    const QByteArray salt = QByteArray::fromBase64(parts.at(2).toLatin1());
    const QByteArray hash = QByteArray::fromBase64(parts.at(3).toLatin1());
    return !salt.isEmpty() &&
           QMessageAuthenticationCode::hash(name.toUtf8(), salt, QCryptographicHash::Sha1) == hash;
}

QString homeSsh(const char *file) {
    return QDir::homePath() + QStringLiteral("/.ssh/") + QLatin1String(file);
}

QString scanCommand(const QString &host, int port, const QByteArray &keyType) {
    QString type = QString::fromLatin1(keyType);
    if (type.startsWith(QLatin1String("ssh-")))
        type = type.mid(4); // ssh-keyscan -t takes "ed25519", "rsa"
    else if (type.startsWith(QLatin1String("ecdsa-")))
        type = QStringLiteral("ecdsa");
    QString command = QStringLiteral("ssh-keyscan");
    if (!type.isEmpty())
        command += QStringLiteral(" -t ") + type;
    if (port != 22)
        command += QStringLiteral(" -p %1").arg(port);
    return command + QStringLiteral(" %1 >> ~/.ssh/known_hosts").arg(host);
}

} // namespace

QStringList KnownHosts::defaultFiles() {
    return {homeSsh("known_hosts"), homeSsh("known_hosts2"),
            QStringLiteral("/etc/ssh/ssh_known_hosts"),
            QStringLiteral("/etc/ssh/ssh_known_hosts2")};
}

KnownHosts KnownHosts::load(const QStringList &files) {
    KnownHosts hosts;
    for (const QString &path : files) {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            hosts.addText(file.readAll(), path);
    }
    return hosts;
}

void KnownHosts::addText(const QByteArray &text, const QString &file) {
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        QList<QByteArray> fields = line.simplified().split(' ');
        Entry entry;
        entry.file = file;
        entry.line = int(i) + 1;
        if (fields.first().startsWith('@')) {
            if (fields.first() == "@cert-authority")
                continue; // a CA key signs host certificates; it is never a host key itself
            if (fields.first() != "@revoked")
                continue; // an unknown marker: OpenSSH skips the line too
            entry.revoked = true;
            fields.removeFirst();
        }
        if (fields.size() < 3)
            continue;
        entry.keyType = fields.at(1);
        entry.key = QByteArray::fromBase64(fields.at(2));
        // A blob that does not say it is of the type the line claims is a damaged line.
        if (entry.key.isEmpty() || sshKeyType(entry.key) != entry.keyType)
            continue;
        entry.patterns = QString::fromUtf8(fields.at(0)).split(QLatin1Char(','));
        m_entries.append(std::move(entry));
    }
}

bool KnownHosts::matchesHost(const Entry &entry, const QString &name) {
    bool matched = false;
    for (const QString &pattern : entry.patterns) {
        if (pattern.startsWith(QLatin1Char('|'))) {
            matched = matched || hashedMatch(pattern, name);
        } else if (pattern.startsWith(QLatin1Char('!'))) {
            if (globMatch(QStringView(pattern).mid(1), name))
                return false; // a negated match wins over every positive one
        } else if (globMatch(pattern, name)) {
            matched = true;
        }
    }
    return matched;
}

HostKeyVerdict KnownHosts::verify(const QString &host, int port, const QByteArray &keyBlob) const {
    const QString name = knownHostsName(host, port);
    const QByteArray type = sshKeyType(keyBlob);
    // A revoked key is refused whichever host it is listed for.
    for (const Entry &entry : m_entries) {
        if (entry.revoked && entry.key == keyBlob)
            return {HostKeyVerdict::Kind::Revoked, entry.file, entry.line};
    }
    const Entry *changed = nullptr;
    for (const Entry &entry : m_entries) {
        if (entry.revoked || !matchesHost(entry, name))
            continue;
        if (entry.key == keyBlob)
            return {HostKeyVerdict::Kind::Known, entry.file, entry.line};
        if (entry.keyType == type && !changed)
            changed = &entry;
    }
    if (changed)
        return {HostKeyVerdict::Kind::Changed, changed->file, changed->line};
    return {};
}

QByteArray sshKeyType(const QByteArray &keyBlob) {
    if (keyBlob.size() < 4)
        return {};
    const auto *bytes = reinterpret_cast<const unsigned char *>(keyBlob.constData());
    const quint32 length = (quint32(bytes[0]) << 24) | (quint32(bytes[1]) << 16) |
                           (quint32(bytes[2]) << 8) | quint32(bytes[3]);
    if (length == 0 || length > 64 || qsizetype(length) > keyBlob.size() - 4)
        return {};
    return keyBlob.mid(4, qsizetype(length));
}

QString sshKeyFingerprint(const QByteArray &keyBlob) {
    const QByteArray digest = QCryptographicHash::hash(keyBlob, QCryptographicHash::Sha256);
    return QStringLiteral("SHA256:") +
           QString::fromLatin1(digest.toBase64(QByteArray::OmitTrailingEquals));
}

QString knownHostsName(const QString &host, int port) {
    const QString lower = host.toLower();
    return port == 22 || port <= 0 ? lower : QStringLiteral("[%1]:%2").arg(lower).arg(port);
}

std::pair<QString, int> sshHostAndPort(const QString &url) {
    if (url.contains(QLatin1String("://"))) {
        const QUrl parsed(url);
        const QString scheme = parsed.scheme();
        if (scheme != QLatin1String("ssh") && scheme != QLatin1String("ssh+git") &&
            scheme != QLatin1String("git+ssh"))
            return {QString(), 22};
        return {parsed.host(), parsed.port(22)};
    }
    // scp-like: [user@]host:path (a ':' before any '/').
    const qsizetype colon = url.indexOf(QLatin1Char(':'));
    const qsizetype slash = url.indexOf(QLatin1Char('/'));
    if (colon <= 0 || (slash >= 0 && slash < colon))
        return {QString(), 22};
    QString host = url.left(colon);
    const qsizetype at = host.lastIndexOf(QLatin1Char('@'));
    if (at >= 0)
        host = host.mid(at + 1);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    return {host, 22};
}

QString hostKeyRefusal(const HostKeyVerdict &verdict, const QString &host, int port,
                       const QByteArray &keyBlob) {
    const QByteArray type = sshKeyType(keyBlob);
    const QString offered =
        QStringLiteral("%1 key %2")
            .arg(type.isEmpty() ? QStringLiteral("unknown") : QString::fromLatin1(type),
                 sshKeyFingerprint(keyBlob));
    const QString name = knownHostsName(host, port);
    switch (verdict.kind) {
    case HostKeyVerdict::Kind::Known:
        return {};
    case HostKeyVerdict::Kind::Unknown:
        return QStringLiteral(
                   "the SSH host %1 is not in your known_hosts (it offered the %2), and "
                   "Wavesmith never accepts an unknown host key. If this is the right server "
                   "(compare the fingerprint with what its owner publishes), add its key with "
                   "`%3` or by connecting once with `ssh`, then try again.")
            .arg(name, offered, scanCommand(host, port, type));
    case HostKeyVerdict::Kind::Changed:
        return QStringLiteral(
                   "the SSH host key of %1 has CHANGED: %2:%3 holds a different key than the "
                   "%4 the server offered. Someone may be intercepting the connection, or the "
                   "server was reinstalled; refusing to connect. If the change is expected, "
                   "remove the old key with `ssh-keygen -R %5` and add the new one with `%6`.")
            .arg(name, verdict.file)
            .arg(verdict.line)
            .arg(offered, name, scanCommand(host, port, type));
    case HostKeyVerdict::Kind::Revoked:
        return QStringLiteral("the SSH host key of %1 (%2) is marked @revoked in %3:%4; refusing "
                              "to connect.")
            .arg(name, offered, verdict.file)
            .arg(verdict.line);
    }
    return {};
}

} // namespace wavesmith::git
