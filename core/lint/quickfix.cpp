#include <wavesmith/lintfix.h>

#include <wavesmith/document.h>
#include <wavesmith/edit.h>
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

// WS006 and WS007 name an Application or ApplicationSet whose sync options carry the option;
// a resource's sync-options annotation (also WS006) has no model edit, so no fix.
std::optional<LintQuickFix> removeForbiddenOption(const LintFinding &finding, const Design &design,
                                                  const QString &option) {
    bool fixable = false;
    if (const ApplicationSet *set = design.applicationSet(finding.component)) {
        // WS007 comes only from a sync options list: the template's, or the set's own, which
        // the model does not keep.
        fixable = set->syncOptions.contains(option) || finding.ruleId == QLatin1String("WS007");
    } else if (const Component *c = design.component(finding.component)) {
        fixable = c->kind == ComponentKind::Application && c->syncOptions.contains(option);
    }
    if (!fixable)
        return std::nullopt;
    const QString name = finding.component;
    const QString label = QStringLiteral("Remove %1 from %2").arg(option, name);
    return LintQuickFix{label, [label, name, option](DesignDocument &document) {
                            return document.applyEdit(label, [name, option](RepoEditor &e) {
                                return e.removeSyncOption(name, option);
                            });
                        }};
}

std::optional<LintQuickFix> setRootProjectToDefault(const Design &design) {
    if (design.root.project == QLatin1String("default"))
        return std::nullopt;
    const QString label = QStringLiteral("Set the project of %1 to default").arg(design.root.name);
    return LintQuickFix{label, [label](DesignDocument &document) {
                            return document.applyEdit(label, [](RepoEditor &e) {
                                return e.setRootProject(QStringLiteral("default"));
                            });
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
        return removeForbiddenOption(finding, design, QStringLiteral("ApplyOutOfSyncOnly=true"));
    if (finding.ruleId == QLatin1String("WS007"))
        return removeForbiddenOption(finding, design, QStringLiteral("IgnoreMissingTemplate=true"));
    if (finding.ruleId == QLatin1String("WS008"))
        return setRootProjectToDefault(design);
    return std::nullopt;
}

} // namespace wavesmith
