// Autosave files: the JSON round trip (bytes included), atomic store per repository folder, and
// refusing damaged files with a message that names them.

#include <wavesmith/autosave.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace wavesmith;

class TestAutosave : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTripKeepsEveryByte();
    void storeNamesOneFilePerFolder();
    void storeWritesReadsAndRemoves();
    void damagedFilesAreRefusedByName_data();
    void damagedFilesAreRefusedByName();

private:
    static AutosaveRecord sampleRecord(const QString &dir);
};

AutosaveRecord TestAutosave::sampleRecord(const QString &dir) {
    AutosaveRecord record;
    record.directory = dir;
    record.savedAt = QDateTime(QDate(2026, 11, 26), QTime(5, 1, 2, 345), Qt::UTC);
    FileChange edited;
    edited.path = QStringLiteral("infrastructure/controllers/argocd/apps/cilium.yaml");
    edited.before = "metadata:\r\n  annotations:\r\n    argocd.argoproj.io/sync-wave: \"0\"\r\n";
    edited.after = "metadata:\r\n  annotations:\r\n    argocd.argoproj.io/sync-wave: \"2\"\r\n";
    FileChange created;
    created.path = QStringLiteral("apps/ümlaut.yaml");
    created.after = QByteArray("binary\0bytes\xff\n", 15);
    created.created = true;
    FileChange removed;
    removed.path = QStringLiteral("apps/old.yaml");
    removed.before = "# gone\n";
    removed.removed = true;
    record.changes = {edited, created, removed};
    return record;
}

void TestAutosave::roundTripKeepsEveryByte() {
    const AutosaveRecord record = sampleRecord(QStringLiteral("/home/me/homelab"));
    const QByteArray json = serializeAutosave(record);
    // Bytes are stored as base64, never as text a JSON reader could reinterpret.
    QVERIFY(!json.contains("sync-wave"));
    const Result<AutosaveRecord> parsed = parseAutosave(json, QStringLiteral("x.json"));
    QVERIFY2(parsed.ok(), qPrintable(parsed.error().toString()));
    QCOMPARE(parsed->directory, record.directory);
    QCOMPARE(parsed->savedAt, record.savedAt);
    QCOMPARE(parsed->changes.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(parsed->changes.at(i).path, record.changes.at(i).path);
        QCOMPARE(parsed->changes.at(i).before, record.changes.at(i).before);
        QCOMPARE(parsed->changes.at(i).after, record.changes.at(i).after);
        QCOMPARE(parsed->changes.at(i).created, record.changes.at(i).created);
        QCOMPARE(parsed->changes.at(i).removed, record.changes.at(i).removed);
    }
    QCOMPARE(parsed->changes.at(1).after.size(), 15);
}

void TestAutosave::storeNamesOneFilePerFolder() {
    const AutosaveStore store(QStringLiteral("/tmp/autosaves"));
    const QString a = store.fileFor(QStringLiteral("/home/me/homelab"));
    QVERIFY(a.startsWith(QStringLiteral("/tmp/autosaves/")));
    QVERIFY(a.endsWith(QStringLiteral(".json")));
    // The same folder spelled differently is the same autosave; another folder is not.
    QCOMPARE(store.fileFor(QStringLiteral("/home/me/./homelab/")), a);
    QVERIFY(store.fileFor(QStringLiteral("/home/me/homelab2")) != a);
    // sha1 hex: 40 characters, no part of the path leaks into the name.
    QCOMPARE(QFileInfo(a).completeBaseName().size(), 40);
}

void TestAutosave::storeWritesReadsAndRemoves() {
    QTemporaryDir tmp;
    const AutosaveStore store(tmp.filePath(QStringLiteral("autosave")));
    const QString repo = tmp.filePath(QStringLiteral("repo"));
    QVERIFY(!store.exists(repo));
    QVERIFY(!store.read(repo).has_value());

    QVERIFY(store.write(sampleRecord(repo)).ok());
    QVERIFY(store.exists(repo));
    const auto read = store.read(repo);
    QVERIFY(read.has_value());
    QVERIFY(read->ok());
    QCOMPARE(read->value().changes.size(), 3);
    // Atomic: no temporary left next to it.
    QCOMPARE(QDir(store.folder()).entryList(QDir::Files).size(), 1);

    store.remove(repo);
    QVERIFY(!store.exists(repo));
}

void TestAutosave::damagedFilesAreRefusedByName_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("reason");
    QTest::newRow("not json") << QByteArray("{\"version\": 1,") << QStringLiteral("JSON error");
    QTest::newRow("other version")
        << QByteArray("{\"version\": 7}") << QStringLiteral("unsupported autosave version 7");
    QTest::newRow("no folder")
        << QByteArray("{\"version\": 1, \"savedAt\": \"2026-11-26T05:00:00Z\", \"changes\": []}")
        << QStringLiteral("no folder");
    QTest::newRow("bad base64")
        << QByteArray(
               "{\"version\": 1, \"directory\": \"/r\", \"savedAt\": \"2026-11-26T05:00:00Z\", "
               "\"changes\": [{\"path\": \"a.yaml\", \"before\": \"!!\", \"after\": \"\"}]}")
        << QStringLiteral("change 1 has no path or damaged contents");
}

void TestAutosave::damagedFilesAreRefusedByName() {
    QFETCH(QByteArray, json);
    QFETCH(QString, reason);
    const Result<AutosaveRecord> parsed = parseAutosave(json, QStringLiteral("/data/abc.json"));
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().file, QStringLiteral("/data/abc.json"));
    QVERIFY2(parsed.error().message.contains(reason), qPrintable(parsed.error().message));
}

QTEST_GUILESS_MAIN(TestAutosave)
#include "tst_autosave.moc"
