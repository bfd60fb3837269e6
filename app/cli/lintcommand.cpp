#include "cli.h"

#include <wavesmith/catalog.h>
#include <wavesmith/lint.h>

#include <QCommandLineParser>

namespace wavesmith::cli {

int runLint(const QStringList &arguments) {
    const QString command = QStringLiteral("lint");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Check a repository for app-of-apps pitfalls (rules WS001-WS023, see "
                       "docs/lint-rules.md). Exit status 1 when any unsuppressed error is "
                       "found, 2 when the repository cannot be read."));
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("the repository"));
    parser.addOption({QStringLiteral("format"),
                      QStringLiteral("text (file:line:col: severity: [WSnnn] message), json or "
                                     "sarif (SARIF 2.1.0 for code scanning)."),
                      QStringLiteral("FORMAT"), QStringLiteral("text")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("same as --format json.")});
    if (const auto done = parseCommandLine(parser, command, arguments))
        return *done;
    if (parser.positionalArguments().size() != 1)
        return fail(command, QStringLiteral("expected one DIR (see --help)"), BadInput);
    const QString format = parser.isSet(QStringLiteral("json"))
                               ? QStringLiteral("json")
                               : parser.value(QStringLiteral("format"));
    if (format != QLatin1String("text") && format != QLatin1String("json") &&
        format != QLatin1String("sarif"))
        return fail(command,
                    QStringLiteral("unknown format \"%1\" (text, json or sarif)").arg(format),
                    BadInput);

    const auto run = lintRepository(parser.positionalArguments().first(), Catalog::builtin());
    if (!run)
        return fail(command, run.error().toString(), BadInput);
    const QList<LintFinding> &findings = run->findings;
    if (format == QLatin1String("json"))
        printOut(QString::fromUtf8(lintJson(findings)));
    else if (format == QLatin1String("sarif"))
        printOut(QString::fromUtf8(lintSarif(findings)));
    else
        printOut(lintText(findings));
    return summarizeFindings(findings).errors > 0 ? Failed : Success;
}

} // namespace wavesmith::cli
