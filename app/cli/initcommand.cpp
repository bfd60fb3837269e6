#include "cli.h"

#include <wavesmith/catalog.h>
#include <wavesmith/git.h>
#include <wavesmith/render.h>
#include <wavesmith/templates.h>

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace wavesmith::cli {

namespace {

bool looksLikeRepoUrl(const QString &url) {
    static const QRegularExpression pattern(
        QStringLiteral("^(?:(?:https?|ssh|git|file)://\\S+|[\\w.-]+@[\\w.-]+:\\S+)$"));
    return pattern.match(url).hasMatch();
}

} // namespace

int runInit(const QStringList &arguments) {
    const QString command = QStringLiteral("init");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Write a new Argo CD app-of-apps repository from a template into DIR "
                       "(new or empty), git init it and make the first commit."));
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("the folder to create"));
    parser.addOption({QStringLiteral("template"),
                      QStringLiteral("homelab (the seed's cluster, default) or minimal."),
                      QStringLiteral("NAME"), QStringLiteral("homelab")});
    parser.addOption({QStringLiteral("repo-url"),
                      QStringLiteral("the URL Argo CD will pull this repository from."),
                      QStringLiteral("URL"), TemplateOptions().repoURL});
    parser.addOption({QStringLiteral("revision"),
                      QStringLiteral("the branch, tag or commit Argo CD follows (default HEAD)."),
                      QStringLiteral("REV"), QStringLiteral("HEAD")});
    if (const auto done = parseCommandLine(parser, command, arguments))
        return *done;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return fail(command, QStringLiteral("expected one DIR (see --help)"), BadInput);

    const QString dir = positional.first();
    const QFileInfo info(dir);
    if (info.exists() && !info.isDir())
        return fail(command, QStringLiteral("%1 exists and is not a folder").arg(dir), BadInput);
    if (info.isDir() && !QDir(dir).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
        return fail(
            command,
            QStringLiteral("%1 is not empty; init writes only into a new or empty folder").arg(dir),
            BadInput);

    TemplateOptions options;
    options.repoURL = parser.value(QStringLiteral("repo-url"));
    options.revision = parser.value(QStringLiteral("revision"));
    if (!looksLikeRepoUrl(options.repoURL))
        return fail(command,
                    QStringLiteral("--repo-url \"%1\" is not a git URL (https://, ssh://, "
                                   "git@host:path or file://)")
                        .arg(options.repoURL),
                    BadInput);
    if (options.revision.trimmed().isEmpty() || options.revision.contains(QLatin1Char(' ')))
        return fail(command, QStringLiteral("--revision must be a branch, tag or commit"),
                    BadInput);

    const QString templateName = parser.value(QStringLiteral("template"));
    const Catalog catalog = Catalog::builtin();
    const std::optional<Design> design = templateByName(templateName, catalog, options);
    if (!design)
        return fail(command,
                    QStringLiteral("unknown template \"%1\" (choose %2)")
                        .arg(templateName, templateNames().join(QStringLiteral(" or "))),
                    BadInput);

    const QList<FileContent> files = renderDesign(*design, catalog);
    const bool created = !info.exists();
    if (created && !QDir().mkpath(dir))
        return fail(command, QStringLiteral("cannot create %1").arg(dir), BadInput);
    if (const Status written = writeFilesAtomically(dir, files); !written) {
        if (created)
            QDir(dir).removeRecursively();
        return fail(command,
                    QStringLiteral("%1 (nothing was left behind)").arg(written.error().toString()),
                    Failed);
    }
    const auto commit = initRepositoryWithCommit(
        dir, QStringLiteral("Initial %1 design from Wavesmith").arg(templateName));
    if (!commit)
        return fail(command, commit.error().toString(), Failed);

    printOut(QStringLiteral("Initialised %1 from the %2 template: %3 files, commit %4 by %5")
                 .arg(dir, templateName)
                 .arg(files.size())
                 .arg(commit->id.left(12), commit->author));
    if (commit->usedFallbackIdentity)
        printErr(
            QStringLiteral("note: git has no user.name/user.email; the first commit was "
                           "authored as %1. Set them with `git config --global user.name "
                           "\"Your Name\"` and `git config --global user.email you@example.com`.")
                .arg(commit->author));
    return Success;
}

} // namespace wavesmith::cli
