#include "cli.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

namespace wavesmith::cli {

void printOut(const QString &text) {
    QTextStream out(stdout);
    out << text;
    if (!text.endsWith(QLatin1Char('\n')))
        out << Qt::endl;
}

void printErr(const QString &text) {
    QTextStream err(stderr);
    err << text;
    if (!text.endsWith(QLatin1Char('\n')))
        err << Qt::endl;
}

namespace {

// The parser's help with "Usage: wavesmith <command>" (Qt would print the executable's path).
QString commandHelp(const QCommandLineParser &parser, const QString &command) {
    QString text = parser.helpText();
    const QString qtUsage = QStringLiteral("Usage: ") + QCoreApplication::arguments().value(0);
    if (text.startsWith(qtUsage))
        text.replace(0, qtUsage.size(), QStringLiteral("Usage: wavesmith ") + command);
    return text;
}

} // namespace

std::optional<int> parseCommandLine(QCommandLineParser &parser, const QString &command,
                                    const QStringList &arguments) {
    parser.addHelpOption();
    if (!parser.parse(QStringList{QStringLiteral("wavesmith ") + command} + arguments))
        return fail(command, parser.errorText(), BadInput);
    if (parser.isSet(QStringLiteral("help"))) {
        printOut(commandHelp(parser, command));
        return Success;
    }
    return std::nullopt;
}

int fail(const QString &command, const QString &message, ExitCode code) {
    printErr(QStringLiteral("wavesmith %1: %2").arg(command, message));
    return code;
}

} // namespace wavesmith::cli
