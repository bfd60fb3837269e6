// Store, selectors, patches, server-side apply and resourceVersion logic, without kubectl.

#include "fieldmanager.h"
#include "jsonpatch.h"
#include "resourceregistry.h"
#include "selector.h"
#include "store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

namespace {

QJsonObject json(const char *text) {
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

QString rvOf(const QJsonObject &o) {
    return o[QStringLiteral("metadata")][QStringLiteral("resourceVersion")].toString();
}

} // namespace

class TestApiServerStore : public QObject {
    Q_OBJECT
private:
    ResourceRegistry m_registry;
    ResourceType namespaces() {
        return *m_registry.findByGroupResource(QStringLiteral("namespaces"));
    }
    ResourceType configMaps() {
        return *m_registry.findByGroupResource(QStringLiteral("configmaps"));
    }
    Store::WriteOptions as(const char *manager) {
        Store::WriteOptions o;
        o.manager = QString::fromLatin1(manager);
        return o;
    }

private Q_SLOTS:
    void selector_data() {
        QTest::addColumn<QString>("labels");
        QTest::addColumn<QString>("fields");
        QTest::addColumn<bool>("matches");
        QTest::newRow("empty") << QString() << QString() << true;
        QTest::newRow("eq") << QStringLiteral("app=web") << QString() << true;
        QTest::newRow("eq-miss") << QStringLiteral("app=db") << QString() << false;
        QTest::newRow("neq") << QStringLiteral("app!=db") << QString() << true;
        QTest::newRow("in") << QStringLiteral("tier in (a, front)") << QString() << true;
        QTest::newRow("notin") << QStringLiteral("tier notin (front)") << QString() << false;
        QTest::newRow("exists") << QStringLiteral("app,!missing") << QString() << true;
        QTest::newRow("not-exists") << QStringLiteral("!app") << QString() << false;
        QTest::newRow("field-name") << QString() << QStringLiteral("metadata.name=c1") << true;
        QTest::newRow("field-ns") << QString() << QStringLiteral("metadata.namespace!=x") << false;
        QTest::newRow("both") << QStringLiteral("app=web") << QStringLiteral("metadata.name==c1")
                              << true;
    }
    void selector() {
        QFETCH(QString, labels);
        QFETCH(QString, fields);
        QFETCH(bool, matches);
        QString error;
        const auto s = Selector::parse(labels, fields, &error);
        QVERIFY2(s, qPrintable(error));
        const QJsonObject o = json(R"({"metadata":{"name":"c1","namespace":"x",
            "labels":{"app":"web","tier":"front"}}})");
        QCOMPARE(s->matches(o), matches);
    }
    void selectorRejectsUnsupportedField() {
        QString error;
        QVERIFY(!Selector::parse({}, QStringLiteral("spec.foo=bar"), &error));
        QVERIFY(error.contains(QStringLiteral("spec.foo")));
    }

    void patches() {
        const QJsonObject doc = json(R"({"a":{"b":1,"c":[1,2]},"d":"x"})");
        QCOMPARE(JsonPatch::mergePatch(doc, json(R"({"a":{"b":null,"e":2},"d":"y"})")).toObject(),
                 json(R"({"a":{"c":[1,2],"e":2},"d":"y"})"));
        QString error;
        const auto patched =
            JsonPatch::apply(doc,
                             QJsonDocument::fromJson(R"([{"op":"add","path":"/a/c/-","value":3},
                {"op":"replace","path":"/d","value":"z"},{"op":"remove","path":"/a/b"},
                {"op":"test","path":"/d","value":"z"}])")
                                 .array(),
                             &error);
        QVERIFY2(patched, qPrintable(error));
        QCOMPARE(patched->toObject(), json(R"({"a":{"c":[1,2,3]},"d":"z"})"));
        QVERIFY(!JsonPatch::apply(
            doc, QJsonDocument::fromJson(R"([{"op":"remove","path":"/zz"}])").array(), &error));
    }

    void createGetListAndResourceVersions() {
        Store store(&m_registry);
        QSignalSpy changed(&store, &Store::objectChanged);
        auto ns = store.create(namespaces(), json(R"({"metadata":{"name":"x"}})"), as("test"));
        QVERIFY(ns.ok());
        QVERIFY(ns.created);
        QCOMPARE(ns.object[QStringLiteral("status")][QStringLiteral("phase")].toString(),
                 QStringLiteral("Active"));
        auto a = store.create(
            configMaps(), json(R"({"metadata":{"name":"a","namespace":"x","labels":{"k":"1"}}})"),
            as("test"));
        auto b = store.create(
            configMaps(), json(R"({"metadata":{"name":"b","namespace":"x","labels":{"k":"2"}}})"),
            as("test"));
        QVERIFY(a.ok() && b.ok());
        QVERIFY(rvOf(b.object).toLongLong() > rvOf(a.object).toLongLong());
        QCOMPARE(changed.count(), 3);
        QCOMPARE(store.revision(), rvOf(b.object).toLongLong());

        // Missing namespace, duplicate name.
        auto missing = store.create(
            configMaps(), json(R"({"metadata":{"name":"a","namespace":"nope"}})"), as("test"));
        QCOMPARE(missing.error->code, 404);
        QCOMPARE(missing.error->message, QStringLiteral("namespaces \"nope\" not found"));
        QCOMPARE(store.create(configMaps(), a.object, as("test")).error->code, 409);

        QString error;
        const auto sel = Selector::parse(QStringLiteral("k=2"), {}, &error);
        const auto listed = store.list(configMaps(), QStringLiteral("x"), *sel);
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.first()[QStringLiteral("metadata")][QStringLiteral("name")].toString(),
                 QStringLiteral("b"));
        QVERIFY(store.get(configMaps(), QStringLiteral("x"), QStringLiteral("a")));

        // Optimistic lock on a stale resourceVersion.
        QJsonObject stale = a.object;
        QJsonObject meta = stale[QStringLiteral("metadata")].toObject();
        meta[QStringLiteral("resourceVersion")] = QStringLiteral("1");
        stale[QStringLiteral("metadata")] = meta;
        stale[QStringLiteral("data")] = QJsonObject{{QStringLiteral("x"), QStringLiteral("y")}};
        QCOMPARE(store.update(configMaps(), stale, as("test")).error->code, 409);

        // Dry run stores nothing and emits nothing.
        Store::WriteOptions dry = as("test");
        dry.dryRun = true;
        QVERIFY(
            store.create(configMaps(), json(R"({"metadata":{"name":"dry","namespace":"x"}})"), dry)
                .ok());
        QVERIFY(!store.get(configMaps(), QStringLiteral("x"), QStringLiteral("dry")));
        QCOMPARE(changed.count(), 3);

        // Deleting the namespace deletes its contents, each with an event.
        QVERIFY(store.remove(namespaces(), {}, QStringLiteral("x"), {}).ok());
        QCOMPARE(changed.count(), 6);
        QVERIFY(!store.get(configMaps(), QStringLiteral("x"), QStringLiteral("a")));
    }

    void historyAndExpiry() {
        Store store(&m_registry);
        store.setHistoryLimit(5);
        QVERIFY(store.create(namespaces(), json(R"({"metadata":{"name":"x"}})"), as("t")).ok());
        for (int i = 0; i < 10; ++i) {
            const QJsonObject cm{
                {QStringLiteral("metadata"),
                 QJsonObject{{QStringLiteral("name"), QStringLiteral("c%1").arg(i)},
                             {QStringLiteral("namespace"), QStringLiteral("x")}}}};
            QVERIFY(store.create(configMaps(), cm, as("t")).ok());
        }
        QCOMPARE(store.revision(), 11);
        QVERIFY(store.isExpired(1));
        QVERIFY(!store.isExpired(store.revision() - 3));
        const auto events = store.eventsAfter(store.revision() - 2, QStringLiteral("configmaps"));
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.last().revision, store.revision());
    }

    void serverSideApply() {
        Store store(&m_registry);
        QVERIFY(store.create(namespaces(), json(R"({"metadata":{"name":"x"}})"), as("t")).ok());
        const QJsonObject first = json(R"({"apiVersion":"v1","kind":"ConfigMap",
            "metadata":{"name":"c","labels":{"a":"1"}},"data":{"foo":"1","bar":"2"}})");
        auto r = store.apply(configMaps(), QStringLiteral("x"), QStringLiteral("c"), first,
                             as("kubectl"));
        QVERIFY(r.ok());
        QVERIFY(r.created);
        const QJsonArray managed =
            r.object[QStringLiteral("metadata")][QStringLiteral("managedFields")].toArray();
        QCOMPARE(managed.size(), 1);
        QCOMPARE(managed.first()[QStringLiteral("operation")].toString(), QStringLiteral("Apply"));
        QVERIFY(managed.first()[QStringLiteral("fieldsV1")][QStringLiteral("f:data")]
                    .toObject()
                    .contains(QStringLiteral("f:foo")));
        const QString rv = rvOf(r.object);

        // Same config again: no-op, same resourceVersion.
        r = store.apply(configMaps(), QStringLiteral("x"), QStringLiteral("c"), first,
                        as("kubectl"));
        QCOMPARE(rvOf(r.object), rv);

        // Another manager changing foo conflicts, naming the field and the owner.
        const QJsonObject other = json(R"({"apiVersion":"v1","kind":"ConfigMap",
            "metadata":{"name":"c"},"data":{"foo":"9"}})");
        r = store.apply(configMaps(), QStringLiteral("x"), QStringLiteral("c"), other, as("other"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error->code, 409);
        QCOMPARE(
            r.error->message,
            QStringLiteral("Apply failed with 1 conflict: conflict with \"kubectl\": .data.foo"));
        // Setting the same value is shared ownership, not a conflict.
        const QJsonObject same = json(R"({"apiVersion":"v1","kind":"ConfigMap",
            "metadata":{"name":"c"},"data":{"foo":"1"}})");
        QVERIFY(
            store.apply(configMaps(), QStringLiteral("x"), QStringLiteral("c"), same, as("third"))
                .ok());

        // force takes the field over.
        Store::WriteOptions force = as("other");
        force.force = true;
        r = store.apply(configMaps(), QStringLiteral("x"), QStringLiteral("c"), other, force);
        QVERIFY(r.ok());
        QCOMPARE(r.object[QStringLiteral("data")][QStringLiteral("foo")].toString(),
                 QStringLiteral("9"));

        // Dropping a field from kubectl's config removes it (nobody else owns bar).
        const QJsonObject fewer = json(R"({"apiVersion":"v1","kind":"ConfigMap",
            "metadata":{"name":"c","labels":{"a":"1"}},"data":{}})");
        r = store.apply(configMaps(), QStringLiteral("x"), QStringLiteral("c"), fewer,
                        as("kubectl"));
        QVERIFY(r.ok());
        QVERIFY(!r.object[QStringLiteral("data")].toObject().contains(QStringLiteral("bar")));
        QCOMPARE(r.object[QStringLiteral("data")][QStringLiteral("foo")].toString(),
                 QStringLiteral("9"));

        // A merge patch records an Update manager that later applies conflict with.
        QVERIFY(store
                    .mergePatch(configMaps(), QStringLiteral("x"), QStringLiteral("c"),
                                json(R"({"data":{"baz":"1"}})"), as("patcher"))
                    .ok());
        const QJsonObject baz = json(R"({"apiVersion":"v1","kind":"ConfigMap",
            "metadata":{"name":"c"},"data":{"baz":"2"}})");
        r = store.apply(configMaps(), QStringLiteral("x"), QStringLiteral("c"), baz, as("kubectl"));
        QCOMPARE(r.error->code, 409);
        QVERIFY(r.error->message.contains(QStringLiteral("\"patcher\" using v1 at")));

        // fieldManager is required.
        QCOMPARE(store.apply(configMaps(), QStringLiteral("x"), QStringLiteral("c"), first, {})
                     .error->code,
                 422);
    }

    void keyedListsMergeByName() {
        const QJsonObject live =
            FieldManager::apply({}, json(R"({"apiVersion":"v1","kind":"X",
            "spec":{"items":[{"name":"a","v":1},{"name":"b","v":2}]}})"),
                                QStringLiteral("m1"), false, QStringLiteral("t"))
                .object;
        const auto result = FieldManager::apply(live, json(R"({"apiVersion":"v1","kind":"X",
            "spec":{"items":[{"name":"b","v":3}]}})"),
                                                QStringLiteral("m2"), false, QStringLiteral("t"));
        QCOMPARE(result.conflicts.size(), 1);
        QCOMPARE(result.conflicts.first().field, QStringLiteral(".spec.items[name=\"b\"].v"));
    }
};

QTEST_GUILESS_MAIN(TestApiServerStore)
#include "tst_apiserverstore.moc"
