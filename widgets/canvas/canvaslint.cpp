#include "canvaslint.h"

#include <QStringList>

namespace wavesmith {

namespace {

const QString cycleLead = QStringLiteral("dependency cycle: ");

// The dependency edges one finding names, as (needed, dependent) pairs. WS001 and WS010 say
// "<dependent> … depends on <needed>, …"; WS002 lists the cycle "a -> b -> a" where each name
// depends on the next.
QList<QPair<QString, QString>> edgesOf(const LintFinding &finding, const Component *dependent) {
    QList<QPair<QString, QString>> edges;
    if (finding.ruleId == QLatin1String("WS001") || finding.ruleId == QLatin1String("WS010")) {
        if (!dependent)
            return edges;
        for (const QString &needed : dependent->dependsOn) {
            if (finding.message.contains(QStringLiteral("depends on ") + needed + QLatin1Char(',')))
                edges.append({needed, dependent->name});
        }
    } else if (finding.ruleId == QLatin1String("WS002")) {
        const qsizetype at = finding.message.indexOf(cycleLead);
        if (at < 0)
            return edges;
        const QStringList cycle =
            finding.message.mid(at + cycleLead.size()).split(QStringLiteral(" -> "));
        for (qsizetype i = 0; i + 1 < cycle.size(); ++i)
            edges.append({cycle.at(i + 1).trimmed(), cycle.at(i).trimmed()});
    }
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
        for (const auto &edge : edgesOf(f, c))
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
