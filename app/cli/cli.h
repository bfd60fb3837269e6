#pragma once

// The command-line front end: one function per subcommand, all over the core library.

#include <wavesmith/model.h>

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class QCommandLineParser;

namespace wavesmith::cli {

// Exit status contract (DESIGN.md): 0 success, 1 ran and failed, 2 bad usage or input.
enum ExitCode { Success = 0, Failed = 1, BadInput = 2 };

using CommandFunction = int (*)(const QStringList &arguments);

struct Command {
    QString name;        // "init", or "lua eval" style groups handle their own second word
    QString summary;     // one line for `wavesmith --help`
    CommandFunction run; // receives the arguments after the command name
    bool needsGui = false;
};

// Every subcommand, in the order `--help` lists them.
const QList<Command> &commands();
const Command *findCommand(const QString &name);

// Output helpers: stdout for results, stderr for messages.
void printOut(const QString &text);
void printErr(const QString &text);
// Adds --help and parses `arguments` for `wavesmith <command>`. Returns the exit code when the
// command is already done: its help printed (0) or a usage error reported (2).
std::optional<int> parseCommandLine(QCommandLineParser &parser, const QString &command,
                                    const QStringList &arguments);
// Imports the DIR positional argument (with --root when the parser has it); on failure prints
// the error and sets `exitCode` (BadInput).
std::optional<Design> loadForCommand(const QCommandLineParser &parser, const QString &command,
                                     int *exitCode);
// Prints "wavesmith <command>: <message>" on stderr and returns `code`.
int fail(const QString &command, const QString &message, ExitCode code);

int runInit(const QStringList &arguments);
int runImport(const QStringList &arguments);
int runWaves(const QStringList &arguments);
int runSetWave(const QStringList &arguments);
int runRender(const QStringList &arguments);
int runGui(const QStringList &arguments);
int runLua(const QStringList &arguments);
int runCommit(const QStringList &arguments);
int runPush(const QStringList &arguments);
int runLint(const QStringList &arguments);
int runSimulate(const QStringList &arguments);
int runBootstrap(const QStringList &arguments);
int runStatus(const QStringList &arguments);

} // namespace wavesmith::cli
