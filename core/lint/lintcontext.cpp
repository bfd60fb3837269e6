#include "lintcontext.h"

#include "repo/repotree.h"

#include <algorithm>

namespace wavesmith::lint {

LintContext::LintContext(const Design &design, const LintFiles &files, const Catalog &catalog)
    : m_design(design)
    , m_files(files)
    , m_catalog(catalog) {
    QList<const FileContent *> manifests;
    manifests.reserve(files.files.size());
    for (const FileContent &file : files.files) {
        if (file.path.endsWith(QLatin1String(".yaml")) || file.path.endsWith(QLatin1String(".yml")))
            manifests.append(&file); // not health.lua next to a test suite
    }
    // Outlining thousands of manifests is most of a lint: every core takes a share, each file
    // into its own slot, so the order is the files' order as before.
    m_parsed.resize(size_t(manifests.size()));
    forEachInParallel(manifests.size(), [&](qsizetype i) {
        m_parsed[size_t(i)] = {manifests[i]->path, parseYamlOutline(manifests[i]->content)};
    });
    m_fileIndex.reserve(manifests.size());
    for (qsizetype i = 0; i < manifests.size(); ++i)
        m_fileIndex.insert(manifests[i]->path, i);
    m_foldersSorted = std::is_sorted(files.folders.begin(), files.folders.end());
    // Indexed after parsing: m_parsed no longer reallocates, so the pointers stay valid.
    for (const ParsedFile &file : m_parsed) {
        for (const YamlDocument &doc : file.documents)
            m_byKind[doc.kind()].append({&file, &doc});
    }
    m_components.reserve(design.components.size());
    for (const Component &c : design.components)
        m_components.insert(c.name, &c);
}

LintContext::~LintContext() {
    // Freeing thousands of outlines node by node is a good part of a lint: every core takes a
    // share, as in parsing.
    forEachInParallel(qsizetype(m_parsed.size()),
                      [this](qsizetype i) { m_parsed[size_t(i)] = ParsedFile(); });
}

const ParsedFile *LintContext::parsedFile(const QString &path) const {
    const auto it = m_fileIndex.constFind(path);
    return it == m_fileIndex.constEnd() ? nullptr : &m_parsed[size_t(*it)];
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
    return m_byKind.value(kind);
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
    return m_foldersSorted ? std::binary_search(folders.begin(), folders.end(), path)
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
