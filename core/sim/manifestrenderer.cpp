#include "repo/yamlload.h"
#include "yamljson.h"

#include <wavesmith/sim.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <yaml-cpp/yaml.h>

namespace wavesmith {

namespace {

const QStringList kKustomizationNames = {QStringLiteral("kustomization.yaml"),
                                         QStringLiteral("kustomization.yml"),
                                         QStringLiteral("Kustomization")};

QString dnsName(QString text) {
    text = text.toLower();
    text.replace(QRegularExpression(QStringLiteral("[^a-z0-9-]+")), QStringLiteral("-"));
    while (text.startsWith(QLatin1Char('-')))
        text.remove(0, 1);
    text.truncate(63);
    while (text.endsWith(QLatin1Char('-')))
        text.chop(1);
    return text.isEmpty() ? QStringLiteral("remote") : text;
}

bool isRemote(const QString &resource) {
    return resource.contains(QLatin1String("://")) ||
           resource.startsWith(QLatin1String("github.com/"));
}

// Reads the folder tree below one source path; `m_root` bounds every path it follows.
class Renderer {
public:
    explicit Renderer(const QString &repoDir)
        : m_root(QDir(repoDir).absolutePath()) {}

    Result<QList<QJsonObject>> render(const QString &path) {
        const QString absolute = QDir::cleanPath(m_root + QLatin1Char('/') + path);
        if (!inside(absolute))
            return Error{path, 0, QStringLiteral("the path leaves the repository")};
        if (!QFileInfo(absolute).isDir())
            return Error{path, 0, QStringLiteral("no such folder in the repository")};
        QList<QJsonObject> objects;
        if (auto status = folder(absolute, &objects); !status)
            return status.error();
        return objects;
    }

private:
    bool inside(const QString &absolute) const {
        return absolute == m_root || absolute.startsWith(m_root + QLatin1Char('/'));
    }
    QString relative(const QString &absolute) const {
        return QDir(m_root).relativeFilePath(absolute);
    }

    Status folder(const QString &dir, QList<QJsonObject> *out) {
        for (const QString &name : kKustomizationNames) {
            if (QFileInfo::exists(dir + QLatin1Char('/') + name))
                return kustomization(dir, dir + QLatin1Char('/') + name, out);
        }
        // A directory source: every manifest file of the folder (not its subfolders).
        const QStringList files = QDir(dir).entryList(
            {QStringLiteral("*.yaml"), QStringLiteral("*.yml"), QStringLiteral("*.json")},
            QDir::Files, QDir::Name);
        for (const QString &file : files) {
            if (auto status = manifestFile(dir + QLatin1Char('/') + file, out); !status)
                return status;
        }
        return success();
    }

    Status kustomization(const QString &dir, const QString &file, QList<QJsonObject> *out) {
        if (m_visiting.contains(dir))
            return Error{relative(file), 0, QStringLiteral("kustomization includes itself")};
        m_visiting.insert(dir);
        const auto docs = loadYamlFile(file, relative(file));
        if (!docs)
            return docs.error();
        const YAML::Node doc = docs->empty() ? YAML::Node() : docs->front();
        if (doc && !doc.IsNull() && !doc.IsMap())
            return Error{relative(file), 1, QStringLiteral("a kustomization must be a mapping")};
        const QString namespace_ = doc["namespace"]
                                       ? QString::fromStdString(doc["namespace"].as<std::string>())
                                       : QString();

        QList<QJsonObject> objects;
        for (const char *field : {"resources", "bases"}) {
            for (const YAML::Node &entry : doc[field]) {
                const QString resource = QString::fromStdString(entry.as<std::string>());
                const int line = int(entry.Mark().line) + 1;
                if (isRemote(resource)) {
                    objects.append(remoteStandIn(resource));
                    continue;
                }
                const QString target = QDir::cleanPath(dir + QLatin1Char('/') + resource);
                if (!inside(target))
                    return Error{relative(file), line,
                                 QStringLiteral("resource %1 leaves the repository").arg(resource)};
                const QFileInfo info(target);
                Status status = success();
                if (info.isDir())
                    status = folder(target, &objects);
                else if (info.isFile())
                    status = manifestFile(target, &objects);
                else
                    status = Error{relative(file), line,
                                   QStringLiteral("resource %1 does not exist").arg(resource)};
                if (!status)
                    return status;
            }
        }
        for (const YAML::Node &chart : doc["helmCharts"])
            objects.append(chartStandIn(chart, namespace_));
        if (!namespace_.isEmpty()) {
            for (QJsonObject &object : objects)
                setNamespace(object, namespace_);
        }
        *out += objects;
        m_visiting.remove(dir);
        return success();
    }

    Status manifestFile(const QString &file, QList<QJsonObject> *out) {
        const auto docs = loadYamlFile(file, relative(file));
        if (!docs)
            return docs.error();
        for (const YAML::Node &doc : docs.value()) {
            if (!doc || doc.IsNull())
                continue;
            const int line = int(doc.Mark().line) + 1;
            const QJsonValue value = yamlToJson(doc);
            const QJsonObject object = value.toObject();
            if (!value.isObject() || object.value(QStringLiteral("kind")).toString().isEmpty() ||
                object.value(QStringLiteral("apiVersion")).toString().isEmpty())
                return Error{relative(file), line,
                             QStringLiteral("not a Kubernetes object (apiVersion and kind are "
                                            "required)")};
            if (object.value(QStringLiteral("metadata"))
                    .toObject()
                    .value(QStringLiteral("name"))
                    .toString()
                    .isEmpty())
                return Error{relative(file), line,
                             QStringLiteral("%1 without metadata.name")
                                 .arg(object.value(QStringLiteral("kind")).toString())};
            out->append(object);
        }
        return success();
    }

    static void setNamespace(QJsonObject &object, const QString &namespace_) {
        if (isClusterScopedKind(object.value(QStringLiteral("kind")).toString()))
            return;
        QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
        metadata.insert(QStringLiteral("namespace"), namespace_);
        object.insert(QStringLiteral("metadata"), metadata);
    }

    // One Deployment standing for what a Helm chart installs: it turns healthy like a workload.
    static QJsonObject chartStandIn(const YAML::Node &chart, const QString &namespace_) {
        auto field = [&chart](const char *key) {
            return chart[key] ? QString::fromStdString(chart[key].as<std::string>()) : QString();
        };
        const QString name = field("name");
        const QString release = field("releaseName").isEmpty() ? name : field("releaseName");
        const QString chartNamespace =
            field("namespace").isEmpty() ? namespace_ : field("namespace");
        const QJsonObject labels{{QStringLiteral("app.kubernetes.io/name"), release},
                                 {QStringLiteral("app.kubernetes.io/instance"), release}};
        QJsonObject metadata{
            {QStringLiteral("name"), dnsName(release)},
            {QStringLiteral("labels"), labels},
            {QStringLiteral("annotations"),
             QJsonObject{{QStringLiteral("wavesmith.dev/simulated-chart"),
                          QStringLiteral("%1 %2 %3").arg(field("repo"), name, field("version"))}}}};
        if (!chartNamespace.isEmpty())
            metadata.insert(QStringLiteral("namespace"), chartNamespace);
        const QJsonObject container{
            {QStringLiteral("name"), dnsName(name)},
            {QStringLiteral("image"),
             QStringLiteral("registry.invalid/%1:%2").arg(dnsName(name), field("version"))}};
        return {
            {QStringLiteral("apiVersion"), QStringLiteral("apps/v1")},
            {QStringLiteral("kind"), QStringLiteral("Deployment")},
            {QStringLiteral("metadata"), metadata},
            {QStringLiteral("spec"),
             QJsonObject{
                 {QStringLiteral("replicas"), 1},
                 {QStringLiteral("selector"), QJsonObject{{QStringLiteral("matchLabels"), labels}}},
                 {QStringLiteral("template"),
                  QJsonObject{
                      {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("labels"), labels}}},
                      {QStringLiteral("spec"),
                       QJsonObject{{QStringLiteral("containers"), QJsonArray{container}}}}}}}}};
    }

    // A ConfigMap recording a remote resource the simulation cannot download.
    static QJsonObject remoteStandIn(const QString &url) {
        QString base = url.section(QLatin1Char('/'), -1);
        base = base.section(QLatin1Char('.'), 0, 0);
        return {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
                {QStringLiteral("metadata"),
                 QJsonObject{{QStringLiteral("name"), QStringLiteral("remote-") + dnsName(base)}}},
                {QStringLiteral("data"), QJsonObject{{QStringLiteral("url"), url}}}};
    }

    QString m_root;
    QSet<QString> m_visiting;
};

} // namespace

bool isClusterScopedKind(const QString &kind) {
    static const QSet<QString> kinds = {
        QStringLiteral("Namespace"),
        QStringLiteral("CustomResourceDefinition"),
        QStringLiteral("ClusterRole"),
        QStringLiteral("ClusterRoleBinding"),
        QStringLiteral("StorageClass"),
        QStringLiteral("PersistentVolume"),
        QStringLiteral("PriorityClass"),
        QStringLiteral("IngressClass"),
        QStringLiteral("GatewayClass"),
        QStringLiteral("ValidatingWebhookConfiguration"),
        QStringLiteral("MutatingWebhookConfiguration"),
        QStringLiteral("APIService"),
        QStringLiteral("VolumeSnapshotClass"),
        QStringLiteral("ClusterIssuer"),
        QStringLiteral("ClusterPolicy"),
        QStringLiteral("ClusterSecretStore"),
        QStringLiteral("Node"),
        QStringLiteral("RuntimeClass"),
        QStringLiteral("CSIDriver"),
    };
    return kinds.contains(kind);
}

Result<QList<QJsonObject>> renderRepoPath(const QString &repoDir, const QString &path) {
    try {
        return Renderer(repoDir).render(path);
    } catch (const YAML::Exception &e) {
        return Error{path, int(e.mark.line) + 1, QString::fromStdString(e.msg)};
    }
}

} // namespace wavesmith
