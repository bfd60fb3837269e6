#include <wavesmith/model.h>

#include <algorithm>
#include <set>

namespace wavesmith {

QString Source::summary() const {
    if (isHelm()) {
        return targetRevision.isEmpty() ? QStringLiteral("chart %1").arg(chart)
                                        : QStringLiteral("chart %1 %2").arg(chart, targetRevision);
    }
    return path.isEmpty() ? repoURL : path;
}

QString componentKindName(ComponentKind kind) {
    switch (kind) {
    case ComponentKind::Application:
        return QStringLiteral("Application");
    case ComponentKind::AppSetMember:
        return QStringLiteral("ApplicationSetMember");
    case ComponentKind::Projects:
        return QStringLiteral("AppProjects");
    }
    return {};
}

QString severityName(Diagnostic::Severity severity) {
    switch (severity) {
    case Diagnostic::Severity::Error:
        return QStringLiteral("error");
    case Diagnostic::Severity::Warning:
        return QStringLiteral("warning");
    case Diagnostic::Severity::Info:
        return QStringLiteral("info");
    }
    return {};
}

QString HealthCustomization::configKey() const {
    const QString groupKind = group.isEmpty() ? kind : group + QLatin1Char('_') + kind;
    return QStringLiteral("resource.customizations.health.") + groupKind;
}

const Component *Design::component(const QString &name) const {
    for (const Component &c : components) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

Component *Design::component(const QString &name) {
    for (Component &c : components) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

const ApplicationSet *Design::applicationSet(const QString &name) const {
    for (const ApplicationSet &a : applicationSets) {
        if (a.name == name)
            return &a;
    }
    return nullptr;
}

QList<int> Design::waveNumbers() const {
    std::set<int> numbers;
    for (const Component &c : components)
        numbers.insert(c.wave);
    for (const ApplicationSet &a : applicationSets)
        numbers.insert(a.wave);
    for (const Wave &w : waves)
        numbers.insert(w.number);
    return QList<int>(numbers.begin(), numbers.end());
}

QString Design::phaseName(int wave) const {
    for (const Wave &w : waves) {
        if (w.number == wave)
            return w.phase;
    }
    return {};
}

int Design::waveBudgetSeconds(int wave) const {
    for (const Wave &w : waves) {
        if (w.number == wave)
            return w.budgetSeconds;
    }
    return 0;
}

QList<const Component *> Design::componentsInWave(int wave) const {
    QList<const Component *> result;
    for (const Component &c : components) {
        if (c.wave == wave)
            result.append(&c);
    }
    return result;
}

bool Design::hasHealthCheckFor(const QString &group, const QString &kind) const {
    return std::any_of(healthChecks.begin(), healthChecks.end(), [&](const HealthCustomization &h) {
        return h.group == group && h.kind == kind;
    });
}

bool Design::serverSideDiffEnabled() const {
    return argocdParams.value(QStringLiteral("controller.diff.server.side")) ==
           QStringLiteral("true");
}

} // namespace wavesmith
