#include "cli.h"

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

int fail(const QString &command, const QString &message, ExitCode code) {
    printErr(QStringLiteral("wavesmith %1: %2").arg(command, message));
    return code;
}

} // namespace wavesmith::cli
