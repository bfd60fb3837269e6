#pragma once

#include <wavesmith/result.h>

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace wavesmith {

// kubeconfig loading with client-go's semantics (clientcmd): $KUBECONFIG merging, contexts,
// namespaces, relative paths, and the errors client-go gives for contradictory entries.
//
//   KubeconfigLoadOptions options;                // empty files: $KUBECONFIG or ~/.kube/config
//   options.files = {QStringLiteral("/path/kubeconfig")}; // like --kubeconfig (no merging)
//   options.context = QStringLiteral("admin");             // like --context
//   const Result<ClientConfig> config = loadClientConfig(options);
//   if (!config) fail(config.error().toString());   // names the file and the entry
//   auto *client = new KubeClient(config.value(), this);   // see kubeclient.h
//
// Nothing here logs or prints a secret; pass any text shown to a user through
// redactSecrets() when it may contain one.

// Where the kubeconfig comes from and what the command line overrides.
struct KubeconfigLoadOptions {
    // Explicit files (the --kubeconfig flag): each must exist, and with more than one they are
    // merged in order. Empty: the files of `kubeconfigEnv` (or $KUBECONFIG) split on ':',
    // missing ones skipped, else ~/.kube/config (an absent file gives an empty config).
    QStringList files;
    // Replaces $KUBECONFIG when set (tests, the GUI's own setting).
    std::optional<QString> kubeconfigEnv;
    // Replaces $HOME for ~/.kube/config and the exec plugin search folders when not empty.
    QString homeDir;
    // Overrides current-context (--context). A missing named context is an error.
    QString context;
    // Overrides the context's namespace (--namespace).
    QString namespaceOverride;
};

// One environment variable an exec plugin gets in addition to ours.
struct KubeExecEnvVar {
    QString name;
    QString value;
};

// users[].user.exec: a credential plugin (client.authentication.k8s.io/v1 or v1beta1).
struct KubeExecConfig {
    QString apiVersion;
    // As written; resolved against `baseDir` when it contains '/', else searched in PATH and the
    // usual user bin folders at run time (see KubeClient).
    QString command;
    QStringList args;
    QList<KubeExecEnvVar> env;
    QString installHint;
    bool provideClusterInfo = false;
    QString interactiveMode; // Never, IfAvailable, Always
    // The folder of the kubeconfig file that defined the user.
    QString baseDir;
    // The cluster's extension client.authentication.k8s.io/exec, passed as spec.cluster.config.
    QJsonObject clusterConfig;
    // Home folder for the user bin folders searched (KubeconfigLoadOptions::homeDir; empty:
    // $HOME).
    QString homeDir;
};

// Everything a client needs to talk to one cluster as one user, resolved from one context.
// File references are already read (CA, client certificate and key) except tokenFile, which
// the client re-reads while it runs.
struct ClientConfig {
    QString contextName;
    QString clusterName;
    QString userName;
    // The file that defined the context (for messages).
    QString sourceFile;

    QString server;                      // e.g. https://127.0.0.1:6443/prefix (path prefix kept)
    QByteArray certificateAuthorityData; // PEM; empty: the system roots
    bool insecureSkipTlsVerify = false;  // the UI shows a warning when set
    QString tlsServerName;               // SNI and verification name
    QString proxyUrl;                    // http, https or socks5; empty: environment proxies
    bool disableCompression = false;

    QByteArray clientCertificateData; // PEM
    QByteArray clientKeyData;         // PEM
    QString token;
    QString tokenFile; // absolute; wins over token, re-read about once a minute
    QString username;
    QString password;

    QString impersonateUser;
    QString impersonateUid;
    QStringList impersonateGroups;
    QMap<QString, QStringList> impersonateExtra;

    std::optional<KubeExecConfig> exec;

    // The context's namespace, the override, or "default".
    QString namespaceName = QStringLiteral("default");

    // Warnings a UI should show (e.g. TLS verification disabled). No secrets.
    QStringList warnings() const;
};

// One context of the merged kubeconfig, for a picker. No secrets.
struct KubeContextInfo {
    QString name;
    QString cluster;
    QString server;
    QString user;
    QString namespaceName; // as written in the context (may be empty)
    bool current = false;
};

// Loads and resolves one context. Errors name the kubeconfig file and the entry.
Result<ClientConfig> loadClientConfig(const KubeconfigLoadOptions &options);

// Every context of the merged kubeconfig, sorted by name, `current` marking current-context
// (or options.context when set). On error returns an empty list and sets `error`.
QList<KubeContextInfo> listContexts(const KubeconfigLoadOptions &options, QString *error = nullptr);

// The kubeconfig files that `options` reads, in merge order (existing files only).
QStringList kubeconfigFiles(const KubeconfigLoadOptions &options);

// `text` with every secret of `config` (token, token file content, password, key,
// exec-supplied credentials known to the caller as `extraSecrets`) replaced by "[redacted]".
QString redactSecrets(QString text, const ClientConfig &config,
                      const QStringList &extraSecrets = {});

} // namespace wavesmith
