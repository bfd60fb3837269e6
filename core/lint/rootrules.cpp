#include "lintcontext.h"
#include "rules.h"

#include <QDir>
#include <QSet>

namespace wavesmith::lint {

namespace {

// Finds the kustomization `resources:` entry, reachable from `folder`, that includes `target`.
// Returns the file and entry, or nothing.
struct Inclusion {
    const ParsedFile *file = nullptr;
    const YamlDocument *document = nullptr;
    const YamlNode *entry = nullptr;
};

Inclusion findInclusion(const LintContext &context, const QString &folder, const QString &target,
                        QSet<QString> &visited) {
    if (visited.contains(folder))
        return {};
    visited.insert(folder);
    const ParsedFile *file = context.parsedFile(folder + QStringLiteral("/kustomization.yaml"));
    if (!file || file->documents.empty())
        return {};
    const YamlDocument &doc = file->documents.front();
    const YamlNode *resources = doc.root.child("resources");
    if (!resources)
        return {};
    for (const YamlNode &entry : resources->children) {
        const QString path = QDir::cleanPath(folder + QLatin1Char('/') + entry.text());
        if (path == target)
            return {file, &doc, &entry};
        if (context.isFolder(path)) {
            if (Inclusion found = findInclusion(context, path, target, visited); found.entry)
                return found;
        }
    }
    return {};
}

bool managesArgocd(const Design &design) {
    for (const Component &c : design.components) {
        if (c.catalogId == QLatin1String("argocd") || c.chart.name == QLatin1String("argo-cd"))
            return true;
        for (const Source &s : c.sources) {
            if (s.chart == QLatin1String("argo-cd") || s.path == design.layout.argocdDir)
                return true;
        }
    }
    return false;
}

} // namespace

void checkRoot(LintContext &context) {
    const Design &design = context.design();
    const RootApplication &root = design.root;
    const DocumentRef doc = context.rootDocument();
    const YamlNode *spec = doc ? doc.document->root.child("spec") : nullptr;

    if (root.project != QLatin1String("default")) {
        context.report(QStringLiteral("WS008"), doc, spec ? spec->child("project") : nullptr,
                       root.name,
                       QStringLiteral("the root Application %1 is in project \"%2\", which does "
                                      "not exist until the root has synced")
                           .arg(root.name, root.project));
    }

    const QString rootFile = root.location.file;
    if (!root.path.isEmpty() && rootFile.startsWith(root.path + QLatin1Char('/'))) {
        context.report(QStringLiteral("WS009"), doc, spec ? spec->at({"source", "path"}) : nullptr,
                       root.name,
                       QStringLiteral("the root Application's file %1 is inside the folder it "
                                      "deploys (%2)")
                           .arg(rootFile, root.path));
    } else if (!root.path.isEmpty()) {
        QSet<QString> visited;
        const Inclusion found = findInclusion(context, root.path, rootFile, visited);
        if (found.entry) {
            context.report(QStringLiteral("WS009"), {found.file, found.document}, found.entry,
                           root.name,
                           QStringLiteral("%1 lists the root Application's own file %2")
                               .arg(found.file->path, rootFile));
        }
    }

    const YamlNode *finalizers = doc ? doc.document->root.at({"metadata", "finalizers"}) : nullptr;
    if (finalizers && managesArgocd(design)) {
        for (const YamlNode &item : finalizers->children) {
            if (item.text().startsWith(QLatin1String("resources-finalizer.argocd.argoproj.io"))) {
                context.report(QStringLiteral("WS023"), doc, &item, root.name,
                               QStringLiteral("the root Application %1 has %2 and manages Argo "
                                              "CD: deleting the root deletes Argo CD")
                                   .arg(root.name, item.text()));
            }
        }
    }
}

} // namespace wavesmith::lint
