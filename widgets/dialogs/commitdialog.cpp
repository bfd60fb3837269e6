#include "commitdialog.h"
#include "changedfilesmodel.h"

#include <wavesmith/gitworker.h>

// QScintilla's headers use the `signals` and `slots` keywords that QT_NO_KEYWORDS turns off.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#include <Qsci/qscilexerdiff.h>
#include <Qsci/qsciscintilla.h>
#undef signals
#undef slots

#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace wavesmith {

CommitDialog::CommitDialog(const QString &repoDir, QWidget *parent)
    : QDialog(parent)
    , m_repoDir(repoDir) {
    setWindowTitle(QStringLiteral("Commit changes"));
    setObjectName(QStringLiteral("commitDialog"));
    resize(1000, 700);

    m_worker = new GitWorker(this);
    m_model = new ChangedFilesModel(this);

    // Files on the left, the diff of the current one on the right.
    m_fileView = new QTableView;
    m_fileView->setObjectName(QStringLiteral("fileView"));
    m_fileView->setModel(m_model);
    m_fileView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_fileView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_fileView->verticalHeader()->hide();
    m_fileView->horizontalHeader()->setSectionResizeMode(ChangedFilesModel::StatusColumn,
                                                         QHeaderView::ResizeToContents);
    m_fileView->horizontalHeader()->setStretchLastSection(true);
    m_fileView->setShowGrid(false);
    m_fileView->setWordWrap(false);

    m_selectAllButton = new QPushButton(QStringLiteral("Select all"));
    m_selectNoneButton = new QPushButton(QStringLiteral("Select none"));
    auto *selectRow = new QHBoxLayout;
    selectRow->addWidget(m_selectAllButton);
    selectRow->addWidget(m_selectNoneButton);
    selectRow->addStretch();
    auto *filesPane = new QWidget;
    auto *filesLayout = new QVBoxLayout(filesPane);
    filesLayout->setContentsMargins(0, 0, 0, 0);
    m_branchLabel = new QLabel;
    m_branchLabel->setObjectName(QStringLiteral("branchLabel"));
    filesLayout->addWidget(m_branchLabel);
    filesLayout->addWidget(m_fileView);
    filesLayout->addLayout(selectRow);

    m_diffView = new QsciScintilla;
    m_diffView->setObjectName(QStringLiteral("diffView"));
    auto *lexer = new QsciLexerDiff(m_diffView);
    lexer->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_diffView->setLexer(lexer);
    m_diffView->setReadOnly(true);
    m_diffView->setMarginWidth(1, 0);
    m_diffView->setWrapMode(QsciScintilla::WrapNone);

    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(filesPane);
    splitter->addWidget(m_diffView);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);

    // Message, author and the summary hint.
    m_messageEdit = new QPlainTextEdit;
    m_messageEdit->setObjectName(QStringLiteral("messageEdit"));
    m_messageEdit->setPlaceholderText(
        QStringLiteral("Summary line (50 characters or less)\n\nWhy the change was made."));
    m_messageEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_messageEdit->setMaximumHeight(140);
    m_summaryHint = new QLabel;
    m_summaryHint->setObjectName(QStringLiteral("summaryHint"));
    m_authorLabel = new QLabel;
    m_authorLabel->setObjectName(QStringLiteral("authorLabel"));
    m_authorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_authorLabel->setWordWrap(true);
    auto *hintRow = new QHBoxLayout;
    hintRow->addWidget(m_authorLabel, 1);
    hintRow->addWidget(m_summaryHint);

    m_progressBar = new QProgressBar;
    m_progressBar->setObjectName(QStringLiteral("progressBar"));
    m_progressBar->setVisible(false);
    m_progressLabel = new QLabel;
    m_progressLabel->setObjectName(QStringLiteral("progressLabel"));
    m_errorLabel = new QLabel;
    m_errorLabel->setObjectName(QStringLiteral("errorLabel"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextFormat(Qt::PlainText);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setStyleSheet(QStringLiteral("QLabel { color: #c01c28; }"));
    m_errorLabel->setVisible(false);

    auto *buttons = new QDialogButtonBox;
    m_commitButton = buttons->addButton(QStringLiteral("Commit"), QDialogButtonBox::AcceptRole);
    m_commitButton->setObjectName(QStringLiteral("commitButton"));
    m_commitPushButton =
        buttons->addButton(QStringLiteral("Commit && Push"), QDialogButtonBox::AcceptRole);
    m_commitPushButton->setObjectName(QStringLiteral("commitPushButton"));
    m_closeButton = buttons->addButton(QDialogButtonBox::Close);
    m_closeButton->setObjectName(QStringLiteral("closeButton"));
    m_commitButton->setDefault(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(new QLabel(QStringLiteral("Commit message:")));
    layout->addWidget(m_messageEdit);
    layout->addLayout(hintRow);
    layout->addWidget(m_errorLabel);
    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progressLabel, 1);
    progressRow->addWidget(m_progressBar, 1);
    layout->addLayout(progressRow);
    layout->addWidget(buttons);

    // Buttons: handled here, not through accept(), so the dialog stays open while working.
    connect(m_commitButton, &QPushButton::clicked, this, &CommitDialog::commit);
    connect(m_commitPushButton, &QPushButton::clicked, this, &CommitDialog::commitAndPush);
    connect(m_closeButton, &QPushButton::clicked, this, &CommitDialog::reject);
    connect(m_selectAllButton, &QPushButton::clicked, this,
            [this] { m_model->setAllChecked(true); });
    connect(m_selectNoneButton, &QPushButton::clicked, this,
            [this] { m_model->setAllChecked(false); });
    connect(m_messageEdit, &QPlainTextEdit::textChanged, this, [this] {
        updateSummaryHint();
        updateButtons();
    });
    connect(m_model, &ChangedFilesModel::checkedPathsChanged, this, &CommitDialog::updateButtons);
    connect(m_fileView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CommitDialog::showDiffOfCurrent);

    // The worker's answers.
    connect(m_worker, &GitWorker::statusReady, this,
            [this](const QList<GitFileStatus> &files, const GitBranchStatus &branch) {
                m_loaded = true;
                m_branch = branch;
                const QString previous = m_diffPath;
                m_model->setFiles(files, m_wavesmithChanged);
                int row = 0;
                for (int i = 0; i < m_model->fileCount(); ++i) {
                    if (m_model->file(i).path == previous)
                        row = i;
                }
                if (m_model->fileCount() > 0)
                    m_fileView->selectRow(row);
                else
                    m_diffView->setText(QStringLiteral("No changes to commit."));
                QString branchText =
                    branch.detached
                        ? QStringLiteral("HEAD detached at %1").arg(branch.headId.left(7))
                        : QStringLiteral("On branch %1").arg(branch.branch);
                if (!branch.upstream.isEmpty())
                    branchText += QStringLiteral(" (%1 ahead, %2 behind %3)")
                                      .arg(branch.ahead)
                                      .arg(branch.behind)
                                      .arg(branch.upstream);
                m_branchLabel->setText(branchText);
                if (branch.detached)
                    showError(QStringLiteral(
                        "HEAD is detached: you are not on a branch, so a commit would belong "
                        "to no branch. Create a branch with `git switch -c NAME` (or return "
                        "to one with `git switch NAME`), then refresh."));
                updateButtons();
                Q_EMIT branchStatusChanged(branch);
            });
    connect(m_worker, &GitWorker::identityReady, this,
            [this](const QString &identity, const QString &error) {
                m_identityKnown = !identity.isEmpty();
                m_authorLabel->setText(m_identityKnown ? QStringLiteral("Author: %1").arg(identity)
                                                       : QStringLiteral("Author: none. ") + error);
                m_authorLabel->setStyleSheet(m_identityKnown ? QString()
                                                             : QStringLiteral("color: #c01c28;"));
                updateButtons();
                Q_EMIT refreshed(); // identity comes last in a refresh
            });
    connect(
        m_worker, &GitWorker::diffReady, this, [this](const QString &path, const QString &diff) {
            if (path != m_diffPath)
                return; // an answer for a file that is no longer current
            m_diffView->setText(diff.isEmpty() ? QStringLiteral("(no textual difference)") : diff);
        });
    connect(m_worker, &GitWorker::progressChanged, this, [this](const GitProgress &progress) {
        m_progressLabel->setText(progress.message);
        if (progress.total > 0) {
            m_progressBar->setRange(0, 1000);
            m_progressBar->setValue(int(1000 * progress.current / qMax<qint64>(1, progress.total)));
        } else {
            m_progressBar->setRange(0, 0); // busy indicator
        }
    });
    connect(m_worker, &GitWorker::committed, this, [this](const CommitInfo &info) {
        m_progressLabel->setText(QStringLiteral("Committed %1 on %2: %3")
                                     .arg(info.id.left(7), info.branch, info.summary));
        Q_EMIT committed(info);
        if (!m_pushing)
            m_messageEdit->clear();
    });
    connect(m_worker, &GitWorker::pushed, this, [this](const PushResult &result) {
        m_progressLabel->setText(QStringLiteral("Pushed to %1").arg(result.upstream));
        m_messageEdit->clear();
        Q_EMIT pushed(result);
    });
    connect(
        m_worker, &GitWorker::failed, this,
        [this](const QString &operation, const QString &message) {
            if (operation == QLatin1String("diff")) {
                m_diffView->setText(message);
                return;
            }
            if (operation == QLatin1String("push"))
                showError(
                    QStringLiteral("The commit was made, but the push failed: %1").arg(message));
            else
                showError(message);
        });
    connect(m_worker, &GitWorker::finished, this, [this](const QString &operation, bool ok) {
        if (operation == QLatin1String("status") || operation == QLatin1String("diff"))
            return;
        setBusy(false);
        if (ok) {
            accept();
            return;
        }
        refresh(); // the commit may have happened even if the push failed
    });
    connect(m_worker, &GitWorker::credentialRequested, this, &CommitDialog::askCredential);

    updateSummaryHint();
    updateButtons();
}

CommitDialog::~CommitDialog() = default;

void CommitDialog::showEvent(QShowEvent *event) {
    QDialog::showEvent(event);
    if (!m_shownOnce) {
        m_shownOnce = true;
        if (!m_loaded)
            refresh();
        m_messageEdit->setFocus();
    }
}

QString CommitDialog::relativePath(const QString &path) const {
    if (!QDir::isAbsolutePath(path))
        return QDir::cleanPath(path);
    const QString root =
        m_workTree.isEmpty() ? QFileInfo(m_repoDir).absoluteFilePath() : m_workTree;
    return QDir(root).relativeFilePath(path);
}

void CommitDialog::setWavesmithChangedPaths(const QStringList &paths) {
    m_wavesmithChanged.clear();
    for (const QString &path : paths)
        m_wavesmithChanged.insert(relativePath(path));
    if (m_loaded)
        refresh();
}

void CommitDialog::setMessage(const QString &message) {
    m_messageEdit->setPlainText(message);
}

QString CommitDialog::message() const {
    return m_messageEdit->toPlainText();
}

QStringList CommitDialog::checkedPaths() const {
    return m_model->checkedPaths();
}

QString CommitDialog::errorText() const {
    return m_errorLabel->isVisible() || !m_errorLabel->text().isEmpty() ? m_errorLabel->text()
                                                                        : QString();
}

bool CommitDialog::isBusy() const {
    return m_worker->isBusy() && m_progressBar->isVisible();
}

void CommitDialog::refresh() {
    m_worker->refresh(m_repoDir);
}

void CommitDialog::commit() {
    startCommit(false);
}

void CommitDialog::commitAndPush() {
    startCommit(true);
}

void CommitDialog::startCommit(bool push) {
    const QStringList paths = m_model->checkedPaths();
    if (message().trimmed().isEmpty()) {
        showError(QStringLiteral("Write a commit message first."));
        return;
    }
    if (paths.isEmpty()) {
        showError(QStringLiteral("Check at least one file to commit."));
        return;
    }
    showError(QString());
    m_pushing = push;
    setBusy(true, push ? QStringLiteral("Committing and pushing…") : QStringLiteral("Committing…"));
    m_worker->commit(m_repoDir, message(), paths, push);
}

void CommitDialog::setBusy(bool busy, const QString &what) {
    m_progressBar->setVisible(busy);
    m_progressBar->setRange(0, 0);
    if (busy)
        m_progressLabel->setText(what);
    m_fileView->setEnabled(!busy);
    m_messageEdit->setReadOnly(busy);
    m_selectAllButton->setEnabled(!busy);
    m_selectNoneButton->setEnabled(!busy);
    m_closeButton->setText(busy ? QStringLiteral("Cancel") : QStringLiteral("Close"));
    updateButtons();
}

void CommitDialog::showError(const QString &message) {
    m_errorLabel->setText(message);
    m_errorLabel->setVisible(!message.isEmpty());
}

void CommitDialog::updateSummaryHint() {
    const QString summary = message().section(QLatin1Char('\n'), 0, 0);
    const int length = int(summary.size());
    QString hint = QStringLiteral("Summary: %1/%2").arg(length).arg(SummarySoftLimit);
    QString style;
    if (length > SummaryHardLimit) {
        hint += QStringLiteral(" — too long, keep it under %1").arg(SummaryHardLimit);
        style = QStringLiteral("color: #c01c28;");
    } else if (length > SummarySoftLimit) {
        hint += QStringLiteral(" — a bit long");
        style = QStringLiteral("color: #c64600;");
    }
    const QString second = message().section(QLatin1Char('\n'), 1, 1);
    if (!second.trimmed().isEmpty())
        hint += QStringLiteral(" — leave the second line empty");
    m_summaryHint->setText(hint);
    m_summaryHint->setStyleSheet(style);
}

void CommitDialog::updateButtons() {
    const bool busy = m_progressBar->isVisible();
    const bool ready = m_loaded && !busy && !m_branch.detached && m_identityKnown &&
                       m_model->checkedCount() > 0 && !message().trimmed().isEmpty();
    m_commitButton->setEnabled(ready);
    m_commitPushButton->setEnabled(ready);
}

void CommitDialog::showDiffOfCurrent() {
    const QModelIndex current = m_fileView->currentIndex();
    if (!current.isValid() || current.row() >= m_model->fileCount())
        return;
    m_diffPath = m_model->file(current.row()).path;
    m_worker->diff(m_repoDir, m_diffPath);
}

void CommitDialog::askCredential(const GitCredentialRequest &request) {
    bool ok = false;
    if (request.kind == GitCredentialRequest::Kind::SshKeyPassphrase) {
        const QString passphrase =
            QInputDialog::getText(this, QStringLiteral("SSH key passphrase"),
                                  QStringLiteral("Passphrase for %1:").arg(request.keyPath),
                                  QLineEdit::Password, QString(), &ok);
        m_worker->provideCredential(
            ok ? std::optional<GitCredential>(GitCredential{request.username, passphrase})
               : std::nullopt);
        return;
    }
    const QString prompt = request.attempt > 1
                               ? QStringLiteral("The server rejected that. User name for %1:")
                               : QStringLiteral("User name for %1:");
    const QString user =
        QInputDialog::getText(this, QStringLiteral("Sign in"), prompt.arg(request.url),
                              QLineEdit::Normal, request.username, &ok);
    if (!ok) {
        m_worker->provideCredential(std::nullopt);
        return;
    }
    const QString password = QInputDialog::getText(
        this, QStringLiteral("Sign in"),
        QStringLiteral("Password or token for %1 at %2:").arg(user, request.url),
        QLineEdit::Password, QString(), &ok);
    m_worker->provideCredential(ok ? std::optional<GitCredential>(GitCredential{user, password})
                                   : std::nullopt);
}

void CommitDialog::reject() {
    if (m_progressBar->isVisible()) {
        // Cancel first; the dialog stays open to show what happened, and closes next time.
        m_progressLabel->setText(QStringLiteral("Cancelling…"));
        m_worker->cancel();
        return;
    }
    QDialog::reject();
}

} // namespace wavesmith
