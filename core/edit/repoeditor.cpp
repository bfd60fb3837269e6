#include "yamltext.h"

#include "repo/pathglob.h"

#include <wavesmith/atomicwrite.h>
#include <wavesmith/edit.h>
#include <wavesmith/render.h>
#include <wavesmith/repo.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QSet>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>

namespace wavesmith {

using edit::KeyPath;
using edit::NewNode;
using edit::NewScalarStyle;
using edit::Patch;
using edit::YamlText;

namespace {

const QString kMetadata = QStringLiteral("metadata");
const QString kAnnotations = QStringLiteral("annotations");
const QString kSpec = QStringLiteral("spec");

KeyPath annotationPath(const char16_t *annotation) {
    return {kMetadata, kAnnotations, QString::fromUtf16(annotation)};
}

QStringList splitNames(const QString &text) {
    QStringList names;
    for (const QString &name : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!name.trimmed().isEmpty())
            names.append(name.trimmed());
    }
    return names;
}

QString kindName(ComponentKind kind) {
    return kind == ComponentKind::Projects ? QStringLiteral("AppProject")
                                           : QStringLiteral("Application");
}

} // namespace

struct RepoEditor::Private {
    QString root;
    Design design;
    std::map<QString, YamlText> texts;  // current text of every file touched
    QMap<QString, QByteArray> original; // disk bytes when first read
    QSet<QString> created;
    QSet<QString> removed;
    QHash<QString, qsizetype> componentIndex; // name -> position in design.components
    int transactionDepth = 0;
    // Snapshot mode: every file of the repository, read beforehand; the disk is never read.
    std::optional<QHash<QString, QByteArray>> snapshot;

    void reindex() {
        componentIndex.clear();
        for (qsizetype i = 0; i < design.components.size(); ++i)
            componentIndex.insert(design.components.at(i).name, i);
    }

    Component *findComponent(const QString &name) {
        const auto it = componentIndex.constFind(name);
        return it == componentIndex.constEnd() ? nullptr : &design.components[*it];
    }

    QString absolute(const QString &path) const { return QDir(root).filePath(path); }

    bool exists(const QString &path) const {
        if (removed.contains(path))
            return false;
        if (texts.count(path) > 0)
            return true;
        return snapshot ? snapshot->contains(path) : QFileInfo::exists(absolute(path));
    }

    bool isDir(const QString &path) const {
        if (!snapshot)
            return QFileInfo(absolute(path)).isDir();
        const QString prefix = path + QLatin1Char('/');
        const auto startsWithPrefix = [&](const QString &file) { return file.startsWith(prefix); };
        return std::any_of(snapshot->keyBegin(), snapshot->keyEnd(), startsWithPrefix) ||
               std::any_of(created.begin(), created.end(), startsWithPrefix);
    }

    Result<QByteArray> read(const QString &path) const {
        if (snapshot) {
            const auto it = snapshot->constFind(path);
            if (it == snapshot->constEnd())
                return Error{path, 0, QStringLiteral("cannot read: no such file")};
            return *it;
        }
        QFile in(absolute(path));
        if (!in.open(QIODevice::ReadOnly))
            return Error{path, 0, QStringLiteral("cannot read: %1").arg(in.errorString())};
        if (in.size() > kMaxManifestBytes)
            return Error{path, 0, QStringLiteral("file is too large to edit")};
        return in.readAll();
    }

    Result<YamlText *> text(const QString &path) {
        if (removed.contains(path))
            return Error{path, 0, QStringLiteral("this file is being removed")};
        if (auto it = texts.find(path); it != texts.end())
            return &it->second;
        auto read = this->read(path);
        if (!read)
            return read.error();
        const QByteArray bytes = read.value();
        auto parsed = YamlText::parse(path, bytes);
        if (!parsed)
            return parsed.error();
        original.insert(path, bytes);
        return &texts.insert_or_assign(path, std::move(parsed).value()).first->second;
    }

    // Applies a patch and re-parses the result, so a mistake can never reach the disk as
    // invalid YAML.
    Status apply(const QString &path, const Result<Patch> &patch) {
        if (!patch)
            return patch.error();
        if (patch->isEmpty())
            return success();
        auto current = text(path);
        if (!current)
            return current.error();
        const QByteArray bytes = YamlText::apply(current.value()->bytes(), patch.value());
        auto parsed = YamlText::parse(path, bytes);
        if (!parsed) {
            return Error{path, parsed.error().line,
                         QStringLiteral("the edit would leave invalid YAML (%1); nothing changed")
                             .arg(parsed.error().message)};
        }
        texts.insert_or_assign(path, std::move(parsed).value());
        return success();
    }

    Status create(const QString &path, const QByteArray &bytes) {
        if (exists(path))
            return Error{path, 0, QStringLiteral("a file with this name already exists")};
        auto parsed = YamlText::parse(path, bytes);
        if (!parsed)
            return parsed.error();
        if (!removed.remove(path))
            created.insert(path);
        texts.insert_or_assign(path, std::move(parsed).value());
        return success();
    }

    // Wavesmith owns the sidecar: it is rendered whole from the design's phase names.
    Status writeLayoutSidecar() {
        std::sort(design.waves.begin(), design.waves.end(),
                  [](const Wave &a, const Wave &b) { return a.number < b.number; });
        const QString path = QString::fromUtf16(kLayoutSidecar);
        const QByteArray bytes = renderLayoutSidecar(design);
        if (!exists(path))
            return create(path, bytes);
        if (auto current = text(path); !current)
            return current.error();
        auto parsed = YamlText::parse(path, bytes);
        if (!parsed)
            return parsed.error();
        texts.insert_or_assign(path, std::move(parsed).value());
        return success();
    }

    Status remove(const QString &path) {
        if (auto status = text(path); !status)
            return status.error();
        texts.erase(path);
        if (!created.remove(path))
            removed.insert(path);
        return success();
    }

    // The kustomization file of a folder, whichever of the names kustomize accepts is there.
    QString kustomizationOf(const QString &folder) const {
        for (const char *name : {"kustomization.yaml", "kustomization.yml", "Kustomization"}) {
            const QString path = folder + QLatin1Char('/') + QLatin1String(name);
            if (exists(path))
                return path;
        }
        return {};
    }

    struct ResourceEntry {
        QString kustomization;
        int index = -1;
    };

    // The `resources:` entry that lists `file`, searched from the root's folder down.
    std::optional<ResourceEntry> findResourceEntry(const QString &file, const QString &folder,
                                                   QSet<QString> &visited) {
        const QString kustomization = kustomizationOf(folder);
        if (kustomization.isEmpty() || visited.contains(kustomization))
            return std::nullopt;
        visited.insert(kustomization);
        auto t = text(kustomization);
        if (!t)
            return std::nullopt;
        const YAML::Node resources = t.value()->node(0, {QStringLiteral("resources")});
        if (!resources.IsSequence())
            return std::nullopt;
        for (std::size_t i = 0; i < resources.size(); ++i) {
            if (!resources[i].IsScalar())
                continue;
            const QString path = QDir::cleanPath(folder + QLatin1Char('/') +
                                                 QString::fromStdString(resources[i].Scalar()));
            if (path == file)
                return ResourceEntry{kustomization, int(i)};
            if (isDir(path)) {
                if (auto found = findResourceEntry(file, path, visited))
                    return found;
            }
        }
        return std::nullopt;
    }

    ApplicationSet *applicationSet(const QString &name) {
        for (ApplicationSet &set : design.applicationSets) {
            if (set.name == name)
                return &set;
        }
        return nullptr;
    }

    Result<Component *> component(const QString &name) {
        Component *c = findComponent(name);
        if (!c)
            return Error{{}, 0, QStringLiteral("no component named \"%1\"").arg(name)};
        return c;
    }

    // A standalone Application whose own file carries the field being edited.
    Result<Component *> application(const QString &name) {
        auto c = component(name);
        if (!c)
            return c;
        if (c.value()->kind == ComponentKind::AppSetMember) {
            return Error{c.value()->location.file, c.value()->location.line,
                         QStringLiteral("\"%1\" is generated by ApplicationSet \"%2\"; its fields "
                                        "come from the set's template (give it its own wave to "
                                        "make it a standalone Application)")
                             .arg(name, c.value()->appSet)};
        }
        if (c.value()->kind != ComponentKind::Application) {
            return Error{c.value()->location.file, c.value()->location.line,
                         QStringLiteral("\"%1\" is not an Application").arg(name)};
        }
        return c;
    }

    struct Located {
        YamlText *text = nullptr;
        int doc = -1;
    };

    Result<Located> locate(const QString &file, const QString &kind, const QString &name) {
        auto t = text(file);
        if (!t)
            return t.error();
        const int doc = t.value()->findDocument(kind, name);
        if (doc < 0) {
            return Error{file, 0,
                         QStringLiteral("%1 \"%2\" is no longer in this file (changed on disk "
                                        "since it was read?)")
                             .arg(kind, name)};
        }
        return Located{t.value(), doc};
    }

    Status setWaveAt(const QString &file, int doc, int wave) {
        auto t = text(file);
        if (!t)
            return t.error();
        const KeyPath path = annotationPath(kSyncWaveAnnotation);
        if (const auto current = t.value()->scalar(doc, path)) {
            bool ok = false;
            if (current->trimmed().toInt(&ok) == wave && ok)
                return success();
        } else if (wave == 0 && !t.value()->node(doc, path).IsDefined()) {
            return success(); // a missing annotation already means wave 0
        }
        return apply(file, t.value()->setScalar(doc, path, QString::number(wave),
                                                NewScalarStyle::DoubleQuoted));
    }

    // Sets (or, for an empty value, removes) one scalar of a component's document.
    Status setField(const Component &c, const KeyPath &path, const QString &value) {
        auto where = locate(c.location.file, kindName(c.kind), c.name);
        if (!where)
            return where.error();
        const auto current = where->text->scalar(where->doc, path);
        if (current.value_or(QString()) == value)
            return success();
        if (value.isEmpty())
            return apply(c.location.file, where->text->removeEntry(where->doc, path));
        return apply(c.location.file, where->text->setScalar(where->doc, path, value));
    }

    // The scalars of the sequence at `list` (a non-scalar entry reads as "").
    static QStringList textList(const YamlText &text, int doc, const KeyPath &list) {
        QStringList items;
        const YAML::Node node = text.node(doc, list);
        for (std::size_t i = 0; node.IsSequence() && i < node.size(); ++i)
            items.append(node[i].IsScalar() ? QString::fromStdString(node[i].Scalar()) : QString());
        return items;
    }

    // Removes every entry of the sequence at `list` that `drop` picks; how many it removed.
    Result<int> removeListItems(const QString &file, int doc, const KeyPath &list,
                                const std::function<bool(const QString &)> &drop) {
        auto t = text(file);
        if (!t)
            return t.error();
        const QStringList current = textList(*t.value(), doc, list);
        int removed = 0;
        for (int i = int(current.size()) - 1; i >= 0; --i) {
            if (!drop(current.at(i)))
                continue;
            if (auto status = apply(file, text(file).value()->removeEntry(doc, list + KeyPath{i}));
                !status)
                return status.error();
            ++removed;
        }
        return removed;
    }

    // One field of a standalone Application's first source (`source:` or `sources[0]`), in its
    // file and in the model.
    Status setSourceField(const QString &component, const QString &field, const QString &value,
                          QString Source::*member) {
        auto c = application(component);
        if (!c)
            return c.error();
        if (auto status = setField(*c.value(), sourcePath(*c.value(), field), value); !status)
            return status;
        if (!c.value()->sources.isEmpty())
            c.value()->sources.first().*member = value;
        return success();
    }

    KeyPath sourcePath(const Component &c, const QString &field) {
        auto where = locate(c.location.file, kindName(c.kind), c.name);
        if (where && where->text->node(where->doc, {kSpec, QStringLiteral("sources")}).IsSequence())
            return {kSpec, QStringLiteral("sources"), 0, field};
        return {kSpec, QStringLiteral("source"), field};
    }

    // Takes the member out of its set's generated list; the model keeps the component.
    // A list generator's member is one of its elements (the element's line is the member's
    // location): that element is removed. nullopt when `member` does not come from a list.
    std::optional<Status> removeListElement(const Component &member, ApplicationSet &set, int doc,
                                            const YAML::Node &generators) {
        if (member.location.file != set.location.file || !generators.IsSequence())
            return std::nullopt;
        for (int g = 0; g < int(generators.size()); ++g) {
            const KeyPath elements = {kSpec, QStringLiteral("generators"), g,
                                      QStringLiteral("list"), QStringLiteral("elements")};
            auto t = text(set.location.file);
            if (!t)
                return Status(t.error());
            const YAML::Node list = t.value()->node(doc, elements);
            for (int e = 0; list.IsSequence() && e < int(list.size()); ++e) {
                if (list[e].Mark().line + 1 != member.location.line)
                    continue;
                if (auto status = apply(set.location.file,
                                        t.value()->removeEntry(doc, elements + KeyPath{e}));
                    !status)
                    return status;
                set.members.removeAll(member.name);
                return Status(success());
            }
        }
        return std::nullopt;
    }

    Status excludeFromAppSet(const Component &member) {
        ApplicationSet *set = applicationSet(member.appSet);
        if (!set)
            return Error{{}, 0, QStringLiteral("no ApplicationSet \"%1\"").arg(member.appSet)};
        const QString folder = member.sources.isEmpty() ? QString() : member.sources.first().path;
        auto where = locate(set->location.file, QStringLiteral("ApplicationSet"), set->name);
        if (!where)
            return where.error();
        const QString file = set->location.file;
        const YAML::Node generators =
            where->text->node(where->doc, {kSpec, QStringLiteral("generators")});
        if (auto listed = removeListElement(member, *set, where->doc, generators))
            return *listed;
        int gitGenerator = -1;
        for (int g = 0; generators.IsSequence() && g < int(generators.size()); ++g) {
            const KeyPath dirs = {kSpec, QStringLiteral("generators"), g, QStringLiteral("git"),
                                  QStringLiteral("directories")};
            auto t = text(file);
            if (!t)
                return t.error();
            const YAML::Node entries = t.value()->node(where->doc, dirs);
            if (!entries.IsSequence())
                continue;
            if (gitGenerator < 0)
                gitGenerator = g;
            // Remove explicit entries naming the folder, last first so indexes stay valid.
            for (int e = int(entries.size()) - 1; e >= 0; --e) {
                const auto path =
                    t.value()->scalar(where->doc, dirs + KeyPath{e, QStringLiteral("path")});
                const auto exclude =
                    t.value()->scalar(where->doc, dirs + KeyPath{e, QStringLiteral("exclude")});
                if (path == folder && exclude.value_or(QString()) != QLatin1String("true")) {
                    if (auto status =
                            apply(file, t.value()->removeEntry(where->doc, dirs + KeyPath{e}));
                        !status)
                        return status;
                    set->directories.removeIf(
                        [&](const DirectoryEntry &d) { return d.path == folder && !d.exclude; });
                }
            }
        }
        if (gitGenerator < 0) {
            return Error{file, set->location.line,
                         QStringLiteral("ApplicationSet \"%1\" has no git directory generator to "
                                        "take \"%2\" out of")
                             .arg(set->name, member.name)};
        }
        // A wildcard still generating the folder needs an exclude entry.
        const bool stillIncluded = std::any_of(
            set->directories.begin(), set->directories.end(),
            [&](const DirectoryEntry &d) { return !d.exclude && gitPathMatches(d.path, folder); });
        const bool excluded = std::any_of(
            set->directories.begin(), set->directories.end(),
            [&](const DirectoryEntry &d) { return d.exclude && gitPathMatches(d.path, folder); });
        if (stillIncluded && !excluded) {
            auto t = text(file);
            if (!t)
                return t.error();
            const NewNode entry =
                NewNode::map({{QStringLiteral("path"), NewNode::text(edit::yamlScalar(folder))},
                              {QStringLiteral("exclude"), NewNode::text(QStringLiteral("true"))}});
            const KeyPath dirs = {kSpec, QStringLiteral("generators"), gitGenerator,
                                  QStringLiteral("git"), QStringLiteral("directories")};
            if (auto status = apply(file, t.value()->appendItem(where->doc, dirs, entry)); !status)
                return status;
            set->directories.append({folder, true});
        }
        set->members.removeAll(member.name);
        return success();
    }

    // A name a new or renamed Application may take: a DNS-1123 label no component or
    // ApplicationSet has.
    Status checkNewName(const QString &name) {
        static const QRegularExpression dnsName(
            QStringLiteral("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"));
        if (!dnsName.match(name).hasMatch()) {
            return Error{{},
                         0,
                         QStringLiteral("\"%1\" is not a valid Application name (lower-case "
                                        "letters, digits and '-')")
                             .arg(name)};
        }
        if (findComponent(name) || applicationSet(name))
            return Error{{}, 0, QStringLiteral("a component named \"%1\" exists").arg(name)};
        return success();
    }

    Status addApplication(Component c) {
        if (auto status = checkNewName(c.name); !status)
            return status;
        const QString folder = design.root.path;
        const QString kustomization = kustomizationOf(folder);
        if (kustomization.isEmpty()) {
            return Error{folder, 0,
                         QStringLiteral("the root's folder has no kustomization.yaml to list the "
                                        "new Application in")};
        }
        const QString fileName = c.name + QStringLiteral(".yaml");
        const QString file = folder + QLatin1Char('/') + fileName;
        c.kind = ComponentKind::Application;
        c.appSet.clear();
        if (auto status = create(file, renderApplication(c)); !status)
            return status;
        auto k = text(kustomization);
        if (!k)
            return k.error();
        if (auto status = apply(kustomization,
                                k.value()->appendItem(0, {QStringLiteral("resources")},
                                                      NewNode::text(edit::yamlScalar(fileName))));
            !status)
            return status;
        const YamlText &created = texts.at(file);
        c.location = {
            file, created.documents().empty() ? 1 : created.documents().front().Mark().line + 1};
        design.components.append(c);
        reindex();
        return success();
    }

    Status removeFileOrDocuments(const Component &c) {
        const QString file = c.location.file;
        auto t = text(file);
        if (!t)
            return t.error();
        QList<int> own;
        int others = 0;
        for (int i = 0; i < int(t.value()->documents().size()); ++i) {
            const auto kind = t.value()->scalar(i, {QStringLiteral("kind")});
            const auto name = t.value()->scalar(i, {kMetadata, QStringLiteral("name")});
            const bool mine = c.kind == ComponentKind::Projects
                                  ? kind == QLatin1String("AppProject")
                                  : kind == QLatin1String("Application") && name == c.name;
            if (mine)
                own.append(i);
            else if (!t.value()->documents().at(std::size_t(i)).IsNull())
                ++others;
        }
        if (own.isEmpty())
            return Error{file, 0, QStringLiteral("\"%1\" is no longer in this file").arg(c.name)};
        if (others > 0) {
            for (auto it = own.rbegin(); it != own.rend(); ++it) {
                auto current = text(file);
                if (auto status = apply(file, current.value()->removeDocument(*it)); !status)
                    return status;
            }
            return success();
        }
        QSet<QString> visited;
        if (auto entry = findResourceEntry(file, design.root.path, visited)) {
            auto k = text(entry->kustomization);
            if (auto status =
                    apply(entry->kustomization,
                          k.value()->removeEntry(0, {QStringLiteral("resources"), entry->index}));
                !status)
                return status;
        }
        return remove(file);
    }

    // Runs `edit`; when it fails, every file and the model go back to how they were. Only the
    // outermost call keeps a snapshot: inner failures travel up to it.
    Status transaction(const std::function<Status()> &edit) {
        if (transactionDepth > 0)
            return edit();
        const auto savedTexts = texts;
        const auto savedOriginal = original;
        const auto savedCreated = created;
        const auto savedRemoved = removed;
        const Design savedDesign = design;
        ++transactionDepth;
        Status status = edit();
        --transactionDepth;
        if (!status) {
            texts = savedTexts;
            original = savedOriginal;
            created = savedCreated;
            removed = savedRemoved;
            design = savedDesign;
            reindex();
        }
        return status;
    }
};

RepoEditor::RepoEditor(const QString &dir, Design design)
    : d(std::make_unique<Private>()) {
    d->root = QFileInfo(dir).absoluteFilePath();
    d->design = std::move(design);
    d->reindex();
}

RepoEditor::RepoEditor(const QString &dir, Design design, QHash<QString, QByteArray> files)
    : RepoEditor(dir, std::move(design)) {
    d->snapshot = std::move(files);
}

RepoEditor::~RepoEditor() = default;

const Design &RepoEditor::design() const {
    return d->design;
}

Status RepoEditor::setWave(const QString &name, int wave) {
    return d->transaction([&]() -> Status {
        if (ApplicationSet *set = d->applicationSet(name)) {
            auto where = d->locate(set->location.file, QStringLiteral("ApplicationSet"), name);
            if (!where)
                return where.error();
            if (auto status = d->setWaveAt(set->location.file, where->doc, wave); !status)
                return status;
            set->wave = wave;
            for (Component &c : d->design.components) {
                if (c.appSet == name)
                    c.wave = wave;
            }
            return success();
        }
        auto c = d->component(name);
        if (!c)
            return c.error();
        Component &component = *c.value();
        if (component.kind == ComponentKind::AppSetMember)
            return moveOutOfAppSet(name, wave);
        auto t = d->text(component.location.file);
        if (!t)
            return t.error();
        bool found = false;
        for (int i = 0; i < int(t.value()->documents().size()); ++i) {
            const auto kind = t.value()->scalar(i, {QStringLiteral("kind")});
            const auto docName = t.value()->scalar(i, {kMetadata, QStringLiteral("name")});
            const bool mine = component.kind == ComponentKind::Projects
                                  ? kind == QLatin1String("AppProject")
                                  : kind == QLatin1String("Application") && docName == name;
            if (!mine)
                continue;
            found = true;
            if (auto status = d->setWaveAt(component.location.file, i, wave); !status)
                return status;
        }
        if (!found) {
            return Error{component.location.file, 0,
                         QStringLiteral("\"%1\" is no longer in this file").arg(name)};
        }
        component.wave = wave;
        return success();
    });
}

Status RepoEditor::setNamespace(const QString &component, const QString &namespace_) {
    return d->transaction([&]() -> Status {
        auto c = d->application(component);
        if (!c)
            return c.error();
        if (auto status = d->setField(
                *c.value(), {kSpec, QStringLiteral("destination"), QStringLiteral("namespace")},
                namespace_);
            !status)
            return status;
        c.value()->namespace_ = namespace_;
        return success();
    });
}

Status RepoEditor::setTargetRevision(const QString &component, const QString &revision) {
    return d->transaction([&] {
        return d->setSourceField(component, QStringLiteral("targetRevision"), revision,
                                 &Source::targetRevision);
    });
}

Status RepoEditor::setRepoURL(const QString &component, const QString &url) {
    return d->transaction([&]() -> Status {
        if (url.isEmpty()) {
            auto c = d->application(component);
            if (!c)
                return c.error();
            return Error{c.value()->location.file, c.value()->location.line,
                         QStringLiteral("\"%1\" needs a repository URL").arg(component)};
        }
        return d->setSourceField(component, QStringLiteral("repoURL"), url, &Source::repoURL);
    });
}

Status RepoEditor::setProject(const QString &component, const QString &project) {
    return d->transaction([&]() -> Status {
        auto c = d->application(component);
        if (!c)
            return c.error();
        if (project.isEmpty())
            return Error{c.value()->location.file, c.value()->location.line,
                         QStringLiteral("\"%1\" needs a project").arg(component)};
        if (auto status = d->setField(*c.value(), {kSpec, QStringLiteral("project")}, project);
            !status)
            return status;
        c.value()->project = project;
        return success();
    });
}

Status RepoEditor::setSourcePath(const QString &component, const QString &path) {
    return d->transaction(
        [&] { return d->setSourceField(component, QStringLiteral("path"), path, &Source::path); });
}

Status RepoEditor::setSyncOptions(const QString &component, const QStringList &options) {
    return d->transaction([&]() -> Status {
        auto c = d->application(component);
        if (!c)
            return c.error();
        const QString file = c.value()->location.file;
        const KeyPath list = {kSpec, QStringLiteral("syncPolicy"), QStringLiteral("syncOptions")};
        auto where = d->locate(file, QStringLiteral("Application"), component);
        if (!where)
            return where.error();
        const int doc = where->doc;
        const QStringList current = Private::textList(*where->text, doc, list);
        if (auto removed = d->removeListItems(
                file, doc, list, [&](const QString &item) { return !options.contains(item); });
            !removed)
            return removed.error();
        for (const QString &option : options) {
            if (current.contains(option))
                continue;
            auto t = d->text(file);
            if (auto status =
                    d->apply(file, t.value()->appendItem(doc, list,
                                                         NewNode::text(edit::yamlScalar(option))));
                !status)
                return status;
        }
        c.value()->syncOptions = options;
        return success();
    });
}

Status RepoEditor::removeSyncOption(const QString &name, const QString &option) {
    return d->transaction([&]() -> Status {
        const KeyPath options = {QStringLiteral("syncPolicy"), QStringLiteral("syncOptions")};
        QString file;
        int line = 0;
        QString kind;
        QList<KeyPath> lists;
        ApplicationSet *set = d->applicationSet(name);
        if (set) {
            // The template's list (what every generated Application gets) and the set's own.
            file = set->location.file;
            line = set->location.line;
            kind = QStringLiteral("ApplicationSet");
            lists = {KeyPath{kSpec, QStringLiteral("template"), kSpec} + options,
                     KeyPath{kSpec} + options};
        } else {
            auto c = d->application(name);
            if (!c)
                return c.error();
            file = c.value()->location.file;
            line = c.value()->location.line;
            kind = QStringLiteral("Application");
            lists = {KeyPath{kSpec} + options};
        }
        auto where = d->locate(file, kind, name);
        if (!where)
            return where.error();
        int removed = 0;
        for (const KeyPath &list : std::as_const(lists)) {
            auto count = d->removeListItems(file, where->doc, list,
                                            [&](const QString &item) { return item == option; });
            if (!count)
                return count.error();
            removed += count.value();
        }
        if (removed == 0) {
            return Error{file, line,
                         QStringLiteral("%1 \"%2\" has no sync option %3").arg(kind, name, option)};
        }
        if (set) {
            set->syncOptions.removeAll(option);
            for (Component &member : d->design.components) {
                if (member.appSet == name)
                    member.syncOptions.removeAll(option);
            }
        } else {
            d->findComponent(name)->syncOptions.removeAll(option);
        }
        return success();
    });
}

Status RepoEditor::setRootProject(const QString &project) {
    return d->transaction([&]() -> Status {
        RootApplication &root = d->design.root;
        if (root.location.file.isEmpty())
            return Error{{}, 0, QStringLiteral("the design has no root Application file")};
        if (project.isEmpty())
            return Error{root.location.file, root.location.line,
                         QStringLiteral("the root Application needs a project")};
        auto where = d->locate(root.location.file, QStringLiteral("Application"), root.name);
        if (!where)
            return where.error();
        const KeyPath path = {kSpec, QStringLiteral("project")};
        if (where->text->scalar(where->doc, path).value_or(QString()) != project) {
            if (auto status =
                    d->apply(root.location.file, where->text->setScalar(where->doc, path, project));
                !status)
                return status;
        }
        root.project = project;
        return success();
    });
}

Status RepoEditor::setDependsOn(const QString &component, const QStringList &names) {
    return d->transaction([&]() -> Status {
        auto c = d->application(component);
        if (!c)
            return c.error();
        auto where = d->locate(c.value()->location.file, QStringLiteral("Application"), component);
        if (!where)
            return where.error();
        const KeyPath path = annotationPath(kDependsOnAnnotation);
        const auto current = where->text->scalar(where->doc, path);
        if (splitNames(current.value_or(QString())) != names) {
            if (auto status = d->setField(*c.value(), path, names.join(QLatin1Char(','))); !status)
                return status;
        }
        c.value()->dependsOn = names;
        return success();
    });
}

Status RepoEditor::renameComponent(const QString &from, const QString &to) {
    return d->transaction([&]() -> Status {
        auto c = d->application(from);
        if (!c)
            return c.error();
        if (from == to)
            return success();
        if (auto status = d->checkNewName(to); !status)
            return status;
        // Who names it: the depends-on lists of standalone Applications follow; a set's template
        // is shared by all its members, so a member's list cannot change for one name alone.
        QStringList dependents;
        for (const Component &other : std::as_const(d->design.components)) {
            if (!other.dependsOn.contains(from))
                continue;
            if (other.kind != ComponentKind::Application) {
                return Error{other.location.file, other.location.line,
                             QStringLiteral("\"%1\" needs \"%2\" through ApplicationSet \"%3\"'s "
                                            "template; change the template first")
                                 .arg(other.name, from, other.appSet)};
            }
            dependents.append(other.name);
        }
        const QString file = c.value()->location.file;
        auto where = d->locate(file, QStringLiteral("Application"), from);
        if (!where)
            return where.error();
        if (auto status = d->apply(
                file, where->text->setScalar(where->doc, {kMetadata, QStringLiteral("name")}, to));
            !status)
            return status;
        c.value()->name = to;
        d->reindex();
        for (const QString &name : std::as_const(dependents)) {
            QStringList names = d->findComponent(name)->dependsOn;
            names.replace(names.indexOf(from), to);
            if (auto status = setDependsOn(name, names); !status)
                return status;
        }
        bool ordered = false;
        for (QStringList &order : d->design.laneOrders) {
            if (const qsizetype at = order.indexOf(from); at >= 0) {
                order.replace(at, to);
                ordered = true;
            }
        }
        return ordered ? d->writeLayoutSidecar() : success();
    });
}

Status RepoEditor::addComponent(const Component &component) {
    return d->transaction([&] { return d->addApplication(component); });
}

Status RepoEditor::removeComponent(const QString &name) {
    return d->transaction([&]() -> Status {
        auto c = d->component(name);
        if (!c)
            return c.error();
        const Component removed = *c.value();
        if (removed.kind == ComponentKind::AppSetMember) {
            if (auto status = d->excludeFromAppSet(removed); !status)
                return status;
        } else if (auto status = d->removeFileOrDocuments(removed); !status) {
            return status;
        }
        d->design.components.removeIf([&](const Component &x) { return x.name == name; });
        d->reindex();
        return success();
    });
}

Status RepoEditor::moveOutOfAppSet(const QString &member, int wave) {
    return d->transaction([&]() -> Status {
        auto c = d->component(member);
        if (!c)
            return c.error();
        if (c.value()->kind != ComponentKind::AppSetMember)
            return Error{
                {}, 0, QStringLiteral("\"%1\" is not an ApplicationSet member").arg(member)};
        Component standalone = *c.value();
        if (auto status = d->excludeFromAppSet(standalone); !status)
            return status;
        d->design.components.removeIf([&](const Component &x) { return x.name == member; });
        d->reindex();
        standalone.wave = wave;
        return d->addApplication(standalone);
    });
}

Status RepoEditor::applyDesign(const Design &target) {
    return d->transaction([&]() -> Status {
        for (const ApplicationSet &set : target.applicationSets) {
            if (d->applicationSet(set.name)) {
                if (auto status = setWave(set.name, set.wave); !status)
                    return status;
            }
        }
        for (const Component &c : target.components) {
            const Component *existing = d->findComponent(c.name);
            if (!existing) {
                if (auto status = addComponent(c); !status)
                    return status;
                continue;
            }
            if (existing->kind == ComponentKind::AppSetMember) {
                if (c.kind != ComponentKind::Application)
                    continue; // members follow their set
                if (auto status = moveOutOfAppSet(c.name, c.wave); !status)
                    return status;
            }
            if (auto status = setWave(c.name, c.wave); !status)
                return status;
            if (c.kind != ComponentKind::Application)
                continue;
            Status status = setNamespace(c.name, c.namespace_);
            if (status && c.primarySource()) {
                status = setTargetRevision(c.name, c.primarySource()->targetRevision);
                if (status && !c.primarySource()->isHelm())
                    status = setSourcePath(c.name, c.primarySource()->path);
            }
            if (status)
                status = setSyncOptions(c.name, c.syncOptions);
            if (status)
                status = setDependsOn(c.name, c.dependsOn);
            if (!status)
                return status;
        }
        QSet<QString> wanted;
        for (const Component &c : target.components)
            wanted.insert(c.name);
        QStringList gone;
        for (const Component &c : d->design.components) {
            if (!wanted.contains(c.name))
                gone.append(c.name);
        }
        for (const QString &name : gone) {
            if (auto status = removeComponent(name); !status)
                return status;
        }
        return success();
    });
}

Status RepoEditor::setHealthCheck(const HealthCustomization &check) {
    return d->transaction([&]() -> Status {
        auto existing = std::find_if(d->design.healthChecks.begin(), d->design.healthChecks.end(),
                                     [&](const HealthCustomization &h) {
                                         return h.group == check.group && h.kind == check.kind;
                                     });
        const bool found = existing != d->design.healthChecks.end();
        const QString file = found ? existing->location.file : d->design.layout.valuesFile();
        auto t = d->text(file);
        if (!t)
            return t.error();
        // An argocd-cm ConfigMap keeps the entries under `data`, Helm values under configs.cm.
        int doc = t.value()->findDocument(QStringLiteral("ConfigMap"), QStringLiteral("argocd-cm"));
        const KeyPath entries = doc >= 0 ? KeyPath{QStringLiteral("data")}
                                         : KeyPath{QStringLiteral("configs"), QStringLiteral("cm")};
        doc = std::max(doc, 0);
        const KeyPath scriptPath = entries + KeyPath{check.configKey()};
        if (!t.value()->node(doc, scriptPath).IsDefined()) {
            if (auto status = d->apply(file, t.value()->setScalar(doc, scriptPath, QString()));
                !status)
                return status;
            t = d->text(file);
        }
        if (auto status = d->apply(file, t.value()->setBlockScalar(doc, scriptPath, check.lua));
            !status)
            return status;
        const QString groupKind =
            check.configKey().mid(QStringLiteral("resource.customizations.health.").size());
        const KeyPath openLibsPath =
            entries + KeyPath{QStringLiteral("resource.customizations.useOpenLibs.") + groupKind};
        t = d->text(file);
        const bool flagged = t.value()->node(doc, openLibsPath).IsDefined();
        Status status = success();
        if (check.useOpenLibs) {
            // ConfigMap data must be strings: a new entry is written quoted.
            status = d->apply(file, t.value()->setScalar(doc, openLibsPath, QStringLiteral("true"),
                                                         NewScalarStyle::DoubleQuoted));
        } else if (flagged) {
            status = d->apply(file, t.value()->removeEntry(doc, openLibsPath));
        }
        if (!status)
            return status;
        HealthCustomization updated = check;
        t = d->text(file);
        const YAML::Node script = t.value()->node(doc, scriptPath);
        updated.location = {file, script.IsDefined() ? script.Mark().line + 1 : 0};
        if (found)
            *existing = updated;
        else
            d->design.healthChecks.append(updated);
        return success();
    });
}

Status RepoEditor::setPhaseName(int wave, const QString &phase) {
    return d->transaction([&]() -> Status {
        auto it = std::find_if(d->design.waves.begin(), d->design.waves.end(),
                               [&](const Wave &w) { return w.number == wave; });
        if (it == d->design.waves.end()) {
            if (!d->design.waveNumbers().contains(wave))
                return Error{{}, 0, QStringLiteral("there is no wave %1").arg(wave)};
            d->design.waves.append({wave, phase});
        } else {
            it->phase = phase;
        }
        return d->writeLayoutSidecar();
    });
}

Status RepoEditor::setWaveBudget(int wave, int seconds) {
    return d->transaction([&]() -> Status {
        if (seconds < 0)
            return Error{{}, 0, QStringLiteral("a wave budget cannot be negative")};
        auto it = std::find_if(d->design.waves.begin(), d->design.waves.end(),
                               [&](const Wave &w) { return w.number == wave; });
        if (it == d->design.waves.end()) {
            if (!d->design.waveNumbers().contains(wave))
                return Error{{}, 0, QStringLiteral("there is no wave %1").arg(wave)};
            // An unnamed lane gets its sidecar entry for the budget.
            d->design.waves.append({wave, QString(), seconds});
        } else {
            it->budgetSeconds = seconds;
        }
        return d->writeLayoutSidecar();
    });
}

Status RepoEditor::insertWave(int wave, const QString &phase) {
    return d->transaction([&]() -> Status {
        if (d->design.waveNumbers().contains(wave))
            return Error{{}, 0, QStringLiteral("wave %1 already exists").arg(wave)};
        d->design.waves.append({wave, phase});
        return d->writeLayoutSidecar();
    });
}

Status RepoEditor::removeWave(int wave) {
    return d->transaction([&]() -> Status {
        if (!d->design.componentsInWave(wave).isEmpty() ||
            std::any_of(d->design.applicationSets.cbegin(), d->design.applicationSets.cend(),
                        [&](const ApplicationSet &set) { return set.wave == wave; })) {
            return Error{
                {}, 0, QStringLiteral("wave %1 is not empty: move its components first").arg(wave)};
        }
        d->design.waves.removeIf([&](const Wave &w) { return w.number == wave; });
        d->design.laneOrders.remove(wave);
        return d->writeLayoutSidecar();
    });
}

Status RepoEditor::renumberWave(int from, int to) {
    return d->transaction([&]() -> Status {
        if (from == to)
            return success();
        if (d->design.waveNumbers().contains(to))
            return Error{{}, 0, QStringLiteral("wave %1 is already in use").arg(to)};
        QStringList sets;
        for (const ApplicationSet &set : std::as_const(d->design.applicationSets)) {
            if (set.wave == from)
                sets.append(set.name);
        }
        QStringList components;
        for (const Component &c : std::as_const(d->design.components)) {
            if (c.wave == from && c.kind != ComponentKind::AppSetMember)
                components.append(c.name);
        }
        for (const QString &name : std::as_const(sets) + components) {
            if (auto status = setWave(name, to); !status)
                return status;
        }
        d->design.waves.removeIf([&](const Wave &w) { return w.number == to; });
        for (Wave &w : d->design.waves) {
            if (w.number == from)
                w.number = to;
        }
        // The lane keeps its arranged order under its new number.
        if (d->design.laneOrders.contains(from))
            d->design.laneOrders.insert(to, d->design.laneOrders.take(from));
        return d->writeLayoutSidecar();
    });
}

Status RepoEditor::setLaneOrders(const QMap<int, QStringList> &orders) {
    return d->transaction([&]() -> Status {
        const QList<int> used = d->design.waveNumbers();
        bool changed = false;
        for (auto it = orders.cbegin(); it != orders.cend(); ++it) {
            const int wave = it.key();
            if (!used.contains(wave))
                return Error{{}, 0, QStringLiteral("there is no wave %1").arg(wave)};
            if (d->design.laneOrders.value(wave) == it.value())
                continue;
            changed = true;
            if (it.value().isEmpty())
                d->design.laneOrders.remove(wave);
            else
                d->design.laneOrders.insert(wave, it.value());
            // The sidecar writes orders per lane entry: an unnamed wave needs its entry.
            if (std::none_of(d->design.waves.cbegin(), d->design.waves.cend(),
                             [&](const Wave &w) { return w.number == wave; }))
                d->design.waves.append({wave, QString()});
        }
        return changed ? d->writeLayoutSidecar() : success();
    });
}

QList<FileChange> RepoEditor::changes() const {
    QList<FileChange> result;
    QSet<QString> paths(d->removed);
    for (const auto &[path, text] : d->texts)
        paths.insert(path);
    QStringList sorted(paths.begin(), paths.end());
    sorted.sort();
    for (const QString &path : sorted) {
        FileChange change;
        change.path = path;
        change.created = d->created.contains(path);
        change.removed = d->removed.contains(path);
        change.before = d->original.value(path);
        if (!change.removed)
            change.after = d->texts.at(path).bytes();
        if (change.created || change.removed || change.before != change.after)
            result.append(change);
    }
    return result;
}

Status RepoEditor::write() {
    const QList<FileChange> all = changes();
    if (auto status = applyFileChanges(d->root, all); !status)
        return status;
    for (const FileChange &change : all) {
        if (!change.removed)
            d->original.insert(change.path, change.after);
        else
            d->original.remove(change.path);
    }
    d->created.clear();
    d->removed.clear();
    return success();
}

} // namespace wavesmith
