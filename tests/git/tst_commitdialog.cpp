// The commit dialog and the branch status label against real repositories: which files are
// pre-checked, the diff view, the summary hint, committing the checked files only, a
// rejected push shown as such, a detached HEAD and a missing identity disabling commit.

#include "gittestsupport.h"

#include <dialogs/commitdialog.h>
#include <dialogs/changedfilesmodel.h>
#include <dialogs/branchstatuslabel.h>

#include <wavesmith/gitworker.h>

#include <git2.h>

// QScintilla's headers use the `signals` and `slots` keywords that QT_NO_KEYWORDS turns off.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#include <Qsci/qsciscintilla.h>
#undef signals
#undef slots

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

using namespace wavesmith;
using gittest::git;
using gittest::writeFile;

class TestCommitDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void preCheckedAndCommit();
    void summaryHint();
    void rejectedPushShown();
    void detachedHeadDisablesCommit();
    void missingIdentityShown();
    void branchStatusLabel();
    void describe();

private:
    QString newRepo(bool withIdentity = true);
    // Waits until the dialog has loaded status and identity.
    bool load(CommitDialog &dialog);

    QTemporaryDir m_home;
    QTemporaryDir m_work;
    int m_count = 0;
};

void TestCommitDialog::initTestCase() {
    if (!gittest::haveGit())
        QSKIP("git is not installed; these tests build their fixtures with the git CLI");
    git_libgit2_init();
    const QByteArray empty = QFile::encodeName(m_home.path());
    for (int level : {GIT_CONFIG_LEVEL_GLOBAL, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_SYSTEM,
                      GIT_CONFIG_LEVEL_PROGRAMDATA})
        QCOMPARE(git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, empty.constData()), 0);
    qputenv("HOME", empty);
    qputenv("XDG_CONFIG_HOME", empty + "/.config");
}

void TestCommitDialog::cleanupTestCase() {
    git_libgit2_shutdown();
}

QString TestCommitDialog::newRepo(bool withIdentity) {
    const QString path = m_work.path() + QStringLiteral("/repo%1").arg(++m_count);
    return gittest::makeRepo(path, m_home.path(), withIdentity) ? path : QString();
}

bool TestCommitDialog::load(CommitDialog &dialog) {
    QSignalSpy refreshed(&dialog, &CommitDialog::refreshed);
    dialog.refresh();
    return QTest::qWaitFor([&] { return !refreshed.isEmpty(); }, 30000);
}

void TestCommitDialog::preCheckedAndCommit() {
    const QString dir = newRepo();
    writeFile(dir + QStringLiteral("/README.md"), "# edited by the user\n");
    writeFile(dir + QStringLiteral("/apps/cert-manager.yaml"), "wave: 3\n");
    writeFile(dir + QStringLiteral("/apps/kyverno.yaml"), "wave: 4\n");
    writeFile(dir + QStringLiteral("/notes.txt"), "user's notes\n");

    CommitDialog dialog(dir);
    QAbstractItemModelTester tester(dialog.filesModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    dialog.setWavesmithChangedPaths(
        {QStringLiteral("apps/cert-manager.yaml"), dir + QStringLiteral("/apps/kyverno.yaml")});
    QVERIFY(load(dialog));

    ChangedFilesModel *model = dialog.filesModel();
    QCOMPARE(model->fileCount(), 4);
    QStringList checked = dialog.checkedPaths();
    checked.sort();
    QCOMPARE(checked, (QStringList{QStringLiteral("apps/cert-manager.yaml"),
                                   QStringLiteral("apps/kyverno.yaml")}));
    for (int row = 0; row < model->fileCount(); ++row) {
        const QModelIndex status = model->index(row, ChangedFilesModel::StatusColumn);
        const QModelIndex path = model->index(row, ChangedFilesModel::PathColumn);
        if (model->file(row).path == QLatin1String("README.md")) {
            QCOMPARE(status.data().toString(), QStringLiteral("M"));
            QCOMPARE(path.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
            QVERIFY(path.data(Qt::ToolTipRole)
                        .toString()
                        .contains(QStringLiteral("changed outside Wavesmith")));
        }
        if (model->file(row).path == QLatin1String("apps/kyverno.yaml"))
            QCOMPARE(status.data().toString(), QStringLiteral("A"));
    }

    // The diff view follows the current file, highlighted as a diff.
    auto *diffView = dialog.findChild<QsciScintilla *>(QStringLiteral("diffView"));
    QVERIFY(diffView);
    QVERIFY(diffView->lexer());
    QTRY_VERIFY_WITH_TIMEOUT(diffView->text().contains(QStringLiteral("+++ b/")), 30000);

    auto *author = dialog.findChild<QLabel *>(QStringLiteral("authorLabel"));
    QCOMPARE(author->text(), QStringLiteral("Author: Repo User <repo@example.com>"));

    // The user unchecks one of ours and checks notes.txt.
    for (int row = 0; row < model->fileCount(); ++row) {
        const QModelIndex path = model->index(row, ChangedFilesModel::PathColumn);
        if (model->file(row).path == QLatin1String("apps/kyverno.yaml"))
            QVERIFY(model->setData(path, Qt::Unchecked, Qt::CheckStateRole));
        if (model->file(row).path == QLatin1String("notes.txt"))
            QVERIFY(model->setData(path, Qt::Checked, Qt::CheckStateRole));
    }
    auto *commitButton = dialog.findChild<QPushButton *>(QStringLiteral("commitButton"));
    QVERIFY(!commitButton->isEnabled()); // no message yet
    dialog.setMessage(QStringLiteral("Move cert-manager to wave 3"));
    QVERIFY(commitButton->isEnabled());

    QSignalSpy committed(&dialog, &CommitDialog::committed);
    QSignalSpy finished(&dialog, &QDialog::finished);
    QTest::mouseClick(commitButton, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(committed.size(), 1);
    QCOMPARE(git(dir,
                 {QStringLiteral("show"), QStringLiteral("--name-only"),
                  QStringLiteral("--format=%s"), QStringLiteral("HEAD")},
                 m_home.path())
                 .out.trimmed(),
             QStringLiteral("Move cert-manager to wave 3\n\napps/cert-manager.yaml\nnotes.txt"));
    QCOMPARE(git(dir, {QStringLiteral("status"), QStringLiteral("--short")}, m_home.path()).out,
             QStringLiteral(" M README.md\n?? apps/kyverno.yaml\n"));
}

void TestCommitDialog::summaryHint() {
    const QString dir = newRepo();
    CommitDialog dialog(dir);
    auto *hint = dialog.findChild<QLabel *>(QStringLiteral("summaryHint"));
    dialog.setMessage(QStringLiteral("Short"));
    QCOMPARE(hint->text(), QStringLiteral("Summary: 5/50"));
    dialog.setMessage(QString(60, QLatin1Char('x')));
    QVERIFY2(hint->text().contains(QStringLiteral("a bit long")), qPrintable(hint->text()));
    dialog.setMessage(QString(80, QLatin1Char('x')));
    QVERIFY(hint->text().contains(QStringLiteral("too long")));
    dialog.setMessage(QStringLiteral("Summary\nbody right away"));
    QVERIFY(hint->text().contains(QStringLiteral("second line empty")));
}

void TestCommitDialog::rejectedPushShown() {
    const QString dir = newRepo();
    const QString bare = m_work.path() + QStringLiteral("/dialog.git");
    const QString home = m_home.path();
    git(QString(),
        {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("--bare"),
         QStringLiteral("-b"), QStringLiteral("main"), bare},
        home);
    git(dir, {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), bare},
        home);
    git(dir,
        {QStringLiteral("push"), QStringLiteral("-qu"), QStringLiteral("origin"),
         QStringLiteral("main")},
        home);
    const QString clone = m_work.path() + QStringLiteral("/dialog-clone");
    git(QString(), {QStringLiteral("clone"), QStringLiteral("-q"), bare, clone}, home);
    writeFile(clone + QStringLiteral("/theirs"), "t\n");
    git(clone, {QStringLiteral("add"), QStringLiteral("-A")}, home);
    git(clone, {QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("theirs")}, home);
    QCOMPARE(git(clone, {QStringLiteral("push"), QStringLiteral("-q")}, home).exitCode, 0);

    writeFile(dir + QStringLiteral("/apps/a.yaml"), "a\n");
    CommitDialog dialog(dir);
    dialog.setWavesmithChangedPaths({QStringLiteral("apps/a.yaml")});
    QVERIFY(load(dialog));
    dialog.setMessage(QStringLiteral("Add a"));
    QSignalSpy committed(&dialog, &CommitDialog::committed);
    QSignalSpy finishedOp(dialog.worker(), &GitWorker::finished);
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("commitPushButton")),
                      Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.errorText().isEmpty(), 30000);
    QCOMPARE(committed.size(), 1);
    QVERIFY2(dialog.errorText().contains(QStringLiteral("commit was made, but the push failed")) &&
                 dialog.errorText().contains(QStringLiteral("non-fast-forward")),
             qPrintable(dialog.errorText()));
    QVERIFY(dialog.isVisible() || dialog.result() != QDialog::Accepted);
    QCOMPARE(gittest::headId(dir, home), committed.first().first().value<CommitInfo>().id);
}

void TestCommitDialog::detachedHeadDisablesCommit() {
    const QString dir = newRepo();
    git(dir, {QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("--detach")},
        m_home.path());
    writeFile(dir + QStringLiteral("/a.yaml"), "a\n");
    CommitDialog dialog(dir);
    dialog.setWavesmithChangedPaths({QStringLiteral("a.yaml")});
    QVERIFY(load(dialog));
    dialog.setMessage(QStringLiteral("x"));
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("commitButton"))->isEnabled());
    QVERIFY2(dialog.errorText().contains(QStringLiteral("HEAD is detached")),
             qPrintable(dialog.errorText()));
}

void TestCommitDialog::missingIdentityShown() {
    const QString dir = newRepo(/*withIdentity=*/false);
    writeFile(dir + QStringLiteral("/a.yaml"), "a\n");
    CommitDialog dialog(dir);
    dialog.setWavesmithChangedPaths({QStringLiteral("a.yaml")});
    QVERIFY(load(dialog));
    dialog.setMessage(QStringLiteral("x"));
    auto *author = dialog.findChild<QLabel *>(QStringLiteral("authorLabel"));
    QVERIFY2(author->text().contains(QStringLiteral("git config --global user.name")),
             qPrintable(author->text()));
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("commitButton"))->isEnabled());
}

void TestCommitDialog::branchStatusLabel() {
    const QString dir = newRepo();
    BranchStatusLabel label;
    QSignalSpy changed(&label, &BranchStatusLabel::branchStatusChanged);
    label.setRepository(dir);
    QVERIFY(changed.wait(30000));
    QCOMPARE(label.text(), QStringLiteral("⎇ main"));
    writeFile(dir + QStringLiteral("/x"), "x\n");
    label.refresh();
    QVERIFY(changed.wait(30000));
    QCOMPARE(label.text(), QStringLiteral("⎇ main ●"));
    QVERIFY(label.branchStatus().dirty);
}

void TestCommitDialog::describe() {
    GitBranchStatus status;
    status.branch = QStringLiteral("main");
    status.upstream = QStringLiteral("origin/main");
    status.ahead = 2;
    status.behind = 1;
    QCOMPARE(BranchStatusLabel::describe(status), QStringLiteral("⎇ main ↑2 ↓1"));
    status.detached = true;
    status.headId = QStringLiteral("0123456789abcdef");
    status.dirty = true;
    QCOMPARE(BranchStatusLabel::describe(status), QStringLiteral("detached at 0123456 ↑2 ↓1 ●"));
}

QTEST_MAIN(TestCommitDialog)
#include "tst_commitdialog.moc"
