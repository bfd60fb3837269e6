#pragma once

// The Lint dock: a summary line and one row per finding (severity icon, rule id, message).
// Activating a row asks the window to select the finding's component on the canvas. Rows with
// an obvious fix offer it (context menu, or Ctrl+. on the current row); the owner applies it.

#include <wavesmith/lint.h>

#include <QDockWidget>
#include <QList>

#include <functional>

class QAction;
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
    // Names the quick fix for a finding ("Move cert-manager to wave 1"), empty when none.
    void setQuickFixLabeler(std::function<QString(const LintFinding &)> labeler);
    // The fix of the current row's finding, empty when none.
    QString quickFixLabel() const;
    // Applies the current row's fix: emits quickFixRequested (Ctrl+. in the list).
    QAction *quickFixAction() const { return m_quickFix; }

public Q_SLOTS:
    void setFindings(const QList<wavesmith::LintFinding> &findings);
    void setRunning();
    void setFailed(const QString &message);

Q_SIGNALS:
    // `component` may be empty (a finding on a file rather than on a component).
    void findingActivated(const QString &component, const QString &file, int line);
    void quickFixRequested(const wavesmith::LintFinding &finding);

private:
    void activate(const QModelIndex &index);
    void showContextMenu(const QPoint &pos);
    void updateQuickFixAction();
    const LintFinding *currentFinding() const;

    LintFindingsModel *m_model = nullptr;
    QTreeView *m_view = nullptr;
    QLabel *m_summary = nullptr;
    QAction *m_quickFix = nullptr;
    std::function<QString(const LintFinding &)> m_labeler;
};

} // namespace wavesmith
