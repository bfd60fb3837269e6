// `wavesmith simulate DIR [--without-health-check] [--json]`: the predicted bootstrap order and
// timeline, from core/sim alone (no cluster, no server).

#include "cli.h"

#include <wavesmith/catalog.h>
#include <wavesmith/repo.h>
#include <wavesmith/sim.h>

#include <QCommandLineParser>
#include <QJsonDocument>

namespace wavesmith::cli {

int runSimulate(const QStringList &arguments) {
    const QString command = QStringLiteral("simulate");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Predict the order and timeline of a bootstrap as Argo CD would run it: "
                       "waves, what runs in parallel, and what starts before what it depends "
                       "on is healthy."));
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("the repository"));
    parser.addOption({QStringLiteral("without-health-check"),
                      QStringLiteral("simulate as if argocd-cm had no Application health check.")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("print one JSON document.")});
    if (const auto done = parseCommandLine(parser, command, arguments))
        return *done;
    if (parser.positionalArguments().size() != 1)
        return fail(command, QStringLiteral("expected one DIR (see --help)"), BadInput);

    const auto design = importRepository(parser.positionalArguments().first(), Catalog::builtin());
    if (!design)
        return fail(command, design.error().toString(), BadInput);

    SimulationOptions options;
    const bool hasCheck =
        design->hasHealthCheckFor(QStringLiteral("argoproj.io"), QStringLiteral("Application"));
    options.healthCheck = hasCheck && !parser.isSet(QStringLiteral("without-health-check"));
    BootstrapSimulation simulation = simulateBootstrap(design.value(), options);
    if (!hasCheck)
        simulation.notes.prepend(QStringLiteral("The repository has no argoproj.io/Application "
                                                "health customization: simulated without it."));
    if (parser.isSet(QStringLiteral("json")))
        printOut(QString::fromUtf8(QJsonDocument(simulationJson(simulation)).toJson()));
    else
        printOut(formatSimulation(simulation));
    return Success;
}

} // namespace wavesmith::cli
