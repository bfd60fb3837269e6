#include <wavesmith/lintfix.h>

#include <wavesmith/luatemplates.h>

namespace wavesmith {

namespace {

std::optional<LintQuickFix> moveDependencyEarlier(const LintFinding &finding,
                                                  const Design &design) {
    const Component *dependent = design.component(finding.component);
    if (!dependent)
        return std::nullopt;
    const QString dependencyName = finding.dependencyPath.value(1);
    const Component *dependency = design.component(dependencyName);
    if (!dependency || !dependent->dependsOn.contains(dependencyName) ||
        dependency->wave < dependent->wave)
        return std::nullopt;
    const int wave = dependent->wave - 1;
    const QString name = dependency->name;
    return LintQuickFix{
        QStringLiteral("Move %1 to wave %2").arg(name).arg(wave),
        [name, wave](DesignDocument &document) { return document.setWave(name, wave); }};
}

std::optional<LintQuickFix> addApplicationHealthCheck() {
    for (const LuaTemplate &t : luaTemplates()) {
        if (t.id != QLatin1String("wait-for-child"))
            continue;
        HealthCustomization check;
        check.group = QStringLiteral("argoproj.io");
        check.kind = QStringLiteral("Application");
        check.lua = t.script;
        return LintQuickFix{
            QStringLiteral("Add the “%1” health check").arg(t.title),
            [check](DesignDocument &document) { return document.setHealthCheck(check); }};
    }
    return std::nullopt;
}

std::optional<LintQuickFix> removeApplyOutOfSyncOnly(const LintFinding &finding,
                                                     const Design &design) {
    const Component *c = design.component(finding.component);
    if (!c || c->kind != ComponentKind::Application)
        return std::nullopt;
    QStringList options = c->syncOptions;
    if (options.removeAll(QStringLiteral("ApplyOutOfSyncOnly=true")) == 0)
        return std::nullopt;
    const QString name = c->name;
    return LintQuickFix{QStringLiteral("Remove ApplyOutOfSyncOnly=true from %1").arg(name),
                        [name, options](DesignDocument &document) {
                            return document.setSyncOptions(name, options);
                        }};
}

} // namespace

std::optional<LintQuickFix> quickFixFor(const LintFinding &finding, const Design &design) {
    if (finding.suppressed)
        return std::nullopt;
    if (finding.ruleId == QLatin1String("WS001"))
        return moveDependencyEarlier(finding, design);
    if (finding.ruleId == QLatin1String("WS003"))
        return addApplicationHealthCheck();
    if (finding.ruleId == QLatin1String("WS006"))
        return removeApplyOutOfSyncOnly(finding, design);
    return std::nullopt;
}

} // namespace wavesmith
