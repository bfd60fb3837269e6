#pragma once

// Helpers shared by the git suites: a hermetic environment (no user or system git config, no
// credentials from the developer's machine), running git and wavesmith, and a loopback
// smart-HTTP git server (tests/git/githttpserver.py over `git http-backend`).

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>

namespace gittest {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

// The system environment minus everything that could leak the developer's identity or
// credentials, with HOME and XDG_CONFIG_HOME pointing at `home`.
inline QProcessEnvironment hermeticEnvironment(const QString &home) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList keys = env.keys();
    for (const QString &key : keys) {
        if (key.startsWith(QLatin1String("GIT_")) || key.startsWith(QLatin1String("WAVESMITH_")) ||
            key.startsWith(QLatin1String("SSH_")))
            env.remove(key);
    }
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
    env.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    return env;
}

inline Run run(const QString &program, const QStringList &arguments, const QProcessEnvironment &env,
               const QString &workingDir = {}, int timeoutMs = 60000) {
    QProcess process;
    process.setProcessEnvironment(env);
    if (!workingDir.isEmpty())
        process.setWorkingDirectory(workingDir);
    process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        return {-1, {}, QStringLiteral("timed out: %1 %2").arg(program, arguments.join(u' '))};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

// git with an identity given through the environment, so the repositories themselves carry
// none unless a test configures one.
inline Run git(const QString &dir, const QStringList &arguments, const QString &home) {
    QProcessEnvironment env = hermeticEnvironment(home);
    env.insert(QStringLiteral("GIT_AUTHOR_NAME"), QStringLiteral("Test Git"));
    env.insert(QStringLiteral("GIT_AUTHOR_EMAIL"), QStringLiteral("git@example.com"));
    env.insert(QStringLiteral("GIT_COMMITTER_NAME"), QStringLiteral("Test Git"));
    env.insert(QStringLiteral("GIT_COMMITTER_EMAIL"), QStringLiteral("git@example.com"));
    return run(QStringLiteral("git"), arguments, env, dir);
}

inline bool writeFile(const QString &path, const QByteArray &content) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(content) == content.size();
}

inline QByteArray readFile(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline bool haveGit() {
    return !QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty();
}

// `git init -b main DIR` with an identity in the repository's own config, and a first
// commit of README.md.
inline bool makeRepo(const QString &dir, const QString &home, bool withIdentity = true) {
    if (git(QString(),
            {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"),
             QStringLiteral("main"), dir},
            home)
            .exitCode != 0)
        return false;
    if (withIdentity) {
        git(dir,
            {QStringLiteral("config"), QStringLiteral("user.name"), QStringLiteral("Repo User")},
            home);
        git(dir,
            {QStringLiteral("config"), QStringLiteral("user.email"),
             QStringLiteral("repo@example.com")},
            home);
    }
    writeFile(dir + QStringLiteral("/README.md"), "# test\n");
    git(dir, {QStringLiteral("add"), QStringLiteral("-A")}, home);
    return git(dir, {QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("first")},
               home)
               .exitCode == 0;
}

inline QString headId(const QString &dir, const QString &home,
                      const QString &rev = QStringLiteral("HEAD")) {
    return git(dir, {QStringLiteral("rev-parse"), rev}, home).out.trimmed();
}

// The loopback smart-HTTP server; stops (closing its stdin) when destroyed.
class HttpServer {
public:
    ~HttpServer() { stop(); }

    // An empty string on success, else why it could not start (for QSKIP or QFAIL).
    QString start(const QString &root, const QString &user = {}, const QString &password = {}) {
        const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
        if (python.isEmpty())
            return QStringLiteral("python3 is not installed");
        const QString backend =
            git(QString(), {QStringLiteral("--exec-path")}, root).out.trimmed() +
            QStringLiteral("/git-http-backend");
        if (!QFileInfo(backend).isExecutable())
            return QStringLiteral("git-http-backend is not installed (%1)").arg(backend);
        QStringList arguments = {QStringLiteral(WAVESMITH_SOURCE_DIR "/tests/git/githttpserver.py"),
                                 QStringLiteral("--root"), root,
                                 QStringLiteral("--git-http-backend"), backend};
        if (!user.isEmpty())
            arguments << QStringLiteral("--user") << user << QStringLiteral("--password")
                      << password;
        m_process.setProcessEnvironment(hermeticEnvironment(root));
        m_process.start(python, arguments);
        if (!m_process.waitForStarted(10000))
            return QStringLiteral("could not start python3: %1").arg(m_process.errorString());
        QByteArray output;
        while (!output.contains('\n')) {
            if (!m_process.waitForReadyRead(20000))
                return QStringLiteral("the git HTTP server did not report its port: %1")
                    .arg(QString::fromUtf8(m_process.readAllStandardError()));
            output += m_process.readAllStandardOutput();
        }
        const QByteArray line = output.left(output.indexOf('\n')).trimmed();
        if (!line.startsWith("PORT "))
            return QStringLiteral("unexpected server output: %1").arg(QString::fromUtf8(line));
        m_port = line.mid(5).toInt();
        return {};
    }

    void stop() {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(10000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    int port() const { return m_port; }
    QString url(const QString &repo) const {
        return QStringLiteral("http://127.0.0.1:%1/%2").arg(m_port).arg(repo);
    }

private:
    QProcess m_process;
    int m_port = 0;
};

} // namespace gittest
