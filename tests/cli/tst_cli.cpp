// The command-line contract: exit codes 0/1/2, messages naming the path, nothing written on
// bad input, --help on every command, JSON shapes of import and waves.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

enum class Screen { Offscreen, None };

Run wavesmith(const QStringList &arguments, const QString &workingDir = {},
              Screen display = Screen::Offscreen) {
    QProcess process;
    if (!workingDir.isEmpty())
        process.setWorkingDirectory(workingDir);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (display == Screen::Offscreen) {
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    } else { // a server or CI runner: no X, no Wayland, no platform chosen
        for (const char *name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
            env.remove(QString::fromLatin1(name));
    }
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(WAVESMITH_EXECUTABLE), arguments);
    if (!process.waitForFinished(60000))
        return {};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

QStringList listTree(const QString &dir) {
    QStringList entries;
    QDirIterator it(dir, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        entries.append(it.next());
    entries.sort();
    return entries;
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void versionAndHelp();
    void helpOnEveryCommand_data();
    void helpOnEveryCommand();
    void screenshotWithoutDisplay();
    void initImportWaves();
    void initRefusesNonEmptyFolder();
    void initBadArguments_data();
    void initBadArguments();
    void missingRepositoryExitsTwo_data();
    void missingRepositoryExitsTwo();
    void malformedYamlNamesFileAndLine();
};

void TestCli::versionAndHelp() {
    const Run version = wavesmith({QStringLiteral("--version")});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith(QLatin1String("wavesmith ")));
    const Run help = wavesmith({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    for (const char *command : {"init", "import", "waves", "gui"})
        QVERIFY2(help.out.contains(QLatin1String(command)), command);
    const Run unknown = wavesmith({QStringLiteral("--frobnicate")});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY(unknown.err.contains(QLatin1String("--frobnicate")));
}

void TestCli::helpOnEveryCommand_data() {
    QTest::addColumn<QString>("command");
    for (const char *command : {"init", "import", "waves", "set-wave", "render", "lua", "commit",
                                "push", "lint", "simulate", "gui"})
        QTest::newRow(command) << QString::fromLatin1(command);
}

void TestCli::helpOnEveryCommand() {
    QFETCH(QString, command);
    // Help needs no display, even for the window's command.
    const Run run = wavesmith({command, QStringLiteral("--help")}, {}, Screen::None);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(QStringLiteral("Usage: wavesmith ") + command),
             qPrintable(run.out));
}

void TestCli::screenshotWithoutDisplay() {
    QTemporaryDir tmp;
    const QString png = tmp.filePath(QStringLiteral("window.png"));
    const Run run =
        wavesmith({QStringLiteral("gui"), QStringLiteral("--screenshot"), png}, {}, Screen::None);
    QCOMPARE(run.exitCode, 0);
    QFile file(png);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.read(8), QByteArray("\x89PNG\r\n\x1a\n"));
}

void TestCli::initImportWaves() {
    QTemporaryDir tmp;
    const QString repo = tmp.filePath(QStringLiteral("cluster"));
    const Run init = wavesmith({QStringLiteral("init"), repo, QStringLiteral("--repo-url"),
                                QStringLiteral("https://git.example.org/ops/cluster.git"),
                                QStringLiteral("--revision"), QStringLiteral("main")});
    QCOMPARE(init.exitCode, 0);
    QVERIFY(QFile::exists(repo + QStringLiteral("/.git/HEAD")));
    QVERIFY(QFile::exists(repo + QStringLiteral("/infrastructure/controllers/argocd/root.yaml")));

    const Run imported = wavesmith({QStringLiteral("import"), repo, QStringLiteral("--json")});
    QCOMPARE(imported.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(imported.out.toUtf8()).object();
    const QJsonArray components = json.value(QStringLiteral("components")).toArray();
    QVERIFY(components.size() >= 18);
    QSet<QString> names;
    for (const QJsonValue &value : components) {
        const QJsonObject c = value.toObject();
        for (const char *key :
             {"name", "kind", "wave", "namespace", "appset", "source", "dependsOn", "file", "line"})
            QVERIFY2(c.contains(QLatin1String(key)), key);
        QVERIFY(c.value(QStringLiteral("wave")).isDouble());
        names.insert(c.value(QStringLiteral("name")).toString());
        if (c.value(QStringLiteral("name")).toString() == QLatin1String("cilium")) {
            QCOMPARE(c.value(QStringLiteral("source"))
                         .toObject()
                         .value(QStringLiteral("repoURL"))
                         .toString(),
                     QStringLiteral("https://git.example.org/ops/cluster.git"));
            QCOMPARE(c.value(QStringLiteral("source"))
                         .toObject()
                         .value(QStringLiteral("targetRevision"))
                         .toString(),
                     QStringLiteral("main"));
        }
    }
    for (const char *name : {"cilium", "argocd", "longhorn", "pvc-plumber", "cert-manager",
                             "prometheus-stack", "tempo"})
        QVERIFY2(names.contains(QLatin1String(name)), name);
    QCOMPARE(json.value(QStringLiteral("applicationSets")).toArray().size(), 3);
    QCOMPARE(json.value(QStringLiteral("healthChecks")).toArray().size(), 1);
    QVERIFY(json.value(QStringLiteral("diagnostics")).toArray().isEmpty());

    const Run waves = wavesmith({QStringLiteral("waves"), repo, QStringLiteral("--json")});
    QCOMPARE(waves.exitCode, 0);
    const QJsonArray rows = QJsonDocument::fromJson(waves.out.toUtf8())
                                .object()
                                .value(QStringLiteral("waves"))
                                .toArray();
    QList<int> numbers;
    for (const QJsonValue &row : rows)
        numbers.append(row.toObject().value(QStringLiteral("wave")).toInt());
    QCOMPARE(numbers, (QList<int>{0, 1, 2, 4, 5, 6}));

    const Run text = wavesmith({QStringLiteral("waves"), repo});
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains(QLatin1String("Foundation")));
    QVERIFY(text.out.contains(QLatin1String("ApplicationSet monitoring")));
}

void TestCli::initRefusesNonEmptyFolder() {
    QTemporaryDir tmp;
    QFile existing(tmp.filePath(QStringLiteral("notes.txt")));
    QVERIFY(existing.open(QIODevice::WriteOnly));
    existing.write("mine\n");
    existing.close();
    const QStringList before = listTree(tmp.path());
    const Run run = wavesmith({QStringLiteral("init"), tmp.path()});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(tmp.path()), qPrintable(run.err));
    QVERIFY(run.err.contains(QLatin1String("not empty")));
    QCOMPARE(listTree(tmp.path()), before);
}

void TestCli::initBadArguments_data() {
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("template") << QStringList{QStringLiteral("--template"), QStringLiteral("huge")}
                              << "huge";
    QTest::newRow("url") << QStringList{QStringLiteral("--repo-url"), QStringLiteral("not a url")}
                         << "not a url";
    QTest::newRow("option") << QStringList{QStringLiteral("--colour")} << "colour";
}

void TestCli::initBadArguments() {
    QFETCH(QStringList, extra);
    QFETCH(QString, mentions);
    QTemporaryDir tmp;
    const QString repo = tmp.filePath(QStringLiteral("new"));
    const Run run = wavesmith(QStringList{QStringLiteral("init"), repo} + extra);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(mentions), qPrintable(run.err));
    QVERIFY(!QFile::exists(repo));
}

void TestCli::missingRepositoryExitsTwo_data() {
    QTest::addColumn<QString>("command");
    for (const char *command : {"import", "waves", "gui"})
        QTest::newRow(command) << QString::fromLatin1(command);
}

void TestCli::missingRepositoryExitsTwo() {
    QFETCH(QString, command);
    QTemporaryDir tmp;
    const QString missing = tmp.filePath(QStringLiteral("no-such-repo"));
    const Run run = wavesmith({command, missing});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(missing), qPrintable(run.err));

    // A folder that exists but is no app-of-apps repository.
    const Run empty = wavesmith({command, tmp.path()});
    QCOMPARE(empty.exitCode, 2);
    QVERIFY2(empty.err.contains(QLatin1String("root")), qPrintable(empty.err));
}

void TestCli::malformedYamlNamesFileAndLine() {
    QTemporaryDir tmp;
    const QString repo = tmp.filePath(QStringLiteral("repo"));
    QCOMPARE(wavesmith({QStringLiteral("init"), repo}).exitCode, 0);
    QFile root(repo + QStringLiteral("/infrastructure/controllers/argocd/root.yaml"));
    QVERIFY(root.open(QIODevice::WriteOnly));
    root.write("apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: root\n"
               "spec: {project: default\n");
    root.close();
    const Run run = wavesmith({QStringLiteral("import"), repo});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QLatin1String("infrastructure/controllers/argocd/root.yaml:")),
             qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
