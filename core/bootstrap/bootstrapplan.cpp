// The plan's vocabulary: step names, events in text and JSON, durations, and the manifests read
// before the first request.

#include "repo/yamlload.h"
#include "sim/yamljson.h"

#include <wavesmith/bootstrap.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

namespace wavesmith {

QString stepStateName(StepState state) {
    switch (state) {
    case StepState::Pending:
        return QStringLiteral("pending");
    case StepState::Running:
        return QStringLiteral("running");
    case StepState::Done:
        return QStringLiteral("done");
    case StepState::Failed:
        return QStringLiteral("failed");
    case StepState::Skipped:
        return QStringLiteral("skipped");
    }
    return {};
}

QList<BootstrapStep> bootstrapSteps() {
    auto step = [](BootstrapStepId id, const char *name, const char *title) {
        BootstrapStep s;
        s.id = id;
        s.name = QString::fromLatin1(name);
        s.title = QString::fromLatin1(title);
        return s;
    };
    return {
        step(BootstrapStepId::Preflight, "preflight", "Preflight"),
        step(BootstrapStepId::Namespace, "namespace", "Namespace argocd"),
        step(BootstrapStepId::InstallArgoCd, "install", "Argo CD install"),
        step(BootstrapStepId::ArgoCdConfig, "config", "Health customizations and params"),
        step(BootstrapStepId::WaitForArgoCd, "wait-argocd", "Argo CD available"),
        step(BootstrapStepId::ApplyRoot, "root", "Root Application"),
        step(BootstrapStepId::WatchApplications, "applications", "Applications, wave by wave"),
    };
}

QString bootstrapOutcomeName(BootstrapOutcome outcome) {
    switch (outcome) {
    case BootstrapOutcome::Succeeded:
        return QStringLiteral("succeeded");
    case BootstrapOutcome::Failed:
        return QStringLiteral("failed");
    case BootstrapOutcome::TimedOut:
        return QStringLiteral("timed out");
    case BootstrapOutcome::Canceled:
        return QStringLiteral("canceled");
    }
    return {};
}

bool ComponentHealth::isReady() const {
    return present && health == QLatin1String("Healthy") && sync == QLatin1String("Synced");
}

namespace {

QJsonValue optionalText(const QString &text) {
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QJsonObject componentJson(const ComponentHealth &c) {
    return {{QStringLiteral("name"), c.name},
            {QStringLiteral("wave"), c.wave},
            {QStringLiteral("present"), c.present},
            {QStringLiteral("health"), optionalText(c.health)},
            {QStringLiteral("sync"), optionalText(c.sync)},
            {QStringLiteral("operationPhase"), optionalText(c.operationPhase)},
            {QStringLiteral("message"), optionalText(c.healthMessage)},
            {QStringLiteral("problem"), optionalText(c.problem)}};
}

QString waveLabel(const WaveHealth &wave) {
    return wave.phase.isEmpty() ? QStringLiteral("wave %1").arg(wave.wave)
                                : QStringLiteral("wave %1 (%2)").arg(wave.wave).arg(wave.phase);
}

} // namespace

QJsonObject bootstrapEventJson(const BootstrapEvent &event) {
    QJsonObject json{{QStringLiteral("ms"), event.ms}};
    switch (event.type) {
    case BootstrapEvent::Type::Step:
        json.insert(QStringLiteral("event"), QStringLiteral("step"));
        json.insert(QStringLiteral("step"), event.step.name);
        json.insert(QStringLiteral("title"), event.step.title);
        json.insert(QStringLiteral("state"), stepStateName(event.step.state));
        json.insert(QStringLiteral("message"), optionalText(event.step.message));
        json.insert(QStringLiteral("durationMs"), event.step.durationMs() >= 0
                                                      ? QJsonValue(event.step.durationMs())
                                                      : QJsonValue());
        break;
    case BootstrapEvent::Type::Wave:
        json.insert(QStringLiteral("event"), QStringLiteral("wave"));
        json.insert(QStringLiteral("wave"), event.wave.wave);
        json.insert(QStringLiteral("phase"), event.wave.phase);
        json.insert(QStringLiteral("state"), event.waveState);
        json.insert(QStringLiteral("ready"), event.wave.ready);
        json.insert(QStringLiteral("total"), int(event.wave.components.size()));
        json.insert(QStringLiteral("components"),
                    QJsonArray::fromStringList(event.wave.components));
        json.insert(QStringLiteral("message"), optionalText(event.message));
        break;
    case BootstrapEvent::Type::Component:
        json.insert(QStringLiteral("event"), QStringLiteral("component"));
        json.insert(QStringLiteral("component"), componentJson(event.component));
        break;
    case BootstrapEvent::Type::Note:
        json.insert(QStringLiteral("event"), QStringLiteral("note"));
        json.insert(QStringLiteral("message"), event.message);
        break;
    case BootstrapEvent::Type::Finished:
        json.insert(QStringLiteral("event"), QStringLiteral("finished"));
        json.insert(QStringLiteral("outcome"), bootstrapOutcomeName(event.outcome));
        json.insert(QStringLiteral("message"), event.message);
        break;
    }
    return json;
}

QString formatBootstrapEvent(const BootstrapEvent &event) {
    switch (event.type) {
    case BootstrapEvent::Type::Step: {
        const BootstrapStep &s = event.step;
        QString line = QStringLiteral("[%1] %2").arg(s.name, stepStateName(s.state));
        if (s.durationMs() >= 0)
            line += QStringLiteral(" (%1 ms)").arg(s.durationMs());
        if (!s.message.isEmpty())
            line += QStringLiteral(": ") + s.message;
        return line;
    }
    case BootstrapEvent::Type::Wave: {
        QString line = QStringLiteral("%1: %2, %3/%4 ready")
                           .arg(waveLabel(event.wave), event.waveState)
                           .arg(event.wave.ready)
                           .arg(event.wave.components.size());
        if (!event.message.isEmpty())
            line += QStringLiteral(": ") + event.message;
        return line;
    }
    case BootstrapEvent::Type::Component: {
        const ComponentHealth &c = event.component;
        QString line = QStringLiteral("  %1 (wave %2): %3 %4")
                           .arg(c.name)
                           .arg(c.wave)
                           .arg(c.present ? c.health : QStringLiteral("absent"), c.sync)
                           .trimmed();
        const QString why = c.problem.isEmpty() ? c.healthMessage : c.problem;
        if (!why.isEmpty())
            line += QStringLiteral(": ") + why;
        return line;
    }
    case BootstrapEvent::Type::Note:
        return QStringLiteral("note: ") + event.message;
    case BootstrapEvent::Type::Finished:
        return QStringLiteral("bootstrap %1: %2")
            .arg(bootstrapOutcomeName(event.outcome), event.message);
    }
    return {};
}

std::optional<qint64> parseDurationMs(const QString &text) {
    const QString t = text.trimmed();
    bool plain = false;
    const double seconds = t.toDouble(&plain);
    if (plain)
        return seconds > 0 ? std::optional<qint64>(qint64(seconds * 1000)) : std::nullopt;
    // Go's time.ParseDuration units that make sense for a bootstrap.
    static const QRegularExpression part(QStringLiteral("(\\d+(?:\\.\\d+)?)(ms|s|m|h)"));
    static const QRegularExpression whole(QStringLiteral("^((\\d+(\\.\\d+)?)(ms|s|m|h))+$"));
    if (!whole.match(t).hasMatch())
        return std::nullopt;
    double ms = 0;
    for (auto it = part.globalMatch(t); it.hasNext();) {
        const auto m = it.next();
        const double value = m.captured(1).toDouble();
        const QString unit = m.captured(2);
        ms += unit == QLatin1String("ms")  ? value
              : unit == QLatin1String("s") ? value * 1000
              : unit == QLatin1String("m") ? value * 60'000
                                           : value * 3'600'000;
    }
    return ms >= 1 ? std::optional<qint64>(qint64(ms)) : std::nullopt;
}

namespace {

// Every object of a YAML stream (`kind: List` unwrapped); errors name the file and line.
Result<QList<QJsonObject>> readObjects(const QString &path, const QString &shown) {
    if (!QFileInfo(path).isFile())
        return Error{shown, 0, QStringLiteral("no such file")};
    const auto docs = loadYamlFile(path, shown);
    if (!docs)
        return docs.error();
    QList<QJsonObject> objects;
    for (const YAML::Node &doc : docs.value()) {
        if (!doc || doc.IsNull())
            continue;
        const int line = int(doc.Mark().line) + 1;
        const QJsonValue value = yamlToJson(doc);
        QJsonObject object = value.toObject();
        QList<QJsonObject> items;
        if (object.value(QStringLiteral("kind")).toString().endsWith(QLatin1String("List")) &&
            object.contains(QStringLiteral("items"))) {
            for (const QJsonValue &item : object.value(QStringLiteral("items")).toArray())
                items.append(item.toObject());
        } else {
            items.append(object);
        }
        for (const QJsonObject &item : items) {
            if (!value.isObject() || item.value(QStringLiteral("kind")).toString().isEmpty() ||
                item.value(QStringLiteral("apiVersion")).toString().isEmpty())
                return Error{shown, line,
                             QStringLiteral("not a Kubernetes object (apiVersion and kind are "
                                            "required)")};
            if (item.value(QStringLiteral("metadata"))
                    .toObject()
                    .value(QStringLiteral("name"))
                    .toString()
                    .isEmpty())
                return Error{shown, line,
                             QStringLiteral("%1 without metadata.name")
                                 .arg(item.value(QStringLiteral("kind")).toString())};
            objects.append(item);
        }
    }
    return objects;
}

} // namespace

Result<BootstrapManifests> loadBootstrapManifests(const Design &design,
                                                  const BootstrapOptions &options) {
    BootstrapManifests manifests;
    if (!options.argocdManifest.isEmpty()) {
        auto install = readObjects(options.argocdManifest, options.argocdManifest);
        if (!install)
            return install.error();
        if (install->isEmpty())
            return Error{options.argocdManifest, 0, QStringLiteral("holds no Kubernetes object")};
        manifests.argocdInstall = std::move(install.value());
    }

    const QString rootFile =
        design.root.location.file.isEmpty() ? design.layout.rootFile() : design.root.location.file;
    auto root = readObjects(QDir(options.repoDir).filePath(rootFile), rootFile);
    if (!root)
        return root.error();
    const auto isApplication = [](const QJsonObject &o) {
        return o.value(QStringLiteral("kind")).toString() == QLatin1String("Application") &&
               o.value(QStringLiteral("apiVersion"))
                   .toString()
                   .startsWith(QLatin1String("argoproj.io/"));
    };
    if (root->size() != 1 || !isApplication(root->first()))
        return Error{rootFile, 0,
                     QStringLiteral("expected exactly one argoproj.io Application (the root)")};
    manifests.root = root->first();

    for (const HealthCustomization &h : design.healthChecks) {
        manifests.argocdConfig.insert(h.configKey(), h.lua);
        if (h.useOpenLibs) {
            const QString target = h.group.isEmpty() ? h.kind : h.group + u'_' + h.kind;
            manifests.argocdConfig.insert(QStringLiteral("resource.customizations.useOpenLibs.") +
                                              target,
                                          QStringLiteral("true"));
        }
    }
    // The key the controller reads for server-side diff (DESIGN.md), always "true": the seed
    // aligns diff with the server-side apply every Application uses.
    manifests.argocdParams.insert(QStringLiteral("controller.diff.server.side"),
                                  QStringLiteral("true"));
    return manifests;
}

} // namespace wavesmith
