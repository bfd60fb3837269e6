// `set-wave` and `render`: surgical write-back of the design into the repository.

#include "cli.h"

#include <wavesmith/catalog.h>
#include <wavesmith/edit.h>
#include <wavesmith/repo.h>

#include <QCommandLineParser>

namespace wavesmith::cli {

namespace {

// Parses the command line; returns the exit code when parsing already ended the command.
std::optional<int> parseEditCommand(QCommandLineParser &parser, const QString &command,
                                    const QString &description, const QStringList &arguments,
                                    int positionalCount) {
    parser.setApplicationDescription(description);
    parser.addOption({QStringLiteral("root"),
                      QStringLiteral("the root Application file, relative to DIR."),
                      QStringLiteral("FILE")});
    if (const auto done = parseCommandLine(parser, command, arguments))
        return *done;
    if (parser.positionalArguments().size() != positionalCount)
        return fail(command, QStringLiteral("wrong number of arguments (see --help)"), BadInput);
    return std::nullopt;
}

QString describe(const FileChange &change) {
    if (change.created)
        return QStringLiteral("created  %1").arg(change.path);
    if (change.removed)
        return QStringLiteral("removed  %1").arg(change.path);
    return QStringLiteral("changed  %1").arg(change.path);
}

} // namespace

int runSetWave(const QStringList &arguments) {
    const QString command = QStringLiteral("set-wave");
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("the repository"));
    parser.addPositionalArgument(QStringLiteral("COMPONENT"),
                                 QStringLiteral("a component or ApplicationSet name"));
    parser.addPositionalArgument(QStringLiteral("WAVE"), QStringLiteral("the new sync wave"));
    if (auto code = parseEditCommand(
            parser, command,
            QStringLiteral("Change one component's sync wave, editing only the line that holds "
                           "it. An ApplicationSet member becomes a standalone Application."),
            arguments, 3))
        return *code;
    const QStringList positional = parser.positionalArguments();
    bool ok = false;
    const int wave = positional.at(2).toInt(&ok);
    if (!ok)
        return fail(command, QStringLiteral("WAVE \"%1\" is not an integer").arg(positional.at(2)),
                    BadInput);
    int exitCode = Success;
    auto design = loadForCommand(parser, command, &exitCode);
    if (!design)
        return exitCode;
    RepoEditor editor(positional.first(), std::move(*design));
    if (auto status = editor.setWave(positional.at(1), wave); !status)
        return fail(command, status.error().toString(), BadInput);
    const QList<FileChange> changes = editor.changes();
    if (auto status = editor.write(); !status)
        return fail(command, status.error().toString(), Failed);
    if (changes.isEmpty())
        printOut(QStringLiteral("%1 is already in wave %2; nothing changed")
                     .arg(positional.at(1))
                     .arg(wave));
    for (const FileChange &change : changes)
        printOut(describe(change));
    return Success;
}

int runRender(const QStringList &arguments) {
    const QString command = QStringLiteral("render");
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("the repository"));
    parser.addOption({QStringLiteral("check"),
                      QStringLiteral("write nothing; exit 1 and name the files that would "
                                     "change.")});
    if (auto code = parseEditCommand(
            parser, command,
            QStringLiteral("Write what the design model owns back into the repository, "
                           "surgically; an unedited repository is left byte-for-byte as it is."),
            arguments, 1))
        return *code;
    int exitCode = Success;
    auto design = loadForCommand(parser, command, &exitCode);
    if (!design)
        return exitCode;
    const Design target = *design;
    RepoEditor editor(parser.positionalArguments().first(), std::move(*design));
    if (auto status = editor.applyDesign(target); !status)
        return fail(command, status.error().toString(), Failed);
    const QList<FileChange> changes = editor.changes();
    if (parser.isSet(QStringLiteral("check"))) {
        for (const FileChange &change : changes)
            printOut(QStringLiteral("would change  %1").arg(change.path));
        return changes.isEmpty() ? Success : Failed;
    }
    if (auto status = editor.write(); !status)
        return fail(command, status.error().toString(), Failed);
    for (const FileChange &change : changes)
        printOut(describe(change));
    return Success;
}

} // namespace wavesmith::cli
