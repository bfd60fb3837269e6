#include <wavesmith/document.h>

#include <wavesmith/render.h>
#include <wavesmith/repo.h>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>
#include <QUndoCommand>
#include <QUndoStack>

#include <algorithm>

namespace wavesmith {

namespace {

// Files an edit may read: every YAML file and kustomization, hidden folders skipped except
// Wavesmith's own sidecar folder.
bool isEditableFile(const QString &relative) {
    const bool hidden = relative.startsWith(QLatin1Char('.')) || relative.contains(u"/.");
    if (hidden && !relative.startsWith(QLatin1String(".wavesmith/")))
        return false;
    const QString name = QFileInfo(relative).fileName();
    return name.endsWith(QLatin1String(".yaml")) || name.endsWith(QLatin1String(".yml")) ||
           name == QLatin1String("Kustomization");
}

Result<QHash<QString, QByteArray>> readRepositoryFiles(const QString &dir) {
    QHash<QString, QByteArray> files;
    const QDir root(dir);
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = root.relativeFilePath(path);
        if (!isEditableFile(relative) || it.fileInfo().size() > kMaxManifestBytes)
            continue;
        QFile in(path);
        if (!in.open(QIODevice::ReadOnly))
            return Error{relative, 0, QStringLiteral("cannot read: %1").arg(in.errorString())};
        files.insert(relative, in.readAll());
    }
    return files;
}

QList<FileContent> asFileContents(const QHash<QString, QByteArray> &files) {
    QList<FileContent> contents;
    for (auto it = files.cbegin(); it != files.cend(); ++it)
        contents.append({it.key(), it.value()});
    return contents;
}

// Imports `files` as if they were a repository (for untitled and recovered designs).
Result<Design> importFiles(const QHash<QString, QByteArray> &files, const Catalog &catalog) {
    QTemporaryDir scratch;
    if (!scratch.isValid())
        return Error{{}, 0, QStringLiteral("cannot create a temporary folder")};
    if (auto status = writeFilesAtomically(scratch.path(), asFileContents(files)); !status)
        return status.error();
    return importRepository(scratch.path(), catalog);
}

QString plural(qsizetype n, const QString &one, const QString &many) {
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
}

} // namespace

// One user-visible edit. The edit itself lives in State::edits; the command only says how far
// the editor should be replayed.
class DesignDocument::EditCommand : public QUndoCommand {
public:
    EditCommand(DesignDocument *document, int index, const QString &text, QStringList touched)
        : QUndoCommand(text)
        , m_document(document)
        , m_index(index)
        , m_touched(std::move(touched)) {}

    void redo() override {
        if (m_firstRedo) { // push() already applied it
            m_firstRedo = false;
            return;
        }
        m_document->replayTo(m_index + 1);
        m_document->changed(m_touched);
    }

    void undo() override {
        m_document->replayTo(m_index);
        m_document->changed(m_touched);
    }

private:
    DesignDocument *m_document;
    int m_index;
    QStringList m_touched;
    bool m_firstRedo = true;
};

struct DesignDocument::State {
    QString dir;                      // the repository; empty while untitled
    Design opened;                    // the design as opened, before any edit
    QHash<QString, QByteArray> files; // the text the edits start from
    QHash<QString, QByteArray> disk;  // what the folder holds (differs after a recovery)
    std::unique_ptr<RepoEditor> editor;
    QList<std::function<Status(RepoEditor &)>> edits; // one per command, in order
    int applied = 0;                                  // edits[0..applied) are in `editor`
    bool lastModified = false;

    // A fresh editor over the opened text with edits[0..count) applied. Every edit succeeded
    // once on exactly that state, so replaying them cannot fail.
    void rebuild(int count = 0) {
        editor =
            std::make_unique<RepoEditor>(dir.isEmpty() ? QDir::tempPath() : dir, opened, files);
        for (int i = 0; i < count; ++i)
            edits.at(i)(*editor);
        applied = count;
    }

    // The files as they read with every applied edit: `files` overlaid with the editor's.
    QHash<QString, QByteArray> currentFiles() const {
        QHash<QString, QByteArray> current = files;
        for (const FileChange &change : editor->changes()) {
            if (change.removed)
                current.remove(change.path);
            else
                current.insert(change.path, change.after);
        }
        return current;
    }
};

DesignDocument::DesignDocument(Catalog catalog, QObject *parent)
    : QObject(parent)
    , m_catalog(std::move(catalog))
    , m_undoStack(new QUndoStack(this))
    , m_state(std::make_unique<State>()) {
    m_state->rebuild();
    connect(m_undoStack, &QUndoStack::cleanChanged, this, [this] { changed({}, false); });
}

DesignDocument::~DesignDocument() = default;

Result<DocumentSource> DesignDocument::load(const QString &dir, const Catalog &catalog) {
    const QString absolute = QFileInfo(dir).absoluteFilePath();
    auto design = importRepository(absolute, catalog);
    if (!design)
        return design.error();
    auto files = readRepositoryFiles(absolute);
    if (!files)
        return files.error();
    return DocumentSource{absolute, std::move(design).value(), std::move(files).value(), {}, false};
}

Result<DocumentSource> DesignDocument::untitled(const Design &design, const Catalog &catalog) {
    QHash<QString, QByteArray> files;
    for (const FileContent &file : renderDesign(design, catalog))
        files.insert(file.path, file.content);
    auto imported = importFiles(files, catalog);
    if (!imported)
        return imported.error();
    return DocumentSource{QString(), std::move(imported).value(), std::move(files), {}, false};
}

Result<DocumentSource> DesignDocument::recover(const QString &dir, const Catalog &catalog,
                                               const QList<FileChange> &edits) {
    auto source = load(dir, catalog);
    if (!source)
        return source.error();
    QHash<QString, QByteArray> files = source->files;
    for (const FileChange &edit : edits) {
        const bool onDisk = files.contains(edit.path);
        if (edit.created ? onDisk : (!onDisk || files.value(edit.path) != edit.before)) {
            return Error{edit.path, 0,
                         QStringLiteral("changed on disk since the unsaved edits were kept; "
                                        "they were not recovered")};
        }
        if (edit.removed)
            files.remove(edit.path);
        else
            files.insert(edit.path, edit.after);
    }
    auto imported = importFiles(files, catalog);
    if (!imported)
        return imported.error();
    DocumentSource recovered;
    recovered.dir = source->dir;
    recovered.design = std::move(imported).value();
    recovered.diskFiles = std::move(source->files);
    recovered.files = std::move(files);
    recovered.recovered = true;
    return recovered;
}

void DesignDocument::open(DocumentSource source) {
    m_undoStack->clear();
    m_state->dir = source.dir;
    m_state->opened = std::move(source.design);
    m_state->disk = source.recovered ? std::move(source.diskFiles) : source.files;
    m_state->files = std::move(source.files);
    m_state->edits.clear();
    m_state->rebuild();
    m_undoStack->setClean();
    Q_EMIT directoryChanged(m_state->dir);
    Q_EMIT designReset();
    changed({}, false);
}

const Design &DesignDocument::design() const {
    return m_state->editor->design();
}

QString DesignDocument::directory() const {
    return m_state->dir;
}

bool DesignDocument::isModified() const {
    return !pendingChanges().isEmpty();
}

void DesignDocument::changed(const QStringList &components, bool designChanged) {
    if (designChanged)
        Q_EMIT this->designChanged(components);
    const bool modified = isModified();
    if (modified != m_state->lastModified) {
        m_state->lastModified = modified;
        Q_EMIT modifiedChanged(modified);
    }
}

void DesignDocument::replayTo(int count) {
    if (count == m_state->applied)
        return;
    if (count == m_state->applied + 1 && m_state->edits.at(m_state->applied)(*m_state->editor)) {
        m_state->applied = count;
        return;
    }
    // Undo, or a redo that no longer applies incrementally: start again from the opened text.
    m_state->rebuild(count);
}

Status DesignDocument::push(const QString &text, const QStringList &touched,
                            std::function<Status(RepoEditor &)> edit) {
    if (m_saving)
        return Error{{}, 0, QStringLiteral("the design is being saved; try again in a moment")};
    if (Status status = edit(*m_state->editor); !status) {
        // A compound edit may have applied some of its steps: restore the state before it.
        m_state->rebuild(m_state->applied);
        return status;
    }
    // Commands undone before this one are gone from the stack: forget their edits too.
    m_state->edits.resize(m_undoStack->index());
    m_state->edits.append(std::move(edit));
    m_state->applied = int(m_state->edits.size());
    m_undoStack->push(new EditCommand(this, m_state->applied - 1, text, touched));
    changed(touched);
    return success();
}

Status DesignDocument::setWave(const QString &name, int wave) {
    return push(QStringLiteral("Move %1 to wave %2").arg(name).arg(wave), {name},
                [=](RepoEditor &e) { return e.setWave(name, wave); });
}

Status DesignDocument::moveOutOfAppSet(const QString &member, int wave) {
    const Component *c = design().component(member);
    const QString set = c ? c->appSet : QString();
    return push(QStringLiteral("Move %1 out of %2 to wave %3").arg(member, set).arg(wave), {},
                [=](RepoEditor &e) { return e.moveOutOfAppSet(member, wave); });
}

Status DesignDocument::setNamespace(const QString &component, const QString &namespace_) {
    return push(QStringLiteral("Set namespace of %1 to %2").arg(component, namespace_), {component},
                [=](RepoEditor &e) { return e.setNamespace(component, namespace_); });
}

Status DesignDocument::setTargetRevision(const QString &component, const QString &revision) {
    return push(QStringLiteral("Set revision of %1 to %2").arg(component, revision), {component},
                [=](RepoEditor &e) { return e.setTargetRevision(component, revision); });
}

Status DesignDocument::setSourcePath(const QString &component, const QString &path) {
    return push(QStringLiteral("Set path of %1 to %2").arg(component, path), {component},
                [=](RepoEditor &e) { return e.setSourcePath(component, path); });
}

Status DesignDocument::renameComponent(const QString &from, const QString &to) {
    return push(QStringLiteral("Rename %1 to %2").arg(from, to), {from, to},
                [=](RepoEditor &e) { return e.renameComponent(from, to); });
}

Status DesignDocument::setRepoURL(const QString &component, const QString &url) {
    return push(QStringLiteral("Set repository of %1").arg(component), {component},
                [=](RepoEditor &e) { return e.setRepoURL(component, url); });
}

Status DesignDocument::setProject(const QString &component, const QString &project) {
    return push(QStringLiteral("Set project of %1 to %2").arg(component, project), {component},
                [=](RepoEditor &e) { return e.setProject(component, project); });
}

Status DesignDocument::setSyncOptions(const QString &component, const QStringList &options) {
    return push(QStringLiteral("Set sync options of %1").arg(component), {component},
                [=](RepoEditor &e) { return e.setSyncOptions(component, options); });
}

Status DesignDocument::setDependsOn(const QString &component, const QStringList &names) {
    return push(QStringLiteral("Set dependencies of %1").arg(component), {component},
                [=](RepoEditor &e) { return e.setDependsOn(component, names); });
}

Status DesignDocument::addDependency(const QString &component, const QString &dependency) {
    const Component *c = design().component(component);
    if (!c)
        return Error{{}, 0, QStringLiteral("no component named \"%1\"").arg(component)};
    if (component == dependency)
        return Error{{}, 0, QStringLiteral("%1 cannot need itself").arg(component)};
    if (!design().component(dependency))
        return Error{{}, 0, QStringLiteral("no component named \"%1\"").arg(dependency)};
    if (c->dependsOn.contains(dependency))
        return Error{{}, 0, QStringLiteral("%1 already needs %2").arg(component, dependency)};
    const QStringList names = c->dependsOn + QStringList{dependency};
    return push(QStringLiteral("Make %1 need %2").arg(component, dependency),
                {component, dependency},
                [=](RepoEditor &e) { return e.setDependsOn(component, names); });
}

Status DesignDocument::removeDependency(const QString &component, const QString &dependency) {
    const Component *c = design().component(component);
    if (!c || !c->dependsOn.contains(dependency))
        return Error{{}, 0, QStringLiteral("%1 does not need %2").arg(component, dependency)};
    QStringList names = c->dependsOn;
    names.removeAll(dependency);
    return push(QStringLiteral("Remove dependency %1 → %2").arg(component, dependency),
                {component, dependency},
                [=](RepoEditor &e) { return e.setDependsOn(component, names); });
}

Status DesignDocument::addComponent(const Component &component) {
    return push(QStringLiteral("Add %1").arg(component.name), {component.name},
                [=](RepoEditor &e) { return e.addComponent(component); });
}

Status DesignDocument::removeComponents(const QStringList &names) {
    if (names.isEmpty())
        return Error{{}, 0, QStringLiteral("nothing to delete")};
    const QString text = names.size() == 1
                             ? QStringLiteral("Delete %1").arg(names.first())
                             : QStringLiteral("Delete %1")
                                   .arg(plural(names.size(), QStringLiteral("component"),
                                               QStringLiteral("components")));
    return push(text, names, [=](RepoEditor &e) -> Status {
        for (const QString &name : names) {
            if (auto status = e.removeComponent(name); !status)
                return status;
        }
        return success();
    });
}

Status DesignDocument::setHealthCheck(const HealthCustomization &check) {
    const QString groupKind =
        check.group.isEmpty() ? check.kind : check.group + QLatin1Char('/') + check.kind;
    return push(QStringLiteral("Edit health check for %1").arg(groupKind), {},
                [=](RepoEditor &e) { return e.setHealthCheck(check); });
}

Status DesignDocument::setPhaseName(int wave, const QString &phase) {
    return push(QStringLiteral("Rename wave %1 to “%2”").arg(wave).arg(phase), {},
                [=](RepoEditor &e) { return e.setPhaseName(wave, phase); });
}

Status DesignDocument::insertWave(int wave, const QString &phase) {
    return push(QStringLiteral("Insert wave %1").arg(wave), {},
                [=](RepoEditor &e) { return e.insertWave(wave, phase); });
}

Status DesignDocument::removeWave(int wave) {
    return push(QStringLiteral("Remove wave %1").arg(wave), {},
                [=](RepoEditor &e) { return e.removeWave(wave); });
}

Status DesignDocument::renumberWave(int from, int to) {
    return push(QStringLiteral("Renumber wave %1 to %2").arg(from).arg(to), {},
                [=](RepoEditor &e) { return e.renumberWave(from, to); });
}

Status DesignDocument::applyEdit(const QString &commandName,
                                 const std::function<Status(RepoEditor &)> &edit) {
    return push(commandName, {}, edit);
}

QList<FileChange> DesignDocument::pendingChanges() const {
    const QHash<QString, QByteArray> current = m_state->currentFiles();
    QSet<QString> paths;
    for (auto it = current.cbegin(); it != current.cend(); ++it) {
        const auto disk = m_state->disk.constFind(it.key());
        if (disk == m_state->disk.cend() || *disk != it.value())
            paths.insert(it.key());
    }
    for (auto it = m_state->disk.cbegin(); it != m_state->disk.cend(); ++it) {
        if (!current.contains(it.key()))
            paths.insert(it.key());
    }
    QStringList sorted(paths.cbegin(), paths.cend());
    sorted.sort();
    QList<FileChange> changes;
    for (const QString &path : std::as_const(sorted)) {
        FileChange change;
        change.path = path;
        change.created = !m_state->disk.contains(path);
        change.removed = !current.contains(path);
        change.before = m_state->disk.value(path);
        change.after = current.value(path);
        changes.append(change);
    }
    return changes;
}

QByteArray DesignDocument::currentText(const QString &path) const {
    for (const FileChange &change : m_state->editor->changes()) {
        if (change.path == path)
            return change.after;
    }
    return m_state->files.value(path);
}

QStringList DesignDocument::filesOf(const QString &component) const {
    const Component *c = design().component(component);
    if (!c)
        return {};
    const QHash<QString, QByteArray> current = m_state->currentFiles();
    QStringList files;
    if (!c->location.file.isEmpty() && current.contains(c->location.file))
        files.append(c->location.file);
    if (const Source *source = c->primarySource(); source && !source->isHelm()) {
        for (const char *name : {"kustomization.yaml", "kustomization.yml", "values.yaml"}) {
            const QString path =
                QDir::cleanPath(source->path) + QLatin1Char('/') + QLatin1String(name);
            if (current.contains(path) && !files.contains(path))
                files.append(path);
        }
    }
    return files;
}

void DesignDocument::save() {
    if (m_saving)
        return;
    if (isUntitled()) {
        Q_EMIT saveFailed(QStringLiteral("this design is not in a folder yet: use Save As"));
        return;
    }
    startWrite(m_state->dir, pendingChanges(), false);
}

void DesignDocument::saveAs(const QString &dir) {
    if (m_saving)
        return;
    const QString absolute = QFileInfo(dir).absoluteFilePath();
    QList<FileChange> all;
    const QHash<QString, QByteArray> current = m_state->currentFiles();
    for (auto it = current.cbegin(); it != current.cend(); ++it)
        all.append({it.key(), {}, it.value(), true, false});
    std::sort(all.begin(), all.end(),
              [](const FileChange &a, const FileChange &b) { return a.path < b.path; });
    startWrite(absolute, all, true);
}

void DesignDocument::startWrite(const QString &dir, const QList<FileChange> &changes,
                                bool newFolder) {
    m_saving = true;
    Q_EMIT saveStarted();
    auto status = std::make_shared<Status>(success());
    // The worker gets copies only; the document may change its state meanwhile (it refuses
    // edits while saving, but reads stay allowed).
    QThread *worker = QThread::create([status, dir, changes, newFolder] {
        if (newFolder && QDir(dir).exists() &&
            !QDir(dir).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
            *status = Error{QDir::toNativeSeparators(dir), 0,
                            QStringLiteral("the folder is not empty; choose an empty one")};
            return;
        }
        *status = applyFileChanges(dir, changes);
    });
    connect(worker, &QThread::finished, this,
            [this, status, dir, changes] { finishSave(*status, changes, dir); });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
}

void DesignDocument::finishSave(const Status &status, const QList<FileChange> &written,
                                const QString &dir) {
    m_saving = false;
    if (!status) {
        Q_EMIT saveFailed(status.error().toString());
        return;
    }
    const bool moved = dir != m_state->dir;
    if (moved) {
        m_state->dir = dir;
        m_state->disk.clear();
    }
    QStringList paths;
    for (const FileChange &change : written) {
        paths.append(change.path);
        if (change.removed)
            m_state->disk.remove(change.path);
        else
            m_state->disk.insert(change.path, change.after);
    }
    m_undoStack->setClean();
    if (moved)
        Q_EMIT directoryChanged(dir);
    changed({}, false);
    Q_EMIT saved(paths);
}

} // namespace wavesmith
