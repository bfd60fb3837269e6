// `wavesmith gui --screenshot`: runs the real executable offscreen, as a user or CI would.

#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TestGuiCommand : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void screenshotOfTheHomelab();
    void missingDirectoryExits2();
    void unwritableScreenshotExits2();
    void badUsageExits2();

private:
    struct Run {
        int exitCode = -1;
        QString out;
        QString err;
    };
    static Run run(const QStringList &arguments);
};

TestGuiCommand::Run TestGuiCommand::run(const QStringList &arguments) {
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(WAVESMITH_EXECUTABLE), arguments);
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

void TestGuiCommand::screenshotOfTheHomelab() {
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    const QString png = temp.filePath(QStringLiteral("homelab.png"));
    const Run result = run({QStringLiteral("gui"), QStringLiteral("--screenshot"), png});
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));

    QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(1400, 900));
    // Not a blank window: many distinct colours (lanes, nodes, text).
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7) {
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    }
    QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
    // Nothing else is left behind next to the PNG (QSaveFile renames into place).
    QCOMPARE(QDir(temp.path()).entryList(QDir::Files), QStringList{QStringLiteral("homelab.png")});
}

void TestGuiCommand::missingDirectoryExits2() {
    QTemporaryDir temp;
    const QString missing = temp.filePath(QStringLiteral("does-not-exist"));
    const QString png = temp.filePath(QStringLiteral("out.png"));
    const Run result = run({QStringLiteral("gui"), missing, QStringLiteral("--screenshot"), png});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(missing), qPrintable(result.err));
    QVERIFY(!QFile::exists(png));
}

void TestGuiCommand::unwritableScreenshotExits2() {
    QTemporaryDir temp;
    const QString png = temp.filePath(QStringLiteral("no-such-folder/out.png"));
    const Run result = run({QStringLiteral("gui"), QStringLiteral("--screenshot"), png});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(png), qPrintable(result.err));
}

void TestGuiCommand::badUsageExits2() {
    QCOMPARE(run({QStringLiteral("gui"), QStringLiteral("--no-such-option")}).exitCode, 2);
    QCOMPARE(run({QStringLiteral("gui"), QStringLiteral("--screenshot")}).exitCode, 2);
    const Run help = run({QStringLiteral("gui"), QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains(QLatin1String("--screenshot")));
}

QTEST_GUILESS_MAIN(TestGuiCommand)
#include "tst_guicommand.moc"
