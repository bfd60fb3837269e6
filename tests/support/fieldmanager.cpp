#include "fieldmanager.h"

#include <QJsonDocument>
#include <QMap>
#include <QSet>
#include <QStringList>

#include <algorithm>
#include <map>

namespace {

const QChar separator(0x1f);
using FieldSet = QSet<QString>;

struct Entry {
    QJsonObject meta; // manager, operation, apiVersion, time, subresource
    FieldSet fields;
    QString manager() const { return meta.value(QStringLiteral("manager")).toString(); }
    QString operation() const { return meta.value(QStringLiteral("operation")).toString(); }
    QString subresource() const { return meta.value(QStringLiteral("subresource")).toString(); }
};

bool isKeyedList(const QJsonArray &array) {
    if (array.isEmpty())
        return false;
    return std::all_of(array.begin(), array.end(), [](const QJsonValue &v) {
        return v.isObject() && v.toObject().value(QStringLiteral("name")).isString();
    });
}

QString keySegment(const QJsonObject &item) {
    const QJsonObject key{{QStringLiteral("name"), item.value(QStringLiteral("name"))}};
    return QStringLiteral("k:") +
           QString::fromUtf8(QJsonDocument(key).toJson(QJsonDocument::Compact));
}

void collect(const QJsonValue &value, const QString &prefix, FieldSet &out) {
    if (value.isObject() && !value.toObject().isEmpty()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            collect(it.value(), prefix + separator + QStringLiteral("f:") + it.key(), out);
    } else if (value.isArray() && isKeyedList(value.toArray())) {
        for (const QJsonValue &item : value.toArray()) {
            const QString itemPrefix = prefix + separator + keySegment(item.toObject());
            out.insert(itemPrefix + separator + u'.');
            collect(item, itemPrefix, out);
        }
    } else {
        out.insert(prefix);
    }
}

// The fields an object sets, minus identity and bookkeeping that nobody owns.
FieldSet objectFields(const QJsonObject &object) {
    FieldSet out;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() == QStringLiteral("apiVersion") || it.key() == QStringLiteral("kind"))
            continue;
        if (it.key() == QStringLiteral("metadata")) {
            const QJsonObject meta = it.value().toObject();
            for (const QString &key :
                 {QStringLiteral("labels"), QStringLiteral("annotations"),
                  QStringLiteral("finalizers"), QStringLiteral("ownerReferences")}) {
                if (meta.contains(key))
                    collect(meta.value(key),
                            QStringLiteral("f:metadata") + separator + QStringLiteral("f:") + key,
                            out);
            }
            continue;
        }
        collect(it.value(), QStringLiteral("f:") + it.key(), out);
    }
    return out;
}

FieldSet fromFieldsV1(const QJsonObject &fields, const QString &prefix = {}) {
    FieldSet out;
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const QString path = prefix.isEmpty() ? it.key() : prefix + separator + it.key();
        const QJsonObject child = it.value().toObject();
        if (child.isEmpty())
            out.insert(path);
        else
            out.unite(fromFieldsV1(child, path));
    }
    return out;
}

// Paths become a tree first and JSON bottom-up: inserting path by path into nested
// QJsonObjects would copy whole subtrees on every insert.
struct PathTree {
    std::map<QString, PathTree> children;
    QJsonObject toJson() const {
        QJsonObject o;
        for (const auto &[key, child] : children)
            o.insert(key, child.toJson());
        return o;
    }
};

QJsonObject toFieldsV1(const FieldSet &fields) {
    PathTree root;
    for (const QString &path : fields) {
        PathTree *node = &root;
        for (const QString &segment : path.split(separator))
            node = &node->children[segment];
    }
    return root.toJson();
}

int findByName(const QJsonArray &array, const QJsonValue &name) {
    for (int i = 0; i < array.size(); ++i) {
        if (array.at(i).toObject().value(QStringLiteral("name")) == name)
            return i;
    }
    return -1;
}

// Leaf paths of `config` (as collect() names them) whose value differs from `live`; with
// includeNew also those absent from live. One walk over both trees.
void diffLeaves(const QJsonValue &config, const QJsonValue &live, const QString &prefix,
                bool includeNew, FieldSet &out) {
    if (config.isObject() && !config.toObject().isEmpty()) {
        const QJsonObject c = config.toObject();
        const QJsonObject l = live.toObject();
        const bool liveIsObject = live.isObject();
        for (auto it = c.begin(); it != c.end(); ++it) {
            diffLeaves(it.value(),
                       liveIsObject && l.contains(it.key()) ? l.value(it.key())
                                                            : QJsonValue(QJsonValue::Undefined),
                       prefix + separator + QStringLiteral("f:") + it.key(), includeNew, out);
        }
    } else if (config.isArray() && isKeyedList(config.toArray())) {
        const QJsonArray l = live.toArray();
        for (const QJsonValue &item : config.toArray()) {
            const QString itemPrefix = prefix + separator + keySegment(item.toObject());
            const int i =
                live.isArray() ? findByName(l, item.toObject().value(QStringLiteral("name"))) : -1;
            if (i < 0 && includeNew)
                out.insert(itemPrefix + separator + u'.');
            diffLeaves(item, i < 0 ? QJsonValue(QJsonValue::Undefined) : l.at(i), itemPrefix,
                       includeNew, out);
        }
    } else if (live.isUndefined()) {
        if (includeNew)
            out.insert(prefix);
    } else if (live != config) {
        out.insert(prefix);
    }
}

FieldSet diffObject(const QJsonObject &config, const QJsonObject &live, bool includeNew) {
    FieldSet out;
    for (auto it = config.begin(); it != config.end(); ++it) {
        if (it.key() == QStringLiteral("apiVersion") || it.key() == QStringLiteral("kind"))
            continue;
        if (it.key() == QStringLiteral("metadata")) {
            const QJsonObject meta = it.value().toObject();
            const QJsonObject liveMeta = live.value(QStringLiteral("metadata")).toObject();
            for (const QString &key :
                 {QStringLiteral("labels"), QStringLiteral("annotations"),
                  QStringLiteral("finalizers"), QStringLiteral("ownerReferences")}) {
                if (meta.contains(key))
                    diffLeaves(meta.value(key),
                               liveMeta.contains(key) ? liveMeta.value(key)
                                                      : QJsonValue(QJsonValue::Undefined),
                               QStringLiteral("f:metadata") + separator + QStringLiteral("f:") +
                                   key,
                               includeNew, out);
            }
            continue;
        }
        diffLeaves(it.value(),
                   live.contains(it.key()) ? live.value(it.key())
                                           : QJsonValue(QJsonValue::Undefined),
                   QStringLiteral("f:") + it.key(), includeNew, out);
    }
    return out;
}

int findKeyed(const QJsonArray &array, const QString &segment) {
    const QJsonObject key = QJsonDocument::fromJson(segment.mid(2).toUtf8()).object();
    for (int i = 0; i < array.size(); ++i) {
        const QJsonObject item = array.at(i).toObject();
        bool match = true;
        for (auto it = key.begin(); it != key.end(); ++it)
            match = match && item.value(it.key()) == it.value();
        if (match)
            return i;
    }
    return -1;
}

void removeAt(QJsonValue &node, const QStringList &path, int depth) {
    const QString &segment = path.at(depth);
    const bool last = depth == path.size() - 1 ||
                      (depth == path.size() - 2 && path.last() == QStringLiteral("."));
    if (segment.startsWith(QStringLiteral("f:")) && node.isObject()) {
        QJsonObject o = node.toObject();
        const QString key = segment.mid(2);
        if (!o.contains(key))
            return;
        if (last) {
            o.remove(key);
        } else {
            QJsonValue child = o.value(key);
            removeAt(child, path, depth + 1);
            if (child.isObject() && child.toObject().isEmpty())
                o.remove(key); // structured-merge-diff drops maps it emptied
            else
                o.insert(key, child);
        }
        node = o;
    } else if (segment.startsWith(QStringLiteral("k:")) && node.isArray()) {
        QJsonArray a = node.toArray();
        const int i = findKeyed(a, segment);
        if (i < 0)
            return;
        if (last) {
            a.removeAt(i);
        } else {
            QJsonValue child = a.at(i);
            removeAt(child, path, depth + 1);
            a.replace(i, child);
        }
        node = a;
    }
}

QJsonValue merge(const QJsonValue &live, const QJsonValue &config) {
    if (live.isObject() && config.isObject()) {
        QJsonObject result = live.toObject();
        const QJsonObject c = config.toObject();
        for (auto it = c.begin(); it != c.end(); ++it)
            result.insert(it.key(), merge(result.value(it.key()), it.value()));
        return result;
    }
    if (live.isArray() && config.isArray() && isKeyedList(config.toArray())) {
        QJsonArray result = live.toArray();
        for (const QJsonValue &item : config.toArray()) {
            const int i = findKeyed(result, keySegment(item.toObject()));
            if (i < 0)
                result.append(item);
            else
                result.replace(i, merge(result.at(i), item));
        }
        return result;
    }
    return config;
}

QString printPath(const QString &path) {
    QString out;
    for (const QString &segment : path.split(separator)) {
        if (segment.startsWith(QStringLiteral("f:"))) {
            out += u'.' + segment.mid(2);
        } else if (segment.startsWith(QStringLiteral("k:"))) {
            const QJsonObject key = QJsonDocument::fromJson(segment.mid(2).toUtf8()).object();
            QStringList parts;
            for (auto it = key.begin(); it != key.end(); ++it)
                parts << QStringLiteral("%1=\"%2\"").arg(it.key(), it.value().toString());
            out += u'[' + parts.join(u',') + u']';
        }
    }
    return out;
}

QString printManager(const Entry &e) {
    QString s = QStringLiteral("\"%1\"").arg(e.manager());
    if (!e.subresource().isEmpty())
        s += QStringLiteral(" with subresource \"%1\"").arg(e.subresource());
    if (e.operation() == QStringLiteral("Update"))
        s += QStringLiteral(" using %1 at %2")
                 .arg(e.meta.value(QStringLiteral("apiVersion")).toString(),
                      e.meta.value(QStringLiteral("time")).toString());
    return s;
}

QList<Entry> parseEntries(const QJsonArray &managedFields) {
    QList<Entry> entries;
    for (const QJsonValue &v : managedFields) {
        Entry e;
        e.meta = v.toObject();
        e.fields = fromFieldsV1(e.meta.value(QStringLiteral("fieldsV1")).toObject());
        e.meta.remove(QStringLiteral("fieldsV1"));
        e.meta.remove(QStringLiteral("fieldsType"));
        entries << e;
    }
    return entries;
}

QJsonArray serializeEntries(const QList<Entry> &entries) {
    QJsonArray out;
    for (const Entry &e : entries) {
        if (e.fields.isEmpty())
            continue;
        QJsonObject o = e.meta;
        o.insert(QStringLiteral("fieldsType"), QStringLiteral("FieldsV1"));
        o.insert(QStringLiteral("fieldsV1"), toFieldsV1(e.fields));
        out << o;
    }
    return out;
}

Entry &entryFor(QList<Entry> &entries, const QString &manager, const QString &operation,
                const QString &subresource) {
    for (Entry &e : entries) {
        if (e.manager() == manager && e.operation() == operation && e.subresource() == subresource)
            return e;
    }
    Entry e;
    e.meta.insert(QStringLiteral("manager"), manager);
    e.meta.insert(QStringLiteral("operation"), operation);
    if (!subresource.isEmpty())
        e.meta.insert(QStringLiteral("subresource"), subresource);
    entries << e;
    return entries.last();
}

void setMeta(Entry &e, const QString &apiVersion, const QString &now) {
    e.meta.insert(QStringLiteral("apiVersion"), apiVersion);
    e.meta.insert(QStringLiteral("time"), now);
}

QJsonObject withManagedFields(QJsonObject object, const QJsonArray &managedFields) {
    QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
    if (managedFields.isEmpty())
        meta.remove(QStringLiteral("managedFields"));
    else
        meta.insert(QStringLiteral("managedFields"), managedFields);
    object.insert(QStringLiteral("metadata"), meta);
    return object;
}

} // namespace

FieldManager::ApplyResult FieldManager::apply(const QJsonObject &live, const QJsonObject &config,
                                              const QString &manager, bool force,
                                              const QString &now) {
    QList<Entry> entries = parseEntries(live.value(QStringLiteral("metadata"))
                                            .toObject()
                                            .value(QStringLiteral("managedFields"))
                                            .toArray());
    const QJsonObject bare = withManagedFields(live, {});
    const FieldSet configFields = objectFields(config);

    ApplyResult result;
    QList<std::pair<int, QString>> conflicting; // entry index, path
    const FieldSet differing = diffObject(config, bare, false);
    QStringList sortedPaths(differing.begin(), differing.end());
    sortedPaths.sort();
    for (const QString &path : sortedPaths) {
        for (int i = 0; i < entries.size(); ++i) {
            const Entry &e = entries.at(i);
            if (e.manager() == manager && e.operation() == QStringLiteral("Apply"))
                continue;
            if (e.fields.contains(path)) {
                conflicting.append({i, path});
                result.conflicts.append({printManager(e), printPath(path)});
            }
        }
    }
    if (!result.conflicts.isEmpty() && !force)
        return result;
    result.conflicts.clear();
    for (const auto &[index, path] : conflicting)
        entries[index].fields.remove(path);

    Entry &mine = entryFor(entries, manager, QStringLiteral("Apply"), {});
    const FieldSet previous = mine.fields;
    mine.fields = configFields;
    setMeta(mine, config.value(QStringLiteral("apiVersion")).toString(), now);

    QJsonValue merged = merge(bare, config);
    FieldSet others;
    for (const Entry &e : entries) {
        if (!(e.manager() == manager && e.operation() == QStringLiteral("Apply")))
            others.unite(e.fields);
    }
    QStringList removed;
    for (const QString &path : previous) {
        if (!configFields.contains(path) && !others.contains(path))
            removed << path;
    }
    // Deepest first, so a list item's fields go before the item itself.
    std::sort(removed.begin(), removed.end(), [](const QString &a, const QString &b) {
        return a.count(separator) > b.count(separator);
    });
    for (const QString &path : removed)
        removeAt(merged, path.split(separator), 0);

    result.object = withManagedFields(merged.toObject(), serializeEntries(entries));
    return result;
}

QJsonArray FieldManager::recordUpdate(const QJsonArray &managedFields, const QJsonObject &oldObject,
                                      const QJsonObject &newObject, const QString &manager,
                                      const QString &apiVersion, const QString &subresource,
                                      const QString &now) {
    QList<Entry> entries = parseEntries(managedFields);
    const FieldSet oldFields = objectFields(oldObject);
    const FieldSet newFields = objectFields(newObject);
    const FieldSet changed = diffObject(newObject, oldObject, true);
    FieldSet gone = oldFields;
    gone.subtract(newFields);
    for (Entry &e : entries) {
        e.fields.subtract(changed);
        e.fields.subtract(gone);
    }
    if (!changed.isEmpty()) {
        Entry &mine = entryFor(entries, manager, QStringLiteral("Update"), subresource);
        mine.fields.unite(changed);
        setMeta(mine, apiVersion, now);
    }
    return serializeEntries(entries);
}

QString FieldManager::conflictMessage(const QList<Conflict> &conflicts) {
    if (conflicts.size() == 1) {
        return QStringLiteral("Apply failed with 1 conflict: conflict with %1: %2")
            .arg(conflicts.first().manager, conflicts.first().field);
    }
    QMap<QString, QStringList> byManager;
    for (const Conflict &c : conflicts)
        byManager[c.manager] << c.field;
    QStringList lines;
    for (auto it = byManager.begin(); it != byManager.end(); ++it) {
        lines << QStringLiteral("conflicts with %1:").arg(it.key());
        for (const QString &field : it.value())
            lines << QStringLiteral("- %1").arg(field);
    }
    return QStringLiteral("Apply failed with %1 conflicts: %2")
        .arg(conflicts.size())
        .arg(lines.join(u'\n'));
}
