// `wavesmith commit` and `wavesmith push`: thin front ends over GitRepository.

#include "cli.h"

#include <wavesmith/gitrepository.h>

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace wavesmith::cli {

namespace {

// Reads one line from the terminal without echo (for an ssh key passphrase).
std::optional<QString> readSecretFromTerminal(const QString &prompt) {
    FILE *tty = std::fopen("/dev/tty", "r+");
    if (!tty)
        return std::nullopt;
    const int fd = fileno(tty);
    termios saved{};
    const bool isTerminal = tcgetattr(fd, &saved) == 0;
    if (isTerminal) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    std::fputs(prompt.toLocal8Bit().constData(), tty);
    std::fflush(tty);
    char line[1024] = {};
    const bool read = std::fgets(line, sizeof line, tty) != nullptr;
    if (isTerminal)
        tcsetattr(fd, TCSAFLUSH, &saved);
    std::fputs("\n", tty);
    std::fclose(tty);
    if (!read)
        return std::nullopt;
    QString text = QString::fromLocal8Bit(line);
    while (text.endsWith(QLatin1Char('\n')) || text.endsWith(QLatin1Char('\r')))
        text.chop(1);
    return text;
}

// Progress on stderr, one updating line, only when a person is watching.
GitOperationOptions terminalOptions() {
    GitOperationOptions options;
    const bool interactive = isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
    options.allowTerminalPrompt = interactive;
    if (isatty(STDERR_FILENO)) {
        options.progress = [](const GitProgress &progress) {
            QTextStream err(stderr);
            err << '\r' << progress.message << QStringLiteral("\x1b[K");
            if (progress.stage == GitProgress::Stage::Done)
                err << '\n';
            err.flush();
        };
    }
    if (interactive) {
        options.askCredential =
            [](const GitCredentialRequest &request) -> std::optional<GitCredential> {
            // https prompts come from `git credential fill` on the terminal already.
            if (request.kind != GitCredentialRequest::Kind::SshKeyPassphrase)
                return std::nullopt;
            const std::optional<QString> passphrase =
                readSecretFromTerminal(QStringLiteral("Passphrase for %1: ").arg(request.keyPath));
            if (!passphrase)
                return std::nullopt;
            return GitCredential{request.username, *passphrase};
        };
    }
    return options;
}

void clearProgressLine() {
    if (isatty(STDERR_FILENO)) {
        QTextStream err(stderr);
        err << QStringLiteral("\r\x1b[K");
    }
}

} // namespace

int runCommit(const QStringList &arguments) {
    const QString command = QStringLiteral("commit");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Commit changes of the git repository containing DIR with libgit2. Without FILE, "
        "every change under DIR is committed, tracked and untracked, respecting .gitignore "
        "(like `git add -A && git commit`). With FILE arguments (relative to DIR, folders "
        "allowed), only those paths are committed as they are on disk, and other changes, "
        "staged or not, stay as they were (like `git commit --only`). The author is git's "
        "user.name and user.email. Exit status: 0 committed, 1 the commit failed (nothing to "
        "commit, detached HEAD, no identity, conflicts), 2 bad usage."));
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("the repository"));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("paths to commit"),
                                 QStringLiteral("[FILE…]"));
    parser.addOption({{QStringLiteral("m"), QStringLiteral("message")},
                      QStringLiteral("the commit message (required)."),
                      QStringLiteral("MESSAGE")});
    parser.addOption({QStringLiteral("json"),
                      QStringLiteral("print {\"id\", \"author\", \"branch\", \"summary\"}.")});
    if (const std::optional<int> done = parseCommandLine(parser, command, arguments))
        return *done;

    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return fail(command, QStringLiteral("expected DIR (see --help)"), BadInput);
    if (!parser.isSet(QStringLiteral("message")))
        return fail(command, QStringLiteral("a commit message is required: -m MESSAGE"), BadInput);
    const QString message = parser.value(QStringLiteral("message"));
    if (message.trimmed().isEmpty())
        return fail(command, QStringLiteral("the commit message is empty"), BadInput);

    const QString dir = positional.first();
    Result<GitRepository> repo = GitRepository::open(dir);
    if (!repo)
        return fail(command, repo.error().toString(), BadInput);

    // FILE arguments are relative to DIR; GitRepository wants them relative to the work tree.
    QStringList paths;
    const QDir base(QFileInfo(dir).absoluteFilePath());
    for (const QString &file : positional.mid(1)) {
        const QString absolute = QDir::cleanPath(base.absoluteFilePath(file));
        const QString relative = QDir(repo->workTree()).relativeFilePath(absolute);
        if (relative.startsWith(QLatin1String("../")))
            return fail(
                command,
                QStringLiteral("%1 is outside the repository %2").arg(file, repo->workTree()),
                BadInput);
        paths.append(relative);
    }

    const GitOperationOptions options = terminalOptions();
    const Result<CommitInfo> info = repo->commit(message, paths, options);
    clearProgressLine();
    if (!info)
        return fail(command, info.error().toString(), Failed);

    if (parser.isSet(QStringLiteral("json"))) {
        const QJsonObject object{{QStringLiteral("id"), info->id},
                                 {QStringLiteral("author"), info->author},
                                 {QStringLiteral("branch"), info->branch},
                                 {QStringLiteral("summary"), info->summary}};
        printOut(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
    } else {
        printOut(QStringLiteral("[%1 %2] %3\nAuthor: %4")
                     .arg(info->branch, info->id.left(7), info->summary, info->author));
    }
    return Success;
}

int runPush(const QStringList &arguments) {
    const QString command = QStringLiteral("push");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Push the current branch of the repository containing DIR with libgit2, to its "
        "upstream branch or the branch of the same name (and make that the upstream). "
        "Never forces. Credentials: ssh-agent and ~/.ssh keys for ssh; for https "
        "WAVESMITH_GIT_TOKEN or GIT_TOKEN (user name from WAVESMITH_GIT_USERNAME), or "
        "WAVESMITH_GIT_USERNAME with WAVESMITH_GIT_PASSWORD, then `git credential fill`. "
        "Nothing is stored. Exit status: 0 pushed, 1 the push failed or was rejected "
        "(non-fast-forward, authentication, detached HEAD), 2 bad usage."));
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("the repository"));
    parser.addOption({QStringLiteral("remote"),
                      QStringLiteral("the remote to push to (default: the branch's remote, "
                                     "else origin)."),
                      QStringLiteral("NAME")});
    if (const std::optional<int> done = parseCommandLine(parser, command, arguments))
        return *done;

    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return fail(command, QStringLiteral("expected one DIR (see --help)"), BadInput);
    Result<GitRepository> repo = GitRepository::open(positional.first());
    if (!repo)
        return fail(command, repo.error().toString(), BadInput);
    const QString remote = parser.isSet(QStringLiteral("remote"))
                               ? parser.value(QStringLiteral("remote"))
                               : repo->defaultRemote();
    if (!repo->remotes().contains(remote))
        return fail(command,
                    QStringLiteral("%1: there is no remote named \"%2\"; add one with "
                                   "`git remote add %2 URL`")
                        .arg(repo->workTree(), remote),
                    BadInput);

    const GitOperationOptions options = terminalOptions();
    const Result<PushResult> result = repo->push(remote, options);
    clearProgressLine();
    if (!result)
        return fail(command, result.error().toString(), Failed);
    QString line =
        QStringLiteral("Pushed %1 to %2 (%3)")
            .arg(result->localRef.mid(int(qstrlen("refs/heads/"))), result->upstream, result->url);
    if (result->setUpstream)
        line += QStringLiteral("\nBranch now tracks %1").arg(result->upstream);
    printOut(line);
    return Success;
}

} // namespace wavesmith::cli
