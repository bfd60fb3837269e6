#pragma once

#include <wavesmith/git.h>

#include <QObject>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

class QThread;

namespace wavesmith {

// Runs git work (status, commit, fetch, push) on its own thread so the UI never blocks.
// Operations are queued and run one at a time; every one ends with `finished`, and reports
// its result or `failed` before that. Signals arrive on the thread that owns the worker.
//
//   auto *worker = new GitWorker(this);
//   connect(worker, &GitWorker::progressChanged, bar, ...);
//   connect(worker, &GitWorker::failed, this, [](auto op, auto message) { ... });
//   worker->commit(repoDir, message, paths, /*pushAfter=*/true);
//
// Credentials the worker cannot find itself (see CredentialProvider) are asked through
// credentialRequested; answer with provideCredential() from any thread. Nobody connected
// means "no answer".
class GitWorker : public QObject {
    Q_OBJECT

public:
    explicit GitWorker(QObject *parent = nullptr);
    ~GitWorker() override; // cancels what runs and waits for the thread

    bool isBusy() const { return m_pending.load() > 0; }

    // Status of the repository containing `repoDir` → statusReady, then identityReady.
    void refresh(const QString &repoDir);
    // Unified diff of one path (HEAD → work tree) → diffReady.
    void diff(const QString &repoDir, const QString &path);
    // Commits `paths` (all changes when empty) → committed; with pushAfter, then pushes the
    // branch to `remote` (default remote when empty) → pushed.
    void commit(const QString &repoDir, const QString &message, const QStringList &paths,
                bool pushAfter = false, const QString &remote = {});
    void push(const QString &repoDir, const QString &remote = {});
    void fetch(const QString &repoDir, const QString &remote = {});

    // Stops the running operation at its next progress callback and drops queued ones.
    // Thread-safe.
    void cancel();
    // The answer to credentialRequested; std::nullopt gives up. Thread-safe.
    void provideCredential(const std::optional<wavesmith::GitCredential> &credential);

    // Let `git credential fill` prompt on a terminal (off by default, for the GUI).
    void setAllowTerminalPrompt(bool allow) { m_allowTerminalPrompt = allow; }
    void setUseGitCredentialHelper(bool use) { m_useGitCredentialHelper = use; }

Q_SIGNALS:
    void started(const QString &operation);
    void progressChanged(const wavesmith::GitProgress &progress);
    void statusReady(const QList<wavesmith::GitFileStatus> &files,
                     const wavesmith::GitBranchStatus &branch);
    // The commit author from git config, or why there is none (how to set it).
    void identityReady(const QString &identity, const QString &error);
    void diffReady(const QString &path, const QString &diff);
    void committed(const wavesmith::CommitInfo &info);
    void pushed(const wavesmith::PushResult &result);
    void fetched(const QString &remote);
    void failed(const QString &operation, const QString &message);
    void credentialRequested(const wavesmith::GitCredentialRequest &request);
    void finished(const QString &operation, bool ok);

private:
    using Job = std::function<bool(const GitOperationOptions &)>;
    void enqueue(const QString &operation, Job job);
    std::optional<GitCredential> askCredential(const GitCredentialRequest &request);

    QThread *m_thread = nullptr;
    QObject *m_context = nullptr; // lives on m_thread; queued jobs run in its event loop
    std::atomic<int> m_pending{0};
    std::atomic<bool> m_cancel{false};
    std::atomic<quint64> m_generation{0};
    std::atomic<bool> m_allowTerminalPrompt{false};
    std::atomic<bool> m_useGitCredentialHelper{true};

    std::mutex m_promptMutex;
    std::condition_variable m_promptAnswered;
    bool m_promptPending = false;
    std::optional<GitCredential> m_promptAnswer;
};

} // namespace wavesmith
