// The three output formats of `wavesmith lint`.

#include <wavesmith/lint.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace wavesmith {

namespace {

QString sarifLevel(Diagnostic::Severity severity) {
    switch (severity) {
    case Diagnostic::Severity::Error:
        return QStringLiteral("error");
    case Diagnostic::Severity::Warning:
        return QStringLiteral("warning");
    case Diagnostic::Severity::Info:
        break;
    }
    return QStringLiteral("note");
}

// SARIF rule names are PascalCase identifiers: "dependency not in a lower wave" ->
// "DependencyNotInALowerWave".
QString sarifRuleName(const QString &title) {
    QString name;
    for (const QString &word :
         title.split(QRegularExpression(QStringLiteral("[^A-Za-z0-9]+")), Qt::SkipEmptyParts))
        name += word.left(1).toUpper() + word.mid(1);
    return name;
}

} // namespace

QString lintText(const QList<LintFinding> &findings) {
    QString out;
    for (const LintFinding &f : findings) {
        out += QStringLiteral("%1:%2:%3: %4: [%5] %6")
                   .arg(f.file)
                   .arg(qMax(f.line, 1))
                   .arg(f.column)
                   .arg(severityName(f.severity), f.ruleId, f.message);
        if (f.suppressed)
            out += QStringLiteral(" (suppressed: %1)").arg(f.suppressionReason);
        out += QLatin1Char('\n');
    }
    const LintSummary s = summarizeFindings(findings);
    out += QStringLiteral("%1 errors, %2 warnings, %3 infos, %4 suppressed\n")
               .arg(s.errors)
               .arg(s.warnings)
               .arg(s.infos)
               .arg(s.suppressed);
    return out;
}

QByteArray lintJson(const QList<LintFinding> &findings) {
    QJsonArray list;
    for (const LintFinding &f : findings) {
        QJsonObject item{{QStringLiteral("id"), f.ruleId},
                         {QStringLiteral("severity"), severityName(f.severity)},
                         {QStringLiteral("file"), f.file},
                         {QStringLiteral("line"), f.line},
                         {QStringLiteral("column"), f.column},
                         {QStringLiteral("component"), f.component},
                         {QStringLiteral("message"), f.message},
                         {QStringLiteral("fixHint"), f.fixHint},
                         {QStringLiteral("suppressed"), f.suppressed}};
        if (f.suppressed)
            item.insert(QStringLiteral("suppressionReason"), f.suppressionReason);
        list.append(item);
    }
    const LintSummary s = summarizeFindings(findings);
    const QJsonObject root{{QStringLiteral("findings"), list},
                           {QStringLiteral("errors"), s.errors},
                           {QStringLiteral("warnings"), s.warnings},
                           {QStringLiteral("infos"), s.infos},
                           {QStringLiteral("suppressed"), s.suppressed}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QByteArray lintSarif(const QList<LintFinding> &findings) {
    QJsonArray rules;
    for (const LintRule &r : lintRules()) {
        rules.append(QJsonObject{
            {QStringLiteral("id"), r.id},
            {QStringLiteral("name"), sarifRuleName(r.title)},
            {QStringLiteral("shortDescription"), QJsonObject{{QStringLiteral("text"), r.title}}},
            {QStringLiteral("fullDescription"), QJsonObject{{QStringLiteral("text"), r.why}}},
            {QStringLiteral("help"), QJsonObject{{QStringLiteral("text"), r.fixHint}}},
            {QStringLiteral("helpUri"),
             QStringLiteral("https://github.com/wavesmith/wavesmith/blob/main/docs/"
                            "lint-rules.md#%1")
                 .arg(r.id.toLower())},
            {QStringLiteral("defaultConfiguration"),
             QJsonObject{{QStringLiteral("level"), sarifLevel(r.severity)}}}});
    }
    QJsonArray results;
    for (const LintFinding &f : findings) {
        const qsizetype ruleIndex = [&] {
            for (qsizetype i = 0; i < lintRules().size(); ++i) {
                if (lintRules().at(i).id == f.ruleId)
                    return i;
            }
            return qsizetype(-1);
        }();
        QJsonObject region{{QStringLiteral("startLine"), qMax(f.line, 1)},
                           {QStringLiteral("startColumn"), qMax(f.column, 1)}};
        QJsonObject location{
            {QStringLiteral("physicalLocation"),
             QJsonObject{{QStringLiteral("artifactLocation"),
                          QJsonObject{{QStringLiteral("uri"), f.file},
                                      {QStringLiteral("uriBaseId"), QStringLiteral("%SRCROOT%")}}},
                         {QStringLiteral("region"), region}}}};
        QJsonObject result{{QStringLiteral("ruleId"), f.ruleId},
                           {QStringLiteral("ruleIndex"), int(ruleIndex)},
                           {QStringLiteral("level"), sarifLevel(f.severity)},
                           {QStringLiteral("message"),
                            QJsonObject{{QStringLiteral("text"),
                                         f.message + QStringLiteral(". Fix: ") + f.fixHint}}},
                           {QStringLiteral("locations"), QJsonArray{location}}};
        if (f.suppressed) {
            result.insert(
                QStringLiteral("suppressions"),
                QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("inSource")},
                                       {QStringLiteral("justification"), f.suppressionReason}}});
        }
        results.append(result);
    }
    const QJsonObject run{
        {QStringLiteral("tool"),
         QJsonObject{{QStringLiteral("driver"),
                      QJsonObject{{QStringLiteral("name"), QStringLiteral("wavesmith")},
                                  {QStringLiteral("informationUri"),
                                   QStringLiteral("https://github.com/wavesmith/wavesmith")},
                                  {QStringLiteral("rules"), rules}}}}},
        {QStringLiteral("originalUriBaseIds"),
         QJsonObject{{QStringLiteral("%SRCROOT%"),
                      QJsonObject{{QStringLiteral("description"),
                                   QJsonObject{{QStringLiteral("text"),
                                                QStringLiteral("the repository root")}}}}}}},
        {QStringLiteral("results"), results}};
    const QJsonObject root{{QStringLiteral("$schema"),
                            QStringLiteral("https://json.schemastore.org/sarif-2.1.0.json")},
                           {QStringLiteral("version"), QStringLiteral("2.1.0")},
                           {QStringLiteral("runs"), QJsonArray{run}}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace wavesmith
