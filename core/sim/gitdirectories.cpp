#include "repo/pathglob.h"

#include <wavesmith/sim.h>

#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>

namespace wavesmith {

namespace {

QString expandPath(const QString &text, const QString &path) {
    // {{path}}, {{path.basename}}, {{path[1]}} (fasttemplate) and {{ .path.path }},
    // {{ .path.basenameNormalized }}, {{ index .path.segments 1 }} (Go template).
    static const QRegularExpression expression(QStringLiteral(
        "\\{\\{\\s*(?:index\\s+\\.path\\.segments\\s+(\\d+)|\\.?path(?:\\.(path|basename|"
        "basenameNormalized|filename)|\\[(\\d+)\\]|\\.segments\\[(\\d+)\\])?)\\s*\\}\\}"));
    if (!text.contains(QLatin1String("{{")))
        return text;
    const QStringList segments = path.split(QLatin1Char('/'));
    QString result;
    qsizetype last = 0;
    auto it = expression.globalMatch(text);
    while (it.hasNext()) {
        const auto match = it.next();
        result += text.mid(last, match.capturedStart() - last);
        QString index = match.captured(1);
        if (index.isEmpty())
            index = match.captured(3);
        if (index.isEmpty())
            index = match.captured(4);
        const QString field = match.captured(2);
        if (!index.isEmpty()) {
            result += segments.value(index.toInt());
        } else if (field == QLatin1String("basename")) {
            result += segments.last();
        } else if (field == QLatin1String("basenameNormalized")) {
            result += segments.last().toLower().replace(
                QRegularExpression(QStringLiteral("[^a-z0-9-.]")), QStringLiteral("-"));
        } else {
            result += path;
        }
        last = match.capturedEnd();
    }
    return result + text.mid(last);
}

QJsonValue expandValue(const QJsonValue &value, const QString &path) {
    if (value.isString())
        return expandPath(value.toString(), path);
    if (value.isArray()) {
        QJsonArray array;
        for (const QJsonValue &item : value.toArray())
            array.append(expandValue(item, path));
        return array;
    }
    if (value.isObject()) {
        QJsonObject object;
        const QJsonObject in = value.toObject();
        for (auto it = in.begin(); it != in.end(); ++it)
            object.insert(expandPath(it.key(), path), expandValue(it.value(), path));
        return object;
    }
    return value;
}

} // namespace

QStringList matchGitDirectories(const QString &repoDir, const QList<DirectoryEntry> &entries) {
    const QDir root(repoDir);
    QStringList matched;
    QDirIterator it(repoDir, QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString relative = root.relativeFilePath(it.next());
        if (relative.startsWith(QLatin1Char('.')) || relative.contains(QLatin1String("/.")))
            continue;
        bool included = false;
        bool excluded = false;
        for (const DirectoryEntry &entry : entries) {
            if (!gitPathMatches(entry.path, relative))
                continue;
            (entry.exclude ? excluded : included) = true;
        }
        if (included && !excluded)
            matched.append(relative);
    }
    std::sort(matched.begin(), matched.end());
    return matched;
}

QJsonObject expandAppSetTemplate(const QJsonObject &templ, const QString &path) {
    return expandValue(templ, path).toObject();
}

} // namespace wavesmith
