#include "lintcontext.h"
#include "rules.h"

#include <wavesmith/render.h>

#include <QHash>
#include <QSet>

#include <functional>

namespace wavesmith::lint {

namespace {

const QByteArray kDependsOn = QString::fromUtf16(kDependsOnAnnotation).toUtf8();

// Where a component's dependency list is written: the annotation, else the component.
// `path`: LintFinding::dependencyPath.
void reportOnDependency(LintContext &context, const QString &ruleId, const Component &c,
                        const QString &message, const QStringList &path) {
    const DocumentRef doc = context.documentOf(c);
    const YamlNode *annotation = doc ? doc.document->annotation(kDependsOn.constData()) : nullptr;
    LintFinding &finding =
        doc ? context.report(ruleId, doc, annotation, c.name, message)
            : context.report(ruleId, c.location.file, c.location.line, 1, c.name, message);
    finding.dependencyPath = path;
}

} // namespace

void checkDependencyWaves(LintContext &context) {
    const Design &design = context.design();
    for (const Component &c : design.components) {
        for (const QString &name : c.dependsOn) {
            const Component *dependency = context.component(name);
            if (!dependency)
                continue;
            if (dependency->wave >= c.wave) {
                reportOnDependency(
                    context, QStringLiteral("WS001"), c,
                    QStringLiteral("%1 (wave %2) depends on %3, which is in wave %4; it must be "
                                   "in a lower wave")
                        .arg(c.name, QString::number(c.wave), dependency->name,
                             QString::number(dependency->wave)),
                    {c.name, dependency->name});
            }
            if (dependency->kind == ComponentKind::AppSetMember) {
                reportOnDependency(
                    context, QStringLiteral("WS010"), c,
                    QStringLiteral("%1 depends on %2, a member of ApplicationSet %3: the "
                                   "ApplicationSet's health does not wait for %2")
                        .arg(c.name, dependency->name, dependency->appSet),
                    {c.name, dependency->name});
            }
        }
    }
}

void checkDependencyCycles(LintContext &context) {
    // Depth-first search with colours; each cycle is reported once, on the component where
    // the search closed it.
    const Design &design = context.design();
    enum class Mark { None, Active, Done };
    QHash<QString, Mark> marks;
    QStringList stack;
    std::function<void(const Component &)> visit = [&](const Component &c) {
        marks.insert(c.name, Mark::Active);
        stack.append(c.name);
        for (const QString &name : c.dependsOn) {
            const Component *next = context.component(name);
            if (!next)
                continue;
            const Mark mark = marks.value(next->name, Mark::None);
            if (mark == Mark::Active) {
                QStringList cycle = stack.mid(stack.indexOf(next->name));
                cycle.append(next->name);
                reportOnDependency(
                    context, QStringLiteral("WS002"), c,
                    QStringLiteral("dependency cycle: %1").arg(cycle.join(QStringLiteral(" -> "))),
                    cycle);
            } else if (mark == Mark::None) {
                visit(*next);
            }
        }
        stack.removeLast();
        marks.insert(c.name, Mark::Done);
    };
    for (const Component &c : design.components) {
        if (!c.dependsOn.isEmpty() && marks.value(c.name, Mark::None) == Mark::None)
            visit(c);
    }
}

} // namespace wavesmith::lint
