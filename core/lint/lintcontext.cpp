#include "lintcontext.h"

#include "repo/repotree.h"

#include <algorithm>

namespace wavesmith::lint {

LintContext::LintContext(const Design &design, const LintFiles &files, const Catalog &catalog)
    : m_design(design)
    , m_files(files)
    , m_catalog(catalog)
    , m_ownIndex(std::make_unique<Index>())
    , m_index(m_ownIndex.get()) {
    Index &index = *m_ownIndex;
    QList<const FileContent *> manifests;
    manifests.reserve(files.files.size());
    for (const FileContent &file : files.files) {
        if (file.path.endsWith(QLatin1String(".yaml")) || file.path.endsWith(QLatin1String(".yml")))
            manifests.append(&file); // not health.lua next to a test suite
    }
    // Outlining thousands of manifests is most of a lint: every core takes a share, each file
    // into its own slot, so the order is the files' order as before.
    index.parsed.resize(size_t(manifests.size()));
    forEachInParallel(manifests.size(), [&](qsizetype i) {
        index.parsed[size_t(i)] = {manifests[i]->path, parseYamlOutline(manifests[i]->content)};
    });
    index.fileIndex.reserve(manifests.size());
    for (qsizetype i = 0; i < manifests.size(); ++i)
        index.fileIndex.insert(manifests[i]->path, i);
    index.foldersSorted = std::is_sorted(files.folders.begin(), files.folders.end());
    // Indexed after parsing: the outlines no longer move, so the pointers stay valid.
    for (const ParsedFile &file : index.parsed) {
        for (const YamlDocument &doc : file.documents)
            index.byKind[doc.kind()].append({&file, &doc});
    }
    index.components.reserve(design.components.size());
    for (const Component &c : design.components)
        index.components.insert(c.name, &c);
}

LintContext::LintContext(const LintContext &shared, Branch)
    : m_design(shared.m_design)
    , m_files(shared.m_files)
    , m_catalog(shared.m_catalog)
    , m_index(shared.m_index) {}

LintContext::~LintContext() {
    if (!m_ownIndex)
        return;
    // Freeing thousands of outlines node by node is a good part of a lint: every core takes a
    // share, as in parsing.
    std::vector<ParsedFile> &parsed = m_ownIndex->parsed;
    forEachInParallel(qsizetype(parsed.size()),
                      [&parsed](qsizetype i) { parsed[size_t(i)] = ParsedFile(); });
}

const ParsedFile *LintContext::parsedFile(const QString &path) const {
    const auto it = m_index->fileIndex.constFind(path);
    return it == m_index->fileIndex.constEnd() ? nullptr : &m_index->parsed[size_t(*it)];
}

DocumentRef LintContext::documentAt(const QString &file, int line) const {
    const ParsedFile *parsed = parsedFile(file);
    if (!parsed)
        return {};
    for (const YamlDocument &doc : parsed->documents) {
        if (line >= doc.firstLine && line <= doc.lastLine)
            return {parsed, &doc};
    }
    // Line 0 (unknown) or past the end: the file's only document is still the right one.
    if (parsed->documents.size() == 1)
        return {parsed, &parsed->documents.front()};
    return {};
}

DocumentRef LintContext::documentOf(const Component &component) const {
    return documentAt(component.location.file, component.location.line);
}

DocumentRef LintContext::rootDocument() const {
    return documentAt(m_design.root.location.file, m_design.root.location.line);
}

QList<DocumentRef> LintContext::documentsOfKind(const QString &kind) const {
    return m_index->byKind.value(kind);
}

QByteArray LintContext::content(const QString &path) const {
    for (const FileContent &file : m_files.files) {
        if (file.path == path)
            return file.content;
    }
    return {};
}

bool LintContext::isFolder(const QString &path) const {
    const QStringList &folders = m_files.folders;
    return m_index->foldersSorted ? std::binary_search(folders.begin(), folders.end(), path)
                                  : folders.contains(path);
}

LintFinding &LintContext::report(const QString &ruleId, const QString &file, int line, int column,
                                 const QString &component, const QString &message) {
    const LintRule *rule = findLintRule(ruleId);
    Q_ASSERT(rule);
    LintFinding finding;
    finding.ruleId = ruleId;
    finding.severity = rule->severity;
    finding.file = file;
    finding.line = line;
    finding.column = qMax(column, 1);
    finding.component = component;
    finding.message = message;
    finding.fixHint = rule->fixHint;
    m_findings.append(std::move(finding));
    return m_findings.last();
}

LintFinding &LintContext::report(const QString &ruleId, const DocumentRef &where,
                                 const YamlNode *node, const QString &component,
                                 const QString &message) {
    const QString file = where.file ? where.file->path : QString();
    int line = where.document ? where.document->root.line : 0;
    int column = 1;
    if (node) {
        line = node->line;
        column = node->column;
    }
    return report(ruleId, file, line, column, component, message);
}

const YamlNode *applicationSpec(const YamlDocument &document) {
    const QString kind = document.kind();
    if (kind == QLatin1String("ApplicationSet"))
        return document.root.at({"spec", "template", "spec"});
    return document.root.child("spec");
}

} // namespace wavesmith::lint
