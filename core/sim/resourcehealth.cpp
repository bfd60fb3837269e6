#include <wavesmith/sim.h>

#include <QJsonArray>
#include <QJsonDocument>

#include <yaml-cpp/yaml.h>

namespace wavesmith {

namespace {

const QString kHealthPrefix = QStringLiteral("resource.customizations.health.");
const QString kOpenLibsPrefix = QStringLiteral("resource.customizations.useOpenLibs.");

QString groupOf(const QJsonObject &object) {
    const QString apiVersion = object.value(QStringLiteral("apiVersion")).toString();
    return apiVersion.contains(QLatin1Char('/')) ? apiVersion.section(QLatin1Char('/'), 0, 0)
                                                 : QString();
}

QString groupKindKey(const QString &group, const QString &kind) {
    return group.isEmpty() ? kind : group + QLatin1Char('_') + kind;
}

qint64 integer(const QJsonObject &object, const QString &key, qint64 fallback = 0) {
    const QJsonValue value = object.value(key);
    return value.isDouble() ? value.toInteger() : fallback;
}

QJsonObject conditionOf(const QJsonObject &status, const QString &type) {
    for (const QJsonValue &c : status.value(QStringLiteral("conditions")).toArray()) {
        if (c.toObject().value(QStringLiteral("type")).toString() == type)
            return c.toObject();
    }
    return {};
}

// gitops-engine's getDeploymentHealth.
HealthResult deploymentHealth(const QJsonObject &object) {
    const QJsonObject spec = object.value(QStringLiteral("spec")).toObject();
    const QJsonObject status = object.value(QStringLiteral("status")).toObject();
    const QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
    const QString name = metadata.value(QStringLiteral("name")).toString();
    if (spec.value(QStringLiteral("paused")).toBool())
        return {QStringLiteral("Suspended"), QStringLiteral("Deployment is paused")};
    if (integer(metadata, QStringLiteral("generation"), 1) >
        integer(status, QStringLiteral("observedGeneration"), 0))
        return {QStringLiteral("Progressing"),
                QStringLiteral("Waiting for rollout to finish: observed deployment generation less "
                               "than desired generation")};
    if (conditionOf(status, QStringLiteral("Progressing")).value(QStringLiteral("reason")) ==
        QStringLiteral("ProgressDeadlineExceeded"))
        return {QStringLiteral("Degraded"),
                QStringLiteral("Deployment \"%1\" exceeded its progress deadline").arg(name)};
    const qint64 replicas = integer(spec, QStringLiteral("replicas"), 1);
    const qint64 updated = integer(status, QStringLiteral("updatedReplicas"));
    const qint64 available = integer(status, QStringLiteral("availableReplicas"));
    if (updated < replicas)
        return {QStringLiteral("Progressing"),
                QStringLiteral("Waiting for rollout to finish: %1 out of %2 new replicas have been "
                               "updated...")
                    .arg(updated)
                    .arg(replicas)};
    if (available < updated)
        return {QStringLiteral("Progressing"),
                QStringLiteral("Waiting for rollout to finish: %1 of %2 updated replicas are "
                               "available...")
                    .arg(available)
                    .arg(updated)};
    return {QStringLiteral("Healthy"), {}};
}

HealthResult statefulSetHealth(const QJsonObject &object) {
    const QJsonObject spec = object.value(QStringLiteral("spec")).toObject();
    const QJsonObject status = object.value(QStringLiteral("status")).toObject();
    const QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
    if (integer(metadata, QStringLiteral("generation"), 1) >
        integer(status, QStringLiteral("observedGeneration"), 0))
        return {QStringLiteral("Progressing"),
                QStringLiteral("Waiting for statefulset spec update to be observed...")};
    const qint64 replicas = integer(spec, QStringLiteral("replicas"), 1);
    const qint64 ready = integer(status, QStringLiteral("readyReplicas"));
    if (ready < replicas)
        return {QStringLiteral("Progressing"),
                QStringLiteral("Waiting for %1 pods to be ready...").arg(replicas - ready)};
    return {
        QStringLiteral("Healthy"),
        QStringLiteral("statefulset rolling update complete %1 pods at revision").arg(replicas)};
}

// Argo CD's built-in argoproj.io/ApplicationSet check: healthy once its Applications are up to
// date, whatever their own health.
HealthResult applicationSetHealth(const QJsonObject &object) {
    const QJsonObject status = object.value(QStringLiteral("status")).toObject();
    for (const QJsonValue &value : status.value(QStringLiteral("conditions")).toArray()) {
        const QJsonObject c = value.toObject();
        const QString type = c.value(QStringLiteral("type")).toString();
        const bool isTrue = c.value(QStringLiteral("status")).toString() == QLatin1String("True");
        const QString message = c.value(QStringLiteral("message")).toString();
        if (type == QLatin1String("ErrorOccurred") && isTrue)
            return {QStringLiteral("Degraded"), message};
        if (type == QLatin1String("ResourcesUpToDate"))
            return {isTrue ? QStringLiteral("Healthy") : QStringLiteral("Degraded"), message};
    }
    return {QStringLiteral("Progressing"), QStringLiteral("Waiting for the status to be reported")};
}

} // namespace

ResourceHealth::ResourceHealth()
    : m_engine(std::make_unique<HealthEngine>()) {}

ResourceHealth::~ResourceHealth() = default;

void ResourceHealth::setArgocdConfig(const QMap<QString, QString> &data) {
    m_scripts.clear();
    m_openLibs.clear();
    for (auto it = data.cbegin(); it != data.cend(); ++it) {
        if (it.key().startsWith(kHealthPrefix))
            m_scripts.insert(it.key().mid(kHealthPrefix.size()), it.value());
        else if (it.key().startsWith(kOpenLibsPrefix) &&
                 it.value().trimmed() == QLatin1String("true"))
            m_openLibs.append(it.key().mid(kOpenLibsPrefix.size()));
    }
    // The older form: one `resource.customizations` key holding YAML keyed by "group/Kind".
    const QString legacy = data.value(QStringLiteral("resource.customizations"));
    if (legacy.trimmed().isEmpty())
        return;
    try {
        const YAML::Node root = YAML::Load(legacy.toStdString());
        if (!root.IsMap())
            return;
        for (const auto &entry : root) {
            const QString groupKind = QString::fromStdString(entry.first.as<std::string>());
            const YAML::Node lua = entry.second["health.lua"];
            if (!lua || !lua.IsScalar())
                continue;
            const QString group = groupKind.contains(QLatin1Char('/'))
                                      ? groupKind.section(QLatin1Char('/'), 0, 0)
                                      : QString();
            const QString key = groupKindKey(group, groupKind.section(QLatin1Char('/'), -1));
            if (!m_scripts.contains(key))
                m_scripts.insert(key, QString::fromStdString(lua.Scalar()));
            const YAML::Node openLibs = entry.second["health.lua.useOpenLibs"];
            if (openLibs && openLibs.IsScalar() && openLibs.Scalar() == "true")
                m_openLibs.append(key);
        }
    } catch (const YAML::Exception &) {
        // Argo CD ignores a resource.customizations value it cannot parse, and so do we.
    }
}

bool ResourceHealth::hasCustomization(const QString &group, const QString &kind) const {
    return m_scripts.contains(groupKindKey(group, kind)) ||
           (group.isEmpty() && m_scripts.contains(QLatin1Char('_') + kind));
}

std::optional<HealthResult> ResourceHealth::assess(const QJsonObject &object) {
    const QString group = groupOf(object);
    const QString kind = object.value(QStringLiteral("kind")).toString();
    QString key = groupKindKey(group, kind);
    if (group.isEmpty() && !m_scripts.contains(key))
        key = QLatin1Char('_') + kind;
    if (m_scripts.contains(key)) {
        HealthOptions options;
        options.openLibs = m_openLibs.contains(key);
        const auto parsed =
            HealthObject::fromJson(QJsonDocument(object).toJson(QJsonDocument::Compact));
        if (!parsed)
            return HealthResult{QStringLiteral("Unknown"), parsed.error().toString()};
        const auto result = m_engine->evaluate(m_scripts.value(key), parsed.value(), options);
        if (!result)
            return HealthResult{QStringLiteral("Unknown"), result.error().toString()};
        if (result->status.isEmpty())
            return std::nullopt; // nil from the script: no health, as in Argo CD
        return result.value();
    }
    if (group == QLatin1String("apps") && kind == QLatin1String("Deployment"))
        return deploymentHealth(object);
    if (group == QLatin1String("apps") && kind == QLatin1String("StatefulSet"))
        return statefulSetHealth(object);
    if (group == QLatin1String("argoproj.io") && kind == QLatin1String("ApplicationSet"))
        return applicationSetHealth(object);
    // argoproj.io/Application among them: no built-in health since Argo CD 1.8.
    return std::nullopt;
}

bool ResourceHealth::isWorse(const QString &status, const QString &than) {
    static const QStringList order = {QStringLiteral("Healthy"),     QStringLiteral("Suspended"),
                                      QStringLiteral("Progressing"), QStringLiteral("Missing"),
                                      QStringLiteral("Degraded"),    QStringLiteral("Unknown")};
    return order.indexOf(status) > order.indexOf(than);
}

} // namespace wavesmith
