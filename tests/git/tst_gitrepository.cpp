// GitRepository against real repositories in temporary folders: status kinds, diffs,
// stage/unstage, commits of selected files, identity, detached HEAD, push to a bare
// repository, non-fast-forward rejection, ahead/behind and secret redaction.

#include "gittestsupport.h"

#include <wavesmith/gitrepository.h>

#include <git2.h>

#include <QtTest>

using namespace wavesmith;
using gittest::git;
using gittest::writeFile;

class TestGitRepository : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void openErrors();
    void statusKinds();
    void conflictedStatus();
    void diffPerFile();
    void stageAndUnstage();
    void commitSelectedFilesOnly();
    void commitSelectedFolder();
    void commitAllRespectsGitignore();
    void commitNothingToCommit();
    void commitWithoutIdentityFails();
    void detachedHeadRefused();
    void pushToBareAndAheadBehind();
    void nonFastForwardRejected();
    void missingRemote();
    void cancelledCommit();
    void redaction_data();
    void redaction();

private:
    QString newRepo(bool withIdentity = true);
    QString newBare();

    QTemporaryDir m_home; // empty: no global identity
    QList<QTemporaryDir *> m_dirs;
};

void TestGitRepository::initTestCase() {
    if (!gittest::haveGit())
        QSKIP("git is not installed; these tests build their fixtures with the git CLI");
    QVERIFY(m_home.isValid());
    // Keep libgit2 initialised for the whole run so the search paths below stay in force,
    // and point global, XDG and system config at an empty folder.
    git_libgit2_init();
    const QByteArray empty = QFile::encodeName(m_home.path());
    for (int level : {GIT_CONFIG_LEVEL_GLOBAL, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_SYSTEM,
                      GIT_CONFIG_LEVEL_PROGRAMDATA})
        QCOMPARE(git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, empty.constData()), 0);
    qputenv("HOME", empty);
    qputenv("XDG_CONFIG_HOME", empty + "/.config");
    for (const char *name : {"SSH_AUTH_SOCK", "WAVESMITH_GIT_TOKEN", "GIT_TOKEN",
                             "WAVESMITH_GIT_USERNAME", "WAVESMITH_GIT_PASSWORD"})
        qunsetenv(name);
}

void TestGitRepository::cleanupTestCase() {
    qDeleteAll(m_dirs);
    git_libgit2_shutdown();
}

QString TestGitRepository::newRepo(bool withIdentity) {
    auto *dir = new QTemporaryDir;
    m_dirs.append(dir);
    const QString path = dir->path() + QStringLiteral("/repo");
    if (!gittest::makeRepo(path, m_home.path(), withIdentity))
        return {};
    return path;
}

QString TestGitRepository::newBare() {
    auto *dir = new QTemporaryDir;
    m_dirs.append(dir);
    const QString path = dir->path() + QStringLiteral("/remote.git");
    git(QString(),
        {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("--bare"),
         QStringLiteral("-b"), QStringLiteral("main"), path},
        m_home.path());
    return path;
}

void TestGitRepository::openErrors() {
    QTemporaryDir plain;
    const Result<GitRepository> notRepo = GitRepository::open(plain.path());
    QVERIFY(!notRepo);
    QVERIFY(notRepo.error().toString().contains(plain.path()));
    QVERIFY(notRepo.error().message.contains(QStringLiteral("not a git repository")));

    const Result<GitRepository> missing = GitRepository::open(plain.path() + QStringLiteral("/x"));
    QVERIFY(!missing);
    QVERIFY(missing.error().message.contains(QStringLiteral("not a folder")));

    const Result<GitRepository> created =
        GitRepository::init(plain.path() + QStringLiteral("/new"));
    QVERIFY2(created.ok(), qPrintable(created.error().toString()));
    const Result<GitBranchStatus> status = created->branchStatus();
    QVERIFY(status);
    QVERIFY(status->unborn);
    QCOMPARE(status->branch, QStringLiteral("main"));
    QVERIFY(!status->dirty);
}

void TestGitRepository::statusKinds() {
    const QString dir = newRepo();
    QVERIFY(!dir.isEmpty());
    writeFile(dir + QStringLiteral("/a.txt"), "a\n");
    writeFile(dir + QStringLiteral("/b.txt"), "b\n");
    git(dir, {QStringLiteral("add"), QStringLiteral("-A")}, m_home.path());
    git(dir, {QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("two")},
        m_home.path());
    writeFile(dir + QStringLiteral("/a.txt"), "a changed\n"); // unstaged
    writeFile(dir + QStringLiteral("/b.txt"), "b staged\n");  // staged
    git(dir, {QStringLiteral("add"), QStringLiteral("b.txt")}, m_home.path());
    writeFile(dir + QStringLiteral("/new/deep/c.txt"), "c\n"); // untracked
    git(dir, {QStringLiteral("mv"), QStringLiteral("README.md"), QStringLiteral("READ.md")},
        m_home.path()); // staged rename

    Result<GitRepository> repo = GitRepository::open(dir);
    QVERIFY2(repo.ok(), qPrintable(repo.error().toString()));
    const Result<QList<GitFileStatus>> status = repo->status();
    QVERIFY(status);
    QHash<QString, GitFileStatus> byPath;
    for (const GitFileStatus &file : status.value())
        byPath.insert(file.path, file);
    QCOMPARE(byPath.size(), 4);
    QCOMPARE(byPath[QStringLiteral("a.txt")].workTree, GitChange::Modified);
    QVERIFY(byPath[QStringLiteral("a.txt")].isUnstaged());
    QVERIFY(!byPath[QStringLiteral("a.txt")].isStaged());
    QCOMPARE(byPath[QStringLiteral("b.txt")].index, GitChange::Modified);
    QVERIFY(byPath[QStringLiteral("b.txt")].isStaged());
    QVERIFY(byPath[QStringLiteral("new/deep/c.txt")].isUntracked());
    QCOMPARE(byPath[QStringLiteral("new/deep/c.txt")].effectiveChange(), GitChange::Added);
    QCOMPARE(byPath[QStringLiteral("READ.md")].index, GitChange::Renamed);
    QCOMPARE(byPath[QStringLiteral("READ.md")].oldPath, QStringLiteral("README.md"));

    const Result<GitBranchStatus> branch = repo->branchStatus();
    QVERIFY(branch);
    QVERIFY(branch->dirty);
    QCOMPARE(branch->branch, QStringLiteral("main"));
    QVERIFY(!branch->detached);
    QVERIFY(branch->upstream.isEmpty());
}

void TestGitRepository::conflictedStatus() {
    const QString dir = newRepo();
    QVERIFY(!dir.isEmpty());
    const QString home = m_home.path();
    git(dir, {QStringLiteral("switch"), QStringLiteral("-qc"), QStringLiteral("side")}, home);
    writeFile(dir + QStringLiteral("/README.md"), "side\n");
    git(dir, {QStringLiteral("commit"), QStringLiteral("-qam"), QStringLiteral("side")}, home);
    git(dir, {QStringLiteral("switch"), QStringLiteral("-q"), QStringLiteral("main")}, home);
    writeFile(dir + QStringLiteral("/README.md"), "main\n");
    git(dir, {QStringLiteral("commit"), QStringLiteral("-qam"), QStringLiteral("main")}, home);
    QVERIFY(git(dir, {QStringLiteral("merge"), QStringLiteral("side")}, home).exitCode != 0);

    Result<GitRepository> repo = GitRepository::open(dir);
    QVERIFY(repo);
    const Result<QList<GitFileStatus>> status = repo->status();
    QVERIFY(status);
    QCOMPARE(status->size(), 1);
    QVERIFY(status->first().conflicted);
    const Result<CommitInfo> commit = repo->commit(QStringLiteral("try"));
    QVERIFY(!commit);
    QVERIFY2(commit.error().message.contains(QStringLiteral("merge is in progress")),
             qPrintable(commit.error().message));
}

void TestGitRepository::diffPerFile() {
    const QString dir = newRepo();
    QVERIFY(!dir.isEmpty());
    writeFile(dir + QStringLiteral("/README.md"), "# changed\n");
    writeFile(dir + QStringLiteral("/apps/new.yaml"), "kind: Application\n");
    Result<GitRepository> repo = GitRepository::open(dir);
    QVERIFY(repo);

    const Result<QString> modified = repo->diff(QStringLiteral("README.md"));
    QVERIFY(modified);
    QVERIFY2(modified->contains(QStringLiteral("-# test")), qPrintable(modified.value()));
    QVERIFY(modified->contains(QStringLiteral("+# changed")));
    QVERIFY(modified->contains(QStringLiteral("--- a/README.md")));
    QVERIFY(!modified->contains(QStringLiteral("new.yaml")));

    const Result<QString> added = repo->diff(QStringLiteral("apps/new.yaml"));
    QVERIFY(added);
    QVERIFY2(added->contains(QStringLiteral("+kind: Application")), qPrintable(added.value()));

    // Nothing staged yet; after staging, the change moves from Unstaged to Staged.
    QVERIFY(repo->diff(QStringLiteral("README.md"), GitRepository::DiffScope::Staged)->isEmpty());
    QVERIFY(repo->stage({QStringLiteral("README.md")}));
    QVERIFY(repo->diff(QStringLiteral("README.md"), GitRepository::DiffScope::Unstaged)->isEmpty());
    QVERIFY(repo->diff(QStringLiteral("README.md"), GitRepository::DiffScope::Staged)
                ->contains(QStringLiteral("+# changed")));
}

void TestGitRepository::stageAndUnstage() {
    const QString dir = newRepo();
    QVERIFY(!dir.isEmpty());
    writeFile(dir + QStringLiteral("/x.txt"), "x\n");
    QFile::remove(dir + QStringLiteral("/README.md"));
    Result<GitRepository> repo = GitRepository::open(dir);
    QVERIFY(repo);
    QVERIFY(repo->stage({QStringLiteral("x.txt"), QStringLiteral("README.md")}));
    QCOMPARE(
        git(dir,
            {QStringLiteral("diff"), QStringLiteral("--cached"), QStringLiteral("--name-status")},
            m_home.path())
            .out,
        QStringLiteral("D\tREADME.md\nA\tx.txt\n"));
    QVERIFY(repo->unstage({QStringLiteral("x.txt"), QStringLiteral("README.md")}));
    QCOMPARE(
        git(dir,
            {QStringLiteral("diff"), QStringLiteral("--cached"), QStringLiteral("--name-status")},
            m_home.path())
            .out,
        QString());
}

void TestGitRepository::commitSelectedFilesOnly() {
    const QString dir = newRepo();
    QVERIFY(!dir.isEmpty());
    const QString home = m_home.path();
    writeFile(dir + QStringLiteral("/a.txt"), "a\n");
    writeFile(dir + QStringLiteral("/b.txt"), "b\n");
    writeFile(dir + QStringLiteral("/gone.txt"), "gone\n");
    git(dir, {QStringLiteral("add"), QStringLiteral("-A")}, home);
    git(dir, {QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("files")}, home);

    writeFile(dir + QStringLiteral("/a.txt"), "a by wavesmith\n");
    writeFile(dir + QStringLiteral("/b.txt"), "b by the user, staged\n");
    git(dir, {QStringLiteral("add"), QStringLiteral("b.txt")}, home);
    writeFile(dir + QStringLiteral("/c.txt"), "c new\n");
    writeFile(dir + QStringLiteral("/user.txt"), "the user's untracked file\n");
    QFile::remove(dir + QStringLiteral("/gone.txt"));

    Result<GitRepository> repo = GitRepository::open(dir);
    QVERIFY(repo);
    const Result<CommitInfo> info = repo->commit(
        QStringLiteral("Move cert-manager to wave 3\n\nBody."),
        {QStringLiteral("a.txt"), QStringLiteral("c.txt"), QStringLiteral("gone.txt")});
    QVERIFY2(info.ok(), qPrintable(info.error().toString()));
    QCOMPARE(info->branch, QStringLiteral("main"));
    QCOMPARE(info->summary, QStringLiteral("Move cert-manager to wave 3"));
    QCOMPARE(info->author, QStringLiteral("Repo User <repo@example.com>"));
    QCOMPARE(info->id, gittest::headId(dir, home));

    QCOMPARE(git(dir,
                 {QStringLiteral("show"), QStringLiteral("--name-status"),
                  QStringLiteral("--format="), QStringLiteral("HEAD")},
                 home)
                 .out.trimmed(),
             QStringLiteral("M\ta.txt\nA\tc.txt\nD\tgone.txt"));
    QCOMPARE(git(dir, {QStringLiteral("show"), QStringLiteral("HEAD:a.txt")}, home).out,
             QStringLiteral("a by wavesmith\n"));
    QCOMPARE(
        git(dir, {QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%B")}, home)
            .out.trimmed(),
        QStringLiteral("Move cert-manager to wave 3\n\nBody."));
    // The user's staged change is still staged, untouched; the untracked file still untracked.
    QCOMPARE(git(dir, {QStringLiteral("status"), QStringLiteral("--short")}, home).out,
             QStringLiteral("M  b.txt\n?? user.txt\n"));
}

void TestGitRepository::commitSelectedFolder() {
    const QString dir = newRepo();
    QVERIFY(!dir.isEmpty());
    writeFile(dir + QStringLiteral("/apps/one.yaml"), "1\n");
    writeFile(dir + QStringLiteral("/apps/sub/two.yaml"), "2\n");
    writeFile(dir + QStringLiteral("/other.yaml"), "o\n");
    Result<GitRepository> repo = GitRepository::open(dir);
    QVERIFY(repo);
    const Result<CommitInfo> info = repo->commit(QStringLiteral("apps"), {QStringLiteral("apps")});
    QVERIFY2(info.ok(), qPrintable(info.error().toString()));
    QCOMPARE(git(dir, {QStringLiteral("status"), QStringLiteral("--short")}, m_home.path()).out,
             QStringLiteral("?? other.yaml\n"));
    const Result<CommitInfo> none =
        repo->commit(QStringLiteral("again"), {QStringLiteral("README.md")});
    QVERIFY(!none);
    QVERIFY2(none.error().message.contains(QStringLiteral("README.md")) &&
                 none.error().message.contains(QStringLiteral("no changes")),
             qPrintable(none.error().message));
}

void TestGitRepository::commitAllRespectsGitignore() {
    const QString dir = newRepo();
    QVERIFY(!dir.isEmpty());
    writeFile(dir + QStringLiteral("/.gitignore"), "*.secret\nbuild/\n");
    writeFile(dir + QStringLiteral("/token.secret"), "hidden\n");
    writeFile(dir + QStringLiteral("/build/out.o"), "binary\n");
    writeFile(dir + QStringLiteral("/apps/app.yaml"), "kind: Application\n");
    QFile::remove(dir + QStringLiteral("/README.md"));
    Result<GitRepository> repo = GitRepository::open(dir);
    QVERIFY(repo);
    const Result<CommitInfo> info = repo->commit(QStringLiteral("everything"));
    QVERIFY2(info.ok(), qPrintable(info.error().toString()));
    QCOMPARE(git(dir,
                 {QStringLiteral("show"), QStringLiteral("--name-status"),
                  QStringLiteral("--format="), QStringLiteral("HEAD")},
                 m_home.path())
                 .out.trimmed(),
             QStringLiteral("A\t.gitignore\nD\tREADME.md\nA\tapps/app.yaml"));
    QCOMPARE(git(dir, {QStringLiteral("status"), QStringLiteral("--short")}, m_home.path()).out,
             QString());
}

void TestGitRepository::commitNothingToCommit() {
    const QString dir = newRepo();
    QVERIFY(!dir.isEmpty());
    Result<GitRepository> repo = GitRepository::open(dir);
    QVERIFY(repo);
    const Result<CommitInfo> info = repo->commit(QStringLiteral("nothing"));
    QVERIFY(!info);
    QVERIFY(info.error().message.contains(QStringLiteral("nothing to commit")));
    const Result<CommitInfo> empty = repo->commit(QStringLiteral("  \n"));
    QVERIFY(!empty);
    QVERIFY(empty.error().message.contains(QStringLiteral("message is empty")));
}

void TestGitRepository::commitWithoutIdentityFails() {
    const QString dir = newRepo(/*withIdentity=*/false);
    QVERIFY(!dir.isEmpty());
    const QString before = gittest::headId(dir, m_home.path());
    writeFile(dir + QStringLiteral("/a.txt"), "a\n");
    Result<GitRepository> repo = GitRepository::open(dir);
    QVERIFY(repo);
    QVERIFY(!repo->identity());
    const Result<CommitInfo> info = repo->commit(QStringLiteral("no author"));
    QVERIFY(!info);
    const QString message = info.error().toString();
    QVERIFY2(message.contains(QStringLiteral("git config --global user.name")) &&
                 message.contains(QStringLiteral("git config --global user.email")) &&
                 message.contains(dir),
             qPrintable(message));
    QCOMPARE(gittest::headId(dir, m_home.path()), before);
}

void TestGitRepository::detachedHeadRefused() {
    const QString dir = newRepo();
    QVERIFY(!dir.isEmpty());
    git(dir, {QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("--detach")},
        m_home.path());
    writeFile(dir + QStringLiteral("/a.txt"), "a\n");
    Result<GitRepository> repo = GitRepository::open(dir);
    QVERIFY(repo);
    QVERIFY(repo->isHeadDetached());
    const Result<GitBranchStatus> status = repo->branchStatus();
    QVERIFY(status->detached);
    QVERIFY(status->branch.isEmpty());
    QVERIFY(!repo->currentBranch());

    const Result<CommitInfo> info = repo->commit(QStringLiteral("detached"));
    QVERIFY(!info);
    QVERIFY2(info.error().message.contains(QStringLiteral("HEAD is detached")) &&
                 info.error().message.contains(QStringLiteral("git switch -c")),
             qPrintable(info.error().message));
    const Result<PushResult> pushed = repo->push(QStringLiteral("origin"));
    QVERIFY(!pushed);
    QVERIFY(pushed.error().message.contains(QStringLiteral("cannot push: HEAD is detached")));
}

void TestGitRepository::pushToBareAndAheadBehind() {
    const QString dir = newRepo();
    const QString bare = newBare();
    QVERIFY(!dir.isEmpty());
    const QString home = m_home.path();
    Result<GitRepository> repo = GitRepository::open(dir);
    QVERIFY(repo);
    QVERIFY(repo->addRemote(QStringLiteral("origin"), bare));
    QCOMPARE(repo->defaultRemote(), QStringLiteral("origin"));

    QList<GitProgress> progress;
    GitOperationOptions options;
    options.progress = [&](const GitProgress &p) { progress.append(p); };
    const Result<PushResult> pushed = repo->push({}, options);
    QVERIFY2(pushed.ok(), qPrintable(pushed.error().toString()));
    QCOMPARE(pushed->upstream, QStringLiteral("origin/main"));
    QVERIFY(pushed->setUpstream);
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().stage, GitProgress::Stage::Done);
    QCOMPARE(gittest::headId(bare, home, QStringLiteral("main")), gittest::headId(dir, home));

    Result<GitBranchStatus> status = repo->branchStatus();
    QCOMPARE(status->upstream, QStringLiteral("origin/main"));
    QCOMPARE(status->ahead, 0);
    QCOMPARE(status->behind, 0);
    QVERIFY(!status->dirty);

    writeFile(dir + QStringLiteral("/a.txt"), "a\n");
    QVERIFY(repo->commit(QStringLiteral("local")));
    status = repo->branchStatus();
    QCOMPARE(status->ahead, 1);
    QVERIFY(repo->push());
    QCOMPARE(gittest::headId(bare, home, QStringLiteral("main")), gittest::headId(dir, home));

    // Someone else pushes; after a fetch we are one behind.
    QTemporaryDir other;
    const QString clone = other.path() + QStringLiteral("/clone");
    QCOMPARE(
        git(QString(), {QStringLiteral("clone"), QStringLiteral("-q"), bare, clone}, home).exitCode,
        0);
    writeFile(clone + QStringLiteral("/b.txt"), "b\n");
    git(clone, {QStringLiteral("add"), QStringLiteral("-A")}, home);
    git(clone, {QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("other")}, home);
    QCOMPARE(git(clone, {QStringLiteral("push"), QStringLiteral("-q")}, home).exitCode, 0);
    QVERIFY(repo->fetch());
    status = repo->branchStatus();
    QCOMPARE(status->ahead, 0);
    QCOMPARE(status->behind, 1);
}

void TestGitRepository::nonFastForwardRejected() {
    const QString dir = newRepo();
    const QString bare = newBare();
    QVERIFY(!dir.isEmpty());
    const QString home = m_home.path();
    Result<GitRepository> repo = GitRepository::open(dir);
    QVERIFY(repo->addRemote(QStringLiteral("origin"), bare));
    QVERIFY(repo->push());

    QTemporaryDir other;
    const QString clone = other.path() + QStringLiteral("/clone");
    git(QString(), {QStringLiteral("clone"), QStringLiteral("-q"), bare, clone}, home);
    writeFile(clone + QStringLiteral("/theirs.txt"), "theirs\n");
    git(clone, {QStringLiteral("add"), QStringLiteral("-A")}, home);
    git(clone, {QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("theirs")}, home);
    QCOMPARE(git(clone, {QStringLiteral("push"), QStringLiteral("-q")}, home).exitCode, 0);
    const QString remoteHead = gittest::headId(bare, home, QStringLiteral("main"));

    writeFile(dir + QStringLiteral("/mine.txt"), "mine\n");
    const Result<CommitInfo> mine = repo->commit(QStringLiteral("mine"));
    QVERIFY(mine);
    const Result<PushResult> pushed = repo->push();
    QVERIFY(!pushed);
    const QString message = pushed.error().message;
    QVERIFY2(message.contains(QStringLiteral("non-fast-forward")) &&
                 message.contains(QStringLiteral("rebase or merge")) &&
                 message.contains(QStringLiteral("Fetch")),
             qPrintable(message));
    QCOMPARE(gittest::headId(dir, home), mine->id);
    QCOMPARE(gittest::headId(bare, home, QStringLiteral("main")), remoteHead);
    QCOMPARE(gittest::readFile(dir + QStringLiteral("/mine.txt")), QByteArray("mine\n"));
}

void TestGitRepository::missingRemote() {
    const QString dir = newRepo();
    Result<GitRepository> repo = GitRepository::open(dir);
    const Result<PushResult> pushed = repo->push(QStringLiteral("nowhere"));
    QVERIFY(!pushed);
    QVERIFY(pushed.error().message.contains(QStringLiteral("no remote named \"nowhere\"")));
}

void TestGitRepository::cancelledCommit() {
    const QString dir = newRepo();
    for (int i = 0; i < 20; ++i)
        writeFile(dir + QStringLiteral("/f%1.txt").arg(i), "x\n");
    Result<GitRepository> repo = GitRepository::open(dir);
    const std::atomic<bool> cancel{true};
    GitOperationOptions options;
    options.cancel = &cancel;
    const QString before = gittest::headId(dir, m_home.path());
    const Result<CommitInfo> info = repo->commit(QStringLiteral("cancelled"), {}, options);
    QVERIFY(!info);
    QVERIFY2(info.error().message.contains(QStringLiteral("cancelled")),
             qPrintable(info.error().message));
    QCOMPARE(gittest::headId(dir, m_home.path()), before);
    // Nothing half-staged.
    QCOMPARE(
        git(dir,
            {QStringLiteral("diff"), QStringLiteral("--cached"), QStringLiteral("--name-only")},
            m_home.path())
            .out,
        QString());
}

void TestGitRepository::redaction_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("secrets");
    QTest::addColumn<QString>("expected");
    QTest::newRow("url user info")
        << QStringLiteral("push to https://bob:hunter22@example.com/r.git failed") << QStringList{}
        << QStringLiteral("push to https://bob:***@example.com/r.git failed");
    QTest::newRow("secret in text") << QStringLiteral("server said token ghp_abc123 is bad")
                                    << QStringList{QStringLiteral("ghp_abc123")}
                                    << QStringLiteral("server said token *** is bad");
    QTest::newRow("percent-encoded")
        << QStringLiteral("auth p%40ss%2Fword rejected") << QStringList{QStringLiteral("p@ss/word")}
        << QStringLiteral("auth *** rejected");
    QTest::newRow("no secrets") << QStringLiteral("ssh://git@host/x") << QStringList{}
                                << QStringLiteral("ssh://git@host/x");
}

void TestGitRepository::redaction() {
    QFETCH(QString, text);
    QFETCH(QStringList, secrets);
    QFETCH(QString, expected);
    QCOMPARE(redactSecrets(text, secrets), expected);
}

QTEST_GUILESS_MAIN(TestGitRepository)
#include "tst_gitrepository.moc"
