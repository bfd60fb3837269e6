#pragma once

#include <wavesmith/git.h>

#include <git2.h>

#include <QStringList>

namespace wavesmith::git {

// Answers libgit2's credential requests for one network operation, trying in order: for ssh,
// the ssh-agent and then ~/.ssh keys (asking for a passphrase through the options' callback);
// for https, a token or user/password from the environment, `git credential fill`, and then
// the callback. libgit2 asks again only after a rejection, so each call moves to the next
// source. Nothing is stored beyond the operation; every secret handed out is remembered so
// error messages can be redacted.
class CredentialProvider {
public:
    explicit CredentialProvider(const GitOperationOptions &options);

    // The git_credential_acquire_cb body. Returns 0 with *out set, or GIT_EUSER when every
    // source was tried (authFailed() is then true) or the operation was cancelled.
    int acquire(git_credential **out, const char *url, const char *usernameFromUrl,
                unsigned int allowedTypes);

    bool authFailed() const { return m_authFailed; }
    // Every secret handed to libgit2 so far (and the environment's), for redactSecrets().
    QStringList secrets() const { return m_secrets; }
    // Human names of the sources tried, e.g. "WAVESMITH_GIT_TOKEN", "git credential fill".
    QStringList tried() const { return m_tried; }

private:
    int acquireSsh(git_credential **out, const QString &url, const QString &username);
    int acquireUserPassword(git_credential **out, const QString &url, const QString &username);
    std::optional<GitCredential> gitCredentialFill(const QString &url, const QString &username);
    int giveUp();

    const GitOperationOptions &m_options;
    int m_sshStep = 0;
    int m_userPassStep = 0;
    int m_askAttempts = 0;
    bool m_authFailed = false;
    QStringList m_secrets;
    QStringList m_tried;
};

// True when the private key at `path` is protected by a passphrase (PEM or OpenSSH format).
bool sshKeyIsEncrypted(const QString &path);

} // namespace wavesmith::git
