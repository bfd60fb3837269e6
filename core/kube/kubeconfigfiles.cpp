#include "kubeconfigfiles.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>

#include <yaml-cpp/yaml.h>

namespace wavesmith {

namespace {

// The kubeconfig sections and the key holding each entry's body.
struct Section {
    const char *list;
    const char *body;
    QMap<QString, KubeconfigEntry> MergedKubeconfig::*entries;
};

const Section sections[] = {
    {"clusters", "cluster", &MergedKubeconfig::clusters},
    {"users", "user", &MergedKubeconfig::users},
    {"contexts", "context", &MergedKubeconfig::contexts},
};

int lineOf(const YAML::Node &node) {
    return node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
}

// Reads one file's entries into `merged`, keeping entries an earlier file already defined.
Status mergeFile(const QString &path, MergedKubeconfig *merged) {
    YAML::Node loaded;
    try {
        loaded = YAML::LoadFile(path.toStdString());
    } catch (const YAML::BadFile &) {
        return Error{path, 0, QStringLiteral("cannot read the kubeconfig file")};
    } catch (const YAML::Exception &e) {
        return Error{path, e.mark.line >= 0 ? e.mark.line + 1 : 0,
                     QStringLiteral("not valid YAML: %1").arg(QString::fromStdString(e.msg))};
    }
    const YAML::Node root = loaded; // const: lookups never insert
    if (!root || root.IsNull())
        return success(); // an empty file is an empty config
    if (!root.IsMap())
        return Error{path, lineOf(root),
                     QStringLiteral("not a kubeconfig: expected a mapping with clusters, users "
                                    "and contexts")};
    for (const Section &section : sections) {
        const YAML::Node list = root[section.list];
        if (!list || list.IsNull())
            continue;
        if (!list.IsSequence())
            return Error{path, lineOf(list),
                         QStringLiteral("%1 must be a list").arg(QLatin1String(section.list))};
        QSet<QString> seenHere;
        for (const YAML::Node &item : list) {
            const YAML::Node name = item.IsMap() ? item["name"] : YAML::Node();
            if (!name || !name.IsScalar() || name.Scalar().empty())
                return Error{
                    path, lineOf(item),
                    QStringLiteral("an entry of %1 has no name").arg(QLatin1String(section.list))};
            const QString key = QString::fromStdString(name.Scalar());
            // client-go refuses a name listed twice in one file.
            if (seenHere.contains(key))
                return Error{path, lineOf(item),
                             QStringLiteral("duplicate name \"%1\" in %2")
                                 .arg(key, QLatin1String(section.list))};
            seenHere.insert(key);
            auto &entries = merged->*section.entries;
            if (entries.contains(key))
                continue; // the first file that defines a name wins, whole
            const YAML::Node body = item[section.body];
            if (body && !body.IsNull() && !body.IsMap())
                return Error{
                    path, lineOf(body),
                    QStringLiteral("%1 \"%2\": \"%3\" must be a mapping")
                        .arg(QLatin1String(section.body), key, QLatin1String(section.body))};
            entries.insert(key, KubeconfigEntry{body, body ? body["extensions"] : YAML::Node(),
                                                path, lineOf(item)});
        }
    }
    const YAML::Node current = root["current-context"];
    if (merged->currentContext.isEmpty() && current && current.IsScalar())
        merged->currentContext = QString::fromStdString(current.Scalar());
    return success();
}

} // namespace

QString kubeconfigHome(const KubeconfigLoadOptions &options) {
    return options.homeDir.isEmpty() ? QDir::homePath() : options.homeDir;
}

Result<QStringList> resolveKubeconfigFiles(const KubeconfigLoadOptions &options) {
    QStringList files;
    if (!options.files.isEmpty()) {
        // Like --kubeconfig: the user named these, so a missing one is an error.
        for (const QString &file : options.files) {
            if (!QFileInfo(file).isFile())
                return Error{file, 0, QStringLiteral("the kubeconfig file does not exist")};
            const QString absolute = QFileInfo(file).absoluteFilePath();
            if (!files.contains(absolute))
                files << absolute;
        }
        return files;
    }
    const QString env = options.kubeconfigEnv ? *options.kubeconfigEnv
                                              : QString::fromLocal8Bit(qgetenv("KUBECONFIG"));
    if (!env.isEmpty()) {
        // client-go splits on the list separator, drops duplicates and skips missing files.
        for (const QString &file : env.split(QDir::listSeparator(), Qt::SkipEmptyParts)) {
            const QFileInfo info(file);
            if (info.isFile() && !files.contains(info.absoluteFilePath()))
                files << info.absoluteFilePath();
        }
        return files;
    }
    const QString fallback = kubeconfigHome(options) + QStringLiteral("/.kube/config");
    if (QFileInfo(fallback).isFile())
        files << fallback;
    return files;
}

Result<MergedKubeconfig> loadMergedKubeconfig(const KubeconfigLoadOptions &options) {
    const Result<QStringList> files = resolveKubeconfigFiles(options);
    if (!files)
        return files.error();
    MergedKubeconfig merged;
    merged.files = files.value();
    for (const QString &file : merged.files) {
        const Status read = mergeFile(file, &merged);
        if (!read)
            return read.error();
    }
    return merged;
}

} // namespace wavesmith
