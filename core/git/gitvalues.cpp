// The small value helpers declared in wavesmith/git.h.

#include <wavesmith/git.h>

#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

namespace wavesmith {

GitChange GitFileStatus::effectiveChange() const {
    if (workTree == GitChange::Untracked)
        return GitChange::Added;
    if (workTree == GitChange::Deleted)
        return index == GitChange::Added ? GitChange::None : GitChange::Deleted;
    if (index == GitChange::Added)
        return GitChange::Added;
    if (workTree != GitChange::None)
        return workTree;
    return index;
}

QChar gitChangeLetter(GitChange change) {
    switch (change) {
    case GitChange::None:
        return QLatin1Char(' ');
    case GitChange::Added:
        return QLatin1Char('A');
    case GitChange::Modified:
        return QLatin1Char('M');
    case GitChange::Deleted:
        return QLatin1Char('D');
    case GitChange::Renamed:
        return QLatin1Char('R');
    case GitChange::TypeChanged:
        return QLatin1Char('T');
    case GitChange::Untracked:
        return QLatin1Char('?');
    }
    return QLatin1Char(' ');
}

QString gitChangeName(GitChange change) {
    switch (change) {
    case GitChange::None:
        return QStringLiteral("unchanged");
    case GitChange::Added:
        return QStringLiteral("new file");
    case GitChange::Modified:
        return QStringLiteral("modified");
    case GitChange::Deleted:
        return QStringLiteral("deleted");
    case GitChange::Renamed:
        return QStringLiteral("renamed");
    case GitChange::TypeChanged:
        return QStringLiteral("type changed");
    case GitChange::Untracked:
        return QStringLiteral("untracked");
    }
    return {};
}

QStringList gitCredentialEnvironmentVariables() {
    return {QStringLiteral("WAVESMITH_GIT_TOKEN"), QStringLiteral("GIT_TOKEN"),
            QStringLiteral("WAVESMITH_GIT_USERNAME"), QStringLiteral("WAVESMITH_GIT_PASSWORD")};
}

QString redactSecrets(QString text, const QStringList &secrets) {
    // Longest first, so a secret containing a shorter one is replaced whole.
    QStringList sorted = secrets;
    std::sort(sorted.begin(), sorted.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
    for (const QString &secret : sorted) {
        if (secret.isEmpty())
            continue;
        text.replace(secret, QStringLiteral("***"));
        {
            // libgit2 and servers may echo the secret percent-encoded.
            const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(secret));
            if (encoded != secret)
                text.replace(encoded, QStringLiteral("***"));
        }
    }
    // scheme://user:password@host → scheme://user:***@host
    static const QRegularExpression userInfo(
        QStringLiteral("([a-zA-Z][a-zA-Z0-9+.-]*://[^/@:\\s]*):[^/@\\s]*@"));
    text.replace(userInfo, QStringLiteral("\\1:***@"));
    return text;
}

} // namespace wavesmith
