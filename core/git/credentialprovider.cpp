#include "credentialprovider.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QUrl>

namespace wavesmith::git {

namespace {

QString withoutUserInfo(const QString &url) {
    QUrl parsed(url);
    if (!parsed.isValid() || parsed.scheme().isEmpty())
        return url;
    parsed.setUserInfo({});
    return parsed.toString();
}

QString environment(const char *name) {
    return qEnvironmentVariable(name);
}

} // namespace

bool sshKeyIsEncrypted(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = file.readAll();
    if (text.contains("ENCRYPTED"))
        return true; // PEM: "Proc-Type: 4,ENCRYPTED" or PKCS#8 "BEGIN ENCRYPTED PRIVATE KEY"
    const QByteArray begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
    const qsizetype start = text.indexOf(begin);
    if (start < 0)
        return false;
    const qsizetype end = text.indexOf("-----END", start + begin.size());
    const QByteArray body = QByteArray::fromBase64(
        text.mid(start + begin.size(), end - start - begin.size()).simplified().replace(' ', ""));
    // "openssh-key-v1\0", then a length-prefixed cipher name: "none" when not encrypted.
    const QByteArray magic("openssh-key-v1\0", 15);
    if (!body.startsWith(magic) || body.size() < 19)
        return false;
    const auto *p = reinterpret_cast<const unsigned char *>(body.constData()) + 15;
    const quint32 length =
        (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
    return body.mid(19, length) != "none";
}

CredentialProvider::CredentialProvider(const GitOperationOptions &options)
    : m_options(options) {
    // Redact the environment's secrets even if libgit2 never asked for them.
    for (const char *name : {"WAVESMITH_GIT_TOKEN", "GIT_TOKEN", "WAVESMITH_GIT_PASSWORD"}) {
        const QString value = environment(name);
        if (!value.isEmpty())
            m_secrets.append(value);
    }
}

int CredentialProvider::giveUp() {
    m_authFailed = true;
    git_error_set_str(GIT_ERROR_NET, "authentication failed");
    return GIT_EUSER;
}

int CredentialProvider::acquire(git_credential **out, const char *rawUrl,
                                const char *usernameFromUrl, unsigned int allowedTypes) {
    if (m_options.cancel && m_options.cancel->load())
        return GIT_EUSER;
    const QString url = withoutUserInfo(QString::fromUtf8(rawUrl ? rawUrl : ""));
    const QString username = QString::fromUtf8(usernameFromUrl ? usernameFromUrl : "");

    if (allowedTypes & GIT_CREDENTIAL_USERNAME) {
        // ssh asks for the user name alone first when the URL has none.
        const QByteArray user = (username.isEmpty() ? QStringLiteral("git") : username).toUtf8();
        return git_credential_username_new(out, user.constData());
    }
    if (allowedTypes & GIT_CREDENTIAL_SSH_KEY)
        return acquireSsh(out, url, username);
    if (allowedTypes & GIT_CREDENTIAL_USERPASS_PLAINTEXT)
        return acquireUserPassword(out, url, username);
    return giveUp();
}

int CredentialProvider::acquireSsh(git_credential **out, const QString &url,
                                   const QString &username) {
    const QByteArray user = (username.isEmpty() ? QStringLiteral("git") : username).toUtf8();
    // Step 0: the agent; then one step per key file.
    if (m_sshStep == 0) {
        ++m_sshStep;
        if (!environment("SSH_AUTH_SOCK").isEmpty()) {
            m_tried.append(QStringLiteral("ssh-agent"));
            return git_credential_ssh_key_from_agent(out, user.constData());
        }
    }
    const QDir sshDir(QDir::homePath() + QStringLiteral("/.ssh"));
    const QStringList keys = {QStringLiteral("id_ed25519"), QStringLiteral("id_ecdsa"),
                              QStringLiteral("id_rsa")};
    while (m_sshStep - 1 < keys.size()) {
        const QString keyPath = sshDir.filePath(keys.at(m_sshStep - 1));
        ++m_sshStep;
        if (!QFile::exists(keyPath))
            continue;
        QByteArray passphrase;
        if (sshKeyIsEncrypted(keyPath)) {
            if (!m_options.askCredential)
                continue;
            GitCredentialRequest request;
            request.kind = GitCredentialRequest::Kind::SshKeyPassphrase;
            request.url = url;
            request.username = QString::fromUtf8(user);
            request.keyPath = keyPath;
            const std::optional<GitCredential> answer = m_options.askCredential(request);
            if (m_options.cancel && m_options.cancel->load())
                return GIT_EUSER;
            if (!answer)
                continue;
            m_secrets.append(answer->secret);
            passphrase = answer->secret.toUtf8();
        }
        m_tried.append(keyPath);
        const QByteArray privateKey = QFile::encodeName(keyPath);
        const QByteArray publicKey = QFile::encodeName(keyPath + QStringLiteral(".pub"));
        const bool hasPublic = QFile::exists(keyPath + QStringLiteral(".pub"));
        return git_credential_ssh_key_new(
            out, user.constData(), hasPublic ? publicKey.constData() : nullptr,
            privateKey.constData(), passphrase.isEmpty() ? nullptr : passphrase.constData());
    }
    return giveUp();
}

int CredentialProvider::acquireUserPassword(git_credential **out, const QString &url,
                                            const QString &urlUsername) {
    auto hand = [&](const QString &user, const QString &secret, const QString &source) {
        m_tried.append(source);
        m_secrets.append(secret);
        const QByteArray u = user.toUtf8();
        const QByteArray s = secret.toUtf8();
        return git_credential_userpass_plaintext_new(out, u.constData(), s.constData());
    };
    const QString envUser = environment("WAVESMITH_GIT_USERNAME");
    for (;;) {
        const int step = m_userPassStep++;
        switch (step) {
        case 0:
        case 1: {
            const char *name = step == 0 ? "WAVESMITH_GIT_TOKEN" : "GIT_TOKEN";
            const QString token = environment(name);
            if (token.isEmpty())
                break;
            const QString user = !envUser.isEmpty()       ? envUser
                                 : !urlUsername.isEmpty() ? urlUsername
                                                          : QStringLiteral("x-access-token");
            return hand(user, token, QString::fromLatin1(name));
        }
        case 2: {
            const QString password = environment("WAVESMITH_GIT_PASSWORD");
            if (envUser.isEmpty() || password.isEmpty())
                break;
            return hand(envUser, password,
                        QStringLiteral("WAVESMITH_GIT_USERNAME/WAVESMITH_GIT_PASSWORD"));
        }
        case 3: {
            if (!m_options.useGitCredentialHelper)
                break;
            const std::optional<GitCredential> filled = gitCredentialFill(url, urlUsername);
            if (m_options.cancel && m_options.cancel->load())
                return GIT_EUSER;
            if (!filled)
                break;
            return hand(filled->username, filled->secret, QStringLiteral("git credential fill"));
        }
        default: {
            // The callback, up to three times (a mistyped password gets another chance).
            if (!m_options.askCredential || m_askAttempts >= 3)
                return giveUp();
            GitCredentialRequest request;
            request.kind = GitCredentialRequest::Kind::UserPassword;
            request.url = url;
            request.username = !urlUsername.isEmpty() ? urlUsername : envUser;
            request.attempt = ++m_askAttempts;
            const std::optional<GitCredential> answer = m_options.askCredential(request);
            if (m_options.cancel && m_options.cancel->load())
                return GIT_EUSER;
            if (!answer)
                return giveUp();
            return hand(answer->username, answer->secret, QStringLiteral("the password prompt"));
        }
        }
    }
}

std::optional<GitCredential> CredentialProvider::gitCredentialFill(const QString &url,
                                                                   const QString &username) {
    const QString git = QStandardPaths::findExecutable(QStringLiteral("git"));
    if (git.isEmpty())
        return std::nullopt;
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!m_options.allowTerminalPrompt) {
        // Never let git open a terminal or an askpass window behind the GUI's back.
        env.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
        env.remove(QStringLiteral("GIT_ASKPASS"));
        env.remove(QStringLiteral("SSH_ASKPASS"));
    }
    process.setProcessEnvironment(env);
    if (m_options.allowTerminalPrompt)
        process.setInputChannelMode(QProcess::ManagedInputChannel);
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(git, {QStringLiteral("credential"), QStringLiteral("fill")});
    if (!process.waitForStarted(10000))
        return std::nullopt;
    QByteArray input = "url=" + url.toUtf8() + '\n';
    if (!username.isEmpty())
        input += "username=" + username.toUtf8() + '\n';
    input += '\n';
    process.write(input);
    process.closeWriteChannel();
    // A terminal prompt waits for the user; a helper answers at once.
    const int timeout = m_options.allowTerminalPrompt ? 300000 : 30000;
    if (!process.waitForFinished(timeout)) {
        process.kill();
        process.waitForFinished(1000);
        return std::nullopt;
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return std::nullopt;
    GitCredential credential;
    const QList<QByteArray> lines = process.readAllStandardOutput().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("username="))
            credential.username = QString::fromUtf8(line.mid(9));
        else if (line.startsWith("password="))
            credential.secret = QString::fromUtf8(line.mid(9));
    }
    if (credential.secret.isEmpty())
        return std::nullopt;
    return credential;
}

} // namespace wavesmith::git
