#include "cli.h"

#include <wavesmith/catalog.h>
#include <wavesmith/repo.h>
#include <wavesmith/waveplan.h>

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace wavesmith::cli {

namespace {

// Parses `[--json] DIR`; returns the exit code to use when parsing ended the command.
std::optional<int> parseRepoCommand(QCommandLineParser &parser, const QString &command,
                                    const QString &description, const QStringList &arguments) {
    parser.setApplicationDescription(description);
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("the repository"));
    parser.addOption({QStringLiteral("json"), QStringLiteral("print one JSON document.")});
    parser.addOption({QStringLiteral("root"),
                      QStringLiteral("the root Application file, relative to DIR."),
                      QStringLiteral("FILE")});
    if (const auto done = parseCommandLine(parser, command, arguments))
        return *done;
    if (parser.positionalArguments().size() != 1)
        return fail(command, QStringLiteral("expected one DIR (see --help)"), BadInput);
    return std::nullopt;
}

QJsonObject sourceJson(const Component &c) {
    const Source *s = c.primarySource();
    if (!s)
        return {};
    QJsonObject json{{QStringLiteral("repoURL"), s->repoURL},
                     {QStringLiteral("targetRevision"), s->targetRevision}};
    if (s->isHelm())
        json.insert(QStringLiteral("chart"), s->chart);
    else
        json.insert(QStringLiteral("path"), s->path);
    if (c.sources.size() > 1)
        json.insert(QStringLiteral("additionalSources"), int(c.sources.size() - 1));
    return json;
}

QJsonObject designJson(const Design &design) {
    QJsonArray components;
    for (const Component &c : design.components) {
        components.append(QJsonObject{
            {QStringLiteral("name"), c.name},
            {QStringLiteral("kind"), componentKindName(c.kind)},
            {QStringLiteral("wave"), c.wave},
            {QStringLiteral("namespace"), c.namespace_},
            {QStringLiteral("project"), c.project},
            {QStringLiteral("appset"), c.appSet.isEmpty() ? QJsonValue() : QJsonValue(c.appSet)},
            {QStringLiteral("source"), sourceJson(c)},
            {QStringLiteral("syncOptions"), QJsonArray::fromStringList(c.syncOptions)},
            {QStringLiteral("dependsOn"), QJsonArray::fromStringList(c.dependsOn)},
            {QStringLiteral("file"), c.location.file},
            {QStringLiteral("line"), c.location.line}});
    }
    QJsonArray sets;
    for (const ApplicationSet &set : design.applicationSets) {
        sets.append(
            QJsonObject{{QStringLiteral("name"), set.name},
                        {QStringLiteral("wave"), set.wave},
                        {QStringLiteral("members"), QJsonArray::fromStringList(set.members)},
                        {QStringLiteral("file"), set.location.file},
                        {QStringLiteral("line"), set.location.line}});
    }
    QJsonArray health;
    for (const HealthCustomization &h : design.healthChecks) {
        health.append(QJsonObject{{QStringLiteral("group"), h.group},
                                  {QStringLiteral("kind"), h.kind},
                                  {QStringLiteral("useOpenLibs"), h.useOpenLibs},
                                  {QStringLiteral("file"), h.location.file},
                                  {QStringLiteral("line"), h.location.line}});
    }
    QJsonArray diagnostics;
    for (const Diagnostic &d : design.diagnostics) {
        diagnostics.append(QJsonObject{{QStringLiteral("severity"), severityName(d.severity)},
                                       {QStringLiteral("file"), d.file},
                                       {QStringLiteral("line"), d.line},
                                       {QStringLiteral("message"), d.message}});
    }
    return QJsonObject{
        {QStringLiteral("repoURL"), design.repoURL},
        {QStringLiteral("targetRevision"), design.targetRevision},
        {QStringLiteral("root"), QJsonObject{{QStringLiteral("name"), design.root.name},
                                             {QStringLiteral("project"), design.root.project},
                                             {QStringLiteral("path"), design.root.path},
                                             {QStringLiteral("file"), design.root.location.file}}},
        {QStringLiteral("components"), components},
        {QStringLiteral("applicationSets"), sets},
        {QStringLiteral("healthChecks"), health},
        {QStringLiteral("diagnostics"), diagnostics}};
}

QString designText(const Design &design) {
    QString out;
    out += QStringLiteral("Repository  %1 @ %2\n").arg(design.repoURL, design.targetRevision);
    out += QStringLiteral("Root        %1 (%2) renders %3, project %4\n")
               .arg(design.root.name, design.root.location.file, design.root.path,
                    design.root.project);
    out += QStringLiteral("Components  %1 in %2 waves\n\n")
               .arg(design.components.size())
               .arg(design.waveNumbers().size());
    out += QStringLiteral("%1 %2 %3 %4 %5\n")
               .arg(QStringLiteral("WAVE"), -5)
               .arg(QStringLiteral("NAME"), -22)
               .arg(QStringLiteral("KIND"), -26)
               .arg(QStringLiteral("NAMESPACE"), -18)
               .arg(QStringLiteral("SOURCE"));
    for (int wave : design.waveNumbers()) {
        for (const Component *c : design.componentsInWave(wave)) {
            QString kind = componentKindName(c->kind);
            if (!c->appSet.isEmpty())
                kind = QStringLiteral("AppSet %1").arg(c->appSet);
            out += QStringLiteral("%1 %2 %3 %4 %5\n")
                       .arg(c->wave, -5)
                       .arg(c->name, -22)
                       .arg(kind, -26)
                       .arg(c->namespace_, -18)
                       .arg(c->primarySource() ? c->primarySource()->summary() : QString());
        }
    }
    if (!design.healthChecks.isEmpty()) {
        out += QStringLiteral("\nHealth checks\n");
        for (const HealthCustomization &h : design.healthChecks)
            out += QStringLiteral("  %1 (%2)\n").arg(h.configKey(), h.location.file);
    }
    if (!design.diagnostics.isEmpty()) {
        out += QStringLiteral("\nDiagnostics\n");
        for (const Diagnostic &d : design.diagnostics) {
            out += QStringLiteral("  %1:%2: %3: %4\n")
                       .arg(d.file)
                       .arg(d.line)
                       .arg(severityName(d.severity), d.message);
        }
    }
    return out;
}

void printJson(const QJsonObject &json) {
    printOut(QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented)));
}

} // namespace

std::optional<Design> loadForCommand(const QCommandLineParser &parser, const QString &command,
                                     int *exitCode) {
    ImportOptions options;
    options.rootFile = parser.value(QStringLiteral("root"));
    auto design =
        importRepository(parser.positionalArguments().first(), Catalog::builtin(), options);
    if (!design) {
        *exitCode = fail(command, design.error().toString(), BadInput);
        return std::nullopt;
    }
    return std::move(design).value();
}

int runImport(const QStringList &arguments) {
    const QString command = QStringLiteral("import");
    QCommandLineParser parser;
    if (auto code = parseRepoCommand(
            parser, command, QStringLiteral("Read a repository and print its design."), arguments))
        return *code;
    int exitCode = Success;
    const auto design = loadForCommand(parser, command, &exitCode);
    if (!design)
        return exitCode;
    if (parser.isSet(QStringLiteral("json")))
        printJson(designJson(*design));
    else
        printOut(designText(*design));
    return Success;
}

int runWaves(const QStringList &arguments) {
    const QString command = QStringLiteral("waves");
    QCommandLineParser parser;
    if (auto code = parseRepoCommand(parser, command,
                                     QStringLiteral("Print the sync-wave plan of a repository."),
                                     arguments))
        return *code;
    int exitCode = Success;
    const auto design = loadForCommand(parser, command, &exitCode);
    if (!design)
        return exitCode;
    if (parser.isSet(QStringLiteral("json")))
        printJson(wavePlanJson(*design));
    else
        printOut(formatWavePlan(*design));
    return Success;
}

} // namespace wavesmith::cli
