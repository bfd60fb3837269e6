#include "lintcontext.h"

namespace wavesmith::lint {

LintContext::LintContext(const Design &design, const LintFiles &files, const Catalog &catalog)
    : m_design(design)
    , m_files(files)
    , m_catalog(catalog) {
    m_parsed.reserve(size_t(files.files.size()));
    for (const FileContent &file : files.files) {
        if (!file.path.endsWith(QLatin1String(".yaml")) &&
            !file.path.endsWith(QLatin1String(".yml")))
            continue; // health.lua next to a test suite
        m_fileIndex.insert(file.path, qsizetype(m_parsed.size()));
        m_parsed.push_back({file.path, parseYamlOutline(file.content)});
    }
    // Indexed after parsing: m_parsed no longer reallocates, so the pointers stay valid.
    for (const ParsedFile &file : m_parsed) {
        for (const YamlDocument &doc : file.documents)
            m_byKind[doc.kind()].append({&file, &doc});
    }
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

void LintContext::report(const QString &ruleId, const QString &file, int line, int column,
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
    m_findings.append(finding);
}

void LintContext::report(const QString &ruleId, const DocumentRef &where, const YamlNode *node,
                         const QString &component, const QString &message) {
    const QString file = where.file ? where.file->path : QString();
    int line = where.document ? where.document->root.line : 0;
    int column = 1;
    if (node) {
        line = node->line;
        column = node->column;
    }
    report(ruleId, file, line, column, component, message);
}

const YamlNode *applicationSpec(const YamlDocument &document) {
    const QString kind = document.kind();
    if (kind == QLatin1String("ApplicationSet"))
        return document.root.at({"spec", "template", "spec"});
    return document.root.child("spec");
}

} // namespace wavesmith::lint
