#pragma once

// The design linter: every known app-of-apps pitfall, by stable rule id (WS001...), with a
// one-sentence explanation and a fix hint. Rules read the imported Design and the repository's
// raw manifests (for lines, annotations and what the model does not hold). A finding on a
// resource annotated `wavesmith.dev/lint-ignore: "WSnnn: reason"` is kept, marked suppressed.

#include <wavesmith/atomicwrite.h>
#include <wavesmith/model.h>
#include <wavesmith/result.h>

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace wavesmith {

class Catalog;

struct LintRule {
    QString id; // "WS001"; part of the interface, never renumbered
    Diagnostic::Severity severity = Diagnostic::Severity::Error;
    QString title;   // a few words: "dependency not in a lower wave"
    QString why;     // one sentence a newcomer understands
    QString fixHint; // what to change
};

// Every rule in id order.
const QList<LintRule> &lintRules();
const LintRule *findLintRule(const QString &id);

struct LintFinding {
    QString ruleId;
    Diagnostic::Severity severity = Diagnostic::Severity::Error;
    QString file; // repository-relative
    int line = 0; // 1-based
    int column = 1;
    QString component; // the component (or ApplicationSet, root) it concerns, may be empty
    QString message;
    QString fixHint;
    // Dependency findings (WS001, WS002, WS010): the components along the dependency, each
    // needing the next; a cycle ends where it started. Lets the canvas mark the edges and the
    // quick fix find the dependency without reading the message.
    QStringList dependencyPath;
    bool suppressed = false;
    QString suppressionReason; // the reason given in wavesmith.dev/lint-ignore
};

// The repository as the linter reads it: every *.yaml / *.yml outside hidden folders
// (health_test.yaml suites included) and every folder. Paths are repository-relative.
// What a file was on disk when it was read (size, modification time, inode) and when it was read.
struct FileStamp {
    qint64 size = -1;
    qint64 modifiedNs = 0;
    quint64 inode = 0;
    qint64 readAtNs = 0;
};

struct LintFiles {
    QString repositoryDir; // absolute; health test suites are run from here
    QList<FileContent> files;
    QStringList folders;
    QList<FileStamp> stamps; // one per file, same order: lets a re-read skip unchanged files
};

// Reads every manifest of the repository at `dir`. Files over kMaxManifestBytes (repo.h) are
// an error naming the file, as in import.
Result<LintFiles> readLintFiles(const QString &dir);
// The same, but a file whose stamp is unchanged since `previous` read it keeps the content read
// then instead of being read again (the GUI re-lints after every edit). A file modified within
// two seconds of that read is read again anyway: its timestamp may not show a later change.
Result<LintFiles> rereadLintFiles(const QString &dir, const LintFiles &previous);

// Runs every rule over an imported design and its files; findings sorted by file, line, id.
QList<LintFinding> lintDesign(const Design &design, const LintFiles &files, const Catalog &catalog);

// Import + read + lint in one call (the CLI, the GUI worker and the benchmark use it).
struct LintRun {
    Design design;
    QList<LintFinding> findings;
};
Result<LintRun> lintRepository(const QString &dir, const Catalog &catalog);

// Counts of unsuppressed findings.
struct LintSummary {
    int errors = 0;
    int warnings = 0;
    int infos = 0;
    int suppressed = 0;
};
LintSummary summarizeFindings(const QList<LintFinding> &findings);

// Output formats of `wavesmith lint`.
// "file:line:col: severity: [WSnnn] message" per finding (suppressed ones say so).
QString lintText(const QList<LintFinding> &findings);
QByteArray lintJson(const QList<LintFinding> &findings);
// SARIF 2.1.0 as GitHub code scanning accepts it: rules in the driver, suppressions kept.
QByteArray lintSarif(const QList<LintFinding> &findings);

} // namespace wavesmith
