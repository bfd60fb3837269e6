#pragma once

#include <wavesmith/result.h>

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>

class QProcess;
class QTimer;

namespace wavesmith {

struct ClientConfig;
struct KubeExecConfig;

// What an exec credential plugin printed (status of an ExecCredential).
struct ExecCredential {
    QString token;
    QByteArray clientCertificate; // PEM
    QByteArray clientKey;         // PEM
    QDateTime expiresAt;          // invalid: no expiry given

    bool isExpired(const QDateTime &now) const { return expiresAt.isValid() && now >= expiresAt; }
};

// Where a plugin command was found, and every place looked at (for the "not found" message).
struct ExecutableLookup {
    QString path; // empty: not found
    QStringList searched;
};

// The folders a desktop session's PATH often lacks, where credential plugins get installed
// (pip/pipx, go install, krew, Homebrew, snap, the gcloud SDK).
QStringList userBinFolders(const QString &home);

// A command with a '/' resolves against the kubeconfig's folder; a bare name is looked up in
// PATH, then in userBinFolders().
ExecutableLookup findExecPlugin(const KubeExecConfig &exec, const QString &pathVariable);

// The KUBERNETES_EXEC_INFO value client-go gives the plugin (never interactive here).
QByteArray execInfo(const ClientConfig &config);

// Reads the plugin's stdout: an ExecCredential of the configured apiVersion.
Result<ExecCredential> parseExecCredential(const QByteArray &output, const QString &apiVersion);

// Runs the exec plugin of `config` with QProcess, asynchronously; one run at a time.
// Deleting the runner kills a running plugin.
class ExecPluginRunner : public QObject {
    Q_OBJECT

public:
    using Callback = std::function<void(const Result<ExecCredential> &)>;

    ExecPluginRunner(const ClientConfig &config, QObject *parent = nullptr);
    ~ExecPluginRunner() override;

    // Starts the plugin unless it runs already; `done` is called once with the credential or
    // an error that says what failed (never the credential itself).
    void run(Callback done);
    bool isRunning() const { return m_process != nullptr; }
    int runCount() const { return m_runCount; }

    static constexpr int timeoutMs = 60000; // a non-interactive plugin that hangs must not hang us

private:
    void finish(const Result<ExecCredential> &result);

    const ClientConfig &m_config;
    std::unique_ptr<QProcess> m_process;
    QTimer *m_timer = nullptr;
    QList<Callback> m_waiting;
    int m_runCount = 0;
};

} // namespace wavesmith
