#include <wavesmith/atomicwrite.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace wavesmith;

class TestAtomicWrite : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writesAllFiles() {
        QTemporaryDir tmp;
        const Status s = writeFilesAtomically(tmp.path(), {{QStringLiteral("a/b/c.yaml"), "x: 1\n"},
                                                           {QStringLiteral("d.yaml"), "y: 2\n"}});
        QVERIFY(s);
        QFile c(tmp.filePath(QStringLiteral("a/b/c.yaml")));
        QVERIFY(c.open(QIODevice::ReadOnly));
        QCOMPARE(c.readAll(), QByteArray("x: 1\n"));
    }

    void failureLeavesEverythingAsItWas() {
        QTemporaryDir tmp;
        QFile existing(tmp.filePath(QStringLiteral("keep.yaml")));
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("original\n");
        existing.close();
        // A file where a folder must go makes the second write fail.
        QFile blocker(tmp.filePath(QStringLiteral("blocked")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const Status s =
            writeFilesAtomically(tmp.path(), {{QStringLiteral("keep.yaml"), "new\n"},
                                              {QStringLiteral("blocked/x.yaml"), "z\n"}});
        QVERIFY(!s);
        QCOMPARE(s.error().file, QStringLiteral("blocked/x.yaml"));
        QVERIFY(existing.open(QIODevice::ReadOnly));
        QCOMPARE(existing.readAll(), QByteArray("original\n"));
        const QStringList left = QDir(tmp.path()).entryList(QDir::Files | QDir::NoDotAndDotDot);
        QCOMPARE(left, (QStringList{QStringLiteral("blocked"), QStringLiteral("keep.yaml")}));
    }
};

QTEST_GUILESS_MAIN(TestAtomicWrite)
#include "tst_atomicwrite.moc"
