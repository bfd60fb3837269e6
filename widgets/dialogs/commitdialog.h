#pragma once

#include <wavesmith/git.h>

#include <QDialog>
#include <QSet>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableView;
class QsciScintilla;

namespace wavesmith {

class ChangedFilesModel;
class GitWorker;

// Commit (and push) the repository's changes: the changed files with status and checkboxes
// (files Wavesmith wrote pre-checked, the user's other changes shown unchecked), a
// highlighted diff of the current file, the message with a summary-length hint, the author,
// Commit and Commit & Push, progress with cancel, and errors in plain words. All git work
// runs on a GitWorker thread.
//
//   CommitDialog dialog(repoDir, this);
//   dialog.setWavesmithChangedPaths(document->writtenPaths());
//   dialog.setMessage(QStringLiteral("Move cert-manager to wave 3"));
//   connect(&dialog, &CommitDialog::committed, ...);
//   dialog.exec();
class CommitDialog : public QDialog {
    Q_OBJECT

public:
    explicit CommitDialog(const QString &repoDir, QWidget *parent = nullptr);
    ~CommitDialog() override;

    // Paths Wavesmith wrote (relative to the repository root or absolute): pre-checked.
    void setWavesmithChangedPaths(const QStringList &paths);
    void setMessage(const QString &message);
    QString message() const;
    QStringList checkedPaths() const;
    // The error shown to the user, empty when none.
    QString errorText() const;
    bool isBusy() const;

    ChangedFilesModel *filesModel() const { return m_model; }
    GitWorker *worker() const { return m_worker; }

    // The summary line limits the hint uses: fine up to 50, too long past 72.
    static constexpr int SummarySoftLimit = 50;
    static constexpr int SummaryHardLimit = 72;

public Q_SLOTS:
    // Reloads the file list, branch and author (asynchronously).
    void refresh();
    void commit();
    void commitAndPush();

Q_SIGNALS:
    void committed(const wavesmith::CommitInfo &info);
    void pushed(const wavesmith::PushResult &result);
    // Emitted after every refresh, with the branch state the status bar may show too.
    void branchStatusChanged(const wavesmith::GitBranchStatus &status);
    // A refresh has finished: files, branch and author are shown.
    void refreshed();

protected:
    void reject() override;
    void showEvent(QShowEvent *event) override;

private:
    void startCommit(bool push);
    void setBusy(bool busy, const QString &what = {});
    void showError(const QString &message);
    void updateSummaryHint();
    void updateButtons();
    void showDiffOfCurrent();
    void askCredential(const wavesmith::GitCredentialRequest &request);
    QString relativePath(const QString &path) const;

    QString m_repoDir;
    QString m_workTree;
    GitWorker *m_worker = nullptr;
    ChangedFilesModel *m_model = nullptr;
    QSet<QString> m_wavesmithChanged;
    GitBranchStatus m_branch;
    bool m_identityKnown = false;
    bool m_loaded = false;
    bool m_pushing = false;
    bool m_shownOnce = false;
    QString m_diffPath;

    QTableView *m_fileView = nullptr;
    QsciScintilla *m_diffView = nullptr;
    QPlainTextEdit *m_messageEdit = nullptr;
    QLabel *m_summaryHint = nullptr;
    QLabel *m_authorLabel = nullptr;
    QLabel *m_branchLabel = nullptr;
    QLabel *m_progressLabel = nullptr;
    QLabel *m_errorLabel = nullptr;
    QProgressBar *m_progressBar = nullptr;
    QPushButton *m_commitButton = nullptr;
    QPushButton *m_commitPushButton = nullptr;
    QPushButton *m_closeButton = nullptr;
    QPushButton *m_selectAllButton = nullptr;
    QPushButton *m_selectNoneButton = nullptr;
};

} // namespace wavesmith
