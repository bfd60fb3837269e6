#pragma once

// The findings of one lint run as a flat table: severity (icon), rule id, message. Rows carry
// the component, file and line for navigation.

#include <wavesmith/lint.h>

#include <QAbstractTableModel>
#include <QList>

namespace wavesmith {

class LintFindingsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { SeverityColumn, RuleColumn, MessageColumn, ColumnCount };
    enum Role {
        ComponentRole = Qt::UserRole + 1, // QString
        FileRole,                         // QString, repository-relative
        LineRole,                         // int
        SuppressedRole,                   // bool
        SeverityRole,                     // int (Diagnostic::Severity)
    };

    explicit LintFindingsModel(QObject *parent = nullptr);

    void setFindings(const QList<LintFinding> &findings);
    const QList<LintFinding> &findings() const { return m_findings; }
    const LintFinding *finding(const QModelIndex &index) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<LintFinding> m_findings;
};

} // namespace wavesmith
