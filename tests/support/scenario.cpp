#include "scenario.h"

#include <wavesmith/luaobject.h>

#include <QFile>
#include <QJsonDocument>

namespace {

Scenario::Component componentFrom(const QJsonObject &o, const Scenario::Component &fallback) {
    Scenario::Component c = fallback;
    c.healthyAfterMs = o.value(QStringLiteral("healthyAfterMs")).toInt(c.healthyAfterMs);
    c.degraded = o.value(QStringLiteral("degraded")).toString(c.degraded);
    c.syncError = o.value(QStringLiteral("syncError")).toString(c.syncError);
    return c;
}

} // namespace

std::optional<Scenario> Scenario::load(const QString &path, QString *error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    // JSON is YAML: one parser (the core's, with Argo CD's scalar rules) reads both.
    const auto parsed = wavesmith::HealthObject::fromYaml(file.readAll(), path);
    if (!parsed) {
        *error = parsed.error().toString();
        return std::nullopt;
    }
    const QVariant root = parsed->toVariant();
    if (root.typeId() != QMetaType::QVariantMap) {
        *error = QStringLiteral("%1: the scenario must be a mapping").arg(path);
        return std::nullopt;
    }
    Scenario s;
    s.document = QJsonObject::fromVariantMap(root.toMap());
    const QJsonObject faults = s.document.value(QStringLiteral("faults")).toObject();
    s.faults.dropWatchEvery = faults.value(QStringLiteral("dropWatchEvery")).toInt();
    s.faults.dropWatchAfterEvents = faults.value(QStringLiteral("dropWatchAfterEvents")).toInt();
    s.faults.errorRate = faults.value(QStringLiteral("errorRate")).toDouble();
    s.faults.latencyMs = faults.value(QStringLiteral("latencyMs")).toInt();
    s.faults.seed = quint32(faults.value(QStringLiteral("seed")).toInt(1));
    const QJsonObject deployments = s.document.value(QStringLiteral("deployments")).toObject();
    s.deploymentsAvailable = deployments.value(QStringLiteral("autoAvailable")).toBool(true);
    s.deploymentAvailableAfterMs = deployments.value(QStringLiteral("availableAfterMs")).toInt(100);
    s.defaults = componentFrom(s.document.value(QStringLiteral("defaults")).toObject(), {});
    const QJsonObject components = s.document.value(QStringLiteral("components")).toObject();
    for (auto it = components.begin(); it != components.end(); ++it) {
        if (!it.value().isObject()) {
            *error = QStringLiteral("%1: components.%2 must be a mapping").arg(path, it.key());
            return std::nullopt;
        }
        s.components.insert(it.key(), componentFrom(it.value().toObject(), s.defaults));
    }
    return s;
}
