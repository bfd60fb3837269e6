#include "cli.h"

namespace wavesmith::cli {

const QList<Command> &commands() {
    static const QList<Command> table = {
        {QStringLiteral("init"), QStringLiteral("write a new GitOps repository from a template"),
         runInit},
        {QStringLiteral("import"), QStringLiteral("print the design model of a repository"),
         runImport},
        {QStringLiteral("waves"), QStringLiteral("print the sync-wave plan of a repository"),
         runWaves},
        {QStringLiteral("set-wave"),
         QStringLiteral("change one component's sync wave (surgical edit)"), runSetWave},
        {QStringLiteral("render"),
         QStringLiteral("write the design back surgically; --check only reports"), runRender},
        {QStringLiteral("lua"), QStringLiteral("evaluate or test Argo CD Lua health checks"),
         runLua},
        {QStringLiteral("commit"), QStringLiteral("commit the repository's changes (libgit2)"),
         runCommit},
        {QStringLiteral("push"), QStringLiteral("push the current branch"), runPush},
        {QStringLiteral("lint"), QStringLiteral("check a repository for app-of-apps pitfalls"),
         runLint},
        {QStringLiteral("simulate"),
         QStringLiteral("predict the order and timeline of a bootstrap"), runSimulate},
        {QStringLiteral("bootstrap"),
         QStringLiteral("bootstrap a cluster from the repository, wave by wave"), runBootstrap},
        {QStringLiteral("status"),
         QStringLiteral("show Argo CD's health and sync per component, by wave"), runStatus},
        {QStringLiteral("gui"), QStringLiteral("open the window (default)"), runGui, true},
    };
    return table;
}

const Command *findCommand(const QString &name) {
    for (const Command &command : commands()) {
        if (command.name == name)
            return &command;
    }
    return nullptr;
}

} // namespace wavesmith::cli
