#pragma once

#include <wavesmith/git.h>

#include <QLabel>

namespace wavesmith {

class GitWorker;

// A status-bar label: branch, ahead/behind its upstream and a dirty marker, e.g.
// "⎇ main ↑2 ↓1 ●". Refreshes on its own GitWorker thread; call refresh() after a write,
// commit or push (or connect CommitDialog::branchStatusChanged to setBranchStatus).
//
//   auto *label = new BranchStatusLabel(statusBar());
//   label->setRepository(repoDir);
//   statusBar()->addPermanentWidget(label);
class BranchStatusLabel : public QLabel {
    Q_OBJECT

public:
    explicit BranchStatusLabel(QWidget *parent = nullptr);
    ~BranchStatusLabel() override;

    // Shows the branch of the repository containing `dir` (empty: shows nothing).
    void setRepository(const QString &dir);
    QString repository() const { return m_dir; }
    const GitBranchStatus &branchStatus() const { return m_status; }

    // The text for a status, without markup ("main ↑1 ↓0 ●"); for tests and tooltips.
    static QString describe(const GitBranchStatus &status);

public Q_SLOTS:
    void refresh();
    void setBranchStatus(const wavesmith::GitBranchStatus &status);

Q_SIGNALS:
    void branchStatusChanged(const wavesmith::GitBranchStatus &status);
    // The folder is not (or no longer) a readable git repository; `message` says why.
    void statusUnavailable(const QString &message);

private:
    QString m_dir;
    GitWorker *m_worker = nullptr;
    GitBranchStatus m_status;
    bool m_refreshQueued = false;
    bool m_refreshAgain = false;
};

} // namespace wavesmith
