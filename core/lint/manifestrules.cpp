#include "lintcontext.h"
#include "rules.h"

#include <QHash>

#include <deque>

namespace wavesmith::lint {

namespace {

QStringView groupOf(const QString &apiVersion) {
    const qsizetype slash = apiVersion.indexOf(QLatin1Char('/'));
    return slash < 0 ? QStringView() : QStringView(apiVersion).left(slash);
}

// Which component's folder a file lies in (the deepest component folder above it).
class FolderOwners {
public:
    explicit FolderOwners(const Design &design) {
        for (const Component &c : design.components) {
            const Source *s = c.primarySource();
            if (s && !s->isHelm() && !s->path.isEmpty())
                m_owners.insert(s->path, &c);
        }
    }

    const Component *ownerOf(const QString &file) const {
        // Walks up the file's folders as views, looked up without a copy: this runs for every
        // manifest of the repository.
        QStringView folder(file);
        for (qsizetype slash = folder.lastIndexOf(QLatin1Char('/')); slash > 0;
             slash = folder.lastIndexOf(QLatin1Char('/'))) {
            folder = folder.left(slash);
            if (const Component *c = m_owners.value(folder))
                return c;
        }
        return nullptr;
    }

private:
    // Views of the components' source paths: the design outlives the lint run.
    QHash<QStringView, const Component *> m_owners;
};

} // namespace

void checkCrdOrder(LintContext &context) {
    const Design &design = context.design();
    const FolderOwners owners(design);
    // API group -> components installing its CRDs: from the catalog, and from any
    // CustomResourceDefinition found in a component's folder.
    // Keys view the catalog's and the manifests' strings, which outlive this check.
    QHash<QStringView, QList<const Component *>> providers;
    for (const Component &c : design.components) {
        if (const CatalogEntry *entry = context.catalog().find(c.catalogId)) {
            for (const QString &group : entry->providesCrdGroups)
                providers[group].append(&c);
        }
    }
    std::deque<QString> groupTexts; // the CRDs' groups, kept where the keys can view them
    for (const DocumentRef &ref :
         context.documentsOfKind(QStringLiteral("CustomResourceDefinition"))) {
        const YamlNode *group = ref.document->root.at({"spec", "group"});
        if (const Component *owner = owners.ownerOf(ref.file->path); owner && group)
            providers[groupTexts.emplace_back(group->text())].append(owner);
    }
    for (const ParsedFile &file : context.parsedFiles()) {
        const Component *owner = owners.ownerOf(file.path);
        if (!owner)
            continue;
        for (const YamlDocument &doc : file.documents) {
            const QString apiVersion = doc.apiVersion();
            const QStringView group = groupOf(apiVersion);
            const auto it = providers.constFind(group);
            if (group.isEmpty() || it == providers.constEnd())
                continue;
            const Component *earliest = nullptr;
            bool satisfied = false;
            for (const Component *provider : *it) {
                if (provider == owner || provider->wave < owner->wave)
                    satisfied = true;
                if (!earliest || provider->wave < earliest->wave)
                    earliest = provider;
            }
            if (satisfied || !earliest)
                continue;
            context.report(QStringLiteral("WS020"), {&file, &doc}, doc.root.child("kind"),
                           owner->name,
                           QStringLiteral("%1 %2 of %3 (wave %4) needs the %5 CRDs, which %6 "
                                          "installs in wave %7")
                               .arg(doc.kind(), doc.name(), owner->name)
                               .arg(owner->wave)
                               .arg(group.toString(), earliest->name)
                               .arg(earliest->wave));
        }
    }
}

void checkPlainSecrets(LintContext &context) {
    for (const DocumentRef &ref : context.documentsOfKind(QStringLiteral("Secret"))) {
        // Health test inputs are sample objects, never applied.
        if (ref.file->path.contains(QLatin1String("testdata/")))
            continue;
        if (ref.document->apiVersion() != QLatin1String("v1"))
            continue;
        for (const char *field : {"data", "stringData"}) {
            const YamlNode *values = ref.document->root.child(field);
            if (!values || values->children.empty())
                continue;
            context.report(QStringLiteral("WS022"), ref, values, ref.document->name(),
                           QStringLiteral("Secret %1 commits %2 in plain text")
                               .arg(ref.document->name(), QLatin1String(field)));
        }
    }
}

} // namespace wavesmith::lint
