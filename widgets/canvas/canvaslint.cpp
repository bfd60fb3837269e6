#include "canvaslint.h"

#include <QStringList>

namespace wavesmith {

namespace {

// The dependency edges one finding is about, as (needed, dependent) pairs: along its
// dependency path each component needs the next.
QList<QPair<QString, QString>> edgesOf(const LintFinding &finding) {
    QList<QPair<QString, QString>> edges;
    for (qsizetype i = 0; i + 1 < finding.dependencyPath.size(); ++i)
        edges.append({finding.dependencyPath.at(i + 1), finding.dependencyPath.at(i)});
    return edges;
}

} // namespace

CanvasLintMarks mapLintFindings(const QList<LintFinding> &findings, const Design &design) {
    // Name indexes: Design::component() is a linear search and designs can be large.
    QHash<QString, const Component *> components;
    for (const Component &c : design.components)
        components.insert(c.name, &c);
    QHash<QString, int> setWaves;
    for (const ApplicationSet &set : design.applicationSets)
        setWaves.insert(set.name, set.wave);

    CanvasLintMarks marks;
    for (const LintFinding &f : findings) {
        if (f.suppressed || f.component.isEmpty())
            continue;
        const Component *c = components.value(f.component);
        if (c) {
            const auto worst = marks.nodes.constFind(f.component);
            if (worst == marks.nodes.constEnd() || int(f.severity) < int(*worst))
                marks.nodes.insert(f.component, f.severity);
            // A member sits in its ApplicationSet's lane.
            const auto set = setWaves.constFind(c->appSet);
            marks.lanes[set != setWaves.constEnd() ? *set : c->wave].append(f);
        } else if (const auto set = setWaves.constFind(f.component); set != setWaves.constEnd()) {
            marks.lanes[*set].append(f);
        }
        for (const auto &edge : edgesOf(f))
            marks.edges[edge].append(f);
    }
    return marks;
}

std::optional<Diagnostic::Severity> worstSeverity(const QList<LintFinding> &findings) {
    std::optional<Diagnostic::Severity> worst;
    for (const LintFinding &f : findings) {
        if (!worst || int(f.severity) < int(*worst)) // Error < Warning < Info in the enum
            worst = f.severity;
    }
    return worst;
}

QColor lintSeverityColor(Diagnostic::Severity severity) {
    switch (severity) {
    case Diagnostic::Severity::Error:
        return QColor(0xd9, 0x30, 0x25);
    case Diagnostic::Severity::Warning:
        return QColor(0xe8, 0x91, 0x0c);
    case Diagnostic::Severity::Info:
        break;
    }
    return QColor(0x2f, 0x6f, 0xd6);
}

QString lintToolTipLines(const QList<LintFinding> &findings, int limit) {
    QStringList lines;
    for (const LintFinding &f : findings) {
        if (lines.size() == limit) {
            lines << QStringLiteral("… %1 more in the Lint panel").arg(findings.size() - limit);
            break;
        }
        lines << QStringLiteral("[%1] %2: %3")
                     .arg(f.ruleId, severityName(f.severity), f.message.toHtmlEscaped());
    }
    return lines.join(QStringLiteral("<br>"));
}

} // namespace wavesmith
