// `wavesmith lua eval|test`: the health engine and Argo CD-format test runner from the shell.

#include "cli.h"

#include <wavesmith/luaengine.h>
#include <wavesmith/luatestrunner.h>

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace wavesmith::cli {

namespace {

const QString kLua = QStringLiteral("lua");
const QString kEval = QStringLiteral("lua eval");
const QString kTest = QStringLiteral("lua test");

QString luaUsage() {
    return QStringLiteral(
        "Usage: wavesmith lua <command> [options]\n"
        "\n"
        "Evaluate or test Argo CD resource health checks (Lua 5.1, Argo CD's sandbox).\n"
        "\n"
        "Commands:\n"
        "  eval SCRIPT OBJECT.yaml [--open-libs]  run a health script on one object, print\n"
        "                                         {\"status\":...,\"message\":...}\n"
        "  test PATH... [--open-libs]             run Argo CD-format health_test.yaml suites\n"
        "\n"
        "Run 'wavesmith lua <command> --help' for a command's options.\n");
}

QString evalUsage() {
    return QStringLiteral(
        "Usage: wavesmith lua eval SCRIPT OBJECT.yaml [--open-libs]\n"
        "\n"
        "Runs the health script SCRIPT with the YAML or JSON object OBJECT.yaml as `obj` and\n"
        "prints the result as {\"status\":...,\"message\":...}. A script that fails, exceeds the\n"
        "1 s time limit or the 64 MB memory cap, or touches what the sandbox forbids exits 1\n"
        "with the error and its line on stderr.\n"
        "\n"
        "Options:\n"
        "  --open-libs  also give the script string, math and coroutine (Argo CD's\n"
        "               useOpenLibs, always on for Argo CD's built-in checks)\n"
        "  -h, --help   show this help\n");
}

QString testUsage() {
    return QStringLiteral(
        "Usage: wavesmith lua test PATH... [--open-libs]\n"
        "\n"
        "Runs Argo CD-format health check suites. PATH is a folder holding health.lua and\n"
        "health_test.yaml (tests: [{healthStatus: {status, message}, inputPath}]) or that\n"
        "health_test.yaml file. Prints one PASS/FAIL line per test and ends with\n"
        "'N passed, M failed'; exits 1 when any test fails.\n"
        "\n"
        "Options:\n"
        "  --open-libs  also give the script string, math and coroutine\n"
        "  -h, --help   show this help\n");
}

// Parses `arguments` (after the subcommand) with --open-libs and --help; returns false and sets
// `exitCode` when the command should stop (help shown or bad usage).
bool parseArguments(QCommandLineParser &parser, const QString &command, const QString &usage,
                    const QStringList &arguments, int *exitCode) {
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("show this help"));
    const QCommandLineOption openLibs(QStringLiteral("open-libs"),
                                      QStringLiteral("string, math and coroutine"));
    parser.addOption(help);
    parser.addOption(openLibs);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    if (!parser.parse(QStringList{QStringLiteral("wavesmith")} + arguments)) {
        *exitCode = fail(command, parser.errorText() + QStringLiteral("\n\n") + usage, BadInput);
        return false;
    }
    if (parser.isSet(help)) {
        printOut(usage);
        *exitCode = Success;
        return false;
    }
    return true;
}

int runEval(const QStringList &arguments) {
    QCommandLineParser parser;
    int exitCode = Success;
    if (!parseArguments(parser, kEval, evalUsage(), arguments, &exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2)
        return fail(kEval, QStringLiteral("expected SCRIPT and OBJECT.yaml\n\n") + evalUsage(),
                    BadInput);
    const QString scriptPath = positional.at(0);
    const QString objectPath = positional.at(1);

    QFile scriptFile(scriptPath);
    if (!scriptFile.open(QIODevice::ReadOnly))
        return fail(kEval,
                    QStringLiteral("cannot read %1: %2").arg(scriptPath, scriptFile.errorString()),
                    BadInput);
    QFile objectFile(objectPath);
    if (!objectFile.open(QIODevice::ReadOnly))
        return fail(kEval,
                    QStringLiteral("cannot read %1: %2").arg(objectPath, objectFile.errorString()),
                    BadInput);
    const Result<HealthObject> object = HealthObject::fromYaml(objectFile.readAll(), objectPath);
    if (!object)
        return fail(kEval, object.error().toString(), BadInput);

    HealthEngine engine;
    HealthOptions options;
    options.openLibs = parser.isSet(QStringLiteral("open-libs"));
    options.chunkName = scriptPath;
    const Result<HealthResult> result =
        engine.evaluate(scriptFile.readAll(), object.value(), options);
    if (!engine.printedOutput().isEmpty())
        printErr(engine.printedOutput());
    if (!result)
        return fail(kEval, result.error().toString(), Failed);

    const QJsonObject json{{QStringLiteral("status"), result->status},
                           {QStringLiteral("message"), result->message}};
    printOut(QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)));
    return Success;
}

int runTest(const QStringList &arguments) {
    QCommandLineParser parser;
    int exitCode = Success;
    if (!parseArguments(parser, kTest, testUsage(), arguments, &exitCode))
        return exitCode;
    const QStringList paths = parser.positionalArguments();
    if (paths.isEmpty())
        return fail(kTest, QStringLiteral("expected at least one PATH\n\n") + testUsage(),
                    BadInput);
    for (const QString &path : paths) {
        if (!QFileInfo::exists(path))
            return fail(kTest, QStringLiteral("%1: no such file or folder").arg(path), BadInput);
    }

    HealthEngine engine;
    const bool openLibs = parser.isSet(QStringLiteral("open-libs"));
    int passed = 0;
    int failed = 0;
    bool unreadable = false;
    for (const QString &path : paths) {
        const Result<QList<HealthTestOutcome>> outcomes = runHealthTests(engine, path, openLibs);
        if (!outcomes) {
            fail(kTest, outcomes.error().toString(), BadInput);
            unreadable = true;
            continue;
        }
        for (const HealthTestOutcome &outcome : outcomes.value()) {
            printOut(outcome.toLine());
            ++(outcome.passed ? passed : failed);
        }
    }
    printOut(QStringLiteral("%1 passed, %2 failed").arg(passed).arg(failed));
    if (unreadable)
        return BadInput;
    return failed > 0 ? Failed : Success;
}

} // namespace

int runLua(const QStringList &arguments) {
    if (arguments.isEmpty()) {
        printErr(luaUsage());
        return BadInput;
    }
    const QString command = arguments.first();
    if (command == QLatin1String("--help") || command == QLatin1String("-h") ||
        command == QLatin1String("help")) {
        printOut(luaUsage());
        return Success;
    }
    if (command == QLatin1String("eval"))
        return runEval(arguments.mid(1));
    if (command == QLatin1String("test"))
        return runTest(arguments.mid(1));
    return fail(kLua,
                QStringLiteral("unknown command '%1' (expected eval or test)\n\n").arg(command) +
                    luaUsage(),
                BadInput);
}

} // namespace wavesmith::cli
