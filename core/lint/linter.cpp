// Runs the rules, applies lint-ignore annotations, and reads a repository for linting.

#include "lintcontext.h"
#include "rules.h"

#include "repo/repotree.h"

#include <wavesmith/repo.h>

#include <QDir>
#include <QRegularExpression>

#include <algorithm>
#include <optional>
#include <tuple>
#include <vector>

namespace wavesmith {

namespace {

using namespace lint;

struct Suppression {
    QString ruleId;
    QString reason;
};

// "WS005: reason; WS018: another reason" (one per line works too).
QList<Suppression> parseSuppressions(const QString &value) {
    static const QRegularExpression entry(
        QStringLiteral("^\\s*(WS\\d{3})\\s*(?::\\s*(.*?))?\\s*$"));
    QList<Suppression> result;
    for (const QString &part :
         value.split(QRegularExpression(QStringLiteral("[;\\n]")), Qt::SkipEmptyParts)) {
        const auto m = entry.match(part);
        if (m.hasMatch())
            result.append({m.captured(1), m.captured(2)});
    }
    return result;
}

void applySuppressions(const LintContext &context, QList<LintFinding> &findings) {
    for (LintFinding &finding : findings) {
        const DocumentRef doc = context.documentAt(finding.file, finding.line);
        const YamlNode *annotation =
            doc ? doc.document->annotation("wavesmith.dev/lint-ignore") : nullptr;
        if (!annotation)
            continue;
        for (const Suppression &s : parseSuppressions(annotation->text())) {
            if (s.ruleId != finding.ruleId)
                continue;
            if (s.reason.isEmpty()) {
                finding.message += QStringLiteral(" (wavesmith.dev/lint-ignore for %1 is ignored: "
                                                  "it needs a reason, \"%1: why\")")
                                       .arg(s.ruleId);
            } else {
                finding.suppressed = true;
                finding.suppressionReason = s.reason;
            }
        }
    }
}

} // namespace

QList<LintFinding> lintDesign(const Design &design, const LintFiles &files,
                              const Catalog &catalog) {
    LintContext context(design, files, catalog);
    checkDependencyWaves(context);
    checkDependencyCycles(context);
    checkApplicationHealthCheck(context);
    checkHealthScripts(context);
    checkSyncOptions(context);
    checkServerSideDiffConfig(context);
    checkRoot(context);
    checkApplicationNames(context);
    checkDuplicatePaths(context);
    checkSyncWaveAnnotations(context);
    checkGeneratorPaths(context);
    checkApplicationShape(context);
    checkCrdOrder(context);
    checkPlainSecrets(context);
    QList<LintFinding> findings = context.takeFindings();
    applySuppressions(context, findings);
    std::stable_sort(findings.begin(), findings.end(),
                     [](const LintFinding &a, const LintFinding &b) {
                         return std::tie(a.file, a.line, a.column, a.ruleId) <
                                std::tie(b.file, b.line, b.column, b.ruleId);
                     });
    return findings;
}

Result<LintFiles> readLintFiles(const QString &dir) {
    const QDir root(dir);
    if (!root.exists())
        return Error{dir, 0, QStringLiteral("no such folder")};
    auto tree = scanRepoTree(root.absolutePath());
    if (!tree)
        return tree.error();
    LintFiles result;
    result.repositoryDir = root.absolutePath();
    result.folders = std::move(tree->folders);
    for (const QString &relative : std::as_const(tree->files)) {
        if (relative.endsWith(QLatin1String(".yaml")) || relative.endsWith(QLatin1String(".yml")) ||
            relative == QLatin1String("health.lua") ||
            relative.endsWith(QLatin1String("/health.lua")))
            result.files.append({relative, QByteArray()});
    }
    // Thousands of small files: the system calls dominate, so both cores read. Each task fills
    // only its own slot; the first failure in path order is the one reported.
    // Plain pointers into storage sized up front: no detaching or growing from the workers.
    FileContent *files = result.files.data();
    std::vector<std::optional<Error>> failures(size_t(result.files.size()));
    forEachInParallel(result.files.size(), [&](qsizetype i) {
        FileContent &file = files[i];
        auto content = readRepoFile(root.filePath(file.path), file.path);
        if (content)
            file.content = std::move(content).value();
        else
            failures[size_t(i)] = content.error();
    });
    for (const std::optional<Error> &failure : std::as_const(failures)) {
        if (failure)
            return *failure;
    }
    return result;
}

Result<LintRun> lintRepository(const QString &dir, const Catalog &catalog) {
    auto design = importRepository(dir, catalog);
    if (!design)
        return design.error();
    auto files = readLintFiles(dir);
    if (!files)
        return files.error();
    LintRun run;
    run.findings = lintDesign(design.value(), files.value(), catalog);
    run.design = std::move(design).value();
    return run;
}

LintSummary summarizeFindings(const QList<LintFinding> &findings) {
    LintSummary summary;
    for (const LintFinding &f : findings) {
        if (f.suppressed)
            ++summary.suppressed;
        else if (f.severity == Diagnostic::Severity::Error)
            ++summary.errors;
        else if (f.severity == Diagnostic::Severity::Warning)
            ++summary.warnings;
        else
            ++summary.infos;
    }
    return summary;
}

} // namespace wavesmith
