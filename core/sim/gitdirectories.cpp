#include "repo/pathglob.h"
#include "repo/pathtemplate.h"

#include <wavesmith/sim.h>

#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>

namespace wavesmith {

namespace {

QJsonValue expandValue(const QJsonValue &value, const QString &path) {
    if (value.isString())
        return expandPathTemplate(value.toString(), path);
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
            object.insert(expandPathTemplate(it.key(), path), expandValue(it.value(), path));
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
