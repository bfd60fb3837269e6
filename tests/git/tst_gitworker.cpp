// GitWorker: git work off the calling thread, results and progress as signals, credentials
// asked through credentialRequested (right, wrong, cancelled), against a bare repository and
// the loopback smart-HTTP server with basic auth.

#include "gittestsupport.h"

#include <wavesmith/gitworker.h>

#include <git2.h>

#include <QSignalSpy>
#include <QtTest>

using namespace wavesmith;
using gittest::git;
using gittest::writeFile;

class TestGitWorker : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void commitAndPushOffThread();
    void refreshReportsStatus();
    void failureIsReported();
    void credentialsThroughCallback();
    void wrongCredentialsThroughCallback();
    void cancelWhileAskingForCredentials();

private:
    QString newRepo();
    // A bare repository served over HTTP with basic auth alice / s3cret-Pass; empty on skip.
    QString startServer(gittest::HttpServer &server, QTemporaryDir &root);

    QTemporaryDir m_home;
    QTemporaryDir m_work;
    int m_count = 0;
};

void TestGitWorker::initTestCase() {
    if (!gittest::haveGit())
        QSKIP("git is not installed; these tests build their fixtures with the git CLI");
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

void TestGitWorker::cleanupTestCase() {
    git_libgit2_shutdown();
}

QString TestGitWorker::newRepo() {
    const QString path = m_work.path() + QStringLiteral("/repo%1").arg(++m_count);
    return gittest::makeRepo(path, m_home.path()) ? path : QString();
}

QString TestGitWorker::startServer(gittest::HttpServer &server, QTemporaryDir &root) {
    git(QString(),
        {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("--bare"),
         QStringLiteral("-b"), QStringLiteral("main"), root.path() + QStringLiteral("/r.git")},
        m_home.path());
    const QString problem =
        server.start(root.path(), QStringLiteral("alice"), QStringLiteral("s3cret-Pass"));
    if (!problem.isEmpty())
        return problem;
    return {};
}

void TestGitWorker::commitAndPushOffThread() {
    const QString dir = newRepo();
    const QString bare = m_work.path() + QStringLiteral("/worker.git");
    git(QString(),
        {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("--bare"),
         QStringLiteral("-b"), QStringLiteral("main"), bare},
        m_home.path());
    git(dir, {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), bare},
        m_home.path());
    writeFile(dir + QStringLiteral("/a.yaml"), "a\n");
    writeFile(dir + QStringLiteral("/b.yaml"), "b\n");

    GitWorker worker;
    QThread *committedOn = nullptr;
    connect(&worker, &GitWorker::committed, &worker,
            [&](const CommitInfo &) { committedOn = QThread::currentThread(); });
    QSignalSpy committed(&worker, &GitWorker::committed);
    QSignalSpy pushed(&worker, &GitWorker::pushed);
    QSignalSpy failed(&worker, &GitWorker::failed);
    QSignalSpy finished(&worker, &GitWorker::finished);
    worker.commit(dir, QStringLiteral("Add a"), {QStringLiteral("a.yaml")}, /*pushAfter=*/true);
    QVERIFY(worker.isBusy());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(1).toString()));
    QCOMPARE(finished.first().at(1).toBool(), true);
    QCOMPARE(committed.size(), 1);
    QCOMPARE(pushed.size(), 1);
    QTRY_COMPARE(committedOn, QThread::currentThread()); // queued, unlike the spies
    const auto info = committed.first().first().value<CommitInfo>();
    QCOMPARE(info.id, gittest::headId(dir, m_home.path()));
    QCOMPARE(gittest::headId(bare, m_home.path(), QStringLiteral("main")), info.id);
    QCOMPARE(pushed.first().first().value<PushResult>().upstream, QStringLiteral("origin/main"));
    QVERIFY(!worker.isBusy());
}

void TestGitWorker::refreshReportsStatus() {
    const QString dir = newRepo();
    writeFile(dir + QStringLiteral("/new.yaml"), "n\n");
    GitWorker worker;
    QSignalSpy ready(&worker, &GitWorker::statusReady);
    worker.refresh(dir);
    QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty(), 30000);
    const auto files = ready.first().at(0).value<QList<GitFileStatus>>();
    const auto branch = ready.first().at(1).value<GitBranchStatus>();
    QCOMPARE(files.size(), 1);
    QCOMPARE(files.first().path, QStringLiteral("new.yaml"));
    QVERIFY(files.first().isUntracked());
    QCOMPARE(branch.branch, QStringLiteral("main"));
    QVERIFY(branch.dirty);
}

void TestGitWorker::failureIsReported() {
    GitWorker worker;
    QSignalSpy failed(&worker, &GitWorker::failed);
    QSignalSpy finished(&worker, &GitWorker::finished);
    worker.commit(m_work.path() + QStringLiteral("/missing"), QStringLiteral("x"), {});
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    QCOMPARE(finished.first().at(1).toBool(), false);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.first().at(0).toString(), QStringLiteral("commit"));
    QVERIFY(failed.first().at(1).toString().contains(QStringLiteral("not a folder")));
}

void TestGitWorker::credentialsThroughCallback() {
    QTemporaryDir root;
    gittest::HttpServer server;
    const QString problem = startServer(server, root);
    if (problem.contains(QStringLiteral("not installed")))
        QSKIP(qPrintable(problem));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    const QString dir = newRepo();
    for (int i = 0; i < 50; ++i)
        writeFile(dir + QStringLiteral("/apps/app%1.yaml").arg(i),
                  QByteArray("kind: Application\nname: app") + QByteArray::number(i) + '\n');
    git(dir,
        {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"),
         server.url(QStringLiteral("r.git"))},
        m_home.path());

    GitWorker worker;
    worker.setUseGitCredentialHelper(false);
    QList<GitCredentialRequest> requests;
    connect(&worker, &GitWorker::credentialRequested, &worker,
            [&](const GitCredentialRequest &request) {
                requests.append(request);
                worker.provideCredential(
                    GitCredential{QStringLiteral("alice"), QStringLiteral("s3cret-Pass")});
            });
    QList<GitProgress> progress;
    connect(&worker, &GitWorker::progressChanged, &worker,
            [&](const GitProgress &p) { progress.append(p); });
    QSignalSpy failed(&worker, &GitWorker::failed);
    QSignalSpy finished(&worker, &GitWorker::finished);
    worker.commit(dir, QStringLiteral("apps"), {}, /*pushAfter=*/true);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(1).toString()));
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().kind, GitCredentialRequest::Kind::UserPassword);
    QVERIFY(requests.first().url.startsWith(QStringLiteral("http://127.0.0.1:")));
    QCOMPARE(gittest::headId(root.path() + QStringLiteral("/r.git"), m_home.path(),
                             QStringLiteral("main")),
             gittest::headId(dir, m_home.path()));
    // Staging, then the transfer: objects counted and bytes sent.
    // QSignalSpy counts `finished` at once in the worker thread; the queued progress may lag.
    QTRY_VERIFY(!progress.isEmpty() && progress.last().stage == GitProgress::Stage::Done);
    bool sawSending = false;
    for (const GitProgress &p : std::as_const(progress)) {
        if (p.stage == GitProgress::Stage::Sending && p.total > 0 && p.bytes > 0)
            sawSending = true;
    }
    QVERIFY(sawSending);
}

void TestGitWorker::wrongCredentialsThroughCallback() {
    QTemporaryDir root;
    gittest::HttpServer server;
    const QString problem = startServer(server, root);
    if (problem.contains(QStringLiteral("not installed")))
        QSKIP(qPrintable(problem));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QString dir = newRepo();
    git(dir,
        {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"),
         server.url(QStringLiteral("r.git"))},
        m_home.path());

    GitWorker worker;
    worker.setUseGitCredentialHelper(false);
    int asked = 0;
    connect(&worker, &GitWorker::credentialRequested, &worker,
            [&](const GitCredentialRequest &request) {
                ++asked;
                QCOMPARE(request.attempt, asked);
                worker.provideCredential(GitCredential{
                    QStringLiteral("alice"), QStringLiteral("Wrong-Guess-%1").arg(asked)});
            });
    QSignalSpy failed(&worker, &GitWorker::failed);
    QSignalSpy finished(&worker, &GitWorker::finished);
    worker.push(dir);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QCOMPARE(asked, 3); // three chances, then a clear error
    QCOMPARE(failed.size(), 1);
    const QString message = failed.first().at(1).toString();
    QVERIFY2(message.contains(QStringLiteral("authentication")) &&
                 message.contains(QStringLiteral("rejected the credentials")),
             qPrintable(message));
    QVERIFY2(!message.contains(QStringLiteral("Wrong-Guess")), qPrintable(message));
}

void TestGitWorker::cancelWhileAskingForCredentials() {
    QTemporaryDir root;
    gittest::HttpServer server;
    const QString problem = startServer(server, root);
    if (problem.contains(QStringLiteral("not installed")))
        QSKIP(qPrintable(problem));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QString dir = newRepo();
    git(dir,
        {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"),
         server.url(QStringLiteral("r.git"))},
        m_home.path());

    GitWorker worker;
    worker.setUseGitCredentialHelper(false);
    // The user closes the dialog instead of answering.
    connect(&worker, &GitWorker::credentialRequested, &worker,
            [&](const GitCredentialRequest &) { worker.cancel(); });
    QSignalSpy failed(&worker, &GitWorker::failed);
    QSignalSpy finished(&worker, &GitWorker::finished);
    worker.push(dir);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QCOMPARE(finished.first().at(1).toBool(), false);
    QVERIFY2(failed.first().at(1).toString().contains(QStringLiteral("cancelled")),
             qPrintable(failed.first().at(1).toString()));
}

QTEST_GUILESS_MAIN(TestGitWorker)
#include "tst_gitworker.moc"
