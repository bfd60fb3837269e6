// kubeconfig loading with client-go's semantics (no server needed): KUBECONFIG merging and
// context selection, namespaces, relative paths, the errors for contradictory entries (naming
// file and line), secrets redaction; plus the client's building blocks: the watch stream
// splitter, discovery content types, NO_PROXY, exec plugin lookup and ExecCredential parsing.

#include "testapiserver.h"

#include "kube/execplugin.h"
#include "kube/jsonvaluesplitter.h"
#include "kube/kubediscovery.h"
#include "kube/kubetransport.h"

#include <wavesmith/kubeconfig.h>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace wavesmith;
using kubetest::writeFile;

class TestKubeconfig : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QByteArray m_certificate; // PEM, made by openssl in initTestCase
    QByteArray m_key;

    QString write(const QString &name, const QByteArray &text) {
        const QString path = m_dir.filePath(name);
        writeFile(path, text);
        return path;
    }
    static KubeconfigLoadOptions fromEnv(const QString &env) {
        KubeconfigLoadOptions options;
        options.kubeconfigEnv = env;
        return options;
    }
    static KubeconfigLoadOptions fromFile(const QString &file, const QString &context = {}) {
        KubeconfigLoadOptions options;
        options.files = {file};
        options.context = context;
        return options;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const QString command =
            QStringLiteral("cd '%1' && openssl req -x509 -newkey ec -pkeyopt "
                           "ec_paramgen_curve:prime256v1 -nodes -keyout key.pem -out cert.pem "
                           "-subj /CN=wavesmith-test -days 1")
                .arg(m_dir.path());
        QString output;
        QCOMPARE(kubetest::shell(command, &output), 0);
        QFile cert(m_dir.filePath(QStringLiteral("cert.pem")));
        QFile key(m_dir.filePath(QStringLiteral("key.pem")));
        QVERIFY(cert.open(QIODevice::ReadOnly) && key.open(QIODevice::ReadOnly));
        m_certificate = cert.readAll();
        m_key = key.readAll();
    }

    void mergesFilesFirstWins() {
        const QString a = write(QStringLiteral("merge/a.yaml"), R"(apiVersion: v1
kind: Config
clusters:
- name: shared
  cluster: {server: "https://a.example:6443"}
users:
- name: alice
  user: {token: alice-token-1234}
contexts:
- name: one
  context: {cluster: shared, user: alice, namespace: team-a}
current-context: one
)");
        const QString b = write(QStringLiteral("merge/b.yaml"), R"(
clusters:
- name: shared
  cluster: {server: "https://b.example:6443"}
- name: other
  cluster: {server: "https://other.example"}
users:
- name: alice
  user: {username: ignored, password: ignored-password}
- name: bob
  user: {username: bob, password: bob-password}
contexts:
- name: one
  context: {cluster: other, user: bob}
- name: two
  context: {cluster: other, user: bob}
current-context: two
)");
        const QString missing = m_dir.filePath(QStringLiteral("merge/missing.yaml"));
        // Split on ':', missing files skipped, duplicates dropped.
        const KubeconfigLoadOptions options =
            fromEnv(QStringList{a, missing, b, a}.join(QLatin1Char(':')));
        QCOMPARE(kubeconfigFiles(options), (QStringList{a, b}));

        const Result<ClientConfig> current = loadClientConfig(options);
        QVERIFY2(current.ok(), qPrintable(current.error().toString()));
        QCOMPARE(current->contextName, QStringLiteral("one")); // the first current-context
        QCOMPARE(current->server, QStringLiteral("https://a.example:6443")); // a's "shared"
        QCOMPARE(current->token, QStringLiteral("alice-token-1234"));        // a's alice, whole
        QVERIFY(current->username.isEmpty());
        QCOMPARE(current->namespaceName, QStringLiteral("team-a"));
        QCOMPARE(current->sourceFile, a);

        KubeconfigLoadOptions second = options;
        second.context = QStringLiteral("two");
        second.namespaceOverride = QStringLiteral("elsewhere");
        const Result<ClientConfig> two = loadClientConfig(second);
        QVERIFY2(two.ok(), qPrintable(two.error().toString()));
        QCOMPARE(two->server, QStringLiteral("https://other.example"));
        QCOMPARE(two->username, QStringLiteral("bob"));
        QCOMPARE(two->password, QStringLiteral("bob-password"));
        QCOMPARE(two->namespaceName, QStringLiteral("elsewhere"));

        QString error;
        const QList<KubeContextInfo> contexts = listContexts(options, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(contexts.size(), 2);
        QCOMPARE(contexts[0].name, QStringLiteral("one"));
        QVERIFY(contexts[0].current);
        QCOMPARE(contexts[0].server, QStringLiteral("https://a.example:6443"));
        QCOMPARE(contexts[0].user, QStringLiteral("alice"));
        QCOMPARE(contexts[0].namespaceName, QStringLiteral("team-a"));
        QCOMPARE(contexts[1].name, QStringLiteral("two"));
        QVERIFY(!contexts[1].current);

        // The current-context of a later file counts when earlier ones set none.
        const QString noCurrent = write(QStringLiteral("merge/nocurrent.yaml"),
                                        "contexts:\n- name: three\n  context: {cluster: shared}\n");
        const Result<ClientConfig> fromLater =
            loadClientConfig(fromEnv(noCurrent + QLatin1Char(':') + b));
        QVERIFY2(fromLater.ok(), qPrintable(fromLater.error().toString()));
        QCOMPARE(fromLater->contextName, QStringLiteral("two"));
        QCOMPARE(fromLater->namespaceName, QStringLiteral("default"));
    }

    void explicitFilesAndDefaults() {
        // --kubeconfig names a file that must exist.
        const Result<ClientConfig> missing =
            loadClientConfig(fromFile(m_dir.filePath(QStringLiteral("nope.yaml"))));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().file, m_dir.filePath(QStringLiteral("nope.yaml")));
        QVERIFY(missing.error().message.contains(QStringLiteral("does not exist")));

        // Nothing at all: an empty $KUBECONFIG and a home without ~/.kube/config.
        KubeconfigLoadOptions none = fromEnv(QString());
        none.homeDir = m_dir.filePath(QStringLiteral("emptyhome"));
        const Result<ClientConfig> nothing = loadClientConfig(none);
        QVERIFY(!nothing.ok());
        QVERIFY2(nothing.error().message.contains(QStringLiteral("no kubeconfig found")),
                 qPrintable(nothing.error().message));

        // ~/.kube/config of the given home when $KUBECONFIG is empty.
        write(QStringLiteral("home/.kube/config"),
              "clusters:\n- name: c\n  cluster: {server: 'https://home.example'}\ncontexts:\n- "
              "name: h\n  context: {cluster: c}\ncurrent-context: h\n");
        KubeconfigLoadOptions home = fromEnv(QString());
        home.homeDir = m_dir.filePath(QStringLiteral("home"));
        const Result<ClientConfig> fromHome = loadClientConfig(home);
        QVERIFY2(fromHome.ok(), qPrintable(fromHome.error().toString()));
        QCOMPARE(fromHome->server, QStringLiteral("https://home.example"));
        QVERIFY(fromHome->userName.isEmpty());

        // An empty file is an empty config (then: no context).
        const QString empty = write(QStringLiteral("empty.yaml"), "");
        const Result<ClientConfig> emptyConfig = loadClientConfig(fromFile(empty));
        QVERIFY(!emptyConfig.ok());
        QVERIFY2(emptyConfig.error().message.contains(QStringLiteral("no context chosen")),
                 qPrintable(emptyConfig.error().message));
    }

    void relativePathsResolveAgainstTheFile() {
        write(QStringLiteral("rel/certs/ca.pem"), m_certificate);
        write(QStringLiteral("rel/certs/client.pem"), m_certificate);
        write(QStringLiteral("rel/certs/client.key"), m_key);
        write(QStringLiteral("rel/token"), "  file-token-value-5678\n");
        const QString file = write(QStringLiteral("rel/config"), R"(
clusters:
- name: c
  cluster:
    server: https://127.0.0.1:6443/prefix
    certificate-authority: certs/ca.pem
    tls-server-name: api.internal
    proxy-url: socks5://proxy.example:1080
    extensions:
    - name: client.authentication.k8s.io/exec
      extension: {audience: team}
users:
- name: cert
  user: {client-certificate: certs/client.pem, client-key: ./certs/client.key}
- name: tokenfile
  user: {tokenFile: token}
- name: plugin
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ../bin/plugin
      args: [get-token, --cluster, c]
      env: [{name: MODE, value: test}]
      provideClusterInfo: true
contexts:
- {name: cert, context: {cluster: c, user: cert}}
- {name: tokenfile, context: {cluster: c, user: tokenfile}}
- {name: plugin, context: {cluster: c, user: plugin}}
)");
        // Loaded from another working directory: paths follow the file, not the process.
        const QString folder = m_dir.filePath(QStringLiteral("rel"));
        const Result<ClientConfig> cert = loadClientConfig(fromFile(file, QStringLiteral("cert")));
        QVERIFY2(cert.ok(), qPrintable(cert.error().toString()));
        QCOMPARE(cert->certificateAuthorityData, m_certificate);
        QCOMPARE(cert->clientCertificateData, m_certificate);
        QCOMPARE(cert->clientKeyData, m_key);
        QCOMPARE(cert->server, QStringLiteral("https://127.0.0.1:6443/prefix"));
        QCOMPARE(cert->tlsServerName, QStringLiteral("api.internal"));
        QCOMPARE(cert->proxyUrl, QStringLiteral("socks5://proxy.example:1080"));
        QVERIFY(!cert->exec);

        const Result<ClientConfig> token =
            loadClientConfig(fromFile(file, QStringLiteral("tokenfile")));
        QVERIFY2(token.ok(), qPrintable(token.error().toString()));
        QCOMPARE(token->tokenFile, folder + QStringLiteral("/token"));

        const Result<ClientConfig> plugin =
            loadClientConfig(fromFile(file, QStringLiteral("plugin")));
        QVERIFY2(plugin.ok(), qPrintable(plugin.error().toString()));
        QVERIFY(plugin->exec.has_value());
        QCOMPARE(plugin->exec->command, QStringLiteral("../bin/plugin"));
        QCOMPARE(plugin->exec->baseDir, folder);
        QCOMPARE(plugin->exec->args,
                 (QStringList{QStringLiteral("get-token"), QStringLiteral("--cluster"),
                              QStringLiteral("c")}));
        QCOMPARE(plugin->exec->env.size(), 1);
        QCOMPARE(plugin->exec->env[0].name, QStringLiteral("MODE"));
        QCOMPARE(plugin->exec->interactiveMode, QStringLiteral("IfAvailable")); // v1beta1 default
        QVERIFY(plugin->exec->provideClusterInfo);
        QCOMPARE(plugin->exec->clusterConfig.value(QStringLiteral("audience")).toString(),
                 QStringLiteral("team"));
        const ExecutableLookup lookup = findExecPlugin(*plugin->exec, QString());
        QCOMPARE(lookup.searched, QStringList{m_dir.filePath(QStringLiteral("bin/plugin"))});

        // KUBERNETES_EXEC_INFO carries the cluster with the CA as base64 and the extension.
        const QJsonObject info = QJsonDocument::fromJson(execInfo(plugin.value())).object();
        QCOMPARE(info.value(QStringLiteral("apiVersion")).toString(),
                 QStringLiteral("client.authentication.k8s.io/v1beta1"));
        const QJsonObject spec = info.value(QStringLiteral("spec")).toObject();
        QCOMPARE(spec.value(QStringLiteral("interactive")).toBool(true), false);
        const QJsonObject cluster = spec.value(QStringLiteral("cluster")).toObject();
        QCOMPARE(cluster.value(QStringLiteral("server")).toString(), plugin->server);
        QCOMPARE(
            QByteArray::fromBase64(
                cluster.value(QStringLiteral("certificate-authority-data")).toString().toLatin1()),
            m_certificate);
        QCOMPARE(
            cluster.value(QStringLiteral("config")).toObject().value(QStringLiteral("audience")),
            QJsonValue(QStringLiteral("team")));
    }

    void contradictoryEntries_data() {
        QTest::addColumn<QByteArray>("cluster");
        QTest::addColumn<QByteArray>("user");
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("line");
        const QByteArray server = "{server: 'https://k.example'}";
        QTest::newRow("token and basic")
            << server << QByteArray("{token: t0ken-abc, username: u}") << QString()
            << QStringLiteral("more than one authentication method "
                              "found for u; found [token basicAuth], "
                              "only one is allowed")
            << 5;
        QTest::newRow("tokenFile and password")
            << server << QByteArray("{tokenFile: /etc/hostname, password: p}") << QString()
            << QStringLiteral("more than one authentication method found for u") << 5;
        QTest::newRow("cert file and data")
            << server
            << QByteArray("{client-certificate: c.pem, client-certificate-data: Zm9v, "
                          "client-key-data: Zm9v}")
            << QString()
            << QStringLiteral("client-cert-data and client-cert are both specified for u") << 5;
        QTest::newRow("cert without key")
            << server << QByteArray("{client-certificate-data: Zm9v}") << QString()
            << QStringLiteral("client-key-data or client-key must be specified for u to use the "
                              "clientCert authentication method.")
            << 5;
        QTest::newRow("key without cert")
            << server << QByteArray("{client-key-data: Zm9v}") << QString()
            << QStringLiteral("client-cert-data or client-cert must be specified for u") << 5;
        QTest::newRow("ca file and data")
            << QByteArray("{server: 'https://k.example', certificate-authority: ca.pem, "
                          "certificate-authority-data: Zm9v}")
            << QByteArray("{}") << QString()
            << QStringLiteral("certificate-authority-data and certificate-authority are both "
                              "specified for c")
            << 2;
        QTest::newRow("ca and insecure")
            << QByteArray("{server: 'https://k.example', certificate-authority-data: Zm9v, "
                          "insecure-skip-tls-verify: true}")
            << QByteArray("{}") << QString()
            << QStringLiteral("specifying a root certificates file with the insecure flag is not "
                              "allowed")
            << 2;
        QTest::newRow("unreadable ca")
            << QByteArray("{server: 'https://k.example', certificate-authority: no/such/ca.pem}")
            << QByteArray("{}") << QString()
            << QStringLiteral("unable to read certificate-authority") << 3;
        QTest::newRow("ca not pem")
            << QByteArray("{server: 'https://k.example', certificate-authority-data: Zm9v}")
            << QByteArray("{}") << QString() << QStringLiteral("unable to load root certificates")
            << 3;
        QTest::newRow("no server")
            << QByteArray("{insecure-skip-tls-verify: true}") << QByteArray("{}") << QString()
            << QStringLiteral("no server found for cluster \"c\"") << 2;
        QTest::newRow("bad proxy scheme")
            << QByteArray("{server: 'https://k.example', proxy-url: 'ftp://p.example'}")
            << QByteArray("{}") << QString()
            << QStringLiteral("unsupported scheme \"ftp\" in proxy-url") << 3;
        QTest::newRow("v1 exec without interactiveMode")
            << server
            << QByteArray("{exec: {apiVersion: client.authentication.k8s.io/v1, command: x}}")
            << QString() << QStringLiteral("interactiveMode must be specified for u") << 6;
        QTest::newRow("exec without command")
            << server << QByteArray("{exec: {apiVersion: client.authentication.k8s.io/v1beta1}}")
            << QString() << QStringLiteral("command must be specified for u") << 6;
        QTest::newRow("exec env without value")
            << server
            << QByteArray("{exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: x, "
                          "env: [{name: A}]}}")
            << QString() << QStringLiteral("env variable A value must be specified for u") << 6;
        QTest::newRow("exec and auth-provider")
            << server
            << QByteArray("{exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: x}, "
                          "auth-provider: {name: oidc}}")
            << QString()
            << QStringLiteral("authProvider cannot be provided in combination with an exec "
                              "plugin for u")
            << 5;
        QTest::newRow("gcp provider removed")
            << server << QByteArray("{auth-provider: {name: gcp}}") << QString()
            << QStringLiteral("gke-gcloud-auth-plugin") << 5;
        QTest::newRow("groups without as")
            << server << QByteArray("{as-groups: [admins]}") << QString()
            << QStringLiteral("requesting uid, groups or user-extra for u without impersonating "
                              "a user")
            << 5;
        QTest::newRow("two impersonated groups")
            << server << QByteArray("{as: someone, as-groups: [a, b]}") << QString()
            << QStringLiteral("impersonating more than one group") << 5;
        QTest::newRow("missing context") << server << QByteArray("{}") << QStringLiteral("nope")
                                         << QStringLiteral("context \"nope\" does not exist") << 0;
        QTest::newRow("bad base64")
            << server << QByteArray("{client-certificate-data: '***', client-key-data: Zm9v}")
            << QString() << QStringLiteral("client-certificate-data is not valid base64") << 6;
    }

    void contradictoryEntries() {
        QFETCH(QByteArray, cluster);
        QFETCH(QByteArray, user);
        QFETCH(QString, context);
        QFETCH(QString, message);
        QFETCH(int, line);
        const QByteArray text = "clusters:\n"   // 1
                                "- name: c\n"   // 2
                                "  cluster: " + // 3
                                cluster +
                                "\n"
                                "users:\n"    // 4
                                "- name: u\n" // 5
                                "  user: " +  // 6
                                user +
                                "\n"
                                "contexts:\n"
                                "- name: x\n"
                                "  context: {cluster: c, user: u}\n"
                                "current-context: x\n";
        const QString file = write(QStringLiteral("contradictions/%1.yaml")
                                       .arg(QString::fromLatin1(QTest::currentDataTag())
                                                .replace(QLatin1Char(' '), QLatin1Char('-'))),
                                   text);
        const Result<ClientConfig> config = loadClientConfig(fromFile(file, context));
        QVERIFY(!config.ok());
        QVERIFY2(config.error().message.contains(message), qPrintable(config.error().toString()));
        QCOMPARE(config.error().file, file);
        if (line > 0)
            QCOMPARE(config.error().line, line);
    }

    void invalidYamlNamesFileAndLine() {
        const QString file =
            write(QStringLiteral("broken.yaml"), "clusters:\n- name: c\n  cluster: {server: [\n");
        const Result<ClientConfig> config = loadClientConfig(fromFile(file));
        QVERIFY(!config.ok());
        QCOMPARE(config.error().file, file);
        QVERIFY(config.error().line >= 3);
        QVERIFY(config.error().message.contains(QStringLiteral("not valid YAML")));

        const QString duplicate = write(QStringLiteral("duplicate.yaml"),
                                        "clusters:\n- name: c\n  cluster: {server: 'https://a'}\n"
                                        "- name: c\n  cluster: {server: 'https://b'}\n");
        const Result<ClientConfig> dup = loadClientConfig(fromFile(duplicate));
        QVERIFY(!dup.ok());
        QCOMPARE(dup.error().line, 4);
        QVERIFY(dup.error().message.contains(QStringLiteral("duplicate name \"c\"")));
    }

    void execIgnoredWithOtherCredentialsAndInsecureWarns() {
        const QString file = write(QStringLiteral("execignored.yaml"), R"(
clusters:
- {name: c, cluster: {server: 'https://k.example', insecure-skip-tls-verify: yes}}
users:
- name: u
  user:
    token: static-token-9999
    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: never-run}
contexts:
- {name: x, context: {cluster: c, user: u}}
current-context: x
)");
        const Result<ClientConfig> config = loadClientConfig(fromFile(file));
        QVERIFY2(config.ok(), qPrintable(config.error().toString()));
        QVERIFY(!config->exec); // client-go uses the token and never runs the plugin
        QVERIFY(config->insecureSkipTlsVerify);
        QCOMPARE(config->warnings().size(), 1);
        QVERIFY(config->warnings().first().contains(QStringLiteral("insecure-skip-tls-verify")));
    }

    void redactsSecrets() {
        ClientConfig config;
        config.token = QStringLiteral("sekret-token-0123456789");
        config.password = QStringLiteral("pass-word-42");
        config.clientKeyData = m_key;
        const QString text = QStringLiteral("Authorization: Bearer %1, basic %2, key %3 / %4")
                                 .arg(config.token, config.password, QString::fromLatin1(m_key),
                                      QString::fromLatin1(m_key.toBase64()));
        const QString redacted = redactSecrets(text, config, {QStringLiteral("exec-token-77")}) +
                                 redactSecrets(QStringLiteral("exec-token-77"), config,
                                               {QStringLiteral("exec-token-77")});
        QVERIFY(!redacted.contains(config.token));
        QVERIFY(!redacted.contains(config.password));
        QVERIFY(!redacted.contains(QString::fromLatin1(m_key.toBase64())));
        for (const QByteArray &line : m_key.split('\n'))
            if (line.size() >= 16 && !line.startsWith("-----"))
                QVERIFY(!redacted.contains(QString::fromLatin1(line)));
        QVERIFY(!redacted.contains(QStringLiteral("exec-token-77")));
        QVERIFY(redacted.contains(QStringLiteral("[redacted]")));
    }

    void splitsWatchStreamOnValueBoundaries() {
        // (Plain literals: moc misreads raw strings holding backslashes.)
        const QByteArray stream =
            "{\"type\":\"ADDED\",\"object\":{\"data\":{\"a\":\"x}{\\\"y\\\"]\"}}}\n"
            "{\"type\":\"MODIFIED\",\"object\":{\"list\":[1,{\"b\":\"\\\\\"}]}}"
            "{\"type\":\"DELETED\",\"object\":{}}\n";
        // Every possible chunk size, including one byte at a time.
        for (int chunk = 1; chunk <= stream.size(); ++chunk) {
            JsonValueSplitter splitter;
            QList<QByteArray> values;
            for (int i = 0; i < stream.size(); i += chunk)
                values << splitter.feed(stream.mid(i, chunk));
            QCOMPARE(values.size(), 3);
            QCOMPARE(QJsonDocument::fromJson(values[0])
                         .object()
                         .value(QStringLiteral("object"))
                         .toObject()
                         .value(QStringLiteral("data"))
                         .toObject()
                         .value(QStringLiteral("a"))
                         .toString(),
                     QStringLiteral("x}{\"y\"]"));
            QCOMPARE(QJsonDocument::fromJson(values[1]).object().value(QStringLiteral("type")),
                     QJsonValue(QStringLiteral("MODIFIED")));
            QCOMPARE(QJsonDocument::fromJson(values[2]).object().value(QStringLiteral("type")),
                     QJsonValue(QStringLiteral("DELETED")));
            QCOMPARE(splitter.pending(), 0);
        }
    }

    void recognisesAggregatedDiscovery() {
        QVERIFY(isAggregatedDiscovery(
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"));
        QVERIFY(isAggregatedDiscovery(
            "application/json; as=APIGroupDiscoveryList; v=v2; g=apidiscovery.k8s.io"));
        QVERIFY(!isAggregatedDiscovery("application/json"));
        const QJsonObject list = QJsonDocument::fromJson(R"({"kind":"APIGroupDiscoveryList",
            "items":[{"metadata":{"name":"argoproj.io"},"versions":[{"version":"v1alpha1",
            "resources":[{"resource":"applications","singularResource":"application",
            "scope":"Namespaced","responseKind":{"group":"argoproj.io","version":"v1alpha1",
            "kind":"Application"},"verbs":["get","list"],"shortNames":["app","apps"]},
            {"resource":"broken","scope":"Cluster"}]}]}]})")
                                     .object();
        const QList<KubeResource> resources = parseAggregatedDiscovery(list);
        QCOMPARE(resources.size(), 1); // no responseKind: dropped
        QCOMPARE(resources[0].plural, QStringLiteral("applications"));
        QCOMPARE(resources[0].apiVersion(), QStringLiteral("argoproj.io/v1alpha1"));
        QCOMPARE(resources[0].groupResource(), QStringLiteral("applications.argoproj.io"));
        QVERIFY(resources[0].namespaced);
    }

    void noProxyRules_data() {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("noProxy");
        QTest::addColumn<bool>("bypass");
        QTest::newRow("loopback always") << "127.0.0.1"
                                         << "" << true;
        QTest::newRow("localhost always") << "localhost"
                                          << "" << true;
        QTest::newRow("not listed") << "k8s.example.com"
                                    << "other.com" << false;
        QTest::newRow("domain") << "api.k8s.example.com"
                                << "example.com" << true;
        QTest::newRow("dot domain") << "api.example.com"
                                    << ".example.com" << true;
        QTest::newRow("dot domain not itself") << "example.com"
                                               << ".example.com" << false;
        QTest::newRow("cidr") << "10.1.2.3"
                              << "192.168.0.0/16, 10.0.0.0/8" << true;
        QTest::newRow("cidr miss") << "11.1.2.3"
                                   << "10.0.0.0/8" << false;
        QTest::newRow("star") << "anything.example"
                              << "*" << true;
        QTest::newRow("port match") << "k.example"
                                    << "k.example:6443" << true;
        QTest::newRow("port mismatch") << "k.example"
                                       << "k.example:443" << false;
    }

    void noProxyRules() {
        QFETCH(QString, host);
        QFETCH(QString, noProxy);
        QFETCH(bool, bypass);
        QCOMPARE(bypassesProxy(host, 6443, noProxy), bypass);
    }

    void findsPluginsOutsidePath() {
        const QString home = m_dir.filePath(QStringLiteral("pluginhome"));
        const QString plugin = home + QStringLiteral("/.local/bin/wavesmith-cred");
        writeFile(plugin, "#!/bin/sh\nexit 0\n");
        QFile::setPermissions(plugin, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        KubeExecConfig exec;
        exec.command = QStringLiteral("wavesmith-cred");
        exec.homeDir = home;
        const QString emptyPath = m_dir.filePath(QStringLiteral("emptybin"));
        QDir().mkpath(emptyPath);
        const ExecutableLookup found = findExecPlugin(exec, emptyPath);
        QCOMPARE(found.path, plugin);

        exec.command = QStringLiteral("wavesmith-no-such-plugin");
        const ExecutableLookup missing = findExecPlugin(exec, emptyPath);
        QVERIFY(missing.path.isEmpty());
        QVERIFY(missing.searched.first().contains(emptyPath)); // PATH first
        QVERIFY(missing.searched.contains(home + QStringLiteral("/.local/bin")));
        QVERIFY(missing.searched.contains(home + QStringLiteral("/go/bin")));
        QVERIFY(missing.searched.contains(home + QStringLiteral("/.krew/bin")));
        QVERIFY(missing.searched.contains(QStringLiteral("/usr/local/bin")));
        QVERIFY(missing.searched.contains(QStringLiteral("/snap/bin")));
        QVERIFY(missing.searched.contains(QStringLiteral("/opt/homebrew/bin")));
    }

    void parsesExecCredentials_data() {
        QTest::addColumn<QByteArray>("output");
        QTest::addColumn<QString>("error");
        const QByteArray v1 = "client.authentication.k8s.io/v1";
        QTest::newRow("token")
            << QByteArray(
                   R"({"kind":"ExecCredential","apiVersion":")" + v1 +
                   R"(","status":{"token":"abc","expirationTimestamp":"2030-01-02T03:04:05Z"}})")
            << QString();
        QTest::newRow("other version")
            << QByteArray(
                   R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","status":{"token":"abc"}})")
            << QStringLiteral("exec plugin is configured to use API version "
                              "client.authentication.k8s.io/v1, plugin returned version "
                              "client.authentication.k8s.io/v1beta1");
        QTest::newRow("no status")
            << QByteArray(R"({"kind":"ExecCredential","apiVersion":")" + v1 + R"("})")
            << QStringLiteral("didn't return a status field");
        QTest::newRow("cert only") << QByteArray(R"({"kind":"ExecCredential","apiVersion":")" + v1 +
                                                 R"(","status":{"clientCertificateData":"x"}})")
                                   << QStringLiteral("returned only clientCertificateData");
        QTest::newRow("empty") << QByteArray(R"({"kind":"ExecCredential","apiVersion":")" + v1 +
                                             R"(","status":{}})")
                               << QStringLiteral("didn't return a token or cert/key pair");
        QTest::newRow("not json") << QByteArray("token=abc")
                                  << QStringLiteral("not print an "
                                                    "ExecCredential");
        QTest::newRow("bad expiry")
            << QByteArray(R"({"kind":"ExecCredential","apiVersion":")" + v1 +
                          R"(","status":{"token":"abc","expirationTimestamp":"tomorrow"}})")
            << QStringLiteral("not an RFC 3339 time");
    }

    void parsesExecCredentials() {
        QFETCH(QByteArray, output);
        QFETCH(QString, error);
        const Result<ExecCredential> credential =
            parseExecCredential(output, QStringLiteral("client.authentication.k8s.io/v1"));
        if (error.isEmpty()) {
            QVERIFY2(credential.ok(), qPrintable(credential.error().message));
            QCOMPARE(credential->token, QStringLiteral("abc"));
            QCOMPARE(credential->expiresAt, QDateTime(QDate(2030, 1, 2), QTime(3, 4, 5), Qt::UTC));
        } else {
            QVERIFY(!credential.ok());
            QVERIFY2(credential.error().message.contains(error),
                     qPrintable(credential.error().message));
        }
    }
};

QTEST_GUILESS_MAIN(TestKubeconfig)
#include "tst_kubeconfig.moc"
