// wavesmith: one executable for the window and every command-line command.

#include "cli/cli.h"
#include "cli/startupthreads.h"

#include <wavesmith/catalog.h>
#include <wavesmith/repo.h>
#include <wavesmith/templates.h>
#include <wavesmith/waveplan.h>

#include <QApplication>
#include <QCoreApplication>
#include <QDir>

#include <memory>

using namespace wavesmith;

namespace {

QString usage() {
    QString text = QStringLiteral(
        "Usage: wavesmith [COMMAND] [ARGS...]\n\n"
        "Design, check and bootstrap Argo CD app-of-apps clusters. With no command the window "
        "opens\n(on the embedded homelab example when no repository is given).\n\nCommands:\n");
    for (const cli::Command &command : cli::commands())
        text += QStringLiteral("  %1 %2\n").arg(command.name, -10).arg(command.summary);
    text += QStringLiteral("\nRun `wavesmith COMMAND --help` for a command's options.\n"
                           "Exit status: 0 success, 1 the check or operation failed, 2 bad "
                           "usage or unreadable input.\n");
    return text;
}

bool hasDisplay() {
    return !qEnvironmentVariableIsEmpty("DISPLAY") ||
           !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
           !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

// Without a display the window cannot open: print the wave plan and write a screenshot
// instead, so `wavesmith` on a headless machine still shows what it would have shown.
QStringList headlessFallback(const QStringList &guiArguments) {
    QString dir;
    for (const QString &argument : guiArguments) {
        if (!argument.startsWith(QLatin1Char('-')))
            dir = argument;
    }
    const Catalog catalog = Catalog::builtin();
    if (dir.isEmpty()) {
        cli::printOut(QStringLiteral("No display: the homelab example's wave plan\n"));
        cli::printOut(formatWavePlan(homelabTemplate(catalog)));
    } else if (auto design = importRepository(dir, catalog)) {
        cli::printOut(QStringLiteral("No display: the wave plan of %1\n").arg(dir));
        cli::printOut(formatWavePlan(design.value()));
    }
    const QString screenshot = QDir::current().filePath(QStringLiteral("wavesmith-screenshot.png"));
    qputenv("QT_QPA_PLATFORM", "offscreen");
    cli::printOut(QStringLiteral("Writing a screenshot of the window to %1").arg(screenshot));
    return guiArguments + QStringList{QStringLiteral("--screenshot"), screenshot};
}

} // namespace

int main(int argc, char *argv[]) {
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));

    const QString first = arguments.value(0);
    if (first == QLatin1String("--help") || first == QLatin1String("-h") ||
        first == QLatin1String("help")) {
        cli::printOut(usage());
        return cli::Success;
    }
    if (first == QLatin1String("--version") || first == QLatin1String("-v")) {
        cli::printOut(QStringLiteral("wavesmith %1").arg(QStringLiteral(WAVESMITH_VERSION)));
        return cli::Success;
    }

    const cli::Command *command = cli::findCommand(first);
    QStringList rest = arguments.mid(1);
    if (!command) {
        if (first.startsWith(QLatin1Char('-')) && first != QLatin1String("--screenshot")) {
            cli::printErr(QStringLiteral("wavesmith: unknown option %1\n\n%2").arg(first, usage()));
            return cli::BadInput;
        }
        command = cli::findCommand(QStringLiteral("gui"));
        rest = arguments; // `wavesmith DIR` opens DIR
    }

    QCoreApplication::setOrganizationName(QStringLiteral("Wavesmith"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("wavesmith.dev"));
    QCoreApplication::setApplicationName(QStringLiteral("Wavesmith"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WAVESMITH_VERSION));

    std::unique_ptr<QCoreApplication> app;
    const bool wantsHelp =
        rest.contains(QLatin1String("--help")) || rest.contains(QLatin1String("-h"));
    if (command->needsGui && !wantsHelp) {
        cli::startReadingFontConfiguration(); // on the other core, while QApplication starts
        if (!hasDisplay()) {
            if (rest.contains(QLatin1String("--screenshot")))
                qputenv("QT_QPA_PLATFORM", "offscreen"); // a screenshot needs no screen
            else
                rest = headlessFallback(rest);
        }
        app = std::make_unique<QApplication>(argc, argv);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    return command->run(rest);
}
