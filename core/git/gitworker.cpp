#include <wavesmith/gitworker.h>
#include <wavesmith/gitrepository.h>

#include <QMetaMethod>
#include <QThread>

namespace wavesmith {

GitWorker::GitWorker(QObject *parent)
    : QObject(parent) {
    qRegisterMetaType<wavesmith::CommitInfo>();
    qRegisterMetaType<wavesmith::GitFileStatus>();
    qRegisterMetaType<QList<wavesmith::GitFileStatus>>();
    qRegisterMetaType<wavesmith::GitBranchStatus>();
    qRegisterMetaType<wavesmith::GitProgress>();
    qRegisterMetaType<wavesmith::GitCredentialRequest>();
    qRegisterMetaType<wavesmith::PushResult>();

    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("wavesmith-git"));
    m_context = new QObject;
    m_context->moveToThread(m_thread);
    m_thread->start();
}

GitWorker::~GitWorker() {
    cancel();
    m_thread->quit();
    m_thread->wait();
    // Its thread has ended, so nothing can be running in it any more.
    delete m_context;
}

void GitWorker::cancel() {
    ++m_generation;
    m_cancel = true;
    std::lock_guard lock(m_promptMutex);
    m_promptAnswered.notify_all();
}

void GitWorker::provideCredential(const std::optional<GitCredential> &credential) {
    std::lock_guard lock(m_promptMutex);
    if (!m_promptPending)
        return;
    m_promptAnswer = credential;
    m_promptPending = false;
    m_promptAnswered.notify_all();
}

std::optional<GitCredential> GitWorker::askCredential(const GitCredentialRequest &request) {
    if (!isSignalConnected(QMetaMethod::fromSignal(&GitWorker::credentialRequested)))
        return std::nullopt;
    std::unique_lock lock(m_promptMutex);
    m_promptPending = true;
    m_promptAnswer.reset();
    Q_EMIT credentialRequested(request);
    // Waits for the UI, but never past a cancel (the dialog may be closing).
    m_promptAnswered.wait(lock, [this] { return !m_promptPending || m_cancel.load(); });
    m_promptPending = false;
    return std::exchange(m_promptAnswer, std::nullopt);
}

void GitWorker::enqueue(const QString &operation, Job job) {
    ++m_pending;
    const quint64 generation = m_generation.load();
    QMetaObject::invokeMethod(
        m_context,
        [this, operation, generation, job = std::move(job)] {
            // Reset first, then check: a cancel in between is still seen.
            m_cancel = false;
            if (generation != m_generation.load()) {
                --m_pending;
                Q_EMIT failed(operation, QStringLiteral("%1 was cancelled").arg(operation));
                Q_EMIT finished(operation, false);
                return;
            }
            Q_EMIT started(operation);
            GitOperationOptions options;
            options.cancel = &m_cancel;
            options.progress = [this](const GitProgress &progress) {
                Q_EMIT progressChanged(progress);
            };
            options.askCredential = [this](const GitCredentialRequest &request) {
                return askCredential(request);
            };
            options.allowTerminalPrompt = m_allowTerminalPrompt.load();
            options.useGitCredentialHelper = m_useGitCredentialHelper.load();
            const bool ok = job(options);
            --m_pending;
            Q_EMIT finished(operation, ok);
        },
        Qt::QueuedConnection);
}

void GitWorker::refresh(const QString &repoDir) {
    enqueue(QStringLiteral("status"), [this, repoDir](const GitOperationOptions &) {
        Result<GitRepository> repo = GitRepository::open(repoDir);
        if (!repo) {
            Q_EMIT failed(QStringLiteral("status"), repo.error().toString());
            return false;
        }
        const Result<QList<GitFileStatus>> files = repo->status();
        const Result<GitBranchStatus> branch = repo->branchStatus();
        if (!files || !branch) {
            Q_EMIT failed(QStringLiteral("status"),
                          (!files ? files.error() : branch.error()).toString());
            return false;
        }
        Q_EMIT statusReady(files.value(), branch.value());
        const Result<QString> identity = repo->identity();
        Q_EMIT identityReady(identity ? identity.value() : QString(),
                             identity ? QString() : identity.error().message);
        return true;
    });
}

void GitWorker::diff(const QString &repoDir, const QString &path) {
    enqueue(QStringLiteral("diff"), [=, this](const GitOperationOptions &) {
        Result<GitRepository> repo = GitRepository::open(repoDir);
        if (!repo) {
            Q_EMIT failed(QStringLiteral("diff"), repo.error().toString());
            return false;
        }
        const Result<QString> text = repo->diff(path);
        if (!text) {
            Q_EMIT failed(QStringLiteral("diff"), text.error().toString());
            return false;
        }
        Q_EMIT diffReady(path, text.value());
        return true;
    });
}

void GitWorker::commit(const QString &repoDir, const QString &message, const QStringList &paths,
                       bool pushAfter, const QString &remote) {
    const QString operation =
        pushAfter ? QStringLiteral("commit and push") : QStringLiteral("commit");
    enqueue(operation, [=, this](const GitOperationOptions &options) {
        Result<GitRepository> repo = GitRepository::open(repoDir);
        if (!repo) {
            Q_EMIT failed(QStringLiteral("commit"), repo.error().toString());
            return false;
        }
        const Result<CommitInfo> info = repo->commit(message, paths, options);
        if (!info) {
            Q_EMIT failed(QStringLiteral("commit"), info.error().toString());
            return false;
        }
        Q_EMIT committed(info.value());
        if (!pushAfter)
            return true;
        const Result<PushResult> pushed = repo->push(remote, options);
        if (!pushed) {
            Q_EMIT failed(QStringLiteral("push"), pushed.error().toString());
            return false;
        }
        Q_EMIT this->pushed(pushed.value());
        return true;
    });
}

void GitWorker::push(const QString &repoDir, const QString &remote) {
    enqueue(QStringLiteral("push"), [=, this](const GitOperationOptions &options) {
        Result<GitRepository> repo = GitRepository::open(repoDir);
        if (!repo) {
            Q_EMIT failed(QStringLiteral("push"), repo.error().toString());
            return false;
        }
        const Result<PushResult> result = repo->push(remote, options);
        if (!result) {
            Q_EMIT failed(QStringLiteral("push"), result.error().toString());
            return false;
        }
        Q_EMIT pushed(result.value());
        return true;
    });
}

void GitWorker::fetch(const QString &repoDir, const QString &remote) {
    enqueue(QStringLiteral("fetch"), [=, this](const GitOperationOptions &options) {
        Result<GitRepository> repo = GitRepository::open(repoDir);
        if (!repo) {
            Q_EMIT failed(QStringLiteral("fetch"), repo.error().toString());
            return false;
        }
        const Status result = repo->fetch(remote, options);
        if (!result) {
            Q_EMIT failed(QStringLiteral("fetch"), result.error().toString());
            return false;
        }
        Q_EMIT fetched(remote.isEmpty() ? repo->defaultRemote() : remote);
        return true;
    });
}

} // namespace wavesmith
