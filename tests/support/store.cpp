#include "store.h"

#include "fieldmanager.h"
#include "jsonpatch.h"
#include "resourceregistry.h"
#include "selector.h"

#include <QDateTime>
#include <QUuid>

#include <algorithm>

namespace {

QString now() {
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
}

QJsonObject metadataOf(const QJsonObject &o) {
    return o.value(QStringLiteral("metadata")).toObject();
}

QString nameOf(const QJsonObject &o) {
    return metadataOf(o).value(QStringLiteral("name")).toString();
}

QString namespaceOf(const QJsonObject &o) {
    return metadataOf(o).value(QStringLiteral("namespace")).toString();
}

QJsonObject setMetadata(QJsonObject o, const QString &key, const QJsonValue &value) {
    QJsonObject meta = metadataOf(o);
    if (value.isUndefined() || value.isNull())
        meta.remove(key);
    else
        meta.insert(key, value);
    o.insert(QStringLiteral("metadata"), meta);
    return o;
}

// Spec-ish content: what bumps metadata.generation when it changes.
QJsonObject specOf(QJsonObject o, bool hasStatus) {
    o.remove(QStringLiteral("metadata"));
    if (hasStatus)
        o.remove(QStringLiteral("status"));
    return o;
}

// For no-op detection: a write that changes nothing but managedFields times is skipped, as the
// real apiserver does.
QJsonObject withoutVolatile(QJsonObject o) {
    QJsonObject meta = metadataOf(o);
    meta.remove(QStringLiteral("resourceVersion"));
    QJsonArray fields = meta.value(QStringLiteral("managedFields")).toArray();
    for (int i = 0; i < fields.size(); ++i) {
        QJsonObject e = fields.at(i).toObject();
        e.remove(QStringLiteral("time"));
        fields.replace(i, e);
    }
    meta.insert(QStringLiteral("managedFields"), fields);
    o.insert(QStringLiteral("metadata"), meta);
    return o;
}

} // namespace

Store::Store(ResourceRegistry *registry, QObject *parent)
    : QObject(parent)
    , m_registry(registry) {}

QString Store::key(const QString &ns, const QString &name) {
    return ns + u'/' + name;
}

std::optional<QJsonObject> Store::get(const ResourceType &type, const QString &ns,
                                      const QString &name) const {
    const auto objects = m_objects.value(type.groupResource());
    const auto it = objects.constFind(key(type.namespaced ? ns : QString(), name));
    if (it == objects.constEnd())
        return std::nullopt;
    return *it;
}

QList<QJsonObject> Store::list(const ResourceType &type, const QString &ns,
                               const Selector &selector) const {
    QList<QJsonObject> result;
    const auto objects = m_objects.value(type.groupResource());
    for (const QJsonObject &o : objects) {
        if (type.namespaced && !ns.isEmpty() && namespaceOf(o) != ns)
            continue;
        if (selector.matches(o))
            result << o;
    }
    return result;
}

std::optional<ApiStatus> Store::checkNamespace(const ResourceType &type, const QString &ns) const {
    if (!type.namespaced)
        return std::nullopt;
    if (ns.isEmpty())
        return ApiStatus::badRequest(QStringLiteral("the namespace of the object is required"));
    const ResourceType *namespaces = m_registry->findByGroupResource(QStringLiteral("namespaces"));
    if (!m_objects.value(namespaces->groupResource()).contains(key({}, ns)))
        return ApiStatus::namespaceNotFound(ns);
    return std::nullopt;
}

Store::WriteResult Store::create(const ResourceType &type, const QJsonObject &object,
                                 const WriteOptions &options) {
    const QString name = nameOf(object);
    const QString ns = type.namespaced ? namespaceOf(object) : QString();
    if (name.isEmpty()) {
        return {{},
                ApiStatus::invalid(type, name, QStringLiteral("metadata.name"),
                                   QStringLiteral("FieldValueRequired"),
                                   QStringLiteral("Required value: name is required")),
                false};
    }
    if (auto error = checkNamespace(type, ns))
        return {{}, error, false};
    if (get(type, ns, name))
        return {{}, ApiStatus::alreadyExists(type, name), false};
    return commit(type, std::nullopt, object, options, true);
}

Store::WriteResult Store::update(const ResourceType &type, const QJsonObject &object,
                                 const WriteOptions &options) {
    const QString name = nameOf(object);
    const auto old = get(type, namespaceOf(object), name);
    if (!old)
        return {{}, ApiStatus::notFound(type, name), false};
    const QString rv = metadataOf(object).value(QStringLiteral("resourceVersion")).toString();
    if (!rv.isEmpty() && rv != metadataOf(*old).value(QStringLiteral("resourceVersion")).toString())
        return {{}, ApiStatus::optimisticLock(type, name), false};
    // managedFields are the server's; a plain update keeps the current ones.
    QJsonObject next = setMetadata(object, QStringLiteral("managedFields"),
                                   metadataOf(*old).value(QStringLiteral("managedFields")));
    return commit(type, old, next, options, true);
}

Store::WriteResult Store::mergePatch(const ResourceType &type, const QString &ns,
                                     const QString &name, const QJsonObject &patch,
                                     const WriteOptions &options) {
    const auto old = get(type, ns, name);
    if (!old)
        return {{}, ApiStatus::notFound(type, name), false};
    QJsonObject next = JsonPatch::mergePatch(*old, patch).toObject();
    next = setMetadata(next, QStringLiteral("managedFields"),
                       metadataOf(*old).value(QStringLiteral("managedFields")));
    return update(type, next, options);
}

Store::WriteResult Store::jsonPatch(const ResourceType &type, const QString &ns,
                                    const QString &name, const QJsonArray &operations,
                                    const WriteOptions &options) {
    const auto old = get(type, ns, name);
    if (!old)
        return {{}, ApiStatus::notFound(type, name), false};
    QString error;
    const auto patched = JsonPatch::apply(*old, operations, &error);
    if (!patched)
        return {{},
                ApiStatus::invalid(type, name, QStringLiteral("patch"),
                                   QStringLiteral("FieldValueInvalid"), error),
                false};
    return update(type, patched->toObject(), options);
}

Store::WriteResult Store::apply(const ResourceType &type, const QString &ns, const QString &name,
                                const QJsonObject &config, const WriteOptions &options) {
    if (options.manager.isEmpty()) {
        ApiStatus s = ApiStatus::invalid(
            type, name, QStringLiteral("fieldManager"), QStringLiteral("FieldValueRequired"),
            QStringLiteral("Required value: is required for apply patch"));
        s.message = QStringLiteral("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: "
                                   "Required value: is required for apply patch");
        return {{}, s, false};
    }
    const QJsonObject meta = metadataOf(config);
    if (meta.contains(QStringLiteral("managedFields")))
        return {
            {}, ApiStatus::badRequest(QStringLiteral("metadata.managedFields must be nil")), false};
    if (meta.value(QStringLiteral("name")).toString() != name)
        return {
            {},
            ApiStatus::badRequest(QStringLiteral("the name of the object (%1) does not "
                                                 "match the name on the URL (%2)")
                                      .arg(meta.value(QStringLiteral("name")).toString(), name)),
            false};
    const QString configNs = meta.value(QStringLiteral("namespace")).toString();
    if (type.namespaced && !configNs.isEmpty() && configNs != ns)
        return {{},
                ApiStatus::badRequest(QStringLiteral("the namespace of the provided object "
                                                     "does not match the namespace sent on "
                                                     "the request")),
                false};
    if (auto error = checkNamespace(type, ns))
        return {{}, error, false};
    const auto old = get(type, ns, name);
    const QString rv = meta.value(QStringLiteral("resourceVersion")).toString();
    if (!rv.isEmpty() &&
        (!old || rv != metadataOf(*old).value(QStringLiteral("resourceVersion")).toString()))
        return {{}, ApiStatus::optimisticLock(type, name), false};

    QJsonObject cleaned = setMetadata(config, QStringLiteral("resourceVersion"), {});
    if (type.namespaced)
        cleaned = setMetadata(cleaned, QStringLiteral("namespace"), ns);
    const auto result = FieldManager::apply(old.value_or(QJsonObject()), cleaned, options.manager,
                                            options.force, now());
    if (!result.conflicts.isEmpty()) {
        ApiStatus s;
        s.code = 409;
        s.reason = QStringLiteral("Conflict");
        s.message = FieldManager::conflictMessage(result.conflicts);
        QJsonArray causes;
        for (const auto &c : result.conflicts) {
            causes << QJsonObject{
                {QStringLiteral("reason"), QStringLiteral("FieldManagerConflict")},
                {QStringLiteral("message"), QStringLiteral("conflict with %1").arg(c.manager)},
                {QStringLiteral("field"), c.field}};
        }
        s.details = {{QStringLiteral("causes"), causes}};
        return {{}, s, false};
    }
    return commit(type, old, result.object, options, false);
}

Store::WriteResult Store::remove(const ResourceType &type, const QString &ns, const QString &name,
                                 const WriteOptions &options) {
    const auto old = get(type, ns, name);
    if (!old)
        return {{}, ApiStatus::notFound(type, name), false};
    if (options.dryRun)
        return {*old, std::nullopt, false};
    if (type.groupResource() == QStringLiteral("namespaces")) {
        // No namespace controller: the contents go at once, each with its DELETED event.
        const auto types = m_registry->types();
        for (const ResourceType &t : types) {
            if (!t.namespaced)
                continue;
            const auto objects = m_objects.value(t.groupResource());
            for (const QJsonObject &o : objects) {
                if (namespaceOf(o) == name)
                    remove(t, name, nameOf(o), {});
            }
        }
    }
    m_objects[type.groupResource()].remove(key(type.namespaced ? ns : QString(), name));
    QJsonObject last =
        setMetadata(*old, QStringLiteral("resourceVersion"), QString::number(m_revision + 1));
    record(type, EventType::Deleted, last, {});
    return {last, std::nullopt, false};
}

void Store::removeAll(const QString &groupResource) {
    const ResourceType *type = m_registry->findByGroupResource(groupResource);
    if (!type)
        return;
    const ResourceType copy = *type;
    const auto objects = m_objects.value(groupResource);
    for (const QJsonObject &o : objects)
        remove(copy, namespaceOf(o), nameOf(o), {});
    m_objects.remove(groupResource);
}

Store::WriteResult Store::commit(const ResourceType &type, const std::optional<QJsonObject> &old,
                                 QJsonObject object, const WriteOptions &options,
                                 bool recordManager) {
    const QString timestamp = now();
    object.insert(QStringLiteral("apiVersion"), type.apiVersion());
    object.insert(QStringLiteral("kind"), type.kind);
    if (!type.namespaced)
        object = setMetadata(object, QStringLiteral("namespace"), {});

    if (old) {
        const QJsonObject oldMeta = metadataOf(*old);
        if (options.subresource == QStringLiteral("status")) {
            // The status endpoint changes status and nothing else.
            QJsonObject next = *old;
            next.insert(QStringLiteral("status"), object.value(QStringLiteral("status")));
            object = setMetadata(next, QStringLiteral("managedFields"),
                                 metadataOf(object).value(QStringLiteral("managedFields")));
        } else if (type.hasStatus) {
            // The main endpoint of a type with a status subresource ignores status.
            if (old->contains(QStringLiteral("status")))
                object.insert(QStringLiteral("status"), old->value(QStringLiteral("status")));
            else
                object.remove(QStringLiteral("status"));
        }
        for (const QString &key :
             {QStringLiteral("uid"), QStringLiteral("creationTimestamp"),
              QStringLiteral("generation"), QStringLiteral("name"), QStringLiteral("namespace")}) {
            object = setMetadata(object, key, oldMeta.value(key));
        }
        if (specOf(*old, type.hasStatus) != specOf(object, type.hasStatus)) {
            object = setMetadata(object, QStringLiteral("generation"),
                                 oldMeta.value(QStringLiteral("generation")).toInteger() + 1);
        }
    } else {
        object = setMetadata(object, QStringLiteral("uid"),
                             QUuid::createUuid().toString(QUuid::WithoutBraces));
        object = setMetadata(object, QStringLiteral("creationTimestamp"), timestamp);
        object = setMetadata(object, QStringLiteral("generation"), 1);
        if (type.groupResource() == QStringLiteral("namespaces") &&
            !object.value(QStringLiteral("status")).toObject().contains(QStringLiteral("phase")))
            object.insert(QStringLiteral("status"),
                          QJsonObject{{QStringLiteral("phase"), QStringLiteral("Active")}});
    }

    if (recordManager) {
        const QString manager =
            options.manager.isEmpty() ? QStringLiteral("unknown") : options.manager;
        QJsonObject oldBare = old.value_or(QJsonObject());
        QJsonObject newBare = object;
        const QJsonArray fields = FieldManager::recordUpdate(
            metadataOf(oldBare).value(QStringLiteral("managedFields")).toArray(),
            setMetadata(oldBare, QStringLiteral("managedFields"), {}),
            setMetadata(newBare, QStringLiteral("managedFields"), {}), manager, type.apiVersion(),
            options.subresource, timestamp);
        object = setMetadata(object, QStringLiteral("managedFields"),
                             fields.isEmpty() ? QJsonValue() : QJsonValue(fields));
    }

    if (old &&
        withoutVolatile(*old) ==
            withoutVolatile(setMetadata(object, QStringLiteral("resourceVersion"),
                                        metadataOf(*old).value(QStringLiteral("resourceVersion")))))
        return {*old, std::nullopt, false}; // no-op: no new resourceVersion, no event

    if (options.dryRun) {
        if (old)
            object = setMetadata(object, QStringLiteral("resourceVersion"),
                                 metadataOf(*old).value(QStringLiteral("resourceVersion")));
        return {object, std::nullopt, !old};
    }
    object =
        setMetadata(object, QStringLiteral("resourceVersion"), QString::number(m_revision + 1));
    m_objects[type.groupResource()].insert(key(namespaceOf(object), nameOf(object)), object);
    record(type, old ? EventType::Modified : EventType::Added, object, old.value_or(QJsonObject()));
    return {object, std::nullopt, !old};
}

void Store::record(const ResourceType &type, EventType eventType, const QJsonObject &object,
                   const QJsonObject &oldObject) {
    Event e;
    e.revision = ++m_revision;
    e.type = eventType;
    e.groupResource = type.groupResource();
    e.object = object;
    e.oldObject = oldObject;
    m_history.push_back(e);
    while (int(m_history.size()) > m_historyLimit) {
        m_history.pop_front();
        m_truncated = true;
    }
    Q_EMIT objectChanged(e);
}

qint64 Store::oldestRevision() const {
    return m_history.empty() ? m_revision : m_history.front().revision;
}

bool Store::isExpired(qint64 revision) const {
    return m_truncated && revision + 1 < oldestRevision();
}

QList<Store::Event> Store::eventsAfter(qint64 revision, const QString &groupResource) const {
    QList<Event> result;
    auto it = std::upper_bound(m_history.begin(), m_history.end(), revision,
                               [](qint64 rv, const Event &e) { return rv < e.revision; });
    for (; it != m_history.end(); ++it) {
        if (it->groupResource == groupResource)
            result << *it;
    }
    return result;
}
