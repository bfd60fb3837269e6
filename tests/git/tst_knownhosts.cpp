// SSH host key verification against known_hosts, with keys and hashed entries made by the
// real ssh-keygen, and ssh-keygen -F as the reference for which lines match which host.

#include "gittestsupport.h"

#include "git/knownhosts.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace wavesmith::git;

class TestKnownHosts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void verdicts_data();
    void verdicts();
    void hashedEntriesFromSshKeygen();
    void matchingAgreesWithSshKeygen_data();
    void matchingAgreesWithSshKeygen();
    void refusalNamesHostAndFix();
    void fingerprintMatchesSshKeygen();
    void hostAndPortOfUrls_data();
    void hostAndPortOfUrls();
    void missingFilesAreEmpty();

private:
    // A new key pair "name" in the temp folder; returns "type base64" of the public key.
    QByteArray makeKey(const QString &name, const QString &type);
    static QByteArray blobOf(const QByteArray &publicLine) {
        return QByteArray::fromBase64(publicLine.split(' ').value(1));
    }
    QString knownHostsPath() const { return m_dir.filePath(QStringLiteral("known_hosts")); }

    QTemporaryDir m_dir;
    QByteArray m_keyA; // ed25519
    QByteArray m_keyB; // ed25519, another key
    QByteArray m_keyC; // ecdsa, revoked
    QByteArray m_keyD; // ecdsa, listed nowhere
    KnownHosts m_hosts;
};

QByteArray TestKnownHosts::makeKey(const QString &name, const QString &type) {
    const QString path = m_dir.filePath(name);
    const gittest::Run run =
        gittest::run(QStringLiteral("ssh-keygen"),
                     {QStringLiteral("-q"), QStringLiteral("-t"), type, QStringLiteral("-N"),
                      QString(), QStringLiteral("-C"), name, QStringLiteral("-f"), path},
                     QProcessEnvironment::systemEnvironment());
    if (run.exitCode != 0)
        return {};
    const QList<QByteArray> fields = gittest::readFile(path + QStringLiteral(".pub")).split(' ');
    return fields.size() >= 2 ? fields.at(0) + ' ' + fields.at(1) : QByteArray();
}

void TestKnownHosts::initTestCase() {
    if (QStandardPaths::findExecutable(QStringLiteral("ssh-keygen")).isEmpty())
        QSKIP("ssh-keygen is not installed");
    QVERIFY(m_dir.isValid());
    m_keyA = makeKey(QStringLiteral("a"), QStringLiteral("ed25519"));
    m_keyB = makeKey(QStringLiteral("b"), QStringLiteral("ed25519"));
    m_keyC = makeKey(QStringLiteral("c"), QStringLiteral("ecdsa"));
    m_keyD = makeKey(QStringLiteral("d"), QStringLiteral("ecdsa"));
    QVERIFY(!m_keyA.isEmpty() && !m_keyB.isEmpty() && !m_keyC.isEmpty() && !m_keyD.isEmpty());
    const QByteArray text = "# known hosts written by the test\n"
                            "git.example.com,10.0.0.5 " +
                            m_keyA +
                            "\n"
                            "[git.example.com]:2222 " +
                            m_keyB +
                            "\n"
                            "*.corp.example,!bad.corp.example " +
                            m_keyA +
                            "\n"
                            "@revoked evil.example " +
                            m_keyC +
                            "\n"
                            "@cert-authority *.example.com " +
                            m_keyC +
                            "\n"
                            "broken.example ssh-ed25519 bm90IGEga2V5\n"
                            "\n";
    QVERIFY(gittest::writeFile(knownHostsPath(), text));
    m_hosts = KnownHosts::load({knownHostsPath()});
    QCOMPARE(m_hosts.entryCount(), 4); // comment, CA, damaged key and blank line skipped
}

void TestKnownHosts::verdicts_data() {
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("key");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("line");
    using K = HostKeyVerdict::Kind;
    QTest::newRow("known") << "git.example.com" << 22 << "A" << int(K::Known) << 2;
    QTest::newRow("known, other case") << "GIT.Example.com" << 22 << "A" << int(K::Known) << 2;
    QTest::newRow("known by address") << "10.0.0.5" << 22 << "A" << int(K::Known) << 2;
    QTest::newRow("changed") << "git.example.com" << 22 << "B" << int(K::Changed) << 2;
    QTest::newRow("other key type is unknown")
        << "git.example.com" << 22 << "D" << int(K::Unknown) << 0;
    QTest::newRow("port entry") << "git.example.com" << 2222 << "B" << int(K::Known) << 3;
    QTest::newRow("port entry changed") << "git.example.com" << 2222 << "A" << int(K::Changed) << 3;
    QTest::newRow("unknown host") << "other.example" << 22 << "A" << int(K::Unknown) << 0;
    QTest::newRow("wildcard") << "build.corp.example" << 22 << "A" << int(K::Known) << 4;
    QTest::newRow("negated") << "bad.corp.example" << 22 << "A" << int(K::Unknown) << 0;
    QTest::newRow("revoked") << "evil.example" << 22 << "C" << int(K::Revoked) << 5;
    QTest::newRow("revoked for any host") << "git.example.com" << 22 << "C" << int(K::Revoked) << 5;
    QTest::newRow("CA line is no host key")
        << "www.example.com" << 22 << "B" << int(K::Unknown) << 0;
}

void TestKnownHosts::verdicts() {
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, key);
    QFETCH(int, kind);
    QFETCH(int, line);
    const QByteArray blob = blobOf(key == QLatin1String("A")   ? m_keyA
                                   : key == QLatin1String("B") ? m_keyB
                                   : key == QLatin1String("C") ? m_keyC
                                                               : m_keyD);
    const HostKeyVerdict verdict = m_hosts.verify(host, port, blob);
    QCOMPARE(int(verdict.kind), kind);
    QCOMPARE(verdict.line, line);
    if (line > 0)
        QCOMPARE(verdict.file, knownHostsPath());
}

void TestKnownHosts::hashedEntriesFromSshKeygen() {
    const QString path = m_dir.filePath(QStringLiteral("hashed_known_hosts"));
    QVERIFY(gittest::writeFile(path, "hashed.example.org " + m_keyA +
                                         "\n[hashed.example.org]:2200 " + m_keyB + "\n"));
    const gittest::Run hash = gittest::run(QStringLiteral("ssh-keygen"),
                                           {QStringLiteral("-H"), QStringLiteral("-f"), path},
                                           QProcessEnvironment::systemEnvironment());
    QCOMPARE(hash.exitCode, 0);
    const QByteArray hashed = gittest::readFile(path);
    QVERIFY2(hashed.startsWith("|1|") && !hashed.contains("hashed.example.org"), hashed);

    const KnownHosts hosts = KnownHosts::load({path});
    QCOMPARE(hosts.entryCount(), 2);
    QCOMPARE(hosts.verify(QStringLiteral("hashed.example.org"), 22, blobOf(m_keyA)).kind,
             HostKeyVerdict::Kind::Known);
    QCOMPARE(hosts.verify(QStringLiteral("Hashed.Example.org"), 22, blobOf(m_keyA)).kind,
             HostKeyVerdict::Kind::Known);
    QCOMPARE(hosts.verify(QStringLiteral("hashed.example.org"), 22, blobOf(m_keyB)).kind,
             HostKeyVerdict::Kind::Changed);
    QCOMPARE(hosts.verify(QStringLiteral("hashed.example.org"), 2200, blobOf(m_keyB)).kind,
             HostKeyVerdict::Kind::Known);
    QCOMPARE(hosts.verify(QStringLiteral("hashed.example.net"), 22, blobOf(m_keyA)).kind,
             HostKeyVerdict::Kind::Unknown);
}

void TestKnownHosts::matchingAgreesWithSshKeygen_data() {
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    for (const char *host : {"git.example.com", "10.0.0.5", "other.example", "x.corp.example",
                             "bad.corp.example", "corp.example"})
        QTest::newRow(host) << QString::fromLatin1(host) << 22;
    QTest::newRow("port 2222") << QStringLiteral("git.example.com") << 2222;
    QTest::newRow("port 2223") << QStringLiteral("git.example.com") << 2223;
}

void TestKnownHosts::matchingAgreesWithSshKeygen() {
    // ssh-keygen -F prints the lines OpenSSH would use for a host; every host key in them must
    // be Known to us, and a host it finds nothing for must be Unknown for every key.
    QFETCH(QString, host);
    QFETCH(int, port);
    const gittest::Run find = gittest::run(
        QStringLiteral("ssh-keygen"),
        {QStringLiteral("-F"), knownHostsName(host, port), QStringLiteral("-f"), knownHostsPath()},
        QProcessEnvironment::systemEnvironment());
    QStringList found;
    for (const QString &line : find.out.split(QLatin1Char('\n'))) {
        if (!line.isEmpty() && !line.startsWith(QLatin1Char('#')) &&
            !line.startsWith(QLatin1Char('@')))
            found << line;
    }
    for (const QByteArray &key : {m_keyA, m_keyB}) {
        const bool listed = found.join(QLatin1Char('\n')).contains(QString::fromLatin1(key));
        const HostKeyVerdict verdict = m_hosts.verify(host, port, blobOf(key));
        QCOMPARE(verdict.kind == HostKeyVerdict::Kind::Known, listed);
        if (found.isEmpty())
            QCOMPARE(verdict.kind, HostKeyVerdict::Kind::Unknown);
    }
}

void TestKnownHosts::refusalNamesHostAndFix() {
    const QString unknown =
        hostKeyRefusal(m_hosts.verify(QStringLiteral("other.example"), 2222, blobOf(m_keyA)),
                       QStringLiteral("other.example"), 2222, blobOf(m_keyA));
    QVERIFY2(unknown.contains(QLatin1String("[other.example]:2222")), qPrintable(unknown));
    QVERIFY2(unknown.contains(QLatin1String(
                 "ssh-keyscan -t ed25519 -p 2222 other.example >> ~/.ssh/known_hosts")),
             qPrintable(unknown));
    QVERIFY(unknown.contains(QLatin1String("never accepts an unknown host key")));

    const QString changed =
        hostKeyRefusal(m_hosts.verify(QStringLiteral("git.example.com"), 22, blobOf(m_keyB)),
                       QStringLiteral("git.example.com"), 22, blobOf(m_keyB));
    QVERIFY2(changed.contains(QLatin1String("CHANGED")), qPrintable(changed));
    QVERIFY(changed.contains(knownHostsPath() + QStringLiteral(":2")));
    QVERIFY(changed.contains(QLatin1String("ssh-keygen -R git.example.com")));
    QVERIFY(changed.contains(sshKeyFingerprint(blobOf(m_keyB))));

    const QString revoked =
        hostKeyRefusal(m_hosts.verify(QStringLiteral("evil.example"), 22, blobOf(m_keyC)),
                       QStringLiteral("evil.example"), 22, blobOf(m_keyC));
    QVERIFY2(revoked.contains(QLatin1String("@revoked")), qPrintable(revoked));
    QVERIFY(hostKeyRefusal(m_hosts.verify(QStringLiteral("git.example.com"), 22, blobOf(m_keyA)),
                           QStringLiteral("git.example.com"), 22, blobOf(m_keyA))
                .isEmpty());
}

void TestKnownHosts::fingerprintMatchesSshKeygen() {
    const gittest::Run list = gittest::run(
        QStringLiteral("ssh-keygen"),
        {QStringLiteral("-l"), QStringLiteral("-f"), m_dir.filePath(QStringLiteral("a.pub"))},
        QProcessEnvironment::systemEnvironment());
    QCOMPARE(list.exitCode, 0);
    // "256 SHA256:… a (ED25519)"
    QCOMPARE(sshKeyFingerprint(blobOf(m_keyA)), list.out.split(QLatin1Char(' ')).value(1));
    QCOMPARE(sshKeyType(blobOf(m_keyA)), QByteArray("ssh-ed25519"));
    QCOMPARE(sshKeyType(blobOf(m_keyC)), m_keyC.split(' ').first());
    QVERIFY(sshKeyType(QByteArray("\xff\xff\xff\xff"
                                  "abc",
                                  7))
                .isEmpty());
}

void TestKnownHosts::hostAndPortOfUrls_data() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::newRow("ssh://") << "ssh://git@git.example.com/org/repo.git"
                            << "git.example.com" << 22;
    QTest::newRow("ssh:// with port") << "ssh://git@git.example.com:2222/repo"
                                      << "git.example.com" << 2222;
    QTest::newRow("git+ssh://") << "git+ssh://host.example/repo"
                                << "host.example" << 22;
    QTest::newRow("scp-like") << "git@github.com:org/repo.git"
                              << "github.com" << 22;
    QTest::newRow("scp-like, no user") << "gitea.lan:repo.git"
                                       << "gitea.lan" << 22;
    QTest::newRow("https") << "https://github.com/org/repo.git"
                           << "" << 22;
    QTest::newRow("local path") << "/srv/git/repo.git"
                                << "" << 22;
    QTest::newRow("relative path with colon after slash") << "./a:b"
                                                          << "" << 22;
}

void TestKnownHosts::hostAndPortOfUrls() {
    QFETCH(QString, url);
    QFETCH(QString, host);
    QFETCH(int, port);
    const auto [gotHost, gotPort] = sshHostAndPort(url);
    QCOMPARE(gotHost, host);
    QCOMPARE(gotPort, port);
}

void TestKnownHosts::missingFilesAreEmpty() {
    const KnownHosts hosts = KnownHosts::load({m_dir.filePath(QStringLiteral("nope"))});
    QCOMPARE(hosts.entryCount(), 0);
    QCOMPARE(hosts.verify(QStringLiteral("git.example.com"), 22, blobOf(m_keyA)).kind,
             HostKeyVerdict::Kind::Unknown);
}

QTEST_GUILESS_MAIN(TestKnownHosts)
#include "tst_knownhosts.moc"
