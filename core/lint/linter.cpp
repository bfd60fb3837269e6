// Runs the rules, applies lint-ignore annotations, and reads a repository for linting.

#include "lintcontext.h"
#include "rules.h"

#include "repo/reposnapshot.h"
#include "repo/repotree.h"

#include <wavesmith/repo.h>

#include <QDir>
#include <QFile>
#include <QHash>
#include <QRegularExpression>

#include <sys/stat.h>
#include <time.h>

#include <algorithm>
#include <exception>
#include <optional>
#include <thread>
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
    // The rules only read the context: half of them run on a second core, reporting into a
    // branch of their own, in two groups of about equal cost on large repositories. The health
    // rules (Lua, yaml-cpp test suites) stay on this thread. Findings are sorted below, so the
    // result does not depend on which group finished first.
    LintContext branch(context, LintContext::Branch{});
    std::exception_ptr branchFailure;
    std::thread second([&] {
        try {
            checkCrdOrder(branch);
            checkApplicationShape(branch);
            checkDuplicatePaths(branch);
            checkGeneratorPaths(branch);
            checkDependencyCycles(branch);
            checkDependencyWaves(branch);
        } catch (...) {
            branchFailure = std::current_exception();
        }
    });
    try {
        checkSyncOptions(context);
        checkApplicationHealthCheck(context);
        checkSyncWaveAnnotations(context);
        checkHealthScripts(context);
        checkRoot(context);
        checkApplicationNames(context);
        checkServerSideDiffConfig(context);
        checkPlainSecrets(context);
    } catch (...) {
        second.join();
        throw;
    }
    second.join();
    if (branchFailure)
        std::rethrow_exception(branchFailure);
    QList<LintFinding> findings = context.takeFindings();
    findings += branch.takeFindings();
    applySuppressions(context, findings);
    std::stable_sort(findings.begin(), findings.end(),
                     [](const LintFinding &a, const LintFinding &b) {
                         return std::tie(a.file, a.line, a.column, a.ruleId) <
                                std::tie(b.file, b.line, b.column, b.ruleId);
                     });
    return findings;
}

namespace {

qint64 nowNs() {
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    return qint64(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

// The file's stamp as the kernel has it now, read time included; nullopt if it cannot be stat'ed
// (then it is read, and the read reports the error).
std::optional<FileStamp> currentStamp(const QString &path) {
    struct stat info {};
    const qint64 readAt = nowNs();
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return std::nullopt;
    FileStamp stamp;
    stamp.size = qint64(info.st_size);
    stamp.modifiedNs = qint64(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
    stamp.inode = quint64(info.st_ino);
    stamp.readAtNs = readAt;
    return stamp;
}

// Unchanged since `before` was taken, and not modified so close to that read that a later
// change in the same timestamp tick could hide (the "racy" case git also guards against).
bool unchangedSince(const FileStamp &before, const FileStamp &now) {
    constexpr qint64 racyWindowNs = 2'000'000'000;
    return before.size == now.size && before.modifiedNs == now.modifiedNs &&
           before.inode == now.inode && now.modifiedNs < before.readAtNs - racyWindowNs;
}

Result<LintFiles> readLintFilesReusing(const QString &dir, const LintFiles *previous) {
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
    result.stamps.resize(result.files.size());
    // What the previous read holds, by path (only if it read this same folder).
    QHash<QString, qsizetype> previousIndex;
    if (previous && previous->repositoryDir == result.repositoryDir &&
        previous->stamps.size() == previous->files.size()) {
        previousIndex.reserve(previous->files.size());
        for (qsizetype i = 0; i < previous->files.size(); ++i)
            previousIndex.insert(previous->files.at(i).path, i);
    }
    // Thousands of small files: the system calls dominate, so both cores read. Each task fills
    // only its own slot; the first failure in path order is the one reported.
    // Plain pointers into storage sized up front: no detaching or growing from the workers.
    FileContent *files = result.files.data();
    FileStamp *stamps = result.stamps.data();
    std::vector<std::optional<Error>> failures(size_t(result.files.size()));
    forEachInParallel(result.files.size(), [&](qsizetype i) {
        FileContent &file = files[i];
        const QString absolute = root.filePath(file.path);
        // A file read last time is stat'ed first and kept if unchanged; any other is opened,
        // fstat'ed and read in one go.
        const auto at = previousIndex.constFind(file.path);
        if (at != previousIndex.constEnd()) {
            const std::optional<FileStamp> stamp = currentStamp(absolute);
            if (stamp && unchangedSince(previous->stamps.at(*at), *stamp)) {
                file.content = previous->files.at(*at).content; // shared, not copied
                stamps[i] = *stamp;
                stamps[i].readAtNs = previous->stamps.at(*at).readAtNs;
                return;
            }
        }
        // Taken before the read: a change during it makes the next re-read look again.
        const qint64 readAt = nowNs();
        OpenedFileStat opened;
        auto content = readRepoFile(absolute, file.path, &opened);
        if (!content) {
            failures[size_t(i)] = content.error();
            return;
        }
        file.content = std::move(content).value();
        stamps[i] = FileStamp{opened.size, opened.modifiedNs, opened.inode, readAt};
    });
    for (const std::optional<Error> &failure : std::as_const(failures)) {
        if (failure)
            return *failure;
    }
    return result;
}

} // namespace

Result<LintFiles> readLintFiles(const QString &dir) {
    return readLintFilesReusing(dir, nullptr);
}

Result<LintFiles> rereadLintFiles(const QString &dir, const LintFiles &previous) {
    return readLintFilesReusing(dir, &previous);
}

Result<LintRun> lintRepository(const QString &dir, const Catalog &catalog) {
    // One read of every manifest serves the import and the rules alike.
    auto files = readLintFiles(dir);
    if (!files) {
        // A repository the import cannot read either is reported as the import would.
        if (auto design = importRepository(dir, catalog); !design)
            return design.error();
        return files.error();
    }
    const RepoSnapshot snapshot(files->files, files->folders);
    auto design = importRepositoryFrom(dir, catalog, {}, snapshot);
    if (!design)
        return design.error();
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
