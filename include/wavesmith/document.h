#pragma once

// The open design and every edit made to it: the one place the GUI changes a design. Each edit
// is one undoable command on undoStack() with a name a user reads in Edit → Undo ("Move cilium
// to wave 2"); it goes through RepoEditor, so the repository's text follows surgically and
// undoing every command gives back every byte. The canvas, inspector and docks observe the
// signals and never edit the model themselves.
//
// Nothing here touches the disk on the calling thread: load() runs on a worker (it reads the
// whole repository into a RepoSnapshot), and save() writes on a worker thread.
//
//     auto source = DesignDocument::load(dir, catalog);     // worker thread
//     document->open(std::move(source).value());           // UI thread
//     document->setWave("cilium", 1);                      // pushes "Move cilium to wave 1"
//     document->undoStack()->undo();                       // back to the file's bytes
//     document->save();                                    // saved() or saveFailed(message)

#include <wavesmith/catalog.h>
#include <wavesmith/edit.h>
#include <wavesmith/model.h>
#include <wavesmith/result.h>

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class QUndoStack;

namespace wavesmith {

// What a document is opened from: the imported design and the bytes of every YAML file of the
// repository (paths relative to `dir`), read together so edits never wait on the disk.
struct DocumentSource {
    QString dir; // absolute; empty for an untitled design (the homelab example, a new design)
    Design design;
    QHash<QString, QByteArray> files;
    // What the folder holds, when it differs from `files` (a recovered autosave); empty: `files`
    // is what the disk holds.
    QHash<QString, QByteArray> diskFiles;
    bool recovered = false;
};

class DesignDocument : public QObject {
    Q_OBJECT

public:
    explicit DesignDocument(Catalog catalog, QObject *parent = nullptr);
    ~DesignDocument() override;

    // Reads a repository: import plus the bytes of its YAML files. Blocking: call it off the
    // UI thread. Fails with the importer's error (file and line).
    static Result<DocumentSource> load(const QString &dir, const Catalog &catalog);
    // An untitled design: `design` rendered in memory (the canonical layout), ready to edit.
    static Result<DocumentSource> untitled(const Design &design, const Catalog &catalog);
    // Reads `dir` like load(), then lays `edits` (an autosave's pendingChanges()) over it in
    // memory: the document opens modified, the edits not yet on disk. Fails naming the file when
    // one changed on disk since the autosave (its bytes are no longer the edit's `before`).
    static Result<DocumentSource> recover(const QString &dir, const Catalog &catalog,
                                          const QList<FileChange> &edits);

    // Replaces the document: clears the undo stack, emits designReset().
    void open(DocumentSource source);

    const Design &design() const;
    const Catalog &catalog() const { return m_catalog; }
    void setCatalog(Catalog catalog) { m_catalog = std::move(catalog); }
    // The repository folder; empty while untitled (Save needs saveAs()).
    QString directory() const;
    bool isUntitled() const { return directory().isEmpty(); }
    QUndoStack *undoStack() const { return m_undoStack; }
    // Edits since the last open or save (the undo stack is not at its clean index).
    bool isModified() const;
    bool isSaving() const { return m_saving; }

    // Edits. Each either pushes one command and returns success, or changes nothing and returns
    // why (the error names the file and line when the repository's text is the reason).
    Status setWave(const QString &name, int wave); // component or ApplicationSet
    // An AppSet member leaves its set for a standalone Application at `wave`.
    Status moveOutOfAppSet(const QString &member, int wave);
    Status setNamespace(const QString &component, const QString &namespace_);
    Status setTargetRevision(const QString &component, const QString &revision);
    Status setSourcePath(const QString &component, const QString &path);
    Status setRepoURL(const QString &component, const QString &url);
    Status renameComponent(const QString &from, const QString &to);
    Status setProject(const QString &component, const QString &project);
    Status setSyncOptions(const QString &component, const QStringList &options);
    Status setDependsOn(const QString &component, const QStringList &names);
    // "`component` needs `dependency`": adds / removes one name of the depends-on list.
    Status addDependency(const QString &component, const QString &dependency);
    Status removeDependency(const QString &component, const QString &dependency);
    Status addComponent(const Component &component);
    // One command for the whole selection ("Delete 3 components").
    Status removeComponents(const QStringList &names);
    // A health customization's Lua and useOpenLibs flag, written where the repository keeps
    // them (Helm values `configs.cm` or an argocd-cm ConfigMap).
    Status setHealthCheck(const HealthCustomization &check);
    // Lanes: phase names live in the layout sidecar; an empty lane is a named wave without
    // components.
    Status setPhaseName(int wave, const QString &phase);
    Status insertWave(int wave, const QString &phase);
    // Only an empty lane can be removed.
    Status removeWave(int wave);
    // Every component, ApplicationSet and the phase name of `from` move to `to` (which must be
    // unused).
    Status renumberWave(int from, int to);
    // Several edits as one command (e.g. auto-arrange, a multi-node drag): `edit` runs against
    // the editor; when it fails nothing changes.
    Status applyEdit(const QString &commandName, const std::function<Status(RepoEditor &)> &edit);

    // Files whose bytes would change on save, relative to the repository (`before` is what the
    // disk holds, `after` what the design says).
    QList<FileChange> pendingChanges() const;
    // The current text of one repository file with every edit applied; empty when there is no
    // such file. For previews: the canvas never parses it.
    QByteArray currentText(const QString &path) const;
    // The files a component maps to (its Application file, its folder's kustomization and
    // values), repository-relative, existing ones only.
    QStringList filesOf(const QString &component) const;

    // Writes the pending changes on a worker thread: saved() or saveFailed(). Refused while
    // untitled or already saving. A file changed on disk since it was read is not overwritten.
    void save();
    // Writes the whole design into `dir` (which must be empty or not exist) and makes it the
    // document's folder.
    void saveAs(const QString &dir);

Q_SIGNALS:
    // A new design was opened (selection and view state no longer apply).
    void designReset();
    // The design changed through an edit, undo or redo; `components` names the components the
    // edit touched (empty when it cannot say: refresh everything).
    void designChanged(const QStringList &components);
    void modifiedChanged(bool modified);
    void directoryChanged(const QString &dir);
    void saveStarted();
    // `files` written, relative to the folder.
    void saved(const QStringList &files);
    void saveFailed(const QString &message);

private:
    class EditCommand;
    struct State;
    Status push(const QString &text, const QStringList &touched,
                std::function<Status(RepoEditor &)> edit);
    void replayTo(int count);
    // Emits designChanged (when the design changed) and modifiedChanged (when that flipped).
    void changed(const QStringList &components, bool designChanged = true);
    void startWrite(const QString &dir, const QList<FileChange> &changes, bool newFolder);
    void finishSave(const Status &status, const QList<FileChange> &written, const QString &dir);

    Catalog m_catalog;
    QUndoStack *m_undoStack = nullptr;
    std::unique_ptr<State> m_state;
    bool m_saving = false;
};

} // namespace wavesmith
