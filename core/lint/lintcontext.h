#pragma once

// What every rule sees: the design, the catalog, the parsed manifests of the repository, and
// the list findings are reported into.

#include "yamloutline.h"

#include <wavesmith/catalog.h>
#include <wavesmith/lint.h>
#include <wavesmith/model.h>

#include <QHash>
#include <QList>
#include <QString>

#include <memory>
#include <vector>

namespace wavesmith::lint {

struct ParsedFile {
    QString path; // repository-relative
    std::vector<YamlDocument> documents;
};

// A raw document together with the file it came from.
struct DocumentRef {
    const ParsedFile *file = nullptr;
    const YamlDocument *document = nullptr;
    explicit operator bool() const { return document != nullptr; }
};

class LintContext {
public:
    LintContext(const Design &design, const LintFiles &files, const Catalog &catalog);
    // A context over `shared`'s design, files and parsed manifests with findings of its own, for
    // rules run on another thread at the same time. `shared` must outlive it.
    struct Branch {};
    LintContext(const LintContext &shared, Branch);
    ~LintContext();
    LintContext(const LintContext &) = delete;
    LintContext &operator=(const LintContext &) = delete;

    const Design &design() const { return m_design; }
    const Catalog &catalog() const { return m_catalog; }
    const LintFiles &files() const { return m_files; }
    const std::vector<ParsedFile> &parsedFiles() const { return m_index->parsed; }
    const ParsedFile *parsedFile(const QString &path) const;
    // The document of `file` that spans `line`.
    DocumentRef documentAt(const QString &file, int line) const;
    // The document a component was read from (its Application, or its ApplicationSet).
    DocumentRef documentOf(const Component &component) const;
    DocumentRef rootDocument() const;
    // Every document of a kind ("Application", "ApplicationSet", "Secret", ...).
    QList<DocumentRef> documentsOfKind(const QString &kind) const;
    // The raw text of a file, empty when it was not read.
    QByteArray content(const QString &path) const;
    // Whether `path` is a folder of the repository (LintFiles::folders).
    bool isFolder(const QString &path) const;
    // The component named `name` (the last of that name), or nullptr. Design::component() is a
    // linear search; with thousands of components one index, shared by every rule, keeps them
    // linear.
    const Component *component(const QString &name) const {
        return m_index->components.value(name);
    }

    // Reports a finding of `ruleId` with the rule's severity and fix hint; the finding is
    // returned for the rule to add details (valid until the next report).
    LintFinding &report(const QString &ruleId, const QString &file, int line, int column,
                        const QString &component, const QString &message);
    LintFinding &report(const QString &ruleId, const DocumentRef &where, const YamlNode *node,
                        const QString &component, const QString &message);

    QList<LintFinding> takeFindings() { return std::move(m_findings); }

private:
    const Design &m_design;
    const LintFiles &m_files;
    const Catalog &m_catalog;
    // Built once, read by every rule (from any thread: nothing in it changes after the build).
    struct Index {
        std::vector<ParsedFile> parsed;
        QHash<QString, qsizetype> fileIndex;
        bool foldersSorted = false;                // readLintFiles sorts them: binary search then
        QHash<QString, QList<DocumentRef>> byKind; // kind -> documents, in file order
        QHash<QString, const Component *> components;
    };
    std::unique_ptr<Index> m_ownIndex; // null in a branch
    const Index *m_index;
    QList<LintFinding> m_findings;
};

// The spec of an Application, or of an ApplicationSet's template.
const YamlNode *applicationSpec(const YamlDocument &document);

} // namespace wavesmith::lint
