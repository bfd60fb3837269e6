#include <wavesmith/luatemplates.h>

#include <QFile>

namespace wavesmith {

namespace {

QString resourceScript(const QString &id) {
    QFile file(QStringLiteral(":/wavesmith/lua/%1.lua").arg(id));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

} // namespace

QList<LuaTemplate> luaTemplates() {
    QList<LuaTemplate> templates = {
        {QStringLiteral("wait-for-child"),
         QStringLiteral("Wait for child Application"),
         QStringLiteral("The seed's check: a parent Application reports its child's own health, "
                        "so sync waves wait for it."),
         QStringLiteral("argoproj.io/Application"),
         {}},
        {QStringLiteral("wait-for-child-fresh"),
         QStringLiteral("Wait for child Application (stale-verdict guard)"),
         QStringLiteral("Like wait-for-child, but Progressing while a sync runs or while "
                        "status.sync.comparedTo differs from the spec (argo-cd PR #29649)."),
         QStringLiteral("argoproj.io/Application"),
         {}},
        {QStringLiteral("applicationset"),
         QStringLiteral("ApplicationSet"),
         QStringLiteral("Degraded on ErrorOccurred or a failed ResourcesUpToDate, Progressing "
                        "while a rollout runs, Healthy otherwise."),
         QStringLiteral("argoproj.io/ApplicationSet"),
         {}},
        {QStringLiteral("conditions"),
         QStringLiteral("Conditions-based CRD (Ready)"),
         QStringLiteral("For custom resources that report a Ready condition: Healthy when True, "
                        "Degraded when False, Progressing otherwise."),
         QStringLiteral("example.com/MyResource"),
         {}},
    };
    for (LuaTemplate &t : templates)
        t.script = resourceScript(t.id);
    return templates;
}

} // namespace wavesmith
