#pragma once

// The Lint dock: a summary line and one row per finding (severity icon, rule id, message).
// Activating a row asks the window to select the finding's component on the canvas.

#include <wavesmith/lint.h>

#include <QDockWidget>
#include <QList>

class QLabel;
class QModelIndex;
class QTreeView;

namespace wavesmith {

class LintFindingsModel;

class LintPanel : public QDockWidget {
    Q_OBJECT

public:
    explicit LintPanel(QWidget *parent = nullptr);

    LintFindingsModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    // "2 errors · 1 warning · 1 info · 1 suppressed", or what is happening.
    QString summaryText() const;

public Q_SLOTS:
    void setFindings(const QList<wavesmith::LintFinding> &findings);
    void setRunning();
    void setFailed(const QString &message);

Q_SIGNALS:
    // `component` may be empty (a finding on a file rather than on a component).
    void findingActivated(const QString &component, const QString &file, int line);

private:
    void activate(const QModelIndex &index);

    LintFindingsModel *m_model = nullptr;
    QTreeView *m_view = nullptr;
    QLabel *m_summary = nullptr;
};

} // namespace wavesmith
