#include "branchstatuslabel.h"

#include <wavesmith/gitworker.h>

namespace wavesmith {

BranchStatusLabel::BranchStatusLabel(QWidget *parent)
    : QLabel(parent) {
    setObjectName(QStringLiteral("branchStatusLabel"));
    setTextFormat(Qt::PlainText);
    m_worker = new GitWorker(this);
    connect(m_worker, &GitWorker::statusReady, this,
            [this](const QList<GitFileStatus> &, const GitBranchStatus &status) {
                // A newer refresh is queued (e.g. another repository was set): this one is stale.
                if (!m_refreshAgain)
                    setBranchStatus(status);
            });
    connect(m_worker, &GitWorker::failed, this, [this](const QString &, const QString &message) {
        if (m_refreshAgain)
            return;
        m_status = {};
        setText(QString());
        setToolTip(message);
        Q_EMIT statusUnavailable(message);
    });
    connect(m_worker, &GitWorker::finished, this, [this] {
        m_refreshQueued = false;
        if (std::exchange(m_refreshAgain, false))
            refresh();
    });
}

BranchStatusLabel::~BranchStatusLabel() = default;

void BranchStatusLabel::setRepository(const QString &dir) {
    m_dir = dir;
    m_status = {};
    m_refreshAgain = m_refreshQueued;
    setText(QString());
    refresh();
}

void BranchStatusLabel::refresh() {
    // One refresh in flight, plus at most one after it: a burst of writes does not queue a
    // status per write, and the last write is always seen.
    if (m_dir.isEmpty())
        return;
    if (m_refreshQueued) {
        m_refreshAgain = true;
        return;
    }
    m_refreshQueued = true;
    m_worker->refresh(m_dir);
}

QString BranchStatusLabel::describe(const GitBranchStatus &status) {
    QString text = status.detached ? QStringLiteral("detached at %1").arg(status.headId.left(7))
                                   : QStringLiteral("⎇ %1").arg(status.branch);
    if (!status.upstream.isEmpty())
        text += QStringLiteral(" ↑%1 ↓%2").arg(status.ahead).arg(status.behind);
    if (status.dirty)
        text += QStringLiteral(" ●");
    return text;
}

void BranchStatusLabel::setBranchStatus(const GitBranchStatus &status) {
    m_status = status;
    setText(describe(status));
    QStringList tip;
    if (status.detached)
        tip << QStringLiteral("HEAD is detached: commit and push are disabled until you "
                              "switch to a branch.");
    else if (status.unborn)
        tip << QStringLiteral("Branch %1 has no commits yet.").arg(status.branch);
    else
        tip << QStringLiteral("On branch %1.").arg(status.branch);
    if (status.upstream.isEmpty())
        tip << QStringLiteral("No upstream yet; the first push sets it.");
    else
        tip << QStringLiteral("%1 ahead, %2 behind %3.")
                   .arg(status.ahead)
                   .arg(status.behind)
                   .arg(status.upstream);
    tip << (status.dirty
                ? QStringLiteral("%1 changed files not committed.").arg(status.changedFiles)
                : QStringLiteral("No uncommitted changes."));
    setToolTip(tip.join(QLatin1Char('\n')));
    Q_EMIT branchStatusChanged(status);
}

} // namespace wavesmith
