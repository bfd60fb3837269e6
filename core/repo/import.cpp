#include <wavesmith/catalog.h>
#include <wavesmith/render.h>
#include <wavesmith/repo.h>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace wavesmith {

namespace {

QString text(const YAML::Node &node) {
    if (!node || !node.IsScalar())
        return {};
    return QString::fromStdString(node.Scalar());
}

QStringList textList(const YAML::Node &node) {
    QStringList result;
    if (node && node.IsSequence()) {
        for (const YAML::Node &item : node)
            result.append(text(item));
    }
    return result;
}

int lineOf(const YAML::Node &node) {
    return node ? node.Mark().line + 1 : 0;
}

QString fragmentText(const YAML::Node &node) {
    if (!node || node.IsNull())
        return {};
    YAML::Emitter out;
    out.SetIndent(2);
    out << node;
    return QString::fromUtf8(out.c_str()) + QLatin1Char('\n');
}

// Reads and parses one file of the repository; errors carry the relative path and line.
class RepoReader {
public:
    explicit RepoReader(QString root)
        : m_root(std::move(root)) {}

    QString absolute(const QString &relative) const { return QDir(m_root).filePath(relative); }
    bool exists(const QString &relative) const { return QFileInfo::exists(absolute(relative)); }
    bool isDir(const QString &relative) const { return QFileInfo(absolute(relative)).isDir(); }

    Result<std::vector<YAML::Node>> documents(const QString &relative) const {
        QFile file(absolute(relative));
        if (!file.open(QIODevice::ReadOnly))
            return Error{relative, 0, QStringLiteral("cannot read: %1").arg(file.errorString())};
        if (file.size() > kMaxManifestBytes) {
            return Error{relative, 0,
                         QStringLiteral("file is %1 MB; manifests over %2 MB are refused")
                             .arg(file.size() / (1024 * 1024))
                             .arg(kMaxManifestBytes / (1024 * 1024))};
        }
        const QByteArray content = file.readAll();
        try {
            std::vector<YAML::Node> docs = YAML::LoadAll(content.toStdString());
            return docs;
        } catch (const YAML::Exception &e) {
            return Error{relative, e.mark.line + 1,
                         QStringLiteral("malformed YAML: %1").arg(QString::fromStdString(e.msg))};
        }
    }

    // Every folder of the repository, relative and sorted, hidden folders skipped.
    const QStringList &folders() const {
        if (m_folders.isEmpty()) {
            QDirIterator it(m_root, QDir::Dirs | QDir::NoDotAndDotDot,
                            QDirIterator::Subdirectories);
            const QDir root(m_root);
            while (it.hasNext()) {
                const QString relative = root.relativeFilePath(it.next());
                if (!relative.startsWith(QLatin1Char('.')) &&
                    !relative.contains(QLatin1String("/.")))
                    m_folders.append(relative);
            }
            std::sort(m_folders.begin(), m_folders.end());
        }
        return m_folders;
    }

private:
    QString m_root;
    mutable QStringList m_folders;
};

// Go template (`{{ .path.basename }}`) and fasttemplate (`{{path.basename}}`) parameters of
// the git directory generator.
QString expandPathTemplate(const QString &pattern, const QString &path, bool *unresolved) {
    static const QRegularExpression expression(
        QStringLiteral("\\{\\{\\s*\\.?path(?:\\.(path|basename|basenameNormalized)|\\[(\\d+)\\]|"
                       "\\.segments\\[(\\d+)\\])?\\s*\\}\\}"));
    QString result;
    qsizetype last = 0;
    auto it = expression.globalMatch(pattern);
    const QStringList segments = path.split(QLatin1Char('/'));
    while (it.hasNext()) {
        const auto match = it.next();
        result += pattern.mid(last, match.capturedStart() - last);
        const QString field = match.captured(1);
        const QString index = match.captured(2).isEmpty() ? match.captured(3) : match.captured(2);
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
    result += pattern.mid(last);
    if (unresolved)
        *unresolved = result.contains(QLatin1String("{{"));
    return result;
}

bool globMatches(const QString &pattern, const QString &path) {
    // path.Match semantics: `*` and `?` never cross a `/`.
    const QStringList patternParts = pattern.split(QLatin1Char('/'));
    const QStringList pathParts = path.split(QLatin1Char('/'));
    if (patternParts.size() != pathParts.size())
        return false;
    for (qsizetype i = 0; i < patternParts.size(); ++i) {
        const QRegularExpression re(
            QRegularExpression::anchoredPattern(QRegularExpression::wildcardToRegularExpression(
                patternParts.at(i), QRegularExpression::UnanchoredWildcardConversion)));
        if (!re.match(pathParts.at(i)).hasMatch())
            return false;
    }
    return true;
}

class Importer {
public:
    Importer(const QString &dir, const Catalog &catalog)
        : m_reader(dir)
        , m_catalog(catalog) {}

    Result<Design> run(const ImportOptions &options) {
        readLayoutSidecar();
        const QString rootFile =
            options.rootFile.isEmpty() ? m_design.layout.rootFile() : options.rootFile;
        if (!m_reader.exists(rootFile)) {
            return Error{rootFile, 0,
                         QStringLiteral("no root Application: this file does not exist (is this "
                                        "a Wavesmith/Argo CD app-of-apps repository?)")};
        }
        if (auto status = readRoot(rootFile); !status)
            return status.error();
        if (auto status = readKustomization(m_design.root.path); !status)
            return status.error();
        if (m_reader.exists(m_design.layout.valuesFile())) {
            if (auto status = readArgocdValues(m_design.layout.valuesFile()); !status)
                return status.error();
        }
        nameUnnamedWaves();
        return m_design;
    }

private:
    void diagnose(Diagnostic::Severity severity, const QString &file, int line,
                  const QString &message) {
        m_design.diagnostics.append({severity, file, line, message});
    }

    void readLayoutSidecar() {
        const QString file = QString::fromUtf16(kLayoutSidecar);
        if (!m_reader.exists(file))
            return;
        auto docs = m_reader.documents(file);
        if (!docs) {
            diagnose(Diagnostic::Severity::Warning, file, docs.error().line,
                     docs.error().message + QStringLiteral(" (phase names ignored)"));
            return;
        }
        for (const YAML::Node &doc : docs.value()) {
            const YAML::Node waves = doc.IsMap() ? doc["waves"] : YAML::Node();
            if (!waves || !waves.IsSequence())
                continue;
            for (const YAML::Node &w : waves) {
                bool ok = false;
                const int number = text(w["wave"]).toInt(&ok);
                if (ok)
                    m_design.waves.append({number, text(w["phase"])});
            }
        }
    }

    int wave(const YAML::Node &metadata, const QString &file) {
        const YAML::Node annotations = metadata["annotations"];
        const YAML::Node value =
            annotations ? annotations[QString::fromUtf16(kSyncWaveAnnotation).toStdString()]
                        : YAML::Node();
        if (!value)
            return 0;
        bool ok = false;
        const int number = text(value).trimmed().toInt(&ok);
        if (!ok) {
            diagnose(Diagnostic::Severity::Error, file, lineOf(value),
                     QStringLiteral("sync-wave \"%1\" is not an integer; Argo CD will refuse to "
                                    "sync it (read here as wave 0)")
                         .arg(text(value)));
        }
        return ok ? number : 0;
    }

    Status readRoot(const QString &file) {
        auto docs = m_reader.documents(file);
        if (!docs)
            return docs.error();
        for (const YAML::Node &doc : docs.value()) {
            if (!doc.IsMap() || text(doc["kind"]) != QLatin1String("Application"))
                continue;
            const YAML::Node spec = doc["spec"];
            const YAML::Node source = spec["source"];
            m_design.root.name = text(doc["metadata"]["name"]);
            m_design.root.project = text(spec["project"]);
            m_design.root.path = text(source["path"]);
            m_design.root.syncOptions = textList(spec["syncPolicy"]["syncOptions"]);
            m_design.root.location = {file, lineOf(doc)};
            m_design.repoURL = text(source["repoURL"]);
            m_design.targetRevision = text(source["targetRevision"]);
            if (m_design.root.path.isEmpty())
                return Error{file, lineOf(doc),
                             QStringLiteral("the root Application has no "
                                            "spec.source.path")};
            // The layout follows the root: its folder holds values.yaml.
            m_design.layout.argocdDir = QFileInfo(file).path();
            return success();
        }
        return Error{file, 0, QStringLiteral("no Application in this file")};
    }

    Status readKustomization(const QString &folder) {
        const QString file = folder + QStringLiteral("/kustomization.yaml");
        if (!m_reader.exists(file))
            return Error{folder, 0,
                         QStringLiteral("no kustomization.yaml in the folder the root "
                                        "Application renders")};
        auto docs = m_reader.documents(file);
        if (!docs)
            return docs.error();
        const YAML::Node doc = docs->empty() ? YAML::Node() : docs->front();
        for (const YAML::Node &resource : doc["resources"]) {
            const QString entry = text(resource);
            const QString path = QDir::cleanPath(folder + QLatin1Char('/') + entry);
            if (entry.contains(QLatin1String("://"))) {
                diagnose(Diagnostic::Severity::Info, file, lineOf(resource),
                         QStringLiteral("remote resource %1 is kept as is").arg(entry));
            } else if (m_reader.isDir(path)) {
                if (auto status = readKustomization(path); !status)
                    return status;
            } else if (!m_reader.exists(path)) {
                diagnose(Diagnostic::Severity::Error, file, lineOf(resource),
                         QStringLiteral("resource %1 does not exist").arg(entry));
            } else if (auto status = readManifests(path); !status) {
                return status;
            }
        }
        return success();
    }

    Status readManifests(const QString &file) {
        auto docs = m_reader.documents(file);
        if (!docs)
            return docs.error();
        bool projectsSeen = false;
        for (const YAML::Node &doc : docs.value()) {
            if (!doc.IsMap())
                continue;
            const QString kind = text(doc["kind"]);
            if (kind == QLatin1String("Application")) {
                readApplication(doc, file);
            } else if (kind == QLatin1String("ApplicationSet")) {
                readApplicationSet(doc, file);
            } else if (kind == QLatin1String("AppProject")) {
                readProject(doc);
                if (!projectsSeen) {
                    projectsSeen = true;
                    Component bundle;
                    bundle.name = QFileInfo(file).completeBaseName();
                    bundle.kind = ComponentKind::Projects;
                    bundle.wave = wave(doc["metadata"], file);
                    bundle.namespace_ = text(doc["metadata"]["namespace"]);
                    bundle.location = {file, lineOf(doc)};
                    bundle.project.clear();
                    bundle.destinationServer.clear();
                    bundle.automated = false;
                    m_design.components.append(bundle);
                }
            } else {
                diagnose(Diagnostic::Severity::Info, file, lineOf(doc),
                         QStringLiteral("%1 \"%2\" is not modelled; kept untouched")
                             .arg(kind, text(doc["metadata"]["name"])));
            }
        }
        return success();
    }

    static Source readSource(const YAML::Node &node) {
        Source s;
        s.repoURL = text(node["repoURL"]);
        s.path = text(node["path"]);
        s.targetRevision = text(node["targetRevision"]);
        s.chart = text(node["chart"]);
        s.ref = text(node["ref"]);
        const YAML::Node helm = node["helm"];
        if (helm) {
            s.valueFiles = textList(helm["valueFiles"]);
            s.helmValues =
                helm["valuesObject"] ? fragmentText(helm["valuesObject"]) : text(helm["values"]);
        }
        return s;
    }

    HelmChart folderChart(const QString &folder) {
        const QString file = folder + QStringLiteral("/kustomization.yaml");
        if (folder.isEmpty() || !m_reader.exists(file))
            return {};
        auto docs = m_reader.documents(file);
        if (!docs) {
            diagnose(Diagnostic::Severity::Error, docs.error().file, docs.error().line,
                     docs.error().message);
            return {};
        }
        if (docs->empty() || !docs->front().IsMap())
            return {};
        const YAML::Node charts = docs->front()["helmCharts"];
        if (!charts || !charts.IsSequence() || charts.size() == 0)
            return {};
        HelmChart chart{text(charts[0]["repo"]), text(charts[0]["name"]),
                        text(charts[0]["version"]), text(charts[0]["releaseName"])};
        if (chart.releaseName == chart.name)
            chart.releaseName.clear();
        return chart;
    }

    void fillCommon(Component &c, const YAML::Node &spec) {
        c.project = text(spec["project"]);
        c.destinationServer = text(spec["destination"]["server"]);
        if (c.destinationServer.isEmpty())
            c.destinationServer = text(spec["destination"]["name"]);
        c.namespace_ = text(spec["destination"]["namespace"]);
        const YAML::Node syncPolicy = spec["syncPolicy"];
        c.syncOptions = textList(syncPolicy["syncOptions"]);
        c.automated =
            syncPolicy && syncPolicy["automated"].IsDefined() && !syncPolicy["automated"].IsNull();
        c.ignoreDifferences = fragmentText(spec["ignoreDifferences"]);
    }

    QString catalogIdFor(const QString &name, const HelmChart &chart) const {
        if (const CatalogEntry *e = m_catalog.match(name))
            return e->id;
        if (!chart.isEmpty()) {
            if (const CatalogEntry *e = m_catalog.match(chart.name))
                return e->id;
        }
        return {};
    }

    void readApplication(const YAML::Node &doc, const QString &file) {
        const YAML::Node metadata = doc["metadata"];
        const YAML::Node spec = doc["spec"];
        Component c;
        c.name = text(metadata["name"]);
        c.kind = ComponentKind::Application;
        c.wave = wave(metadata, file);
        c.location = {file, lineOf(doc)};
        fillCommon(c, spec);
        if (spec["sources"] && spec["sources"].IsSequence()) {
            for (const YAML::Node &s : spec["sources"])
                c.sources.append(readSource(s));
        } else if (spec["source"]) {
            c.sources.append(readSource(spec["source"]));
        }
        const YAML::Node depends =
            metadata["annotations"][QString::fromUtf16(kDependsOnAnnotation).toStdString()];
        for (const QString &name : text(depends).split(QLatin1Char(','), Qt::SkipEmptyParts))
            c.dependsOn.append(name.trimmed());
        if (const Source *s = c.primarySource();
            s && !s->isHelm() && s->repoURL == m_design.repoURL)
            c.chart = folderChart(s->path);
        c.catalogId = catalogIdFor(c.name, c.chart);
        m_design.components.append(c);
    }

    QStringList resolveDirectories(const QList<DirectoryEntry> &entries, const QString &file,
                                   int line) {
        QStringList included;
        for (const DirectoryEntry &entry : entries) {
            if (entry.exclude)
                continue;
            QStringList matches;
            for (const QString &folder : m_reader.folders()) {
                if (globMatches(entry.path, folder) && !included.contains(folder))
                    matches.append(folder);
            }
            if (matches.isEmpty()) {
                diagnose(
                    Diagnostic::Severity::Warning, file, line,
                    QStringLiteral("git generator path \"%1\" matches no folder").arg(entry.path));
            }
            included += matches;
        }
        QStringList result;
        for (const QString &folder : included) {
            const bool excluded =
                std::any_of(entries.begin(), entries.end(), [&](const DirectoryEntry &e) {
                    return e.exclude && globMatches(e.path, folder);
                });
            if (!excluded)
                result.append(folder);
        }
        return result;
    }

    void readApplicationSet(const YAML::Node &doc, const QString &file) {
        const YAML::Node metadata = doc["metadata"];
        const YAML::Node spec = doc["spec"];
        ApplicationSet set;
        set.name = text(metadata["name"]);
        set.wave = wave(metadata, file);
        set.location = {file, lineOf(doc)};
        set.goTemplate = text(spec["goTemplate"]) == QLatin1String("true");
        const YAML::Node templ = spec["template"];
        const YAML::Node templSpec = templ["spec"];
        set.nameTemplate = text(templ["metadata"]["name"]);
        set.namespaceTemplate = text(templSpec["destination"]["namespace"]);
        set.project = text(templSpec["project"]);
        set.syncOptions = textList(templSpec["syncPolicy"]["syncOptions"]);

        const YAML::Node generators = spec["generators"];
        const YAML::Node git = generators && generators.IsSequence() && generators.size() > 0
                                   ? generators[0]["git"]
                                   : YAML::Node();
        if (!git || generators.size() != 1 || !git["directories"]) {
            diagnose(Diagnostic::Severity::Warning, file, lineOf(doc),
                     QStringLiteral("ApplicationSet \"%1\": only a single git directory generator "
                                    "is modelled; its members are not shown")
                         .arg(set.name));
            m_design.applicationSets.append(set);
            return;
        }
        set.repoURL = text(git["repoURL"]);
        set.revision = text(git["revision"]);
        for (const YAML::Node &d : git["directories"])
            set.directories.append({text(d["path"]), text(d["exclude"]) == QLatin1String("true")});

        for (const QString &folder : resolveDirectories(set.directories, file, lineOf(git))) {
            Component c;
            bool unresolved = false;
            c.name = expandPathTemplate(set.nameTemplate, folder, &unresolved);
            c.kind = ComponentKind::AppSetMember;
            c.wave = set.wave;
            c.appSet = set.name;
            c.location = {file, lineOf(doc)};
            fillCommon(c, templSpec);
            c.namespace_ = expandPathTemplate(set.namespaceTemplate, folder, &unresolved);
            Source s = readSource(templSpec["source"]);
            s.path = folder;
            c.sources = {s};
            if (unresolved) {
                diagnose(Diagnostic::Severity::Warning, file, lineOf(templ),
                         QStringLiteral("template expression in ApplicationSet \"%1\" is not "
                                        "understood; member %2 shown unexpanded")
                             .arg(set.name, folder));
            }
            c.chart = folderChart(folder);
            c.catalogId = catalogIdFor(c.name, c.chart);
            set.members.append(c.name);
            m_design.components.append(c);
        }
        m_design.applicationSets.append(set);
    }

    void readProject(const YAML::Node &doc) {
        AppProject p;
        p.name = text(doc["metadata"]["name"]);
        const YAML::Node spec = doc["spec"];
        p.description = text(spec["description"]);
        p.sourceRepos = textList(spec["sourceRepos"]);
        for (const YAML::Node &d : spec["destinations"])
            p.destinationNamespaces.append(text(d["namespace"]));
        m_design.projects.append(p);
    }

    Status readArgocdValues(const QString &file) {
        auto docs = m_reader.documents(file);
        if (!docs)
            return docs.error();
        if (docs->empty() || !docs->front().IsMap())
            return success();
        const YAML::Node configs = docs->front()["configs"];
        if (!configs)
            return success();
        const QString healthPrefix = QStringLiteral("resource.customizations.health.");
        const QString openLibsPrefix = QStringLiteral("resource.customizations.useOpenLibs.");
        QStringList openLibs;
        for (const auto &item : configs["cm"]) {
            const QString key = QString::fromStdString(item.first.Scalar());
            const QString value = text(item.second);
            if (key.startsWith(healthPrefix)) {
                const QString groupKind = key.mid(healthPrefix.size());
                const qsizetype split = groupKind.lastIndexOf(QLatin1Char('_'));
                HealthCustomization h;
                h.group = split < 0 ? QString() : groupKind.left(split);
                h.kind = split < 0 ? groupKind : groupKind.mid(split + 1);
                h.lua = value;
                h.location = {file, lineOf(item.second)};
                m_design.healthChecks.append(h);
            } else if (key.startsWith(openLibsPrefix)) {
                if (value == QLatin1String("true"))
                    openLibs.append(key.mid(openLibsPrefix.size()));
            } else {
                m_design.argocdConfig.insert(key, value);
            }
        }
        for (HealthCustomization &h : m_design.healthChecks)
            h.useOpenLibs = openLibs.contains(h.configKey().mid(healthPrefix.size()));
        for (const auto &item : configs["params"])
            m_design.argocdParams.insert(QString::fromStdString(item.first.Scalar()),
                                         text(item.second));
        return success();
    }

    void nameUnnamedWaves() {
        for (int number : m_design.waveNumbers()) {
            if (m_design.phaseName(number).isEmpty() &&
                std::none_of(m_design.waves.begin(), m_design.waves.end(),
                             [&](const Wave &w) { return w.number == number; }))
                m_design.waves.append({number, QString()});
        }
        std::sort(m_design.waves.begin(), m_design.waves.end(),
                  [](const Wave &a, const Wave &b) { return a.number < b.number; });
    }

    RepoReader m_reader;
    const Catalog &m_catalog;
    Design m_design;
};

} // namespace

Result<Design> importRepository(const QString &dir, const Catalog &catalog,
                                const ImportOptions &options) {
    const QFileInfo info(dir);
    if (!info.exists())
        return Error{dir, 0, QStringLiteral("no such folder")};
    if (!info.isDir())
        return Error{dir, 0, QStringLiteral("not a folder")};
    if (!info.isReadable())
        return Error{dir, 0, QStringLiteral("folder is not readable")};
    try {
        return Importer(info.absoluteFilePath(), catalog).run(options);
    } catch (const YAML::Exception &e) {
        // Type errors deep in a document (a map where a list belongs).
        return Error{dir, e.mark.line + 1, QString::fromStdString(e.msg)};
    }
}

} // namespace wavesmith
