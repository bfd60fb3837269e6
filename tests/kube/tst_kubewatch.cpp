// KubeWatch against the test API server: ADDED/MODIFIED/DELETED and bookmarks; dropped watch
// streams (scenario faults dropWatchEvery) resume from the last resourceVersion without missing
// an event; a resourceVersion older than the server's history (410 Expired, forced with a short
// history in an in-process server) relists and emits the current state; permanent errors stop
// the watch with a message.

#include "testapiserver.h"

#include <wavesmith/kubeclient.h>

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>

#include <memory>

using namespace wavesmith;
using kubetest::finishes;
using kubetest::TestApiServer;

namespace {

QJsonObject counter(const QString &name, const QString &ns, int value) {
    return QJsonObject{
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
        {QStringLiteral("metadata"),
         QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("namespace"), ns}}},
        {QStringLiteral("data"), QJsonObject{{QStringLiteral("n"), QString::number(value)}}}};
}

int valueOf(const QJsonObject &object) {
    return object.value(QStringLiteral("data"))
        .toObject()
        .value(QStringLiteral("n"))
        .toString()
        .toInt();
}

// Records what one watch reported.
struct Recorder {
    QList<int> values; // data.n of every ADDED/MODIFIED, in order
    QStringList types;
    QList<QList<QJsonObject>> lists;
    int reconnects = 0;
    int bookmarks = 0;
    QString failure;

    void attach(KubeWatch *watch) {
        QObject::connect(
            watch, &KubeWatch::listed, watch,
            [this](const QList<QJsonObject> &items, const QString &) { lists << items; });
        QObject::connect(watch, &KubeWatch::added, watch, [this](const QJsonObject &o) {
            types << QStringLiteral("ADDED");
            values << valueOf(o);
        });
        QObject::connect(watch, &KubeWatch::modified, watch, [this](const QJsonObject &o) {
            types << QStringLiteral("MODIFIED");
            values << valueOf(o);
        });
        QObject::connect(watch, &KubeWatch::deleted, watch,
                         [this](const QJsonObject &) { types << QStringLiteral("DELETED"); });
        QObject::connect(watch, &KubeWatch::bookmarked, watch,
                         [this](const QString &) { ++bookmarks; });
        QObject::connect(watch, &KubeWatch::reconnecting, watch,
                         [this](const QString &, int) { ++reconnects; });
        QObject::connect(watch, &KubeWatch::failed, watch,
                         [this](const QString &message) { failure = message; });
    }
};

QList<int> oneTo(int last) {
    QList<int> result;
    for (int i = 1; i <= last; ++i)
        result << i;
    return result;
}

} // namespace

class TestKubeWatch : public QObject {
    Q_OBJECT

private:
    static bool apply(KubeClient *client, const QJsonObject &object) {
        KubeReply *reply = client->apply(object);
        const bool ok = finishes(reply) && reply->ok();
        if (!ok)
            qWarning("%s", qPrintable(reply->errorString()));
        delete reply;
        return ok;
    }

private Q_SLOTS:
    void addedModifiedDeletedAndBookmarks() {
        TestApiServer server;
        QString why;
        QVERIFY2(server.start(&why), qPrintable(why));
        auto client = server.client(QStringLiteral("admin"), &why);
        QVERIFY2(client, qPrintable(why));
        QVERIFY(
            apply(client.get(), counter(QStringLiteral("before"), QStringLiteral("default"), 7)));

        KubeWatch *watch = client->watch(QStringLiteral("v1"), QStringLiteral("ConfigMap"),
                                         {QStringLiteral("default")});
        Recorder seen;
        seen.attach(watch);
        watch->start();
        QTRY_COMPARE_WITH_TIMEOUT(seen.lists.size(), 1, 10000);
        QVERIFY(watch->isRunning());
        QCOMPARE(watch->resource().plural, QStringLiteral("configmaps"));
        bool listedBefore = false;
        for (const QJsonObject &item : seen.lists.first())
            listedBefore |= valueOf(item) == 7;
        QVERIFY(listedBefore);
        QVERIFY(seen.types.isEmpty()); // a list's objects are not reported again as ADDED

        QVERIFY(apply(client.get(), counter(QStringLiteral("w"), QStringLiteral("default"), 1)));
        QVERIFY(apply(client.get(), counter(QStringLiteral("w"), QStringLiteral("default"), 2)));
        KubeReply *removed = client->remove(QStringLiteral("v1"), QStringLiteral("ConfigMap"),
                                            QStringLiteral("w"), QStringLiteral("default"));
        QVERIFY(finishes(removed) && removed->ok());
        QTRY_COMPARE_WITH_TIMEOUT(seen.types.size(), 3, 10000);
        QCOMPARE(seen.types, (QStringList{QStringLiteral("ADDED"), QStringLiteral("MODIFIED"),
                                          QStringLiteral("DELETED")}));
        QCOMPARE(seen.values, (QList<int>{1, 2}));
        // The server sends a bookmark every 2 s to watches that allow them.
        QTRY_VERIFY_WITH_TIMEOUT(seen.bookmarks > 0, 8000);
        QVERIFY(!watch->resourceVersion().isEmpty());

        // stop(): nothing more arrives.
        watch->stop();
        QVERIFY(apply(client.get(), counter(QStringLiteral("w"), QStringLiteral("default"), 3)));
        QTest::qWait(300);
        QCOMPARE(seen.types.size(), 3);
        QVERIFY(seen.failure.isEmpty());
    }

    void survivesADroppedWatch() {
        // Every 2nd watch stream is cut (connection closed mid-stream) right after its initial
        // events.
        // (A stream cut before its first byte reached us is re-sent by QtNetwork itself; either
        // way no update may be missed or repeated.)
        TestApiServer server;
        QString why;
        QVERIFY2(server.start(&why, "faults: {dropWatchEvery: 2}\n"), qPrintable(why));
        auto client = server.client(QStringLiteral("admin"), &why);
        QVERIFY2(client, qPrintable(why));
        const QString ns = QStringLiteral("default");
        KubeReply *list = client->list(QStringLiteral("v1"), QStringLiteral("ConfigMap"), {ns});
        QVERIFY(finishes(list) && list->ok());
        const QString listVersion =
            list->object()[QStringLiteral("metadata")][QStringLiteral("resourceVersion")]
                .toString();
        const int early = 10;
        for (int i = 1; i <= early; ++i)
            QVERIFY(apply(client.get(), counter(QStringLiteral("counter"), ns, i)));

        // Both watchers start from the list: the server replays the 10 updates to each. The
        // first is the server's 1st watch (kept); the second its 2nd: cut after the replay, so
        // it must resume from the last resourceVersion it saw, without repeating or missing.
        WatchOptions options{ns};
        options.resourceVersion = listVersion;
        options.initialBackoffMs = 100;
        KubeWatch *first =
            client->watch(QStringLiteral("v1"), QStringLiteral("ConfigMap"), options);
        Recorder firstSeen;
        firstSeen.attach(first);
        first->start();
        QTRY_COMPARE_WITH_TIMEOUT(firstSeen.values.size(), early, 10000);
        KubeWatch *second =
            client->watch(QStringLiteral("v1"), QStringLiteral("ConfigMap"), options);
        Recorder secondSeen;
        secondSeen.attach(second);
        second->start();
        // (A stream cut before its first byte is re-sent by QtNetwork itself, unseen.)
        QTRY_COMPARE_WITH_TIMEOUT(secondSeen.values.size(), early, 10000);

        const int updates = 25;
        for (int i = early + 1; i <= updates; ++i) {
            QVERIFY(apply(client.get(), counter(QStringLiteral("counter"), ns, i)));
            QTest::qWait(10);
        }
        QTRY_COMPARE_WITH_TIMEOUT(secondSeen.values.size(), updates, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(firstSeen.values.size(), updates, 20000);
        // Every update, once, in order.
        QCOMPARE(secondSeen.values, oneTo(updates));
        QCOMPARE(firstSeen.values, oneTo(updates));
        QCOMPARE(secondSeen.types.first(), QStringLiteral("ADDED"));
        QVERIFY(secondSeen.lists.isEmpty()); // resumed from a resourceVersion, never relisted
        QVERIFY(firstSeen.lists.isEmpty());
        QVERIFY(firstSeen.failure.isEmpty());
        QVERIFY(secondSeen.failure.isEmpty());
        QVERIFY(second->isRunning());
    }

    void resumesAfterTheConnectionDrops() {
        // A connection cut in the middle of a watch stream (after events arrived): the watch
        // reconnects with backoff from the last resourceVersion it saw.
        TestApiServer server;
        QString why;
        QVERIFY2(server.start(&why), qPrintable(why));
        kubetest::CuttableRelay relay;
        QVERIFY(relay.listen(quint16(QUrl(server.url()).port())));
        auto writer = server.client(QStringLiteral("admin"), &why);
        QVERIFY2(writer, qPrintable(why));
        KubeconfigLoadOptions options = server.options(QStringLiteral("admin"));
        Result<ClientConfig> config = loadClientConfig(options);
        QVERIFY(config.ok());
        config.value().server = QStringLiteral("https://127.0.0.1:%1").arg(relay.port());
        KubeClient watcher(config.value());

        const QString ns = QStringLiteral("default");
        WatchOptions watchOptions{ns};
        watchOptions.initialBackoffMs = 200;
        KubeWatch *watch =
            watcher.watch(QStringLiteral("v1"), QStringLiteral("ConfigMap"), watchOptions);
        Recorder seen;
        seen.attach(watch);
        watch->start();
        QTRY_COMPARE_WITH_TIMEOUT(seen.lists.size(), 1, 10000);
        for (int i = 1; i <= 5; ++i)
            QVERIFY(apply(writer.get(), counter(QStringLiteral("flaky"), ns, i)));
        QTRY_COMPARE_WITH_TIMEOUT(seen.values.size(), 5, 10000);

        const int connectionsBefore = relay.connectionsMade();
        relay.cutAll();
        // Updates while the watch is away: they must arrive after it resumes.
        for (int i = 6; i <= 15; ++i)
            QVERIFY(apply(writer.get(), counter(QStringLiteral("flaky"), ns, i)));
        QTRY_COMPARE_WITH_TIMEOUT(seen.values.size(), 15, 15000);
        QCOMPARE(seen.values, oneTo(15));
        QVERIFY2(seen.reconnects >= 1, qPrintable(QString::number(seen.reconnects)));
        QVERIFY(relay.connectionsMade() > connectionsBefore);
        QCOMPARE(seen.lists.size(), 1); // resumed, not relisted
        QVERIFY(seen.failure.isEmpty());
    }

    void relistsOnExpired() {
        // A history of 20 events: a watch from an older resourceVersion gets ERROR 410 Expired.
        TestApiServer server;
        QString why;
        QVERIFY2(server.startInProcess(&why, 20), qPrintable(why));
        auto client = server.client(QStringLiteral("admin"), &why);
        QVERIFY2(client, qPrintable(why));
        QVERIFY(
            apply(client.get(), counter(QStringLiteral("expiring"), QStringLiteral("default"), 0)));
        KubeReply *list = client->list(QStringLiteral("v1"), QStringLiteral("ConfigMap"),
                                       {QStringLiteral("default")});
        QVERIFY(finishes(list) && list->ok());
        const QString oldVersion =
            list->object()[QStringLiteral("metadata")][QStringLiteral("resourceVersion")]
                .toString();
        QVERIFY(!oldVersion.isEmpty());
        for (int i = 1; i <= 30; ++i)
            QVERIFY(apply(client.get(),
                          counter(QStringLiteral("expiring"), QStringLiteral("default"), i)));

        WatchOptions options{QStringLiteral("default")};
        options.resourceVersion = oldVersion; // as if we had listed long ago
        KubeWatch *watch =
            client->watch(QStringLiteral("v1"), QStringLiteral("ConfigMap"), options);
        Recorder seen;
        seen.attach(watch);
        watch->start();
        // The relist delivers the current state...
        QTRY_COMPARE_WITH_TIMEOUT(seen.lists.size(), 1, 10000);
        int listedValue = -1;
        for (const QJsonObject &item : seen.lists.first())
            if (item[QStringLiteral("metadata")][QStringLiteral("name")].toString() ==
                QLatin1String("expiring"))
                listedValue = valueOf(item);
        QCOMPARE(listedValue, 30);
        QVERIFY(seen.values.isEmpty()); // not the stale history
        QVERIFY(watch->resourceVersion().toLongLong() > oldVersion.toLongLong());
        // ...and the watch goes on from there.
        QVERIFY(apply(client.get(),
                      counter(QStringLiteral("expiring"), QStringLiteral("default"), 31)));
        QTRY_COMPARE_WITH_TIMEOUT(seen.values, QList<int>{31}, 10000);
        QVERIFY(seen.failure.isEmpty());
    }

    void permanentErrorsStopTheWatch() {
        TestApiServer server;
        QString why;
        QVERIFY2(server.start(&why), qPrintable(why));
        auto client = server.client(QStringLiteral("admin"), &why);
        QVERIFY2(client, qPrintable(why));
        KubeWatch *unknown =
            client->watch(QStringLiteral("example.com/v1"), QStringLiteral("Widget"));
        Recorder seen;
        seen.attach(unknown);
        unknown->start();
        QTRY_VERIFY_WITH_TIMEOUT(!seen.failure.isEmpty(), 10000);
        QVERIFY2(seen.failure.contains(QStringLiteral("no matches for kind \"Widget\"")),
                 qPrintable(seen.failure));
        QVERIFY(!unknown->isRunning());

        auto bad = server.client(QStringLiteral("bad-token"), &why);
        QVERIFY2(bad, qPrintable(why));
        KubeWatch *rejected = bad->watch(QStringLiteral("v1"), QStringLiteral("ConfigMap"));
        Recorder rejectedSeen;
        rejectedSeen.attach(rejected);
        rejected->start();
        QTRY_VERIFY_WITH_TIMEOUT(!rejectedSeen.failure.isEmpty(), 10000);
        QVERIFY2(rejectedSeen.failure.contains(QStringLiteral("Unauthorized")),
                 qPrintable(rejectedSeen.failure));
        QVERIFY(!rejectedSeen.failure.contains(server.secrets().badToken));
    }
};

QTEST_GUILESS_MAIN(TestKubeWatch)
#include "tst_kubewatch.moc"
