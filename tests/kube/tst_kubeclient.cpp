// KubeClient against the real test API server process and the kubeconfig it writes (plus ones
// this suite writes): client certificates and tokens, 401 and 403 as the Status says them, TLS
// errors naming the server, exec plugins (v1 and v1beta1, cached, run again after a 401, found
// outside PATH), discovery of a CRD applied a moment ago (Argo CD's real CRDs), server-side
// apply (create, update, conflict, force, dry run) and delete. No secret appears in any message.

#include "testapiserver.h"

#include "sim/yamljson.h"

#include <wavesmith/kubeclient.h>
#include <wavesmith/kubeconfig.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include <yaml-cpp/yaml.h>

#include <memory>

using namespace wavesmith;
using kubetest::finishes;
using kubetest::TestApiServer;
using kubetest::writeFile;

namespace {

QJsonObject configMap(const QString &name, const QJsonObject &data) {
    return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                       {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
                       {QStringLiteral("metadata"),
                        QJsonObject{{QStringLiteral("name"), name},
                                    {QStringLiteral("namespace"), QStringLiteral("default")}}},
                       {QStringLiteral("data"), data}};
}

QJsonObject yamlFileToJson(const QString &path) {
    return yamlToJson(YAML::LoadFile(path.toStdString())).toObject();
}

} // namespace

class TestKubeClient : public QObject {
    Q_OBJECT

private:
    TestApiServer m_server;
    QTemporaryDir m_dir;
    QStringList m_messages; // every error message seen, checked for secrets at the end

    // Waits for `reply` and keeps its message.
    bool wait(KubeReply *reply) {
        const bool done = finishes(reply);
        if (done && !reply->ok())
            m_messages << reply->errorString();
        return done;
    }

    std::unique_ptr<KubeClient> clientFor(const KubeconfigLoadOptions &options) {
        const Result<ClientConfig> config = loadClientConfig(options);
        if (!config) {
            qWarning("%s", qPrintable(config.error().toString()));
            return nullptr;
        }
        return std::make_unique<KubeClient>(config.value());
    }

    std::unique_ptr<KubeClient> context(const QString &name) {
        return clientFor(m_server.options(name));
    }

    // A kubeconfig of the test server's cluster with one user `user` (YAML text of its body).
    QString kubeconfigWithUser(const QString &folder, const QByteArray &user,
                               const QByteArray &clusterExtra = {}) {
        const QByteArray text =
            "apiVersion: v1\nkind: Config\nclusters:\n- name: test\n"
            "  cluster:\n    server: " +
            m_server.url().toUtf8() + "\n" + clusterExtra + "users:\n- name: someone\n  user:\n" +
            user +
            "contexts:\n- name: ctx\n  context: {cluster: test, user: someone}\n"
            "current-context: ctx\n";
        const QString path = m_dir.filePath(folder + QStringLiteral("/kubeconfig"));
        writeFile(path, text);
        return path;
    }

    QByteArray caLine() const {
        return "    certificate-authority-data: " + m_server.secrets().caData.toUtf8() + "\n";
    }

    static KubeconfigLoadOptions fileOptions(const QString &path) {
        KubeconfigLoadOptions options;
        options.files = {path};
        return options;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QString why;
        QVERIFY2(m_server.start(&why), qPrintable(why));
        QVERIFY(!m_server.secrets().token.isEmpty());
        QVERIFY(!m_server.secrets().clientKeyData.isEmpty());
    }

    void adminClientCertificate() {
        auto client = context(QStringLiteral("admin"));
        QVERIFY(client);
        KubeReply *version = client->serverVersion();
        QVERIFY(wait(version));
        QVERIFY2(version->ok(), qPrintable(version->errorString()));
        QCOMPARE(version->object().value(QStringLiteral("major")).toString(), QStringLiteral("1"));
        QVERIFY(version->object()
                    .value(QStringLiteral("gitVersion"))
                    .toString()
                    .startsWith(QStringLiteral("v1.32")));

        KubeReply *namespaces = client->list(QStringLiteral("v1"), QStringLiteral("Namespace"));
        QVERIFY(wait(namespaces));
        QVERIFY2(namespaces->ok(), qPrintable(namespaces->errorString()));
        QCOMPARE(namespaces->resource().plural, QStringLiteral("namespaces"));
        QVERIFY(!namespaces->resource().namespaced);
        QStringList names;
        for (const QJsonValue &item : namespaces->object().value(QStringLiteral("items")).toArray())
            names << item[QStringLiteral("metadata")][QStringLiteral("name")].toString();
        QVERIFY2(names.contains(QStringLiteral("default")),
                 qPrintable(names.join(QLatin1Char(','))));
        QVERIFY(names.contains(QStringLiteral("kube-system")));
        QVERIFY(!namespaces->object()
                     .value(QStringLiteral("metadata"))
                     .toObject()
                     .value(QStringLiteral("resourceVersion"))
                     .toString()
                     .isEmpty());
    }

    void tokenContext() {
        auto client = context(QStringLiteral("token"));
        QVERIFY(client);
        KubeReply *nodes = client->list(QStringLiteral("v1"), QStringLiteral("Node"));
        QVERIFY(wait(nodes));
        QVERIFY2(nodes->ok(), qPrintable(nodes->errorString()));
        QVERIFY(!nodes->object().value(QStringLiteral("items")).toArray().isEmpty());
    }

    void badTokenIsAnAuthenticationError() {
        auto client = context(QStringLiteral("bad-token"));
        QVERIFY(client);
        KubeReply *reply = client->list(QStringLiteral("v1"), QStringLiteral("Namespace"));
        QVERIFY(wait(reply));
        QVERIFY(!reply->ok());
        QCOMPARE(reply->errorKind(), KubeReply::ErrorKind::Authentication);
        QCOMPARE(reply->httpStatus(), 401);
        QCOMPARE(reply->reason(), QStringLiteral("Unauthorized"));
        QVERIFY2(reply->errorString().contains(QStringLiteral("Unauthorized")),
                 qPrintable(reply->errorString()));
        QVERIFY2(reply->errorString().contains(m_server.url()), qPrintable(reply->errorString()));
        QVERIFY(reply->errorString().contains(QStringLiteral("\"bad-token\"")));
        QVERIFY(!reply->errorString().contains(m_server.secrets().badToken));
        // Text that happens to hold the token is redacted by the client.
        QVERIFY(!client->redact(QStringLiteral("sent ") + m_server.secrets().badToken)
                     .contains(m_server.secrets().badToken));
    }

    void viewerGetsTheForbiddenStatusMessage() {
        auto client = context(QStringLiteral("viewer"));
        QVERIFY(client);
        KubeReply *reply = client->apply(
            configMap(QStringLiteral("not-allowed"), {{QStringLiteral("a"), QStringLiteral("b")}}));
        QVERIFY(wait(reply));
        QVERIFY(!reply->ok());
        QCOMPARE(reply->httpStatus(), 403);
        QCOMPARE(reply->reason(), QStringLiteral("Forbidden"));
        QCOMPARE(reply->errorKind(), KubeReply::ErrorKind::Api);
        QVERIFY2(reply->errorString().contains(
                     QStringLiteral("configmaps \"not-allowed\" is forbidden: User \"viewer\"")),
                 qPrintable(reply->errorString()));
    }

    void wrongCaIsATlsErrorNamingTheServer() {
        QString output;
        const QString folder = m_dir.filePath(QStringLiteral("otherca"));
        QDir().mkpath(folder);
        QCOMPARE(kubetest::shell(QStringLiteral("cd '%1' && openssl req -x509 -newkey ec -pkeyopt "
                                                "ec_paramgen_curve:prime256v1 -nodes -keyout "
                                                "ca.key -out ca.pem -subj /CN=other-ca -days 1")
                                     .arg(folder),
                                 &output),
                 0);
        const QString path = kubeconfigWithUser(
            QStringLiteral("otherca"), "    token: " + m_server.secrets().token.toUtf8() + "\n",
            "    certificate-authority: ca.pem\n"); // relative to the kubeconfig
        auto client = clientFor(fileOptions(path));
        QVERIFY(client);
        KubeReply *reply = client->serverVersion();
        QVERIFY(wait(reply));
        QVERIFY(!reply->ok());
        QCOMPARE(reply->errorKind(), KubeReply::ErrorKind::Tls);
        QVERIFY2(reply->errorString().contains(m_server.url()), qPrintable(reply->errorString()));
        QVERIFY(reply->errorString().contains(QStringLiteral("TLS")));
        QVERIFY(!reply->errorString().contains(m_server.secrets().token));
    }

    void tlsServerNameIsVerified() {
        const QString path = kubeconfigWithUser(
            QStringLiteral("servername"), "    token: " + m_server.secrets().token.toUtf8() + "\n",
            caLine() + "    tls-server-name: wrong.example\n");
        auto client = clientFor(fileOptions(path));
        QVERIFY(client);
        KubeReply *reply = client->serverVersion();
        QVERIFY(wait(reply));
        QCOMPARE(reply->errorKind(), KubeReply::ErrorKind::Tls);
        QVERIFY2(reply->errorString().contains(m_server.url()), qPrintable(reply->errorString()));
    }

    void insecureSkipsVerification() {
        const QString path = kubeconfigWithUser(
            QStringLiteral("insecure"), "    token: " + m_server.secrets().token.toUtf8() + "\n",
            "    insecure-skip-tls-verify: true\n");
        const Result<ClientConfig> config = loadClientConfig(fileOptions(path));
        QVERIFY2(config.ok(), qPrintable(config.error().toString()));
        QVERIFY(!config->warnings().isEmpty());
        KubeClient client(config.value());
        KubeReply *reply = client.list(QStringLiteral("v1"), QStringLiteral("Namespace"));
        QVERIFY(wait(reply));
        QVERIFY2(reply->ok(), qPrintable(reply->errorString()));
    }

    void tokenFileIsRead() {
        writeFile(m_dir.filePath(QStringLiteral("tokenfile/token")),
                  m_server.secrets().token.toUtf8() + "\n");
        const QString path =
            kubeconfigWithUser(QStringLiteral("tokenfile"), "    tokenFile: token\n", caLine());
        auto client = clientFor(fileOptions(path));
        QVERIFY(client);
        KubeReply *reply = client->list(QStringLiteral("v1"), QStringLiteral("Namespace"));
        QVERIFY(wait(reply));
        QVERIFY2(reply->ok(), qPrintable(reply->errorString()));
    }

    void execPlugin_data() {
        QTest::addColumn<QString>("apiVersion");
        QTest::addColumn<QString>("mode");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("runsAfterTwoRequests");
        const QString v1 = QStringLiteral("client.authentication.k8s.io/v1");
        const QString v1beta1 = QStringLiteral("client.authentication.k8s.io/v1beta1");
        // Cached until expiry: two requests, one run.
        QTest::newRow("v1 cached") << v1 << QStringLiteral("good") << true << 1;
        QTest::newRow("v1beta1 cached") << v1beta1 << QStringLiteral("good") << true << 1;
        // A 401 runs the plugin again and the request is sent once more.
        QTest::newRow("v1 rerun after 401") << v1 << QStringLiteral("first-bad") << true << 2;
        QTest::newRow("v1beta1 rerun after 401")
            << v1beta1 << QStringLiteral("first-bad") << true << 2;
        // Rejected again: one more run per request, never a loop.
        QTest::newRow("always rejected") << v1 << QStringLiteral("always-bad") << false << 4;
        // Already expired: every request runs it.
        QTest::newRow("expired") << v1beta1 << QStringLiteral("expired") << true << 2;
        QTest::newRow("plugin fails") << v1 << QStringLiteral("fail") << false << 2;
    }

    void execPlugin() {
        QFETCH(QString, apiVersion);
        QFETCH(QString, mode);
        QFETCH(bool, ok);
        QFETCH(int, runsAfterTwoRequests);
        const QString folder =
            QStringLiteral("exec-") + QString::fromLatin1(QTest::currentDataTag())
                                          .replace(QLatin1Char(' '), QLatin1Char('-'));
        const QString state = m_dir.filePath(folder + QStringLiteral("/state"));
        QDir().mkpath(state);
        const QString script = m_dir.filePath(folder + QStringLiteral("/bin/plugin.sh"));
        writeFile(script, kubetest::credentialPluginScript());
        QFile::setPermissions(script, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        const bool v1 = apiVersion.endsWith(QLatin1String("/v1"));
        const QByteArray user =
            "    exec:\n      apiVersion: " + apiVersion.toUtf8() +
            "\n      command: ./bin/plugin.sh\n" // relative to the kubeconfig's folder
            "      args: [--mode, " +
            mode.toUtf8() +
            "]\n      env:\n"
            "      - {name: PLUGIN_STATE, value: '" +
            state.toUtf8() +
            "'}\n"
            "      - {name: GOOD_TOKEN, value: '" +
            m_server.secrets().token.toUtf8() +
            "'}\n"
            "      - {name: API_VERSION, value: '" +
            apiVersion.toUtf8() + "'}\n" + (v1 ? "      interactiveMode: Never\n" : "") +
            (v1 ? "      provideClusterInfo: true\n" : "");
        const QString path = kubeconfigWithUser(
            folder, user,
            caLine() + "    extensions:\n    - name: client.authentication.k8s.io/exec\n"
                       "      extension: {audience: wavesmith-test}\n");
        auto client = clientFor(fileOptions(path));
        QVERIFY(client);
        QSignalSpy refreshed(client.get(), &KubeClient::credentialsRefreshed);
        for (int request = 0; request < 2; ++request) {
            // One HTTP request each (no discovery), so the runs can be counted exactly.
            KubeReply *reply = client->getPath(QStringLiteral("/api/v1/namespaces"));
            QVERIFY(wait(reply));
            QCOMPARE(reply->ok(), ok);
            if (!ok) {
                QCOMPARE(reply->errorKind(), KubeReply::ErrorKind::Authentication);
                if (mode == QLatin1String("fail"))
                    QVERIFY2(reply->errorString().contains(
                                 QStringLiteral("cannot reach the identity provider")),
                             qPrintable(reply->errorString()));
            }
        }
        QFile count(state + QStringLiteral("/count"));
        QVERIFY(count.open(QIODevice::ReadOnly));
        QCOMPARE(count.readAll().count('\n'), runsAfterTwoRequests);
        if (mode == QLatin1String("good"))
            QCOMPARE(refreshed.count(), 1);

        QFile args(state + QStringLiteral("/args"));
        QVERIFY(args.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(args.readAll()), QStringLiteral("--mode ") + mode);
        QFile infoFile(state + QStringLiteral("/info.json"));
        QVERIFY(infoFile.open(QIODevice::ReadOnly));
        const QJsonObject info = QJsonDocument::fromJson(infoFile.readAll()).object();
        QCOMPARE(info.value(QStringLiteral("kind")).toString(), QStringLiteral("ExecCredential"));
        QCOMPARE(info.value(QStringLiteral("apiVersion")).toString(), apiVersion);
        const QJsonObject spec = info.value(QStringLiteral("spec")).toObject();
        QCOMPARE(spec.value(QStringLiteral("interactive")), QJsonValue(false));
        if (v1) { // provideClusterInfo
            const QJsonObject cluster = spec.value(QStringLiteral("cluster")).toObject();
            QCOMPARE(cluster.value(QStringLiteral("server")).toString(), m_server.url());
            QCOMPARE(cluster.value(QStringLiteral("certificate-authority-data")).toString(),
                     m_server.secrets().caData);
            QCOMPARE(cluster.value(QStringLiteral("config"))[QStringLiteral("audience")],
                     QJsonValue(QStringLiteral("wavesmith-test")));
        } else {
            QVERIFY(!spec.contains(QStringLiteral("cluster")));
        }
    }

    void execPluginOutsidePath() {
        // A desktop session's PATH lacks ~/.local/bin: the client looks there too.
        const QString home = m_dir.filePath(QStringLiteral("desktophome"));
        const QString state = home + QStringLiteral("/state");
        QDir().mkpath(state);
        const QString plugin = home + QStringLiteral("/.local/bin/wavesmith-test-credential");
        writeFile(plugin, kubetest::credentialPluginScript());
        QFile::setPermissions(plugin, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        const QByteArray env = "      env:\n      - {name: PLUGIN_STATE, value: '" +
                               state.toUtf8() + "'}\n      - {name: GOOD_TOKEN, value: '" +
                               m_server.secrets().token.toUtf8() +
                               "'}\n      - {name: API_VERSION, value: "
                               "client.authentication.k8s.io/v1beta1}\n";
        const QString path = kubeconfigWithUser(
            QStringLiteral("outsidepath"),
            "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
            "      command: wavesmith-test-credential\n      args: [--mode, good]\n" +
                env,
            caLine());
        KubeconfigLoadOptions options = fileOptions(path);
        options.homeDir = home;
        auto client = clientFor(options);
        QVERIFY(client);
        KubeReply *reply = client->list(QStringLiteral("v1"), QStringLiteral("Namespace"));
        QVERIFY(wait(reply));
        QVERIFY2(reply->ok(), qPrintable(reply->errorString()));

        const QString missingPath = kubeconfigWithUser(
            QStringLiteral("missingplugin"),
            "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
            "      command: wavesmith-no-such-credential-plugin\n"
            "      installHint: install it with 'go install example.com/plugin@latest'\n",
            caLine());
        KubeconfigLoadOptions missingOptions = fileOptions(missingPath);
        missingOptions.homeDir = home;
        auto missing = clientFor(missingOptions);
        QVERIFY(missing);
        KubeReply *failed = missing->serverVersion();
        QVERIFY(wait(failed));
        QCOMPARE(failed->errorKind(), KubeReply::ErrorKind::Authentication);
        const QString message = failed->errorString();
        QVERIFY2(message.contains(QStringLiteral("\"wavesmith-no-such-credential-plugin\"")),
                 qPrintable(message));
        QVERIFY(message.contains(QStringLiteral("PATH (")));
        QVERIFY(message.contains(home + QStringLiteral("/.local/bin")));
        QVERIFY(message.contains(home + QStringLiteral("/.krew/bin")));
        QVERIFY(message.contains(QStringLiteral("/snap/bin")));
        QVERIFY(message.contains(QStringLiteral("go install example.com/plugin@latest")));
    }

    void discoveryFindsACrdAppliedAMomentAgo() {
        const QString crd =
            QStringLiteral(WAVESMITH_SHARED_DIR "/argocd-crds/application-crd.yaml");
        if (!QFileInfo::exists(crd))
            QSKIP("the shared Argo CD CRDs (WAVESMITH_SHARED_DIR/argocd-crds) are absent");
        auto client = context(QStringLiteral("admin"));
        QVERIFY(client);
        const QString apiVersion = QStringLiteral("argoproj.io/v1alpha1");
        KubeReply *before = client->resourceFor(apiVersion, QStringLiteral("Application"));
        QVERIFY(wait(before));
        QCOMPARE(before->errorKind(), KubeReply::ErrorKind::NotDiscovered);
        QVERIFY2(before->errorString().contains(
                     QStringLiteral("no matches for kind \"Application\" in version "
                                    "\"argoproj.io/v1alpha1\"")),
                 qPrintable(before->errorString()));

        KubeReply *applied = client->apply(yamlFileToJson(crd));
        QVERIFY(wait(applied));
        QVERIFY2(applied->ok(), qPrintable(applied->errorString()));
        QCOMPARE(applied->resource().plural, QStringLiteral("customresourcedefinitions"));

        // The cache from before lacks the kind: the client fetches discovery again.
        KubeReply *after = client->resourceFor(apiVersion, QStringLiteral("Application"));
        QVERIFY(wait(after));
        QVERIFY2(after->ok(), qPrintable(after->errorString()));
        QCOMPARE(after->resource().plural, QStringLiteral("applications"));
        QCOMPARE(after->resource().group, QStringLiteral("argoproj.io"));
        QVERIFY(after->resource().namespaced);
        QVERIFY(after->resource().shortNames.contains(QStringLiteral("app")));
        QVERIFY(client->cachedResource(apiVersion, QStringLiteral("Application")).has_value());

        // And an Application can be applied (namespace first).
        KubeReply *ns =
            client->apply({{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                           {QStringLiteral("kind"), QStringLiteral("Namespace")},
                           {QStringLiteral("metadata"),
                            QJsonObject{{QStringLiteral("name"), QStringLiteral("argocd")}}}});
        QVERIFY(wait(ns));
        QVERIFY2(ns->ok(), qPrintable(ns->errorString()));
        const QJsonObject app =
            QJsonDocument::fromJson(
                "{\"apiVersion\":\"argoproj.io/v1alpha1\",\"kind\":\"Application\","
                "\"metadata\":{\"name\":\"guestbook\",\"namespace\":\"argocd\"},"
                "\"spec\":{\"project\":\"default\",\"source\":{\"repoURL\":"
                "\"https://example.test/repo.git\",\"path\":\"guestbook\"},"
                "\"destination\":{\"server\":\"https://kubernetes.default.svc\","
                "\"namespace\":\"guestbook\"}}}")
                .object();
        KubeReply *created = client->apply(app);
        QVERIFY(wait(created));
        QVERIFY2(created->ok(), qPrintable(created->errorString()));
        KubeReply *got = client->get(apiVersion, QStringLiteral("Application"),
                                     QStringLiteral("guestbook"), QStringLiteral("argocd"));
        QVERIFY(wait(got));
        QVERIFY2(got->ok(), qPrintable(got->errorString()));
        QCOMPARE(got->object()[QStringLiteral("spec")][QStringLiteral("project")].toString(),
                 QStringLiteral("default"));
        KubeReply *missing = client->get(apiVersion, QStringLiteral("Application"),
                                         QStringLiteral("nope"), QStringLiteral("argocd"));
        QVERIFY(wait(missing));
        QVERIFY(missing->isNotFound());
        QVERIFY2(missing->errorString().contains(
                     QStringLiteral("applications.argoproj.io \"nope\" not found")),
                 qPrintable(missing->errorString()));
    }

    void serverSideApply() {
        auto client = context(QStringLiteral("admin"));
        QVERIFY(client);
        KubeReply *created = client->apply(
            configMap(QStringLiteral("settings"), {{QStringLiteral("a"), QStringLiteral("1")}}));
        QVERIFY(wait(created));
        QVERIFY2(created->ok(), qPrintable(created->errorString()));
        const QJsonObject metadata = created->object().value(QStringLiteral("metadata")).toObject();
        const QString uid = metadata.value(QStringLiteral("uid")).toString();
        QVERIFY(!uid.isEmpty());
        const QJsonArray managed = metadata.value(QStringLiteral("managedFields")).toArray();
        QCOMPARE(managed.size(), 1);
        QCOMPARE(managed[0][QStringLiteral("manager")].toString(), QStringLiteral("wavesmith"));
        QCOMPARE(managed[0][QStringLiteral("operation")].toString(), QStringLiteral("Apply"));

        KubeReply *updated = client->apply(
            configMap(QStringLiteral("settings"), {{QStringLiteral("a"), QStringLiteral("2")}}));
        QVERIFY(wait(updated));
        QVERIFY2(updated->ok(), qPrintable(updated->errorString()));
        QCOMPARE(updated->object()[QStringLiteral("metadata")][QStringLiteral("uid")].toString(),
                 uid);
        QCOMPARE(updated->object()[QStringLiteral("data")][QStringLiteral("a")].toString(),
                 QStringLiteral("2"));

        ApplyOptions other;
        other.fieldManager = QStringLiteral("someone-else");
        KubeReply *conflict = client->apply(
            configMap(QStringLiteral("settings"), {{QStringLiteral("a"), QStringLiteral("3")}}),
            other);
        QVERIFY(wait(conflict));
        QVERIFY(conflict->isConflict());
        QCOMPARE(conflict->reason(), QStringLiteral("Conflict"));
        QVERIFY2(conflict->errorString().contains(QStringLiteral("Apply failed with 1 conflict")),
                 qPrintable(conflict->errorString()));
        QVERIFY(conflict->errorString().contains(QStringLiteral("conflict with \"wavesmith\"")));

        other.force = true;
        KubeReply *forced = client->apply(
            configMap(QStringLiteral("settings"), {{QStringLiteral("a"), QStringLiteral("3")}}),
            other);
        QVERIFY(wait(forced));
        QVERIFY2(forced->ok(), qPrintable(forced->errorString()));
        QCOMPARE(forced->object()[QStringLiteral("data")][QStringLiteral("a")].toString(),
                 QStringLiteral("3"));

        ApplyOptions dryRun;
        dryRun.dryRun = true;
        KubeReply *dry = client->apply(
            configMap(QStringLiteral("dry"), {{QStringLiteral("x"), QStringLiteral("y")}}), dryRun);
        QVERIFY(wait(dry));
        QVERIFY2(dry->ok(), qPrintable(dry->errorString()));
        QCOMPARE(dry->object()[QStringLiteral("metadata")][QStringLiteral("name")].toString(),
                 QStringLiteral("dry"));
        KubeReply *notStored = client->get(QStringLiteral("v1"), QStringLiteral("ConfigMap"),
                                           QStringLiteral("dry"), QStringLiteral("default"));
        QVERIFY(wait(notStored));
        QVERIFY(notStored->isNotFound());
        QVERIFY2(notStored->errorString().contains(QStringLiteral("configmaps \"dry\" not found")),
                 qPrintable(notStored->errorString()));

        // The context's namespace when the object names none.
        QJsonObject noNamespace = configMap(QStringLiteral("defaulted"), {});
        noNamespace.insert(QStringLiteral("metadata"),
                           QJsonObject{{QStringLiteral("name"), QStringLiteral("defaulted")}});
        KubeReply *defaulted = client->apply(noNamespace);
        QVERIFY(wait(defaulted));
        QVERIFY2(defaulted->ok(), qPrintable(defaulted->errorString()));
        QCOMPARE(
            defaulted->object()[QStringLiteral("metadata")][QStringLiteral("namespace")].toString(),
            QStringLiteral("default"));

        KubeReply *removed = client->remove(QStringLiteral("v1"), QStringLiteral("ConfigMap"),
                                            QStringLiteral("settings"), QStringLiteral("default"));
        QVERIFY(wait(removed));
        QVERIFY2(removed->ok(), qPrintable(removed->errorString()));
        KubeReply *gone = client->get(QStringLiteral("v1"), QStringLiteral("ConfigMap"),
                                      QStringLiteral("settings"));
        QVERIFY(wait(gone));
        QVERIFY(gone->isNotFound());

        KubeReply *invalid = client->apply({{QStringLiteral("kind"), QStringLiteral("ConfigMap")}});
        QVERIFY(wait(invalid));
        QVERIFY(invalid->errorString().contains(QStringLiteral("metadata.name")));

        KubeReply *unknown =
            client->apply({{QStringLiteral("apiVersion"), QStringLiteral("example.com/v1")},
                           {QStringLiteral("kind"), QStringLiteral("Widget")},
                           {QStringLiteral("metadata"),
                            QJsonObject{{QStringLiteral("name"), QStringLiteral("w")}}}});
        QVERIFY(wait(unknown));
        QCOMPARE(unknown->errorKind(), KubeReply::ErrorKind::NotDiscovered);
    }

    void abortAndThen() {
        auto client = context(QStringLiteral("admin"));
        QVERIFY(client);
        KubeReply *reply = client->serverVersion();
        QSignalSpy finished(reply, &KubeReply::finished);
        reply->abort();
        QCOMPARE(finished.count(), 1);
        QCOMPARE(reply->errorKind(), KubeReply::ErrorKind::Canceled);
        QTest::qWait(50); // nothing else arrives for an aborted request
        QCOMPARE(finished.count(), 1);

        QString seen;
        client->serverVersion()->then(this, [&seen](const KubeReply &r) {
            seen = r.object().value(QStringLiteral("gitVersion")).toString();
        });
        QTRY_VERIFY_WITH_TIMEOUT(!seen.isEmpty(), 10000);
    }

    void cleanupTestCase() {
        // No message of this suite carries a secret of the kubeconfigs.
        const auto &secrets = m_server.secrets();
        const QStringList forbidden{secrets.token,
                                    secrets.viewerToken,
                                    secrets.badToken,
                                    secrets.clientKeyData,
                                    QStringLiteral("stale-plugin-token-1111"),
                                    QStringLiteral("rejected-plugin-token-2222")};
        for (const QString &message : std::as_const(m_messages))
            for (const QString &secret : forbidden)
                QVERIFY2(!message.contains(secret), qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestKubeClient)
#include "tst_kubeclient.moc"
