#include "pathglob.h"
#include "pathtemplate.h"
#include "reposnapshot.h"
#include "repotree.h"
#include "yamlload.h"

#include <wavesmith/catalog.h>
#include <wavesmith/render.h>
#include <wavesmith/repo.h>

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

namespace wavesmith {

namespace {

// A child of a map, or an undefined node: never throws on missing keys or non-maps (yaml-cpp
// throws when a missing child is subscripted again).
YAML::Node get(const YAML::Node &node, const char *key) {
    if (!node || !node.IsMap())
        return YAML::Node(YAML::NodeType::Undefined);
    return node[key];
}

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
// Reads from the disk, or from a snapshot of the repository's manifests where it holds the file.
class RepoReader {
public:
    RepoReader(QString root, const RepoSnapshot *snapshot)
        : m_root(std::move(root))
        , m_snapshot(snapshot) {}

    QString absolute(const QString &relative) const { return QDir(m_root).filePath(relative); }
    bool exists(const QString &relative) const {
        if (m_snapshot && (m_snapshot->file(relative) || m_snapshot->hasFolder(relative)))
            return true;
        return QFileInfo::exists(absolute(relative));
    }
    bool isDir(const QString &relative) const {
        if (m_snapshot && m_snapshot->hasFolder(relative))
            return true;
        if (m_snapshot && m_snapshot->file(relative))
            return false;
        return QFileInfo(absolute(relative)).isDir();
    }

    // A file's bytes (refused over kMaxManifestBytes, errors naming `relative`).
    Result<QByteArray> read(const QString &relative) const {
        if (const QByteArray *held = m_snapshot ? m_snapshot->file(relative) : nullptr)
            return *held;
        return readRepoFile(absolute(relative), relative);
    }

    // A file's documents: parsed ahead by prefetch(), or read and parsed now.
    Result<std::vector<YAML::Node>> documents(const QString &relative) {
        if (const auto it = m_prefetched.find(relative); it != m_prefetched.end()) {
            Result<std::vector<YAML::Node>> parsed = std::move(it->second);
            m_prefetched.erase(it); // a file listed twice is read twice, as it always was
            return parsed;
        }
        return parse(relative);
    }

    // Parses `files` on every core before the importer walks them one by one. Parsing is most
    // of an import's time; the walk (and so every diagnostic and the model's order) stays
    // sequential, and a file's result, error included, is the one documents() would give.
    // The same worker also reads each Application's source folder kustomization, so the
    // importer's chart lookup (folderChart) skips the folders that hold no chart.
    void prefetch(const QStringList &files) {
        std::vector<std::optional<Result<std::vector<YAML::Node>>>> parsed(size_t(files.size()));
        std::vector<QStringList> chartless(size_t(files.size()));
        forEachInParallel(files.size(), [&](qsizetype i) {
            parsed[size_t(i)].emplace(parse(files[i]));
            if (parsed[size_t(i)]->ok())
                chartless[size_t(i)] = chartlessSourceFolders(parsed[size_t(i)]->value());
        });
        for (qsizetype i = 0; i < files.size(); ++i) {
            m_prefetched.insert_or_assign(files[i], std::move(*parsed[size_t(i)]));
            for (const QString &folder : std::as_const(chartless[size_t(i)]))
                m_chartless.insert(folder);
        }
    }

    // True when `folder`'s kustomization is known to name no helmCharts (read by prefetch).
    bool knownChartless(const QString &folder) const { return m_chartless.contains(folder); }

    // The folders a git generator path can match, sorted. Only a literal '/' matches a '/', so
    // a pattern without classes or escapes matches folders exactly as deep as it is, below its
    // leading literal segments: only those are listed ("set-0/*" lists set-0). Other patterns
    // are matched against every folder of the repository.
    QStringList candidateFolders(const QString &pattern) const {
        static const QRegularExpression special(QStringLiteral("[*?\\[\\\\]"));
        if (pattern.contains(QLatin1Char('[')) || pattern.contains(QLatin1Char('\\')))
            return allFolders();
        const QStringList segments = pattern.split(QLatin1Char('/'));
        // "a//b", "/a", "./a" name no listed folder the same way: leave them to the full list.
        if (segments.contains(QString()) || segments.contains(QStringLiteral(".")) ||
            segments.contains(QStringLiteral("..")))
            return allFolders();
        QStringList literal;
        for (const QString &segment : segments) {
            if (segment.contains(special))
                break;
            literal.append(segment);
        }
        if (literal.size() == segments.size()) // no wildcard at all: the folder itself
            literal.removeLast();
        return scanRepoFoldersAt(m_root, literal.join(QLatin1Char('/')),
                                 int(segments.size() - literal.size()));
    }

    // Every folder of the repository, relative and sorted, hidden folders skipped.
    const QStringList &allFolders() const {
        if (m_snapshot)
            return m_snapshot->folders();
        if (!m_foldersRead) {
            m_foldersRead = true;
            if (auto tree = scanRepoTree(m_root))
                m_folders = std::move(tree->folders);
        }
        return m_folders;
    }

private:
    Result<std::vector<YAML::Node>> parse(const QString &relative) const {
        if (const QByteArray *held = m_snapshot ? m_snapshot->file(relative) : nullptr)
            return loadYamlDocuments(*held, relative);
        return loadYamlFile(absolute(relative), relative);
    }

    QString m_root;
    const RepoSnapshot *m_snapshot;
    mutable bool m_foldersRead = false;
    mutable QStringList m_folders;
    // The source folders of the Applications in `documents` whose kustomization.yaml is
    // missing, unreadable or has no "helmCharts" (what folderChart looks for before parsing).
    QStringList chartlessSourceFolders(const std::vector<YAML::Node> &documents) const {
        QStringList folders;
        try {
            for (const YAML::Node &doc : documents) {
                if (!doc.IsMap() || text(get(doc, "kind")) != QLatin1String("Application"))
                    continue;
                const YAML::Node spec = get(doc, "spec");
                QStringList paths{text(get(get(spec, "source"), "path"))};
                const YAML::Node sources = get(spec, "sources");
                if (sources && sources.IsSequence()) {
                    for (const YAML::Node &source : sources)
                        paths.append(text(get(source, "path")));
                }
                for (const QString &folder : std::as_const(paths)) {
                    if (folder.isEmpty())
                        continue;
                    const QString file = folder + QStringLiteral("/kustomization.yaml");
                    const auto content = read(file);
                    if (!content || !content->contains("helmCharts"))
                        folders.append(folder);
                }
            }
        } catch (const YAML::Exception &) {
            // A document the importer will report on; nothing is known ahead for it.
        }
        return folders;
    }

    std::map<QString, Result<std::vector<YAML::Node>>> m_prefetched;
    QSet<QString> m_chartless;
};

// The generator's parameters for one folder; `unresolved` when a template is left over.
QString expandMemberTemplate(const QString &pattern, const QString &path, bool *unresolved) {
    const QString result = expandPathTemplate(pattern, path);
    if (unresolved)
        *unresolved = result.contains(QLatin1String("{{"));
    return result;
}

// List generator parameters: `{{name}}` (fasttemplate) or `{{ .name }}` (Go template), with
// nested keys as `values.x`. Anything else (functions, pipes) is left as written.
QString expandParams(const QString &pattern, const QMap<QString, QString> &params,
                     bool *unresolved) {
    static const QRegularExpression expression(
        QStringLiteral("\\{\\{\\s*\\.?([A-Za-z0-9_.-]+)\\s*\\}\\}"));
    QString result;
    qsizetype last = 0;
    auto it = expression.globalMatch(pattern);
    while (it.hasNext()) {
        const auto match = it.next();
        result += pattern.mid(last, match.capturedStart() - last);
        const auto value = params.constFind(match.captured(1));
        result += value == params.constEnd() ? match.captured(0) : *value;
        last = match.capturedEnd();
    }
    result += pattern.mid(last);
    if (unresolved && result.contains(QLatin1String("{{")))
        *unresolved = true;
    return result;
}

class Importer {
public:
    Importer(const QString &dir, const Catalog &catalog, const RepoSnapshot *snapshot)
        : m_reader(dir, snapshot)
        , m_catalog(catalog) {}

    Result<Design> run(const ImportOptions &options) {
        readLayoutSidecar();
        QString rootFile = options.rootFile;
        if (rootFile.isEmpty()) {
            rootFile = m_design.layout.rootFile();
            if (!m_reader.exists(rootFile)) {
                auto found = findRoot();
                if (!found)
                    return found.error();
                rootFile = found.value();
            }
        }
        if (!m_reader.exists(rootFile)) {
            return Error{rootFile, 0,
                         QStringLiteral("no root Application: this file does not exist (is this "
                                        "a Wavesmith/Argo CD app-of-apps repository?)")};
        }
        if (auto status = readRoot(rootFile); !status)
            return status.error();
        if (auto status = readKustomization(m_design.root.path); !status)
            return status.error();
        readArgocdConfigMapsBesideRoot(rootFile);
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
            const YAML::Node waves = doc.IsMap() ? get(doc, "waves") : YAML::Node();
            if (!waves || !waves.IsSequence())
                continue;
            for (const YAML::Node &w : waves) {
                bool ok = false;
                const int number = text(get(w, "wave")).toInt(&ok);
                if (!ok)
                    continue;
                m_design.waves.append({number, text(get(w, "phase")), budget(w, file)});
                // The canvas's arranged node order (auto-arrange); absent until arranged.
                if (const YAML::Node order = get(w, "order"); order && order.IsSequence()) {
                    QStringList names;
                    for (const YAML::Node &name : order) {
                        if (name.IsScalar())
                            names.append(text(name));
                    }
                    if (!names.isEmpty())
                        m_design.laneOrders.insert(number, names);
                }
            }
        }
    }

    // A lane's time budget for bootstraps, whole seconds; anything else is reported and
    // ignored (the lane keeps no budget of its own).
    int budget(const YAML::Node &lane, const QString &file) {
        const YAML::Node value = get(lane, "budget");
        if (!value || value.IsNull())
            return 0;
        bool ok = false;
        const int seconds = value.IsScalar() ? text(value).trimmed().toInt(&ok) : 0;
        if (!ok || seconds <= 0) {
            diagnose(Diagnostic::Severity::Warning, file, lineOf(value),
                     QStringLiteral("wave budget \"%1\" is not a positive number of seconds "
                                    "(ignored)")
                         .arg(value.IsScalar() ? text(value) : QStringLiteral("…")));
            return 0;
        }
        return seconds;
    }

    int wave(const YAML::Node &metadata, const QString &file) {
        const YAML::Node annotations = get(metadata, "annotations");
        const YAML::Node value =
            get(annotations, QString::fromUtf16(kSyncWaveAnnotation).toStdString().c_str());
        if (!value || value.IsNull())
            return 0; // no annotation: Argo CD's default wave
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
            if (!doc.IsMap() || text(get(doc, "kind")) != QLatin1String("Application"))
                continue;
            const YAML::Node spec = get(doc, "spec");
            const YAML::Node source = get(spec, "source");
            m_design.root.name = text(get(get(doc, "metadata"), "name"));
            m_design.root.project = text(get(spec, "project"));
            m_design.root.path = text(get(source, "path"));
            m_design.root.syncOptions = textList(get(get(spec, "syncPolicy"), "syncOptions"));
            m_design.root.location = {file, lineOf(doc)};
            m_design.repoURL = text(get(source, "repoURL"));
            m_design.targetRevision = text(get(source, "targetRevision"));
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

    // kustomize accepts three file names.
    QString kustomizationOf(const QString &folder) const {
        for (const char *name : {"kustomization.yaml", "kustomization.yml", "Kustomization"}) {
            const QString file = folder + QLatin1Char('/') + QLatin1String(name);
            if (m_reader.exists(file))
                return file;
        }
        return {};
    }

    // A folder as Argo CD renders it: through its kustomization, or (a plain directory
    // source) every YAML file in it.
    Status readKustomization(const QString &folder) {
        if (m_visitedFolders.contains(folder))
            return success();
        m_visitedFolders.insert(folder);
        const QString file = kustomizationOf(folder);
        if (file.isEmpty())
            return readPlainFolder(folder);
        auto docs = m_reader.documents(file);
        if (!docs)
            return docs.error();
        const YAML::Node doc = docs->empty() ? YAML::Node() : docs->front();
        const YAML::Node resources = doc.IsMap() ? get(doc, "resources") : YAML::Node();
        if (resources && !resources.IsNull() && !resources.IsSequence()) {
            diagnose(Diagnostic::Severity::Error, file, lineOf(resources),
                     QStringLiteral("resources: is not a list; nothing read from it"));
            return success();
        }
        // Classified first, so the listed files can be parsed ahead, in parallel, a batch at a
        // time (parsed documents of thousands of files at once would cost memory for nothing).
        enum class EntryKind { Remote, Folder, Missing, File };
        struct Entry {
            YAML::Node resource;
            QString text;
            QString path;
            EntryKind kind;
        };
        QList<Entry> entries;
        for (const YAML::Node &resource : resources) {
            Entry entry{resource, text(resource), QString(), EntryKind::File};
            entry.path = QDir::cleanPath(folder + QLatin1Char('/') + entry.text);
            if (entry.text.contains(QLatin1String("://")))
                entry.kind = EntryKind::Remote;
            else if (m_reader.isDir(entry.path))
                entry.kind = EntryKind::Folder;
            else if (!m_reader.exists(entry.path))
                entry.kind = EntryKind::Missing;
            entries.append(entry);
        }
        constexpr qsizetype kPrefetchBatch = 256;
        for (qsizetype batch = 0; batch < entries.size(); batch += kPrefetchBatch) {
            const qsizetype end = std::min(entries.size(), batch + kPrefetchBatch);
            QStringList files;
            for (qsizetype i = batch; i < end; ++i) {
                if (entries[i].kind == EntryKind::File)
                    files.append(entries[i].path);
            }
            m_reader.prefetch(files);
            for (qsizetype i = batch; i < end; ++i) {
                const Entry &entry = entries[i];
                if (entry.kind == EntryKind::Remote) {
                    diagnose(Diagnostic::Severity::Info, file, lineOf(entry.resource),
                             QStringLiteral("remote resource %1 is kept as is").arg(entry.text));
                } else if (entry.kind == EntryKind::Folder) {
                    if (auto status = readKustomization(entry.path); !status)
                        return status;
                } else if (entry.kind == EntryKind::Missing) {
                    diagnose(Diagnostic::Severity::Error, file, lineOf(entry.resource),
                             QStringLiteral("resource %1 does not exist").arg(entry.text));
                } else if (auto status = readManifests(entry.path); !status) {
                    return status;
                }
            }
        }
        for (const char *key : {"patches", "patchesStrategicMerge", "components", "generators"}) {
            if (doc.IsMap() && doc[key]) {
                diagnose(Diagnostic::Severity::Info, file, lineOf(doc[key]),
                         QStringLiteral("kustomize %1 are not applied to the model; kept as is")
                             .arg(QLatin1String(key)));
            }
        }
        return success();
    }

    Status readPlainFolder(const QString &folder) {
        if (!m_reader.isDir(folder)) {
            return Error{folder, 0,
                         QStringLiteral("the folder the root Application renders does not "
                                        "exist")};
        }
        const QStringList files =
            QDir(m_reader.absolute(folder))
                .entryList({QStringLiteral("*.yaml"), QStringLiteral("*.yml")}, QDir::Files,
                           QDir::Name);
        QStringList paths;
        for (const QString &name : files)
            paths.append(folder + QLatin1Char('/') + name);
        m_reader.prefetch(paths);
        for (const QString &path : std::as_const(paths)) {
            if (auto status = readManifests(path); !status)
                return status;
        }
        return success();
    }

    // Without --root and without the canonical root.yaml: the Application whose source folder
    // holds other Applications or ApplicationSets, and that no other such Application renders.
    Result<QString> findRoot() {
        static const QRegularExpression applicationKind(
            QStringLiteral("^kind:\\s*[\"']?Application(Set)?[\"']?\\s*$"),
            QRegularExpression::MultilineOption);
        QStringList manifests;
        QDirIterator it(m_reader.absolute(QString()),
                        {QStringLiteral("*.yaml"), QStringLiteral("*.yml")}, QDir::Files,
                        QDirIterator::Subdirectories);
        const QDir root(m_reader.absolute(QString()));
        while (it.hasNext()) {
            const QString relative = root.relativeFilePath(it.next());
            if (!relative.startsWith(QLatin1Char('.')) && !relative.contains(QLatin1String("/.")))
                manifests.append(relative);
        }
        manifests.sort();
        // Files naming an Application kind, read as text first so most files are never parsed.
        QSet<QString> applicationFolders;
        QList<std::pair<QString, QString>> applications; // file, rendered folder
        for (const QString &file : manifests) {
            const auto content = m_reader.read(file);
            if (!content || !applicationKind.match(QString::fromUtf8(content.value())).hasMatch())
                continue;
            applicationFolders.insert(QFileInfo(file).path());
            auto docs = m_reader.documents(file);
            if (!docs)
                continue;
            for (const YAML::Node &doc : docs.value()) {
                if (!doc.IsMap() || text(get(doc, "kind")) != QLatin1String("Application"))
                    continue;
                const YAML::Node source =
                    get(doc, "spec") ? get(get(doc, "spec"), "source") : YAML::Node();
                const QString path = source && source.IsMap()
                                         ? QDir::cleanPath(text(get(source, "path")))
                                         : QString();
                if (!path.isEmpty() && m_reader.isDir(path))
                    applications.append({file, path});
            }
        }
        QStringList candidates;
        QSet<QString> renderedByCandidates;
        for (const auto &[file, folder] : applications) {
            const bool rendersApps = std::any_of(
                applicationFolders.begin(), applicationFolders.end(), [&](const QString &f) {
                    return f == folder || f.startsWith(folder + QLatin1Char('/'));
                });
            if (rendersApps) {
                candidates.append(file);
                renderedByCandidates.insert(folder);
            }
        }
        QStringList tops;
        for (const QString &file : candidates) {
            const QString folder = QFileInfo(file).path();
            const bool rendered = std::any_of(
                renderedByCandidates.begin(), renderedByCandidates.end(), [&](const QString &r) {
                    return folder == r || folder.startsWith(r + QLatin1Char('/'));
                });
            if (!rendered)
                tops.append(file);
        }
        if (tops.isEmpty()) {
            return Error{m_design.layout.rootFile(), 0,
                         QStringLiteral("no root Application: neither this file nor any "
                                        "Application rendering a folder of Applications was "
                                        "found (pass --root FILE)")};
        }
        if (tops.size() > 1) {
            diagnose(Diagnostic::Severity::Info, tops.first(), 0,
                     QStringLiteral("several root Applications found (%1); using the first "
                                    "(choose with --root)")
                         .arg(tops.join(QStringLiteral(", "))));
        }
        return tops.first();
    }

    Status readManifests(const QString &file) {
        auto docs = m_reader.documents(file);
        if (!docs)
            return docs.error();
        bool projectsSeen = false;
        for (const YAML::Node &doc : docs.value()) {
            if (!doc.IsMap())
                continue;
            const QString kind = text(get(doc, "kind"));
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
                    bundle.wave = wave(get(doc, "metadata"), file);
                    bundle.namespace_ = text(get(get(doc, "metadata"), "namespace"));
                    bundle.location = {file, lineOf(doc)};
                    bundle.project.clear();
                    bundle.destinationServer.clear();
                    bundle.automated = false;
                    m_design.components.append(bundle);
                }
            } else if (readArgocdConfigMap(doc, file)) {
                continue;
            } else {
                diagnose(Diagnostic::Severity::Info, file, lineOf(doc),
                         QStringLiteral("%1 \"%2\" is not modelled; kept untouched")
                             .arg(kind, text(get(get(doc, "metadata"), "name"))));
            }
        }
        return success();
    }

    static Source readSource(const YAML::Node &node) {
        Source s;
        s.repoURL = text(get(node, "repoURL"));
        s.path = text(get(node, "path"));
        s.targetRevision = text(get(node, "targetRevision"));
        s.chart = text(get(node, "chart"));
        s.ref = text(get(node, "ref"));
        const YAML::Node helm = get(node, "helm");
        if (helm) {
            s.valueFiles = textList(get(helm, "valueFiles"));
            s.helmValues = get(helm, "valuesObject") ? fragmentText(get(helm, "valuesObject"))
                                                     : text(get(helm, "values"));
        }
        return s;
    }

    HelmChart folderChart(const QString &folder) {
        const QString file = folder + QStringLiteral("/kustomization.yaml");
        if (folder.isEmpty() || m_reader.knownChartless(folder))
            return {};
        // Most component folders install no chart: look for the key before parsing. A missing,
        // unreadable or oversized file has no chart either.
        const auto content = m_reader.read(file);
        if (!content || !content->contains("helmCharts"))
            return {};
        auto docs = m_reader.documents(file);
        if (!docs) {
            diagnose(Diagnostic::Severity::Error, docs.error().file, docs.error().line,
                     docs.error().message);
            return {};
        }
        if (docs->empty() || !docs->front().IsMap())
            return {};
        const YAML::Node charts = get(docs->front(), "helmCharts");
        if (!charts || !charts.IsSequence() || charts.size() == 0)
            return {};
        HelmChart chart{text(get(charts[0], "repo")), text(get(charts[0], "name")),
                        text(get(charts[0], "version")), text(get(charts[0], "releaseName"))};
        if (chart.releaseName == chart.name)
            chart.releaseName.clear();
        return chart;
    }

    void fillCommon(Component &c, const YAML::Node &spec) {
        c.project = text(get(spec, "project"));
        c.destinationServer = text(get(get(spec, "destination"), "server"));
        if (c.destinationServer.isEmpty())
            c.destinationServer = text(get(get(spec, "destination"), "name"));
        c.namespace_ = text(get(get(spec, "destination"), "namespace"));
        const YAML::Node syncPolicy = get(spec, "syncPolicy");
        c.syncOptions = textList(get(syncPolicy, "syncOptions"));
        c.automated = syncPolicy && get(syncPolicy, "automated").IsDefined() &&
                      !get(syncPolicy, "automated").IsNull();
        c.ignoreDifferences = fragmentText(get(spec, "ignoreDifferences"));
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
        const YAML::Node metadata = get(doc, "metadata");
        const YAML::Node spec = get(doc, "spec");
        Component c;
        c.name = text(get(metadata, "name"));
        c.kind = ComponentKind::Application;
        c.wave = wave(metadata, file);
        c.location = {file, lineOf(doc)};
        fillCommon(c, spec);
        if (get(spec, "sources") && get(spec, "sources").IsSequence()) {
            for (const YAML::Node &s : get(spec, "sources"))
                c.sources.append(readSource(s));
        } else if (get(spec, "source")) {
            c.sources.append(readSource(get(spec, "source")));
        }
        const YAML::Node annotations = get(metadata, "annotations");
        const YAML::Node depends =
            annotations && annotations.IsMap()
                ? annotations[QString::fromUtf16(kDependsOnAnnotation).toStdString()]
                : YAML::Node();
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
            const QByteArray pattern = entry.path.toUtf8();
            for (const QString &folder : m_reader.candidateFolders(entry.path)) {
                if (gitPathMatches(pattern, folder.toUtf8()) && !included.contains(folder))
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
                    return e.exclude && gitPathMatches(e.path, folder);
                });
            if (!excluded)
                result.append(folder);
        }
        return result;
    }

    void readApplicationSet(const YAML::Node &doc, const QString &file) {
        const YAML::Node metadata = get(doc, "metadata");
        const YAML::Node spec = get(doc, "spec");
        ApplicationSet set;
        set.name = text(get(metadata, "name"));
        set.wave = wave(metadata, file);
        set.location = {file, lineOf(doc)};
        set.goTemplate = text(get(spec, "goTemplate")) == QLatin1String("true");
        const YAML::Node templ = get(spec, "template");
        const YAML::Node templSpec = get(templ, "spec");
        set.nameTemplate = text(get(get(templ, "metadata"), "name"));
        set.namespaceTemplate = text(get(get(templSpec, "destination"), "namespace"));
        set.project = text(get(templSpec, "project"));
        set.syncOptions = textList(get(get(templSpec, "syncPolicy"), "syncOptions"));

        const YAML::Node generators = get(spec, "generators");
        if (!generators || !generators.IsSequence() || generators.size() == 0) {
            diagnose(Diagnostic::Severity::Warning, file, lineOf(doc),
                     QStringLiteral("ApplicationSet \"%1\" has no generators").arg(set.name));
        }
        for (const YAML::Node &generator : generators) {
            const YAML::Node git = get(generator, "git");
            const YAML::Node list = get(generator, "list");
            if (git && get(git, "directories")) {
                readGitDirectories(set, git, templ, file, lineOf(doc));
            } else if (list && get(list, "elements") && get(list, "elements").IsSequence()) {
                readListElements(set, get(list, "elements"), templ, file);
            } else {
                const QString kind = generator.IsMap() && generator.size() > 0
                                         ? QString::fromStdString(generator.begin()->first.Scalar())
                                         : QStringLiteral("unknown");
                const QString what = kind == QLatin1String("git") ? QStringLiteral("git files")
                                     : kind == QLatin1String("list")
                                         ? QStringLiteral("list (elementsYaml)")
                                         : kind;
                diagnose(Diagnostic::Severity::Warning, file, lineOf(generator),
                         QStringLiteral("ApplicationSet \"%1\": the %2 generator is kept as is "
                                        "but not modelled; the Applications it generates are not "
                                        "shown")
                             .arg(set.name, what));
            }
        }
        m_design.applicationSets.append(set);
    }

    void addMember(ApplicationSet &set, Component c, const QString &file) {
        c.kind = ComponentKind::AppSetMember;
        c.wave = set.wave;
        c.appSet = set.name;
        if (m_memberNames.contains(c.name)) {
            diagnose(Diagnostic::Severity::Error, file, c.location.line,
                     QStringLiteral("ApplicationSet \"%1\" generates \"%2\" a second time; Argo "
                                    "CD refuses duplicate Application names")
                         .arg(set.name, c.name));
            return;
        }
        m_memberNames.insert(c.name);
        const Source *s = c.primarySource();
        if (s && !s->isHelm())
            c.chart = folderChart(s->path);
        c.catalogId = catalogIdFor(c.name, c.chart);
        set.members.append(c.name);
        m_design.components.append(c);
    }

    void readGitDirectories(ApplicationSet &set, const YAML::Node &git, const YAML::Node &templ,
                            const QString &file, int setLine) {
        const YAML::Node templSpec = get(templ, "spec");
        if (set.repoURL.isEmpty()) {
            set.repoURL = text(get(git, "repoURL"));
            set.revision = text(get(git, "revision"));
        }
        QList<DirectoryEntry> entries;
        for (const YAML::Node &d : get(git, "directories"))
            entries.append(
                {text(get(d, "path")), text(get(d, "exclude")) == QLatin1String("true")});
        set.directories += entries;
        for (const QString &folder : resolveDirectories(entries, file, lineOf(git))) {
            Component c;
            bool unresolved = false;
            c.name = expandMemberTemplate(set.nameTemplate, folder, &unresolved);
            c.location = {file, setLine};
            fillCommon(c, templSpec);
            c.namespace_ = expandMemberTemplate(set.namespaceTemplate, folder, &unresolved);
            Source s = readSource(get(templSpec, "source"));
            s.path = folder;
            c.sources = {s};
            if (unresolved) {
                diagnose(Diagnostic::Severity::Warning, file, lineOf(templ),
                         QStringLiteral("template expression in ApplicationSet \"%1\" is not "
                                        "understood; member %2 shown unexpanded")
                             .arg(set.name, folder));
            }
            addMember(set, c, file);
        }
    }

    // List generator: each element's keys are template parameters ({{name}}, {{ .name }}).
    void readListElements(ApplicationSet &set, const YAML::Node &elements, const YAML::Node &templ,
                          const QString &file) {
        const YAML::Node templSpec = get(templ, "spec");
        for (const YAML::Node &element : elements) {
            QMap<QString, QString> params;
            if (element.IsMap()) {
                for (const auto &item : element) {
                    const QString key = QString::fromStdString(item.first.Scalar());
                    if (item.second.IsScalar()) {
                        params.insert(key, text(item.second));
                    } else if (item.second.IsMap()) {
                        for (const auto &sub : item.second)
                            params.insert(key + QLatin1Char('.') +
                                              QString::fromStdString(sub.first.Scalar()),
                                          text(sub.second));
                    }
                }
            }
            bool unresolved = false;
            Component c;
            c.name = expandParams(set.nameTemplate, params, &unresolved);
            c.location = {file, lineOf(element)};
            fillCommon(c, templSpec);
            c.namespace_ = expandParams(set.namespaceTemplate, params, &unresolved);
            Source s = readSource(get(templSpec, "source"));
            s.repoURL = expandParams(s.repoURL, params, &unresolved);
            s.path = expandParams(s.path, params, &unresolved);
            s.targetRevision = expandParams(s.targetRevision, params, &unresolved);
            s.chart = expandParams(s.chart, params, &unresolved);
            c.sources = {s};
            if (unresolved) {
                diagnose(Diagnostic::Severity::Warning, file, lineOf(element),
                         QStringLiteral("ApplicationSet \"%1\": a template expression is not "
                                        "understood for this list element; shown unexpanded")
                             .arg(set.name));
            }
            addMember(set, c, file);
        }
    }

    void readProject(const YAML::Node &doc) {
        AppProject p;
        p.name = text(get(get(doc, "metadata"), "name"));
        const YAML::Node spec = get(doc, "spec");
        p.description = text(get(spec, "description"));
        p.sourceRepos = textList(get(spec, "sourceRepos"));
        for (const YAML::Node &d : get(spec, "destinations"))
            p.destinationNamespaces.append(text(get(d, "namespace")));
        m_design.projects.append(p);
    }

    Status readArgocdValues(const QString &file) {
        auto docs = m_reader.documents(file);
        if (!docs)
            return docs.error();
        if (docs->empty() || !docs->front().IsMap())
            return success();
        const YAML::Node configs = get(docs->front(), "configs");
        if (!configs)
            return success();
        readArgocdConfig(get(configs, "cm"), file);
        readArgocdParams(get(configs, "params"), file);
        return success();
    }

    // argocd-cm entries, from Helm `configs.cm` or a ConfigMap's `data`.
    void readArgocdConfig(const YAML::Node &entries, const QString &file) {
        if (!entries || !entries.IsMap())
            return;
        const QString healthPrefix = QStringLiteral("resource.customizations.health.");
        const QString openLibsPrefix = QStringLiteral("resource.customizations.useOpenLibs.");
        for (const auto &item : entries) {
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
                    m_openLibs.append(key.mid(openLibsPrefix.size()));
            } else {
                m_design.argocdConfig.insert(key, value);
            }
        }
        for (HealthCustomization &h : m_design.healthChecks)
            h.useOpenLibs = m_openLibs.contains(h.configKey().mid(healthPrefix.size()));
    }

    void readArgocdParams(const YAML::Node &entries, const QString &) {
        if (!entries || !entries.IsMap())
            return;
        for (const auto &item : entries)
            m_design.argocdParams.insert(QString::fromStdString(item.first.Scalar()),
                                         text(item.second));
    }

    // argocd-cm / argocd-cmd-params-cm given as ConfigMap YAML; true when `doc` was one.
    bool readArgocdConfigMap(const YAML::Node &doc, const QString &file) {
        if (text(get(doc, "kind")) != QLatin1String("ConfigMap"))
            return false;
        const QString name = text(get(get(doc, "metadata"), "name"));
        if (name == QLatin1String("argocd-cm"))
            readArgocdConfig(get(doc, "data"), file);
        else if (name == QLatin1String("argocd-cmd-params-cm"))
            readArgocdParams(get(doc, "data"), file);
        else
            return false;
        m_configMapFiles.insert(file);
        return true;
    }

    // ConfigMaps next to the root (the Argo CD install folder), found by name before parsing.
    void readArgocdConfigMapsBesideRoot(const QString &rootFile) {
        const QString folder = QFileInfo(rootFile).path();
        const QStringList files =
            QDir(m_reader.absolute(folder))
                .entryList({QStringLiteral("*.yaml"), QStringLiteral("*.yml")}, QDir::Files,
                           QDir::Name);
        for (const QString &name : files) {
            const QString file =
                folder == QLatin1String(".") ? name : folder + QLatin1Char('/') + name;
            if (file == rootFile || file == m_design.layout.valuesFile() ||
                m_configMapFiles.contains(file))
                continue;
            const auto content = m_reader.read(file);
            if (!content || !content->contains("argocd-c"))
                continue;
            auto docs = m_reader.documents(file);
            if (!docs) {
                diagnose(Diagnostic::Severity::Error, file, docs.error().line,
                         docs.error().message);
                continue;
            }
            for (const YAML::Node &doc : docs.value())
                readArgocdConfigMap(doc, file);
        }
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
    QSet<QString> m_visitedFolders;
    QStringList m_openLibs;
    QSet<QString> m_configMapFiles;
    QSet<QString> m_memberNames;
    const Catalog &m_catalog;
    Design m_design;
};

} // namespace

namespace {

Result<Design> importWith(const QString &dir, const Catalog &catalog, const ImportOptions &options,
                          const RepoSnapshot *snapshot) {
    const QFileInfo info(dir);
    if (!info.exists())
        return Error{dir, 0, QStringLiteral("no such folder")};
    if (!info.isDir())
        return Error{dir, 0, QStringLiteral("not a folder")};
    if (!info.isReadable())
        return Error{dir, 0, QStringLiteral("folder is not readable")};
    try {
        return Importer(info.absoluteFilePath(), catalog, snapshot).run(options);
    } catch (const YAML::Exception &e) {
        // Type errors deep in a document (a map where a list belongs).
        return Error{dir, e.mark.line + 1, QString::fromStdString(e.msg)};
    }
}

} // namespace

Result<Design> importRepository(const QString &dir, const Catalog &catalog,
                                const ImportOptions &options) {
    return importWith(dir, catalog, options, nullptr);
}

Result<Design> importRepositoryFrom(const QString &dir, const Catalog &catalog,
                                    const ImportOptions &options, const RepoSnapshot &snapshot) {
    return importWith(dir, catalog, options, &snapshot);
}

} // namespace wavesmith
