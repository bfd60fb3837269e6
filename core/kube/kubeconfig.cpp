// Resolves one context of the merged kubeconfig into a ClientConfig, with client-go's
// validation (clientcmd/validation.go) and its wording where users may search for it.

#include <wavesmith/kubeconfig.h>

#include "kubeconfigfiles.h"
#include "kubetls.h"
#include "sim/yamljson.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QUrl>

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace wavesmith {

namespace {

int lineOf(const YAML::Node &node) {
    return node && node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
}

// Reads the fields of one entry, remembering the first type error so a caller can report it
// with the entry's file and line.
class EntryReader {
public:
    EntryReader(const KubeconfigEntry &entry, QString what)
        : m_entry(entry)
        , m_what(std::move(what)) {}

    const KubeconfigEntry &entry() const { return m_entry; }

    QString text(const char *key) {
        const YAML::Node node = field(key);
        if (!node || node.IsNull())
            return {};
        if (!node.IsScalar()) {
            fail(node, QStringLiteral("%1 must be a string").arg(QLatin1String(key)));
            return {};
        }
        return QString::fromStdString(node.Scalar());
    }

    bool flag(const char *key) {
        const QString value = text(key);
        // YAML 1.1 booleans, as go-yaml v2 (sigs.k8s.io/yaml) reads them.
        static const QStringList trues = {
            QStringLiteral("true"), QStringLiteral("True"), QStringLiteral("TRUE"),
            QStringLiteral("yes"),  QStringLiteral("Yes"),  QStringLiteral("YES"),
            QStringLiteral("on"),   QStringLiteral("On"),   QStringLiteral("ON")};
        static const QStringList falses = {QString(),
                                           QStringLiteral("false"),
                                           QStringLiteral("False"),
                                           QStringLiteral("FALSE"),
                                           QStringLiteral("no"),
                                           QStringLiteral("No"),
                                           QStringLiteral("NO"),
                                           QStringLiteral("off"),
                                           QStringLiteral("Off"),
                                           QStringLiteral("OFF")};
        if (trues.contains(value))
            return true;
        if (!falses.contains(value))
            fail(field(key), QStringLiteral("%1 must be true or false").arg(QLatin1String(key)));
        return false;
    }

    QStringList texts(const char *key) {
        const YAML::Node node = field(key);
        QStringList result;
        if (!node || node.IsNull())
            return result;
        if (!node.IsSequence()) {
            fail(node, QStringLiteral("%1 must be a list of strings").arg(QLatin1String(key)));
            return result;
        }
        for (const YAML::Node &item : node) {
            if (!item.IsScalar()) {
                fail(item, QStringLiteral("%1 must be a list of strings").arg(QLatin1String(key)));
                return {};
            }
            result << QString::fromStdString(item.Scalar());
        }
        return result;
    }

    // Base64 data fields (certificate-authority-data, client-key-data, …).
    QByteArray data(const char *key) {
        const QString value = text(key);
        if (value.isEmpty())
            return {};
        const auto decoded = QByteArray::fromBase64Encoding(
            value.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            fail(field(key), QStringLiteral("%1 is not valid base64").arg(QLatin1String(key)));
            return {};
        }
        return *decoded;
    }

    YAML::Node field(const char *key) const {
        const YAML::Node body = m_entry.body;
        return body && body.IsMap() ? body[key] : YAML::Node();
    }

    // A path relative to the folder of the file that defined the entry.
    QString path(const char *key) {
        const QString value = text(key);
        if (value.isEmpty() || QDir::isAbsolutePath(value))
            return value;
        return QDir::cleanPath(QFileInfo(m_entry.file).absolutePath() + QLatin1Char('/') + value);
    }

    QByteArray readFile(const char *key, const QString &path) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            fail(field(key), QStringLiteral("unable to read %1 %2 for %3 due to %4")
                                 .arg(QLatin1String(key), path, m_what, file.errorString()));
            return {};
        }
        return file.readAll();
    }

    void fail(const YAML::Node &node, const QString &message) {
        if (m_error)
            return;
        const int line = lineOf(node);
        m_error = Error{m_entry.file, line > 0 ? line : m_entry.line,
                        QStringLiteral("%1: %2").arg(m_what, message)};
    }
    // An error about the entry as a whole (contradictory fields): client-go's wording.
    void failEntry(const QString &message) {
        if (!m_error)
            m_error = Error{m_entry.file, m_entry.line, message};
    }

    const std::optional<Error> &error() const { return m_error; }

private:
    const KubeconfigEntry &m_entry;
    QString m_what;
    std::optional<Error> m_error;
};

QString quoted(const QString &name) {
    return QLatin1Char('"') + name + QLatin1Char('"');
}

Status readCluster(const QString &name, const KubeconfigEntry &entry, ClientConfig *config,
                   QJsonObject *execClusterConfig) {
    EntryReader reader(entry, QStringLiteral("cluster ") + quoted(name));
    config->server = reader.text("server");
    const QString caFile = reader.path("certificate-authority");
    QByteArray caData = reader.data("certificate-authority-data");
    config->insecureSkipTlsVerify = reader.flag("insecure-skip-tls-verify");
    config->tlsServerName = reader.text("tls-server-name");
    config->proxyUrl = reader.text("proxy-url");
    config->disableCompression = reader.flag("disable-compression");
    if (reader.error())
        return *reader.error();

    if (config->server.isEmpty())
        reader.failEntry(QStringLiteral("no server found for cluster %1").arg(quoted(name)));
    const QUrl server(config->server);
    if (!config->server.isEmpty() &&
        (!server.isValid() || server.host().isEmpty() ||
         (server.scheme() != QLatin1String("https") && server.scheme() != QLatin1String("http"))))
        reader.fail(reader.field("server"),
                    QStringLiteral("server %1 is not an http(s) URL").arg(config->server));
    if (!caFile.isEmpty() && !caData.isEmpty())
        reader.failEntry(QStringLiteral("certificate-authority-data and certificate-authority are "
                                        "both specified for %1. certificate-authority-data will "
                                        "override.")
                             .arg(name));
    if (!caFile.isEmpty() && caData.isEmpty())
        caData = reader.readFile("certificate-authority", caFile);
    if ((!caFile.isEmpty() || !caData.isEmpty()) && config->insecureSkipTlsVerify)
        reader.failEntry(QStringLiteral("cluster %1: specifying a root certificates file with the "
                                        "insecure flag is not allowed")
                             .arg(quoted(name)));
    if (!caData.isEmpty() && !reader.error() && parseCertificates(caData).isEmpty())
        reader.fail(
            reader.field(caFile.isEmpty() ? "certificate-authority-data" : "certificate-authority"),
            QStringLiteral("unable to load root certificates: unable to parse bytes as "
                           "PEM block"));
    config->certificateAuthorityData = caData;
    if (!config->proxyUrl.isEmpty()) {
        const QUrl proxy(config->proxyUrl);
        const QString scheme = proxy.scheme();
        if (!proxy.isValid() || proxy.host().isEmpty())
            reader.fail(reader.field("proxy-url"),
                        QStringLiteral("error parsing proxy-url %1").arg(config->proxyUrl));
        else if (scheme != QLatin1String("http") && scheme != QLatin1String("https") &&
                 scheme != QLatin1String("socks5"))
            reader.fail(reader.field("proxy-url"),
                        QStringLiteral("unsupported scheme \"%1\" in proxy-url, must be http, "
                                       "https, or socks5")
                            .arg(scheme));
    }
    // The exec plugin's spec.cluster.config (provideClusterInfo).
    const YAML::Node extensions = entry.extensions;
    if (extensions && extensions.IsSequence()) {
        for (const YAML::Node &extension : extensions) {
            if (extension.IsMap() && extension["name"] && extension["name"].IsScalar() &&
                extension["name"].Scalar() == "client.authentication.k8s.io/exec") {
                *execClusterConfig = yamlToJson(extension["extension"]).toObject();
            }
        }
    }
    if (reader.error())
        return *reader.error();
    return success();
}

Status readExec(const QString &name, EntryReader &reader, const QJsonObject &clusterConfig,
                ClientConfig *config) {
    const YAML::Node exec = reader.field("exec");
    if (!exec || exec.IsNull())
        return success();
    KubeconfigEntry execEntry{exec, {}, reader.entry().file, lineOf(exec)};
    EntryReader spec(execEntry, QStringLiteral("user ") + quoted(name));
    KubeExecConfig plugin;
    plugin.clusterConfig = clusterConfig;
    plugin.apiVersion = spec.text("apiVersion");
    plugin.command = spec.text("command");
    plugin.args = spec.texts("args");
    plugin.installHint = spec.text("installHint");
    plugin.provideClusterInfo = spec.flag("provideClusterInfo");
    plugin.interactiveMode = spec.text("interactiveMode");
    plugin.baseDir = QFileInfo(reader.entry().file).absolutePath();
    const YAML::Node env = spec.field("env");
    if (env && !env.IsNull()) {
        if (!env.IsSequence())
            spec.fail(env, QStringLiteral("exec env must be a list of {name, value}"));
        else {
            for (const YAML::Node &item : env) {
                KubeconfigEntry itemEntry{item, {}, execEntry.file, lineOf(item)};
                EntryReader variable(itemEntry, QStringLiteral("user ") + quoted(name));
                const KubeExecEnvVar var{variable.text("name"), variable.text("value")};
                if (variable.error())
                    return *variable.error();
                if (var.name.isEmpty())
                    variable.failEntry(QStringLiteral("env variable name must be specified for %1 "
                                                      "to use exec authentication plugin")
                                           .arg(name));
                else if (var.value.isEmpty())
                    variable.failEntry(QStringLiteral("env variable %1 value must be specified for "
                                                      "%2 to use exec authentication plugin")
                                           .arg(var.name, name));
                if (variable.error())
                    return *variable.error();
                plugin.env << var;
            }
        }
    }
    if (spec.error())
        return *spec.error();
    if (plugin.command.isEmpty())
        spec.failEntry(QStringLiteral("command must be specified for %1 to use exec authentication "
                                      "plugin")
                           .arg(name));
    if (plugin.apiVersion.isEmpty())
        spec.failEntry(QStringLiteral("apiVersion must be specified for %1 to use exec "
                                      "authentication plugin")
                           .arg(name));
    else if (plugin.apiVersion != QLatin1String("client.authentication.k8s.io/v1") &&
             plugin.apiVersion != QLatin1String("client.authentication.k8s.io/v1beta1"))
        spec.failEntry(QStringLiteral("exec plugin of %1: unsupported apiVersion \"%2\" (use "
                                      "client.authentication.k8s.io/v1 or /v1beta1)")
                           .arg(name, plugin.apiVersion));
    if (plugin.interactiveMode.isEmpty()) {
        if (plugin.apiVersion == QLatin1String("client.authentication.k8s.io/v1"))
            spec.failEntry(QStringLiteral("interactiveMode must be specified for %1 to use exec "
                                          "authentication plugin")
                               .arg(name));
        plugin.interactiveMode = QStringLiteral("IfAvailable");
    } else if (plugin.interactiveMode != QLatin1String("Never") &&
               plugin.interactiveMode != QLatin1String("IfAvailable") &&
               plugin.interactiveMode != QLatin1String("Always")) {
        spec.failEntry(QStringLiteral("invalid interactiveMode for %1: \"%2\"")
                           .arg(name, plugin.interactiveMode));
    }
    if (spec.error())
        return *spec.error();
    config->exec = plugin;
    return success();
}

Status readUser(const QString &name, const KubeconfigEntry &entry,
                const QJsonObject &execClusterConfig, ClientConfig *config) {
    EntryReader reader(entry, QStringLiteral("user ") + quoted(name));
    const QString certFile = reader.path("client-certificate");
    const QByteArray certData = reader.data("client-certificate-data");
    const QString keyFile = reader.path("client-key");
    const QByteArray keyData = reader.data("client-key-data");
    config->token = reader.text("token");
    config->tokenFile = reader.path("tokenFile");
    config->username = reader.text("username");
    config->password = reader.text("password");
    config->impersonateUser = reader.text("as");
    config->impersonateUid = reader.text("as-uid");
    config->impersonateGroups = reader.texts("as-groups");
    const YAML::Node extra = reader.field("as-user-extra");
    if (extra && extra.IsMap()) {
        for (const auto &item : extra) {
            QStringList values;
            for (const YAML::Node &value : item.second)
                values << QString::fromStdString(value.Scalar());
            config->impersonateExtra.insert(QString::fromStdString(item.first.Scalar()), values);
        }
    }
    if (reader.error())
        return *reader.error();

    // Contradictory entries, in client-go's words.
    if (!certFile.isEmpty() && !certData.isEmpty())
        reader.failEntry(QStringLiteral("client-cert-data and client-cert are both specified for "
                                        "%1. client-cert-data will override.")
                             .arg(name));
    if (!keyFile.isEmpty() && !keyData.isEmpty())
        reader.failEntry(QStringLiteral("client-key-data and client-key are both specified for "
                                        "%1; client-key-data will override")
                             .arg(name));
    const bool hasCert = !certFile.isEmpty() || !certData.isEmpty();
    const bool hasKey = !keyFile.isEmpty() || !keyData.isEmpty();
    if (hasCert && !hasKey)
        reader.failEntry(QStringLiteral("client-key-data or client-key must be specified for %1 to "
                                        "use the clientCert authentication method.")
                             .arg(name));
    if (hasKey && !hasCert)
        reader.failEntry(QStringLiteral("client-cert-data or client-cert must be specified for %1 "
                                        "to use the clientCert authentication method.")
                             .arg(name));
    QStringList methods;
    if (!config->token.isEmpty() || !config->tokenFile.isEmpty())
        methods << QStringLiteral("token");
    if (!config->username.isEmpty() || !config->password.isEmpty())
        methods << QStringLiteral("basicAuth");
    if (methods.size() > 1)
        reader.failEntry(QStringLiteral("more than one authentication method found for %1; found "
                                        "[%2], only one is allowed")
                             .arg(name, methods.join(QLatin1Char(' '))));
    if ((!config->impersonateUid.isEmpty() || !config->impersonateGroups.isEmpty() ||
         !config->impersonateExtra.isEmpty()) &&
        config->impersonateUser.isEmpty())
        reader.failEntry(QStringLiteral("requesting uid, groups or user-extra for %1 without "
                                        "impersonating a user")
                             .arg(name));
    // Kubernetes reads repeated Impersonate-Group / -Extra headers; QtNetwork sends one
    // header per name, so a second value cannot be sent faithfully: say so instead of
    // impersonating with the wrong groups.
    bool repeatedExtra = false;
    for (const QStringList &values : std::as_const(config->impersonateExtra))
        repeatedExtra |= values.size() > 1;
    if (config->impersonateGroups.size() > 1 || repeatedExtra)
        reader.failEntry(QStringLiteral("user %1: impersonating more than one group (or several "
                                        "values of one user-extra key) is not supported by "
                                        "Wavesmith; keep one")
                             .arg(quoted(name)));
    const YAML::Node authProvider = reader.field("auth-provider");
    const bool hasAuthProvider = authProvider && authProvider.IsMap();
    if (hasAuthProvider && reader.field("exec") && !reader.field("exec").IsNull())
        reader.failEntry(QStringLiteral("authProvider cannot be provided in combination with an "
                                        "exec plugin for %1")
                             .arg(name));
    if (reader.error())
        return *reader.error();

    if (hasCert) {
        config->clientCertificateData =
            certData.isEmpty() ? reader.readFile("client-certificate", certFile) : certData;
        config->clientKeyData =
            keyData.isEmpty() ? reader.readFile("client-key", keyFile) : keyData;
        if (!reader.error() && parseCertificates(config->clientCertificateData).isEmpty())
            reader.failEntry(QStringLiteral("user %1: the client certificate is not a PEM "
                                            "certificate")
                                 .arg(quoted(name)));
        if (!reader.error() && parsePrivateKey(config->clientKeyData).isNull())
            reader.failEntry(QStringLiteral("user %1: the client key is not a PEM private key "
                                            "(RSA or EC)")
                                 .arg(quoted(name)));
    }
    if (!config->tokenFile.isEmpty() && !QFileInfo(config->tokenFile).isReadable())
        reader.fail(reader.field("tokenFile"),
                    QStringLiteral("unable to read tokenFile %1").arg(config->tokenFile));
    if (hasAuthProvider) {
        const QString provider = authProvider["name"]
                                     ? QString::fromStdString(authProvider["name"].Scalar())
                                     : QString();
        if (provider == QLatin1String("oidc")) {
            const YAML::Node idToken =
                authProvider["config"] ? authProvider["config"]["id-token"] : YAML::Node();
            if (idToken && idToken.IsScalar() && config->token.isEmpty())
                config->token = QString::fromStdString(idToken.Scalar());
        } else if (provider == QLatin1String("gcp")) {
            reader.failEntry(QStringLiteral("user %1: the gcp auth plugin has been removed. Please "
                                            "use the \"gke-gcloud-auth-plugin\" kubectl/client-go "
                                            "credential plugin instead.")
                                 .arg(quoted(name)));
        } else if (provider == QLatin1String("azure")) {
            reader.failEntry(QStringLiteral("user %1: the azure auth plugin has been removed. "
                                            "Please use the \"kubelogin\" kubectl/client-go "
                                            "credential plugin instead.")
                                 .arg(quoted(name)));
        } else {
            reader.failEntry(QStringLiteral("user %1: no Auth Provider found for name \"%2\"")
                                 .arg(quoted(name), provider));
        }
    }
    if (reader.error())
        return *reader.error();
    const Status exec = readExec(name, reader, execClusterConfig, config);
    if (!exec)
        return exec;
    // client-go runs the plugin only when the user has no other credentials.
    if (config->exec && (hasCert || !methods.isEmpty()))
        config->exec.reset();
    return success();
}

Error noContextError(const MergedKubeconfig &merged) {
    if (merged.files.isEmpty())
        return Error{{},
                     0,
                     QStringLiteral("no kubeconfig found: $KUBECONFIG names no existing file and "
                                    "~/.kube/config does not exist")};
    return Error{merged.files.first(), 0,
                 QStringLiteral("no context chosen: the kubeconfig sets no current-context; pick "
                                "one of: %1")
                     .arg(merged.contexts.keys().join(QStringLiteral(", ")))};
}

} // namespace

QStringList ClientConfig::warnings() const {
    QStringList result;
    if (insecureSkipTlsVerify)
        result << QStringLiteral("TLS verification is off for cluster \"%1\" "
                                 "(insecure-skip-tls-verify): anyone on the network path can "
                                 "read and change the traffic")
                      .arg(clusterName);
    if (server.startsWith(QLatin1String("http://")))
        result << QStringLiteral("cluster \"%1\" uses plain http: no credentials are sent and the "
                                 "traffic is not encrypted")
                      .arg(clusterName);
    return result;
}

Result<ClientConfig> loadClientConfig(const KubeconfigLoadOptions &options) {
    const Result<MergedKubeconfig> loaded = loadMergedKubeconfig(options);
    if (!loaded)
        return loaded.error();
    const MergedKubeconfig &merged = loaded.value();
    const QString contextName = options.context.isEmpty() ? merged.currentContext : options.context;
    if (contextName.isEmpty())
        return noContextError(merged);
    const auto context = merged.contexts.constFind(contextName);
    if (context == merged.contexts.cend())
        return Error{merged.files.isEmpty() ? QString() : merged.files.first(), 0,
                     QStringLiteral("context \"%1\" does not exist (known contexts: %2)")
                         .arg(contextName, merged.contexts.keys().join(QStringLiteral(", ")))};

    ClientConfig config;
    config.contextName = contextName;
    config.sourceFile = context->file;
    EntryReader contextReader(*context, QStringLiteral("context ") + quoted(contextName));
    config.clusterName = contextReader.text("cluster");
    config.userName = contextReader.text("user");
    const QString contextNamespace = contextReader.text("namespace");
    if (contextReader.error())
        return *contextReader.error();
    if (config.clusterName.isEmpty())
        return Error{context->file, context->line,
                     QStringLiteral("context \"%1\" names no cluster").arg(contextName)};
    const auto cluster = merged.clusters.constFind(config.clusterName);
    if (cluster == merged.clusters.cend())
        return Error{context->file, context->line,
                     QStringLiteral("cluster \"%1\" was not found for context \"%2\"")
                         .arg(config.clusterName, contextName)};
    QJsonObject execClusterConfig;
    const Status clusterRead =
        readCluster(config.clusterName, *cluster, &config, &execClusterConfig);
    if (!clusterRead)
        return clusterRead.error();
    if (!config.userName.isEmpty()) {
        const auto user = merged.users.constFind(config.userName);
        if (user == merged.users.cend())
            return Error{context->file, context->line,
                         QStringLiteral("user \"%1\" was not found for context \"%2\"")
                             .arg(config.userName, contextName)};
        const Status userRead = readUser(config.userName, *user, execClusterConfig, &config);
        if (!userRead)
            return userRead.error();
    }
    if (config.exec)
        config.exec->homeDir = options.homeDir;
    config.namespaceName = !options.namespaceOverride.isEmpty() ? options.namespaceOverride
                           : !contextNamespace.isEmpty()        ? contextNamespace
                                                                : QStringLiteral("default");
    return config;
}

QList<KubeContextInfo> listContexts(const KubeconfigLoadOptions &options, QString *error) {
    const Result<MergedKubeconfig> loaded = loadMergedKubeconfig(options);
    if (!loaded) {
        if (error)
            *error = loaded.error().toString();
        return {};
    }
    const MergedKubeconfig &merged = loaded.value();
    const QString current = options.context.isEmpty() ? merged.currentContext : options.context;
    QList<KubeContextInfo> result;
    for (auto it = merged.contexts.cbegin(); it != merged.contexts.cend(); ++it) {
        EntryReader reader(it.value(), QStringLiteral("context ") + quoted(it.key()));
        KubeContextInfo info;
        info.name = it.key();
        info.cluster = reader.text("cluster");
        info.user = reader.text("user");
        info.namespaceName = reader.text("namespace");
        info.current = info.name == current;
        const auto cluster = merged.clusters.constFind(info.cluster);
        if (cluster != merged.clusters.cend()) {
            EntryReader clusterReader(cluster.value(), QStringLiteral("cluster"));
            info.server = clusterReader.text("server");
        }
        result << info;
    }
    return result; // QMap keeps them sorted by name
}

QStringList kubeconfigFiles(const KubeconfigLoadOptions &options) {
    const Result<QStringList> files = resolveKubeconfigFiles(options);
    return files ? files.value() : QStringList();
}

QString redactSecrets(QString text, const ClientConfig &config, const QStringList &extraSecrets) {
    QStringList secrets = extraSecrets;
    secrets << config.token << config.password;
    if (!config.clientKeyData.isEmpty()) {
        secrets << QString::fromLatin1(config.clientKeyData)
                << QString::fromLatin1(config.clientKeyData.toBase64());
        // Also each base64 line of the PEM body, in case a key was printed line by line.
        for (const QByteArray &line : config.clientKeyData.split('\n'))
            if (line.size() >= 16 && !line.startsWith("-----"))
                secrets << QString::fromLatin1(line);
    }
    if (!config.tokenFile.isEmpty()) {
        QFile file(config.tokenFile);
        if (file.size() < 64 * 1024 && file.open(QIODevice::ReadOnly))
            secrets << QString::fromUtf8(file.readAll()).trimmed();
    }
    // Longest first, so a secret containing another is replaced whole.
    std::sort(secrets.begin(), secrets.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
    for (const QString &secret : std::as_const(secrets)) {
        if (secret.size() >= 4)
            text.replace(secret, QStringLiteral("[redacted]"));
    }
    return text;
}

} // namespace wavesmith
