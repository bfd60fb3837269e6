#include "lintfindingsmodel.h"
#include "severityicon.h"

#include <QApplication>
#include <QIcon>
#include <QPalette>

namespace wavesmith {

LintFindingsModel::LintFindingsModel(QObject *parent)
    : QAbstractTableModel(parent) {}

void LintFindingsModel::setFindings(const QList<LintFinding> &findings) {
    beginResetModel();
    m_findings = findings;
    endResetModel();
}

const LintFinding *LintFindingsModel::finding(const QModelIndex &index) const {
    if (!index.isValid() || index.model() != this || index.row() >= m_findings.size())
        return nullptr;
    return &m_findings.at(index.row());
}

int LintFindingsModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_findings.size());
}

int LintFindingsModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LintFindingsModel::data(const QModelIndex &index, int role) const {
    const LintFinding *f = finding(index);
    if (!f)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == SeverityColumn)
            return severityName(f->severity);
        if (index.column() == RuleColumn)
            return f->ruleId;
        return f->suppressed
                   ? QStringLiteral("%1 (suppressed: %2)").arg(f->message, f->suppressionReason)
                   : f->message;
    case Qt::DecorationRole:
        return index.column() == SeverityColumn ? QVariant(severityIcon(f->severity)) : QVariant();
    case Qt::ToolTipRole:
        return QStringLiteral("%1:%2\n%3\nFix: %4")
            .arg(f->file)
            .arg(f->line)
            .arg(findLintRule(f->ruleId) ? findLintRule(f->ruleId)->why : QString(), f->fixHint);
    case Qt::ForegroundRole:
        return f->suppressed
                   ? QVariant(QApplication::palette().color(QPalette::Disabled, QPalette::Text))
                   : QVariant();
    case ComponentRole:
        return f->component;
    case FileRole:
        return f->file;
    case LineRole:
        return f->line;
    case SuppressedRole:
        return f->suppressed;
    case SeverityRole:
        return int(f->severity);
    default:
        return {};
    }
}

QVariant LintFindingsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case RuleColumn:
        return tr("Rule");
    case MessageColumn:
        return tr("Message");
    default:
        return {};
    }
}

} // namespace wavesmith
