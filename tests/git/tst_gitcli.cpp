// `wavesmith commit` and `wavesmith push` as a user runs them: exit codes 0/1/2, messages,
// a hermetic child environment (no identity, no credentials unless the test gives them),
// pushes to a local bare repository and to a loopback smart-HTTP server with basic auth.

#include "gittestsupport.h"

#include <QtTest>

using gittest::git;
using gittest::writeFile;

class TestGitCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void help_data();
    void help();
    void badUsage_data();
    void badUsage();
    void commitSelectedFiles();
    void commitAllAndJson();
    void commitWithoutIdentity();
    void detachedHeadRefused();
    void pushToBare();
    void nonFastForwardRejected();
    void httpPushAnonymous();
    void httpPushBasicAuth_data();
    void httpPushBasicAuth();
    void httpWrongPasswordInUrlRedacted();

private:
    gittest::Run wavesmith(const QStringList &arguments,
                           const QProcessEnvironment &extra = QProcessEnvironment());
    QString newRepo(bool withIdentity = true);
    QString newBare(const QString &parent, const QString &name = QStringLiteral("remote.git"));

    QTemporaryDir m_home;
    QTemporaryDir m_work;
    int m_count = 0;
};

void TestGitCli::initTestCase() {
    if (!gittest::haveGit())
        QSKIP("git is not installed; these tests build their fixtures with the git CLI");
    QVERIFY(m_home.isValid());
    QVERIFY(m_work.isValid());
}

gittest::Run TestGitCli::wavesmith(const QStringList &arguments, const QProcessEnvironment &extra) {
    QProcessEnvironment env = gittest::hermeticEnvironment(m_home.path());
    const QStringList keys = extra.keys();
    for (const QString &key : keys)
        env.insert(key, extra.value(key));
    return gittest::run(QStringLiteral(WAVESMITH_EXECUTABLE), arguments, env);
}

QString TestGitCli::newRepo(bool withIdentity) {
    const QString path = m_work.path() + QStringLiteral("/repo%1").arg(++m_count);
    return gittest::makeRepo(path, m_home.path(), withIdentity) ? path : QString();
}

QString TestGitCli::newBare(const QString &parent, const QString &name) {
    const QString path = parent + QLatin1Char('/') + name;
    git(QString(),
        {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("--bare"),
         QStringLiteral("-b"), QStringLiteral("main"), path},
        m_home.path());
    return path;
}

void TestGitCli::help_data() {
    QTest::addColumn<QString>("command");
    QTest::newRow("commit") << QStringLiteral("commit");
    QTest::newRow("push") << QStringLiteral("push");
}

void TestGitCli::help() {
    QFETCH(QString, command);
    const gittest::Run run = wavesmith({command, QStringLiteral("--help")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(QStringLiteral("DIR")), qPrintable(run.out));
    if (command == QLatin1String("push"))
        QVERIFY(run.out.contains(QStringLiteral("WAVESMITH_GIT_TOKEN")));
}

void TestGitCli::badUsage_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");
    const QString notRepo = m_work.path();
    QTest::newRow("commit without DIR")
        << QStringList{QStringLiteral("commit")} << QStringLiteral("expected DIR");
    QTest::newRow("commit without message")
        << QStringList{QStringLiteral("commit"), notRepo} << QStringLiteral("-m MESSAGE");
    QTest::newRow("commit not a repository")
        << QStringList{QStringLiteral("commit"), notRepo, QStringLiteral("-m"), QStringLiteral("x")}
        << QStringLiteral("not a git repository");
    QTest::newRow("commit unknown option")
        << QStringList{QStringLiteral("commit"), QStringLiteral("--bogus")}
        << QStringLiteral("bogus");
    QTest::newRow("push without DIR")
        << QStringList{QStringLiteral("push")} << QStringLiteral("expected one DIR");
    QTest::newRow("push missing folder")
        << QStringList{QStringLiteral("push"), notRepo + QStringLiteral("/missing")}
        << QStringLiteral("not a folder");
}

void TestGitCli::badUsage() {
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    const gittest::Run run = wavesmith(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(expected), qPrintable(run.err));
}

void TestGitCli::commitSelectedFiles() {
    const QString dir = newRepo();
    QVERIFY(!dir.isEmpty());
    writeFile(dir + QStringLiteral("/apps/a.yaml"), "a\n");
    writeFile(dir + QStringLiteral("/apps/b.yaml"), "b\n");
    writeFile(dir + QStringLiteral("/README.md"), "# changed by the user\n");
    const gittest::Run run = wavesmith({QStringLiteral("commit"), dir, QStringLiteral("-m"),
                                        QStringLiteral("Add a"), QStringLiteral("apps/a.yaml")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains(QStringLiteral("[main ")) &&
                 run.out.contains(QStringLiteral("Add a")),
             qPrintable(run.out));
    QCOMPARE(git(dir,
                 {QStringLiteral("show"), QStringLiteral("--name-only"),
                  QStringLiteral("--format="), QStringLiteral("HEAD")},
                 m_home.path())
                 .out.trimmed(),
             QStringLiteral("apps/a.yaml"));
    QCOMPARE(git(dir, {QStringLiteral("status"), QStringLiteral("--short")}, m_home.path()).out,
             QStringLiteral(" M README.md\n?? apps/b.yaml\n"));

    // A path with no change: the command ran and failed.
    const gittest::Run again = wavesmith({QStringLiteral("commit"), dir, QStringLiteral("-m"),
                                          QStringLiteral("again"), QStringLiteral("apps/a.yaml")});
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains(QStringLiteral("no changes")), qPrintable(again.err));
}

void TestGitCli::commitAllAndJson() {
    const QString dir = newRepo();
    writeFile(dir + QStringLiteral("/.gitignore"), "ignored/\n");
    writeFile(dir + QStringLiteral("/ignored/x"), "x\n");
    writeFile(dir + QStringLiteral("/new.yaml"), "n\n");
    const gittest::Run run = wavesmith({QStringLiteral("commit"), dir, QStringLiteral("-m"),
                                        QStringLiteral("All"), QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QJsonObject object = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(object.value(QStringLiteral("id")).toString(), gittest::headId(dir, m_home.path()));
    QCOMPARE(object.value(QStringLiteral("branch")).toString(), QStringLiteral("main"));
    QCOMPARE(object.value(QStringLiteral("author")).toString(),
             QStringLiteral("Repo User <repo@example.com>"));
    QCOMPARE(git(dir, {QStringLiteral("status"), QStringLiteral("--short")}, m_home.path()).out,
             QString());
}

void TestGitCli::commitWithoutIdentity() {
    const QString dir = newRepo(/*withIdentity=*/false);
    QVERIFY(!dir.isEmpty());
    const QString before = gittest::headId(dir, m_home.path());
    writeFile(dir + QStringLiteral("/a.yaml"), "a\n");
    const gittest::Run run = wavesmith(
        {QStringLiteral("commit"), dir, QStringLiteral("-m"), QStringLiteral("who am I")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("no git identity")) &&
                 run.err.contains(QStringLiteral("git config --global user.name")) &&
                 run.err.contains(QStringLiteral("git config --global user.email")),
             qPrintable(run.err));
    QCOMPARE(gittest::headId(dir, m_home.path()), before);
}

void TestGitCli::detachedHeadRefused() {
    const QString dir = newRepo();
    git(dir, {QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("--detach")},
        m_home.path());
    writeFile(dir + QStringLiteral("/a.yaml"), "a\n");
    const gittest::Run commit =
        wavesmith({QStringLiteral("commit"), dir, QStringLiteral("-m"), QStringLiteral("x")});
    QCOMPARE(commit.exitCode, 1);
    QVERIFY2(commit.err.contains(QStringLiteral("HEAD is detached")) &&
                 commit.err.contains(QStringLiteral("not on a branch")) &&
                 commit.err.contains(QStringLiteral("git switch -c")),
             qPrintable(commit.err));
    git(dir,
        {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"),
         newBare(m_work.path(), QStringLiteral("detached.git"))},
        m_home.path());
    const gittest::Run push = wavesmith({QStringLiteral("push"), dir});
    QCOMPARE(push.exitCode, 1);
    QVERIFY2(push.err.contains(QStringLiteral("cannot push: HEAD is detached")),
             qPrintable(push.err));
}

void TestGitCli::pushToBare() {
    const QString dir = newRepo();
    const QString bare = newBare(m_work.path(), QStringLiteral("push.git"));
    git(dir, {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("backup"), bare},
        m_home.path());
    // An unknown remote is bad input.
    const gittest::Run unknown = wavesmith(
        {QStringLiteral("push"), dir, QStringLiteral("--remote"), QStringLiteral("nowhere")});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains(QStringLiteral("no remote named \"nowhere\"")),
             qPrintable(unknown.err));

    const gittest::Run run = wavesmith(
        {QStringLiteral("push"), dir, QStringLiteral("--remote"), QStringLiteral("backup")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains(QStringLiteral("Pushed main to backup/main")), qPrintable(run.out));
    QCOMPARE(gittest::headId(bare, m_home.path(), QStringLiteral("main")),
             gittest::headId(dir, m_home.path()));
    // The branch now tracks backup/main, so a plain push finds the remote.
    writeFile(dir + QStringLiteral("/b.yaml"), "b\n");
    QCOMPARE(wavesmith({QStringLiteral("commit"), dir, QStringLiteral("-m"), QStringLiteral("b")})
                 .exitCode,
             0);
    const gittest::Run second = wavesmith({QStringLiteral("push"), dir});
    QVERIFY2(second.exitCode == 0, qPrintable(second.err));
    QCOMPARE(gittest::headId(bare, m_home.path(), QStringLiteral("main")),
             gittest::headId(dir, m_home.path()));
}

void TestGitCli::nonFastForwardRejected() {
    const QString dir = newRepo();
    const QString bare = newBare(m_work.path(), QStringLiteral("nonff.git"));
    const QString home = m_home.path();
    git(dir, {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), bare},
        home);
    QCOMPARE(wavesmith({QStringLiteral("push"), dir}).exitCode, 0);

    const QString clone = m_work.path() + QStringLiteral("/nonff-clone");
    git(QString(), {QStringLiteral("clone"), QStringLiteral("-q"), bare, clone}, home);
    writeFile(clone + QStringLiteral("/theirs.yaml"), "theirs\n");
    git(clone, {QStringLiteral("add"), QStringLiteral("-A")}, home);
    git(clone, {QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("theirs")}, home);
    QCOMPARE(git(clone, {QStringLiteral("push"), QStringLiteral("-q")}, home).exitCode, 0);
    const QString remoteHead = gittest::headId(bare, home, QStringLiteral("main"));

    writeFile(dir + QStringLiteral("/mine.yaml"), "mine\n");
    QCOMPARE(
        wavesmith({QStringLiteral("commit"), dir, QStringLiteral("-m"), QStringLiteral("mine")})
            .exitCode,
        0);
    const QString mine = gittest::headId(dir, home);
    const gittest::Run run = wavesmith({QStringLiteral("push"), dir});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("rejected (non-fast-forward)")) &&
                 run.err.contains(QStringLiteral("Fetch, then rebase or merge")) &&
                 run.err.contains(QStringLiteral("Nothing local was changed")),
             qPrintable(run.err));
    QCOMPARE(gittest::headId(dir, home), mine);
    QCOMPARE(gittest::headId(bare, home, QStringLiteral("main")), remoteHead);
    QCOMPARE(git(dir, {QStringLiteral("status"), QStringLiteral("--short")}, home).out, QString());
}

void TestGitCli::httpPushAnonymous() {
    QTemporaryDir root;
    const QString bare = newBare(root.path(), QStringLiteral("open.git"));
    git(bare,
        {QStringLiteral("config"), QStringLiteral("http.receivepack"), QStringLiteral("true")},
        m_home.path());
    gittest::HttpServer server;
    const QString problem = server.start(root.path());
    if (problem.contains(QStringLiteral("not installed")))
        QSKIP(qPrintable(problem));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    const QString dir = newRepo();
    git(dir,
        {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"),
         server.url(QStringLiteral("open.git"))},
        m_home.path());
    const gittest::Run run = wavesmith({QStringLiteral("push"), dir});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(gittest::headId(bare, m_home.path(), QStringLiteral("main")),
             gittest::headId(dir, m_home.path()));
}

void TestGitCli::httpPushBasicAuth_data() {
    QTest::addColumn<QString>("variables"); // NAME=value;NAME=value
    QTest::addColumn<bool>("accepted");
    QTest::newRow("user and password")
        << QStringLiteral("WAVESMITH_GIT_USERNAME=alice;WAVESMITH_GIT_PASSWORD=s3cret-Pass")
        << true;
    QTest::newRow("token") << QStringLiteral(
                                  "WAVESMITH_GIT_USERNAME=alice;WAVESMITH_GIT_TOKEN=s3cret-Pass")
                           << true;
    QTest::newRow("GIT_TOKEN") << QStringLiteral(
                                      "WAVESMITH_GIT_USERNAME=alice;GIT_TOKEN=s3cret-Pass")
                               << true;
    QTest::newRow("wrong password")
        << QStringLiteral("WAVESMITH_GIT_USERNAME=alice;WAVESMITH_GIT_PASSWORD=wr0ng-Horse-Battery")
        << false;
    QTest::newRow("wrong token") << QStringLiteral("WAVESMITH_GIT_TOKEN=wr0ng-Token-Value")
                                 << false;
    QTest::newRow("no credentials") << QString() << false;
}

void TestGitCli::httpPushBasicAuth() {
    QFETCH(QString, variables);
    QFETCH(bool, accepted);

    QTemporaryDir root;
    const QString bare = newBare(root.path(), QStringLiteral("auth.git"));
    gittest::HttpServer server;
    const QString problem =
        server.start(root.path(), QStringLiteral("alice"), QStringLiteral("s3cret-Pass"));
    if (problem.contains(QStringLiteral("not installed")))
        QSKIP(qPrintable(problem));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    const QString dir = newRepo();
    git(dir,
        {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"),
         server.url(QStringLiteral("auth.git"))},
        m_home.path());
    QProcessEnvironment env;
    QStringList secrets;
    for (const QString &pair : variables.split(u';', Qt::SkipEmptyParts)) {
        const QString name = pair.section(u'=', 0, 0);
        const QString value = pair.section(u'=', 1);
        env.insert(name, value);
        if (name != QLatin1String("WAVESMITH_GIT_USERNAME"))
            secrets.append(value);
    }
    const gittest::Run run = wavesmith({QStringLiteral("push"), dir}, env);
    if (accepted) {
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(gittest::headId(bare, m_home.path(), QStringLiteral("main")),
                 gittest::headId(dir, m_home.path()));
    } else {
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("authentication")) &&
                     run.err.contains(QStringLiteral("WAVESMITH_GIT_TOKEN")),
                 qPrintable(run.err));
        QVERIFY(gittest::headId(bare, m_home.path(), QStringLiteral("main")) !=
                gittest::headId(dir, m_home.path()));
    }
    for (const QString &secret : std::as_const(secrets)) {
        QVERIFY2(!run.err.contains(secret), qPrintable(run.err));
        QVERIFY2(!run.out.contains(secret), qPrintable(run.out));
    }
    QVERIFY(!run.err.contains(QStringLiteral("s3cret-Pass")));
}

void TestGitCli::httpWrongPasswordInUrlRedacted() {
    QTemporaryDir root;
    newBare(root.path(), QStringLiteral("url.git"));
    gittest::HttpServer server;
    const QString problem =
        server.start(root.path(), QStringLiteral("alice"), QStringLiteral("s3cret-Pass"));
    if (problem.contains(QStringLiteral("not installed")))
        QSKIP(qPrintable(problem));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    const QString dir = newRepo();
    const QString url =
        QStringLiteral("http://alice:Url-Pa55word@127.0.0.1:%1/url.git").arg(server.port());
    git(dir, {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), url},
        m_home.path());
    const gittest::Run run = wavesmith({QStringLiteral("push"), dir});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(!run.err.contains(QStringLiteral("Url-Pa55word")), qPrintable(run.err));
    QVERIFY2(!run.out.contains(QStringLiteral("Url-Pa55word")), qPrintable(run.out));
    QVERIFY2(run.err.contains(QStringLiteral("authentication")), qPrintable(run.err));
}

QTEST_GUILESS_MAIN(TestGitCli)
#include "tst_gitcli.moc"
