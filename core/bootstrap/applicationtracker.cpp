// Reads Argo CD's Application status (k8s-api-notes §8) into per-component and per-wave health.

#include <wavesmith/bootstrap.h>

#include <QJsonArray>

#include <algorithm>

namespace wavesmith {

namespace {

QJsonObject statusOf(const QJsonObject &app) {
    return app.value(QStringLiteral("status")).toObject();
}

QString nameOf(const QJsonObject &object) {
    return object.value(QStringLiteral("metadata"))
        .toObject()
        .value(QStringLiteral("name"))
        .toString();
}

// Argo CD's own words for why an Application failed, as `argocd app wait` decides it: a condition
// whose type ends in "Error", a Failed or Error operation, or Degraded health.
QString problemOf(const QJsonObject &status) {
    for (const QJsonValue &c : status.value(QStringLiteral("conditions")).toArray()) {
        const QString type = c[QStringLiteral("type")].toString();
        if (type.endsWith(QLatin1String("Error")))
            return QStringLiteral("%1: %2").arg(type, c[QStringLiteral("message")].toString());
    }
    const QJsonObject operation = status.value(QStringLiteral("operationState")).toObject();
    const QString phase = operation.value(QStringLiteral("phase")).toString();
    if (phase == QLatin1String("Failed") || phase == QLatin1String("Error"))
        return QStringLiteral("sync %1: %2")
            .arg(phase, operation.value(QStringLiteral("message")).toString());
    const QJsonObject health = status.value(QStringLiteral("health")).toObject();
    if (health.value(QStringLiteral("status")).toString() == QLatin1String("Degraded")) {
        const QString message = health.value(QStringLiteral("message")).toString();
        return message.isEmpty() ? QStringLiteral("Degraded")
                                 : QStringLiteral("Degraded: %1").arg(message);
    }
    return {};
}

} // namespace

ApplicationTracker::ApplicationTracker(const Design &design)
    : m_rootName(design.root.name) {
    for (const Component &c : design.components)
        m_expected.append({c.name, c.wave, c.kind == ComponentKind::Projects});
    std::stable_sort(m_expected.begin(), m_expected.end(),
                     [](const Expected &a, const Expected &b) { return a.wave < b.wave; });
    for (const Wave &w : design.waves)
        m_phases.insert(w.number, w.phase);
}

void ApplicationTracker::reset(const QList<QJsonObject> &applications) {
    m_applications.clear();
    for (const QJsonObject &app : applications)
        update(app);
}

void ApplicationTracker::update(const QJsonObject &application) {
    m_applications.insert(nameOf(application), application);
}

void ApplicationTracker::remove(const QJsonObject &application) {
    m_applications.remove(nameOf(application));
}

ComponentHealth ApplicationTracker::evaluate(const QString &name, int wave, bool projects) const {
    ComponentHealth c;
    c.name = name;
    c.wave = wave;
    if (projects) {
        // AppProjects have no health in Argo CD: the bundle is done once the root has them
        // Synced.
        const QJsonObject root = m_applications.value(m_rootName);
        bool allSynced = true;
        for (const QJsonValue &r : statusOf(root).value(QStringLiteral("resources")).toArray()) {
            if (r[QStringLiteral("kind")].toString() != QLatin1String("AppProject"))
                continue;
            c.present = true;
            allSynced =
                allSynced && r[QStringLiteral("status")].toString() == QLatin1String("Synced");
        }
        if (c.present) {
            c.health = QStringLiteral("Healthy");
            c.sync = allSynced ? QStringLiteral("Synced") : QStringLiteral("OutOfSync");
        }
        return c;
    }
    const auto it = m_applications.constFind(name);
    if (it == m_applications.constEnd())
        return c;
    const QJsonObject status = statusOf(*it);
    c.present = true;
    c.health = status.value(QStringLiteral("health"))
                   .toObject()
                   .value(QStringLiteral("status"))
                   .toString();
    c.healthMessage = status.value(QStringLiteral("health"))
                          .toObject()
                          .value(QStringLiteral("message"))
                          .toString();
    c.sync =
        status.value(QStringLiteral("sync")).toObject().value(QStringLiteral("status")).toString();
    c.operationPhase = status.value(QStringLiteral("operationState"))
                           .toObject()
                           .value(QStringLiteral("phase"))
                           .toString();
    c.problem = problemOf(status);
    return c;
}

QList<ComponentHealth> ApplicationTracker::components() const {
    QList<ComponentHealth> list;
    for (const Expected &e : m_expected)
        list.append(evaluate(e.name, e.wave, e.projects));
    return list;
}

std::optional<ComponentHealth> ApplicationTracker::component(const QString &name) const {
    for (const Expected &e : m_expected) {
        if (e.name == name)
            return evaluate(e.name, e.wave, e.projects);
    }
    return std::nullopt;
}

ComponentHealth ApplicationTracker::root() const {
    return evaluate(m_rootName, -1, false);
}

QList<WaveHealth> ApplicationTracker::waves() const {
    QList<WaveHealth> list;
    for (const ComponentHealth &c : components()) {
        if (list.isEmpty() || list.last().wave != c.wave)
            list.append({c.wave, m_phases.value(c.wave), {}, 0, 0});
        WaveHealth &w = list.last();
        w.components.append(c.name);
        w.ready += c.isReady() ? 1 : 0;
        w.present += c.present ? 1 : 0;
    }
    return list;
}

bool ApplicationTracker::allReady() const {
    const QList<ComponentHealth> all = components();
    return root().isReady() && std::all_of(all.begin(), all.end(),
                                           [](const ComponentHealth &c) { return c.isReady(); });
}

std::optional<ComponentHealth> ApplicationTracker::firstFailure() const {
    for (const ComponentHealth &c : components()) {
        if (c.isFailed())
            return c;
    }
    const ComponentHealth r = root();
    return r.isFailed() ? std::optional<ComponentHealth>(r) : std::nullopt;
}

QStringList ApplicationTracker::unknownApplications() const {
    QStringList names;
    for (auto it = m_applications.cbegin(); it != m_applications.cend(); ++it) {
        const bool known = it.key() == m_rootName ||
                           std::any_of(m_expected.begin(), m_expected.end(),
                                       [&](const Expected &e) { return e.name == it.key(); });
        if (!known)
            names.append(it.key());
    }
    return names;
}

} // namespace wavesmith
