#include "catalogcomponent.h"

namespace wavesmith {

QString uniqueComponentName(const Design &design, const QString &base) {
    const auto taken = [&design](const QString &name) {
        return design.component(name) || design.applicationSet(name);
    };
    if (!taken(base))
        return base;
    for (int n = 2;; ++n) {
        const QString candidate = QStringLiteral("%1-%2").arg(base).arg(n);
        if (!taken(candidate))
            return candidate;
    }
}

Component componentFromCatalog(const CatalogEntry &entry, const Design &design, int wave) {
    Component c;
    c.name = uniqueComponentName(design, entry.id);
    c.kind = ComponentKind::Application;
    c.wave = wave;
    c.namespace_ = entry.namespace_;
    c.sources = {Source{design.repoURL, entry.path, design.targetRevision, {}, {}, {}, {}}};
    c.chart = entry.chart;
    if (c.chart.releaseName == c.chart.name)
        c.chart.releaseName.clear(); // the default, as the templates write it
    // The sync options every Application of the design uses (DESIGN.md): take them from a
    // standalone Application already there, else Wavesmith's standard set.
    for (const Component &other : design.components) {
        if (other.kind == ComponentKind::Application && !other.syncOptions.isEmpty()) {
            c.syncOptions = other.syncOptions;
            break;
        }
    }
    if (c.syncOptions.isEmpty())
        c.syncOptions = {
            QStringLiteral("CreateNamespace=true"), QStringLiteral("ServerSideApply=true"),
            QStringLiteral("RespectIgnoreDifferences=true"), QStringLiteral("Replace=false")};
    c.catalogId = entry.id;
    return c;
}

} // namespace wavesmith
