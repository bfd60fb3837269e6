#include "apiserver.h"

#include "apistatus.h"
#include "discovery.h"
#include "httpconnection.h"
#include "openapi.h"
#include "protobufdecoder.h"
#include "resourceregistry.h"
#include "selector.h"
#include "store.h"
#include "tableprinter.h"
#include "watchhub.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QSslCertificate>
#include <QSslSocket>
#include <QTimer>

namespace {

bool wantsTable(const HttpRequest &request) {
    return request.header("accept").contains("as=Table");
}

TablePrinter::IncludeObject includeObject(const HttpRequest &request) {
    const QString v = request.queryValue(QStringLiteral("includeObject"));
    if (v == QStringLiteral("None"))
        return TablePrinter::IncludeObject::None;
    if (v == QStringLiteral("Object"))
        return TablePrinter::IncludeObject::Object;
    return TablePrinter::IncludeObject::Metadata;
}

// Managers named by kubectl's User-Agent ("kubectl/v1.32.4 (linux/amd64) …") when the request
// names none, as the apiserver does.
QString managerOf(const HttpRequest &request) {
    const QString explicitManager = request.queryValue(QStringLiteral("fieldManager"));
    if (!explicitManager.isEmpty())
        return explicitManager;
    const QString agent = QString::fromUtf8(request.header("user-agent"));
    return agent.isEmpty() ? QStringLiteral("unknown") : agent.section(u'/', 0, 0);
}

bool isWrite(const QByteArray &method) {
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

} // namespace

ApiServer::ApiServer(Store *store, ResourceRegistry *registry, WatchHub *watches,
                     const Credentials &credentials, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_registry(registry)
    , m_watches(watches)
    , m_discovery(std::make_unique<Discovery>(registry))
    , m_openApi(std::make_unique<OpenApi>(registry))
    , m_credentials(credentials) {}

ApiServer::~ApiServer() = default;

void ApiServer::setFaults(const Scenario::Faults &faults) {
    m_faults = faults;
    m_random.seed(faults.seed);
}

void ApiServer::sendJson(HttpConnection *connection, int code, const QJsonObject &body,
                         const QByteArray &contentType) {
    connection->sendResponse(code, contentType, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

void ApiServer::sendStatus(HttpConnection *connection, const ApiStatus &status) {
    sendJson(connection, status.code, status.toJson());
}

ApiServer::User ApiServer::authenticate(HttpConnection *connection,
                                        const HttpRequest &request) const {
    const QByteArray authorization = request.header("authorization");
    if (authorization.startsWith("Bearer ")) {
        const QString token = QString::fromUtf8(authorization.mid(7).trimmed());
        if (token == m_credentials.token)
            return User::Admin;
        if (!m_credentials.viewerToken.isEmpty() && token == m_credentials.viewerToken)
            return User::Viewer;
        return User::Rejected;
    }
    if (!authorization.isEmpty())
        return User::Rejected;
    const QSslCertificate peer = connection->socket()->peerCertificate();
    if (!peer.isNull())
        return peer.toPem() == QSslCertificate(m_credentials.clientCertificate).toPem()
                   ? User::Admin
                   : User::Rejected;
    return User::None;
}

void ApiServer::handle(HttpConnection *connection, const HttpRequest &request) {
    if (m_faults.latencyMs <= 0) {
        dispatch(connection, request);
        return;
    }
    QPointer<HttpConnection> guard(connection);
    QTimer::singleShot(m_faults.latencyMs, this, [this, guard, request] {
        if (guard)
            dispatch(guard, request);
    });
}

void ApiServer::dispatch(HttpConnection *connection, const HttpRequest &request) {
    const User user = authenticate(connection, request);
    const bool publicPath =
        request.path == QStringLiteral("/version") || request.path == QStringLiteral("/healthz") ||
        request.path == QStringLiteral("/readyz") || request.path == QStringLiteral("/livez");
    if (user == User::Rejected || (user == User::None && !publicPath)) {
        sendStatus(connection, ApiStatus::unauthorized());
        return;
    }
    if (handleNonResource(connection, request))
        return;
    const auto route = Router::parse(request.path, *m_registry);
    if (!route) {
        sendStatus(connection, ApiStatus::pathNotFound());
        return;
    }
    if (m_faults.errorRate > 0 && m_random.generateDouble() < m_faults.errorRate) {
        ApiStatus s;
        s.code = 503;
        s.reason = QStringLiteral("ServiceUnavailable");
        s.message = QStringLiteral("the server is currently unable to handle the request "
                                   "(injected fault)");
        sendStatus(connection, s);
        return;
    }
    handleResource(connection, request, *route, user);
}

bool ApiServer::handleNonResource(HttpConnection *connection, const HttpRequest &request) {
    const QString &path = request.path;
    if (path == QStringLiteral("/version")) {
        sendJson(connection, 200,
                 {{QStringLiteral("major"), QStringLiteral("1")},
                  {QStringLiteral("minor"), QStringLiteral("32")},
                  {QStringLiteral("gitVersion"), QStringLiteral("v1.32.0")},
                  {QStringLiteral("gitCommit"), QStringLiteral("wavesmith-test-apiserver")},
                  {QStringLiteral("gitTreeState"), QStringLiteral("clean")},
                  {QStringLiteral("buildDate"), QStringLiteral("2025-01-01T00:00:00Z")},
                  {QStringLiteral("goVersion"), QStringLiteral("go1.23.0")},
                  {QStringLiteral("compiler"), QStringLiteral("gc")},
                  {QStringLiteral("platform"), QStringLiteral("linux/amd64")}});
        return true;
    }
    if (path == QStringLiteral("/debug/watches")) {
        // Test-only: watch streams opened and cut per group-resource (`kubectl get --raw`).
        sendJson(connection, 200, m_watches->statistics());
        return true;
    }
    if (path == QStringLiteral("/healthz") || path == QStringLiteral("/readyz") ||
        path == QStringLiteral("/livez")) {
        connection->sendResponse(200, "text/plain; charset=utf-8", "ok");
        return true;
    }
    if (path == QStringLiteral("/api") || path == QStringLiteral("/apis")) {
        const bool core = path == QStringLiteral("/api");
        if (request.header("accept").contains("as=APIGroupDiscoveryList")) {
            sendJson(connection, 200, m_discovery->aggregated(core),
                     Discovery::aggregatedContentType());
        } else {
            sendJson(connection, 200,
                     core ? m_discovery->apiVersions(m_serverAddress) : m_discovery->groupList());
        }
        return true;
    }
    const QStringList parts = path.split(u'/', Qt::SkipEmptyParts);
    if ((parts.size() == 2 && parts.first() == QStringLiteral("api")) ||
        (parts.size() == 3 && parts.first() == QStringLiteral("apis"))) {
        const QString gv = parts.mid(1).join(u'/');
        if (const auto list = m_discovery->resourceList(gv))
            sendJson(connection, 200, *list);
        else
            sendStatus(connection, ApiStatus::pathNotFound());
        return true;
    }
    if (parts.size() == 2 && parts.first() == QStringLiteral("apis")) {
        if (const auto group = m_discovery->group(parts.at(1)))
            sendJson(connection, 200, *group);
        else
            sendStatus(connection, ApiStatus::pathNotFound());
        return true;
    }
    if (path == QStringLiteral("/openapi/v3")) {
        sendJson(connection, 200, m_openApi->index());
        return true;
    }
    if (path.startsWith(QStringLiteral("/openapi/v3/"))) {
        if (const auto doc = m_openApi->document(path.mid(int(qstrlen("/openapi/v3/")))))
            sendJson(connection, 200, *doc);
        else
            sendStatus(connection, ApiStatus::pathNotFound());
        return true;
    }
    // kubectl auth can-i / whoami post protobuf; a JSON answer is accepted (notes §6).
    if (request.method == "POST" &&
        path == QStringLiteral("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")) {
        sendJson(connection, 201,
                 {{QStringLiteral("kind"), QStringLiteral("SelfSubjectAccessReview")},
                  {QStringLiteral("apiVersion"), QStringLiteral("authorization.k8s.io/v1")},
                  {QStringLiteral("metadata"), QJsonObject()},
                  {QStringLiteral("spec"), QJsonObject()},
                  {QStringLiteral("status"), QJsonObject{{QStringLiteral("allowed"), true}}}});
        return true;
    }
    if (request.method == "POST" &&
        path == QStringLiteral("/apis/authentication.k8s.io/v1/selfsubjectreviews")) {
        const bool token = request.header("authorization").startsWith("Bearer ");
        sendJson(
            connection, 201,
            {{QStringLiteral("kind"), QStringLiteral("SelfSubjectReview")},
             {QStringLiteral("apiVersion"), QStringLiteral("authentication.k8s.io/v1")},
             {QStringLiteral("metadata"), QJsonObject()},
             {QStringLiteral("status"),
              QJsonObject{
                  {QStringLiteral("userInfo"),
                   QJsonObject{{QStringLiteral("username"),
                                token ? QStringLiteral("token-user") : QStringLiteral("admin")},
                               {QStringLiteral("groups"),
                                QJsonArray{QStringLiteral("system:masters"),
                                           QStringLiteral("system:authenticated")}}}}}}});
        return true;
    }
    return false;
}

void ApiServer::handleResource(HttpConnection *connection, const HttpRequest &request,
                               const ResourceRoute &route, User user) {
    if (!route.subresource.isEmpty() && route.subresource != QStringLiteral("status")) {
        sendStatus(connection, ApiStatus::pathNotFound());
        return;
    }
    if (user == User::Viewer && isWrite(request.method)) {
        const QString verb = request.method == "POST"     ? QStringLiteral("create")
                             : request.method == "DELETE" ? QStringLiteral("delete")
                             : request.method == "PUT"    ? QStringLiteral("update")
                                                          : QStringLiteral("patch");
        ApiStatus s;
        s.code = 403;
        s.reason = QStringLiteral("Forbidden");
        const QString what =
            route.name.isEmpty()
                ? route.type.groupResource()
                : QStringLiteral("%1 \"%2\"").arg(route.type.groupResource(), route.name);
        s.message =
            QStringLiteral("%1 is forbidden: User \"viewer\" cannot %2 resource \"%3\" in "
                           "API group \"%4\" %5")
                .arg(what, verb, route.type.resource, route.type.group,
                     route.ns.isEmpty() ? QStringLiteral("at the cluster scope")
                                        : QStringLiteral("in the namespace \"%1\"").arg(route.ns));
        s.details = {{QStringLiteral("group"), route.type.group},
                     {QStringLiteral("kind"), route.type.resource}};
        if (!route.name.isEmpty())
            s.details.insert(QStringLiteral("name"), route.name);
        sendStatus(connection, s);
        return;
    }
    if (request.method == "GET") {
        if (route.name.isEmpty()) {
            handleList(connection, request, route);
            return;
        }
        const auto object = m_store->get(route.type, route.ns, route.name);
        if (!object) {
            sendStatus(connection, ApiStatus::notFound(route.type, route.name));
        } else if (wantsTable(request)) {
            const QString rv = object->value(QStringLiteral("metadata"))
                                   .toObject()
                                   .value(QStringLiteral("resourceVersion"))
                                   .toString();
            sendJson(connection, 200,
                     TablePrinter::table(route.type, {*object}, rv, true, includeObject(request)));
        } else {
            sendJson(connection, 200, *object);
        }
        return;
    }
    handleWrite(connection, request, route);
}

void ApiServer::handleList(HttpConnection *connection, const HttpRequest &request,
                           const ResourceRoute &route) {
    QString error;
    const auto selector =
        Selector::parse(request.queryValue(QStringLiteral("labelSelector")),
                        request.queryValue(QStringLiteral("fieldSelector")), &error);
    if (!selector) {
        sendStatus(connection, ApiStatus::badRequest(error));
        return;
    }
    const QString watch = request.queryValue(QStringLiteral("watch"));
    if (watch == QStringLiteral("true") || watch == QStringLiteral("1")) {
        WatchHub::Request w;
        w.type = route.type;
        w.ns = route.ns;
        w.selector = *selector;
        const QString rv = request.queryValue(QStringLiteral("resourceVersion"));
        bool ok = true;
        w.sinceRevision = rv.isEmpty() || rv == QStringLiteral("0") ? -1 : rv.toLongLong(&ok);
        if (!ok) {
            sendStatus(connection, ApiStatus::badRequest(
                                       QStringLiteral("invalid resource version: %1").arg(rv)));
            return;
        }
        w.bookmarks =
            request.queryValue(QStringLiteral("allowWatchBookmarks")) == QStringLiteral("true");
        w.table = wantsTable(request);
        w.include = includeObject(request);
        w.timeoutSeconds = request.queryValue(QStringLiteral("timeoutSeconds")).toInt();
        ++m_watchCount;
        w.drop = m_faults.dropWatchEvery > 0 && m_watchCount % m_faults.dropWatchEvery == 0;
        w.dropAfterEvents = m_faults.dropWatchAfterEvents;
        m_watches->start(connection, w);
        return;
    }
    const QList<QJsonObject> objects = m_store->list(route.type, route.ns, *selector);
    const QString rv = QString::number(m_store->revision());
    if (wantsTable(request)) {
        sendJson(connection, 200,
                 TablePrinter::table(route.type, objects, rv, true, includeObject(request)));
        return;
    }
    QJsonArray items;
    for (const QJsonObject &o : objects)
        items << o;
    sendJson(connection, 200,
             {{QStringLiteral("kind"), route.type.listKind()},
              {QStringLiteral("apiVersion"), route.type.apiVersion()},
              {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), rv}}},
              {QStringLiteral("items"), items}});
}

void ApiServer::handleWrite(HttpConnection *connection, const HttpRequest &request,
                            const ResourceRoute &route) {
    Store::WriteOptions options;
    options.manager = managerOf(request);
    options.subresource = route.subresource;
    options.dryRun = request.queryValue(QStringLiteral("dryRun")) == QStringLiteral("All");
    options.force = request.queryValue(QStringLiteral("force")) == QStringLiteral("true");

    if (request.method == "DELETE") {
        if (route.name.isEmpty()) {
            // deletecollection
            QString error;
            const auto selector =
                Selector::parse(request.queryValue(QStringLiteral("labelSelector")),
                                request.queryValue(QStringLiteral("fieldSelector")), &error);
            if (!selector) {
                sendStatus(connection, ApiStatus::badRequest(error));
                return;
            }
            QJsonArray items;
            for (const QJsonObject &o : m_store->list(route.type, route.ns, *selector)) {
                const QJsonObject meta = o.value(QStringLiteral("metadata")).toObject();
                const auto r =
                    m_store->remove(route.type, meta.value(QStringLiteral("namespace")).toString(),
                                    meta.value(QStringLiteral("name")).toString(), options);
                if (r.ok())
                    items << r.object;
            }
            sendJson(
                connection, 200,
                {{QStringLiteral("kind"), route.type.listKind()},
                 {QStringLiteral("apiVersion"), route.type.apiVersion()},
                 {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"),
                                                           QString::number(m_store->revision())}}},
                 {QStringLiteral("items"), items}});
            return;
        }
        const auto r = m_store->remove(route.type, route.ns, route.name, options);
        if (r.ok())
            sendJson(connection, 200, r.object);
        else
            sendStatus(connection, *r.error);
        return;
    }

    const QByteArray contentType = request.header("content-type").split(';').first().trimmed();
    QJsonParseError parseError;
    QJsonDocument body = QJsonDocument::fromJson(request.body, &parseError);
    if (ProtobufDecoder::isProtobuf(contentType)) {
        QString error;
        const auto decoded = ProtobufDecoder::decode(request.body, &error);
        if (!decoded) {
            sendStatus(connection, ApiStatus::unsupportedMediaType(error));
            return;
        }
        body = QJsonDocument(*decoded);
    } else if (body.isNull()) {
        const bool yaml =
            contentType == "application/apply-patch+yaml" || contentType == "application/yaml";
        sendStatus(
            connection,
            ApiStatus::badRequest(
                yaml ? QStringLiteral("the test API server only accepts "
                                      "YAML bodies written as JSON")
                     : QStringLiteral("invalid JSON body: %1").arg(parseError.errorString())));
        return;
    }

    Store::WriteResult result;
    if (request.method == "POST") {
        if (!route.name.isEmpty()) {
            sendStatus(connection, ApiStatus::methodNotAllowed());
            return;
        }
        QJsonObject object = body.object();
        QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
        if (route.type.namespaced) {
            const QString bodyNs = meta.value(QStringLiteral("namespace")).toString();
            if (!bodyNs.isEmpty() && bodyNs != route.ns) {
                sendStatus(connection, ApiStatus::badRequest(
                                           QStringLiteral("the namespace of the provided object "
                                                          "does not match the namespace sent on "
                                                          "the request")));
                return;
            }
            meta.insert(QStringLiteral("namespace"), route.ns);
        }
        if (meta.contains(QStringLiteral("generateName")) &&
            !meta.contains(QStringLiteral("name"))) {
            meta.insert(QStringLiteral("name"),
                        meta.value(QStringLiteral("generateName")).toString() +
                            QString::number(m_random.bounded(100000, 999999), 36));
        }
        object.insert(QStringLiteral("metadata"), meta);
        result = m_store->create(route.type, object, options);
    } else if (request.method == "PUT") {
        QJsonObject object = body.object();
        QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
        if (meta.value(QStringLiteral("name")).toString() != route.name) {
            sendStatus(connection, ApiStatus::badRequest(
                                       QStringLiteral("the name of the object does not match the "
                                                      "name on the URL")));
            return;
        }
        meta.insert(QStringLiteral("namespace"), route.ns);
        object.insert(QStringLiteral("metadata"), meta);
        result = m_store->update(route.type, object, options);
    } else if (request.method == "PATCH") {
        if (contentType == "application/apply-patch+yaml") {
            result = m_store->apply(route.type, route.ns, route.name, body.object(), options);
        } else if (contentType == "application/merge-patch+json" ||
                   (contentType == "application/strategic-merge-patch+json" &&
                    route.type.builtin)) {
            // Strategic merge is approximated by a merge patch (lists are replaced).
            result = m_store->mergePatch(route.type, route.ns, route.name, body.object(), options);
        } else if (contentType == "application/json-patch+json") {
            result = m_store->jsonPatch(route.type, route.ns, route.name, body.array(), options);
        } else {
            sendStatus(connection, ApiStatus::unsupportedMediaType(QString::fromUtf8(contentType)));
            return;
        }
    } else {
        sendStatus(connection, ApiStatus::methodNotAllowed());
        return;
    }
    if (!result.ok()) {
        sendStatus(connection, *result.error);
        return;
    }
    sendJson(connection, result.created ? 201 : 200, result.object);
}
