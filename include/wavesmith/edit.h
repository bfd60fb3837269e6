#pragma once

// Writing model edits back into a repository as the smallest text change (DESIGN.md,
// principle 1): a wave change edits one line, and every byte the edit does not need to touch
// (comments, blank lines, key order, quoting, indentation, CRLF) stays as it was.

#include <wavesmith/atomicwrite.h>
#include <wavesmith/model.h>
#include <wavesmith/result.h>

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>

namespace wavesmith {

// Applies edits to the text of an imported repository. Edits accumulate in memory (each one
// sees the previous ones) until write() puts every changed file in place at once.
class RepoEditor {
public:
    // `design` must come from importRepository() on the same folder.
    RepoEditor(const QString &dir, Design design);
    // The same, over `files` (every file of the repository, relative paths) read beforehand:
    // edits then never read the disk.
    RepoEditor(const QString &dir, Design design, QHash<QString, QByteArray> files);
    ~RepoEditor();
    RepoEditor(const RepoEditor &) = delete;
    RepoEditor &operator=(const RepoEditor &) = delete;

    // The model with the edits applied so far.
    const Design &design() const;

    // Wave of a component or an ApplicationSet. An AppSet member is moved out of its set
    // into a standalone Application (moveOutOfAppSet).
    Status setWave(const QString &name, int wave);
    Status setNamespace(const QString &component, const QString &namespace_);
    Status setTargetRevision(const QString &component, const QString &revision);
    Status setSourcePath(const QString &component, const QString &path);
    // The first source's repoURL (a chart repository for a Helm source).
    Status setRepoURL(const QString &component, const QString &url);
    // spec.project of a standalone Application.
    Status setProject(const QString &component, const QString &project);
    Status setSyncOptions(const QString &component, const QStringList &options);
    Status setDependsOn(const QString &component, const QStringList &names);
    // A standalone Application's metadata.name (its file keeps its name), and every depends-on
    // list and lane order that names it. Refused for an invalid or taken name, and when an
    // ApplicationSet's template names it.
    Status renameComponent(const QString &from, const QString &to);
    // Removes `option` (e.g. "ApplyOutOfSyncOnly=true") from the sync options of a standalone
    // Application, or of an ApplicationSet: its template's (which every member shares) and its
    // own spec.syncPolicy. Refused when none of them has it.
    Status removeSyncOption(const QString &name, const QString &option);
    // The root Application's spec.project.
    Status setRootProject(const QString &project);
    // A new standalone Application file in the root's apps folder, listed in its
    // kustomization.yaml.
    Status addComponent(const Component &component);
    // Removes a standalone Application (its document or file, and its kustomization entry),
    // or takes an AppSet member out of its set (the member's folder stays).
    Status removeComponent(const QString &name);
    // The member leaves its ApplicationSet (removed from an explicit directory list, or an
    // `exclude: true` entry added for a wildcard) and becomes a standalone Application with
    // the template's fields at `wave`.
    Status moveOutOfAppSet(const QString &member, int wave);
    // Writes a health customization's Lua (a literal block) and its useOpenLibs flag where the
    // repository keeps them: the file and map the existing one was read from (Helm values
    // `configs.cm` or an argocd-cm ConfigMap's `data`), else the Argo CD values file.
    Status setHealthCheck(const HealthCustomization &check);
    // Lanes. Phase names live in the layout sidecar (.wavesmith/layout.yaml), which Wavesmith
    // owns and rewrites whole.
    Status setPhaseName(int wave, const QString &phase);
    // The lane's bootstrap time budget in seconds (layout sidecar); 0 removes it.
    Status setWaveBudget(int wave, int seconds);
    // A named lane without components yet (a drop target); refused when the wave is in use.
    Status insertWave(int wave, const QString &phase);
    // Only a lane without components or ApplicationSets can be removed.
    Status removeWave(int wave);
    // Every component and ApplicationSet of `from`, and its phase name, move to `to` (unused).
    Status renumberWave(int from, int to);
    // The canvas's node order inside lanes, top to bottom (auto-arrange): wave -> component
    // names, kept in the layout sidecar. Lanes not in `orders` keep theirs; an empty list
    // forgets a lane's order. Refused for a wave that is not in use.
    Status setLaneOrders(const QMap<int, QStringList> &orders);
    // Edits the files so they say what `target` says, field by field; with the imported design
    // itself nothing changes.
    Status applyDesign(const Design &target);

    // Files whose bytes differ from disk, sorted by path.
    QList<FileChange> changes() const;
    // Writes every change at once (temporary files, then renames); on failure the repository
    // is left as it was.
    Status write();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace wavesmith
