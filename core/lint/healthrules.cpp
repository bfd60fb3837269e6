#include "lintcontext.h"
#include "rules.h"

#include <wavesmith/luaengine.h>
#include <wavesmith/luaobject.h>
#include <wavesmith/luatestrunner.h>

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>

namespace wavesmith::lint {

namespace {

const QString kHealthPrefix = QStringLiteral("resource.customizations.health.");
const QString kOpenLibsPrefix = QStringLiteral("resource.customizations.useOpenLibs.");

// One health script, from values.yaml (through the model) or from an argocd-cm ConfigMap.
struct HealthScript {
    QString key; // argoproj.io_Application
    QString group;
    QString kind;
    QString lua;
    bool openLibs = false;
    QString file;
    int keyLine = 0; // the line of the key; Lua line n is on keyLine + n for a block scalar
    int keyColumn = 1;
};

HealthScript fromCustomization(const LintContext &context, const HealthCustomization &h) {
    HealthScript s;
    s.key = h.configKey().mid(kHealthPrefix.size());
    s.group = h.group;
    s.kind = h.kind;
    s.lua = h.lua;
    s.openLibs = h.useOpenLibs;
    s.file = h.location.file;
    s.keyLine = h.location.line;
    // The outline knows the key's exact position in values.yaml (configs.cm.<key>).
    const QByteArray key = h.configKey().toUtf8();
    if (const ParsedFile *file = context.parsedFile(h.location.file)) {
        for (const YamlDocument &doc : file->documents) {
            if (const YamlNode *node = doc.root.at({"configs", "cm", key.constData()})) {
                s.keyLine = node->line;
                s.keyColumn = node->column;
            }
        }
    }
    return s;
}

// The model reads health customizations from values.yaml; repositories that keep argocd-cm as
// a ConfigMap manifest are read here, so the rules see both.
QList<HealthScript> healthScripts(const LintContext &context) {
    QList<HealthScript> scripts;
    for (const HealthCustomization &h : context.design().healthChecks)
        scripts.append(fromCustomization(context, h));
    for (const DocumentRef &ref : context.documentsOfKind(QStringLiteral("ConfigMap"))) {
        if (!ref.document->isNamed("argocd-cm"))
            continue;
        const YamlNode *data = ref.document->root.child("data");
        if (!data)
            continue;
        QSet<QString> openLibs;
        for (const YamlNode &entry : data->children) {
            const QString key = QString::fromUtf8(entry.key);
            if (key.startsWith(kOpenLibsPrefix) && entry.value == "true")
                openLibs.insert(key.mid(kOpenLibsPrefix.size()));
        }
        for (const YamlNode &entry : data->children) {
            const QString key = QString::fromUtf8(entry.key);
            if (!key.startsWith(kHealthPrefix))
                continue;
            HealthScript s;
            s.key = key.mid(kHealthPrefix.size());
            const qsizetype split = s.key.lastIndexOf(QLatin1Char('_'));
            s.group = split < 0 ? QString() : s.key.left(split);
            s.kind = split < 0 ? s.key : s.key.mid(split + 1);
            s.lua = entry.text();
            s.openLibs = openLibs.contains(s.key);
            s.file = ref.file->path;
            s.keyLine = entry.line;
            s.keyColumn = entry.column;
            scripts.append(s);
        }
    }
    return scripts;
}

QString applicationObject(const QString &comparedRevision, const QString &syncStatus) {
    return QStringLiteral("apiVersion: argoproj.io/v1alpha1\n"
                          "kind: Application\n"
                          "metadata: {name: child, namespace: argocd}\n"
                          "spec:\n"
                          "  source: {repoURL: https://example.com/repo.git, path: apps/child, "
                          "targetRevision: v2}\n"
                          "  destination: {server: https://kubernetes.default.svc, namespace: "
                          "child}\n"
                          "status:\n"
                          "  health: {status: Healthy}\n"
                          "  sync:\n"
                          "    status: %2\n"
                          "    comparedTo:\n"
                          "      source: {repoURL: https://example.com/repo.git, path: "
                          "apps/child, targetRevision: %1}\n"
                          "      destination: {server: https://kubernetes.default.svc, "
                          "namespace: child}\n")
        .arg(comparedRevision, syncStatus);
}

// Whether the script says Healthy for the child described by `yaml`.
bool passesAsHealthy(HealthEngine &engine, const HealthScript &script, const QString &yaml) {
    const auto object = HealthObject::fromYaml(yaml.toUtf8());
    if (!object)
        return false;
    HealthOptions options;
    options.openLibs = script.openLibs;
    const auto result = engine.evaluate(script.lua, object.value(), options);
    return result && result->status == QLatin1String("Healthy");
}

// Lua source with comments and string literals blanked out (newlines kept, so lines count).
QString codeOnly(const QString &lua) {
    QString out = lua;
    qsizetype i = 0;
    auto blank = [&](qsizetype from, qsizetype to) {
        for (qsizetype k = from; k < to && k < out.size(); ++k) {
            if (out[k] != QLatin1Char('\n'))
                out[k] = QLatin1Char(' ');
        }
    };
    auto longBracketEnd = [&](qsizetype open) -> qsizetype {
        // open points at '['; returns the index after the matching close, or -1.
        qsizetype level = 0;
        qsizetype k = open + 1;
        while (k < lua.size() && lua[k] == QLatin1Char('='))
            ++level, ++k;
        if (k >= lua.size() || lua[k] != QLatin1Char('['))
            return -1;
        const QString close =
            QLatin1Char(']') + QString(level, QLatin1Char('=')) + QLatin1Char(']');
        const qsizetype end = lua.indexOf(close, k + 1);
        return end < 0 ? lua.size() : end + close.size();
    };
    while (i < lua.size()) {
        const QChar c = lua[i];
        if (c == QLatin1Char('-') && lua.mid(i, 2) == QLatin1String("--")) {
            const qsizetype longEnd =
                i + 2 < lua.size() && lua[i + 2] == QLatin1Char('[') ? longBracketEnd(i + 2) : -1;
            const qsizetype end = longEnd > 0 ? longEnd : lua.indexOf(QLatin1Char('\n'), i);
            const qsizetype stop = end < 0 ? lua.size() : end;
            blank(i, stop);
            i = stop;
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            qsizetype k = i + 1;
            while (k < lua.size() && lua[k] != c && lua[k] != QLatin1Char('\n'))
                k += lua[k] == QLatin1Char('\\') ? 2 : 1;
            blank(i + 1, k);
            i = k + 1;
        } else if (c == QLatin1Char('[')) {
            const qsizetype end = longBracketEnd(i);
            if (end > 0) {
                blank(i, end);
                i = end;
            } else {
                ++i;
            }
        } else {
            ++i;
        }
    }
    return out;
}

struct LibraryUse {
    int luaLine = 0;
    QString what;
};

// Library calls the sandbox will refuse, given openLibs.
QList<LibraryUse> forbiddenLibraryUses(const QString &lua, bool openLibs) {
    static const QRegularExpression access(
        QStringLiteral("(?<![\\w.:])(string|math|coroutine|io|debug|package|os)\\s*[.:]\\s*"
                       "([A-Za-z_]\\w*)|(?<![\\w.:])(dofile|loadfile)\\s*\\(|:\\s*(byte|char|"
                       "find|format|gmatch|gsub|len|lower|match|rep|reverse|sub|upper)\\s*\\("));
    const QString code = codeOnly(lua);
    QList<LibraryUse> uses;
    auto it = access.globalMatch(code);
    while (it.hasNext()) {
        const auto m = it.next();
        const int line = int(code.left(m.capturedStart()).count(QLatin1Char('\n'))) + 1;
        const QString library = m.captured(1);
        if (!library.isEmpty()) {
            const QString member = m.captured(2);
            const bool openable = library == QLatin1String("string") ||
                                  library == QLatin1String("math") ||
                                  library == QLatin1String("coroutine");
            const bool safeOs =
                library == QLatin1String("os") &&
                (member == QLatin1String("time") || member == QLatin1String("date"));
            if (safeOs || (openable && openLibs))
                continue;
            uses.append({line, library + QLatin1Char('.') + member});
        } else if (!m.captured(3).isEmpty()) {
            uses.append({line, m.captured(3)});
        } else if (!openLibs) {
            uses.append({line, QStringLiteral("the string method :%1").arg(m.captured(4))});
        }
    }
    return uses;
}

void runTestSuites(LintContext &context, HealthEngine &engine, const QList<HealthScript> &scripts) {
    if (context.files().repositoryDir.isEmpty())
        return;
    const QDir repo(context.files().repositoryDir);
    for (const ParsedFile &file : context.parsedFiles()) {
        if (file.path != QLatin1String("health_test.yaml") &&
            !file.path.endsWith(QLatin1String("/health_test.yaml")))
            continue;
        const QString folder = QFileInfo(file.path).path();
        const QByteArray script = context.content(folder + QStringLiteral("/health.lua"));
        bool openLibs = false;
        QString owner;
        // The suite belongs to the customization whose script it tests, if any.
        for (const HealthScript &s : scripts) {
            if (!script.isEmpty() && s.lua.trimmed() == QString::fromUtf8(script).trimmed()) {
                openLibs = s.openLibs;
                owner = s.key;
            }
        }
        const auto outcomes = runHealthTests(engine, repo.filePath(file.path), openLibs);
        if (!outcomes) {
            context.report(
                QStringLiteral("WS004"), file.path, qMax(outcomes.error().line, 1), 1, owner,
                QStringLiteral("health test suite cannot run: %1").arg(outcomes.error().message));
            continue;
        }
        const YamlNode *tests =
            file.documents.empty() ? nullptr : file.documents.front().root.child("tests");
        for (qsizetype i = 0; i < outcomes->size(); ++i) {
            const HealthTestOutcome &outcome = outcomes->at(i);
            if (outcome.passed)
                continue;
            const YamlNode *entry =
                tests && tests->isSequence() && size_t(i) < tests->children.size()
                    ? &tests->children[size_t(i)]
                    : nullptr;
            const QString got =
                outcome.error.isEmpty()
                    ? QStringLiteral("%1 \"%2\"").arg(outcome.actual.status, outcome.actual.message)
                    : outcome.error;
            context.report(QStringLiteral("WS004"), file.path, entry ? entry->line : 1,
                           entry ? entry->column : 1, owner,
                           QStringLiteral("health test %1 fails: expected %2 \"%3\", got %4")
                               .arg(outcome.inputPath, outcome.expected.status,
                                    outcome.expected.message, got));
        }
    }
}

} // namespace

void checkApplicationHealthCheck(LintContext &context) {
    const Design &design = context.design();
    const QList<HealthScript> scripts = healthScripts(context);
    const HealthScript *application = nullptr;
    for (const HealthScript &s : scripts) {
        if (s.group == QLatin1String("argoproj.io") && s.kind == QLatin1String("Application"))
            application = &s;
    }
    QSet<int> waves;
    for (const Component &c : design.components)
        waves.insert(c.wave);
    for (const ApplicationSet &set : design.applicationSets)
        waves.insert(set.wave);
    if (!application && waves.size() > 1) {
        context.report(QStringLiteral("WS003"), context.rootDocument(), nullptr, design.root.name,
                       QStringLiteral("components use %1 sync waves but there is no health "
                                      "customization for argoproj.io/Application: the root will "
                                      "not wait for any child")
                           .arg(waves.size()));
    }
    if (!application)
        return;
    HealthEngine engine;
    QStringList weaknesses;
    if (passesAsHealthy(engine, *application,
                        applicationObject(QStringLiteral("v2"), QStringLiteral("OutOfSync"))))
        weaknesses.append(QStringLiteral("a Healthy but OutOfSync child (argo-cd #10550)"));
    if (passesAsHealthy(engine, *application,
                        applicationObject(QStringLiteral("v1"), QStringLiteral("Synced"))))
        weaknesses.append(QStringLiteral("a child whose status.sync.comparedTo differs from its "
                                         "spec (argo-cd PR #29649)"));
    if (!weaknesses.isEmpty()) {
        context.report(QStringLiteral("WS019"), application->file, application->keyLine,
                       application->keyColumn, QString(),
                       QStringLiteral("the Application health script passes %1 as Healthy")
                           .arg(weaknesses.join(QStringLiteral(" and "))));
    }
}

void checkHealthScripts(LintContext &context) {
    const QList<HealthScript> scripts = healthScripts(context);
    HealthEngine engine;
    for (const HealthScript &s : scripts) {
        HealthOptions options;
        options.openLibs = s.openLibs;
        options.chunkName = s.key;
        if (const Status compiled = engine.compile(s.lua.toUtf8(), options); !compiled) {
            const int luaLine = compiled.error().line;
            context.report(QStringLiteral("WS004"), s.file, s.keyLine + qMax(luaLine, 0), 1,
                           QString(),
                           QStringLiteral("health script %1 does not compile: %2")
                               .arg(s.key, compiled.error().message));
            continue;
        }
        for (const LibraryUse &use : forbiddenLibraryUses(s.lua, s.openLibs)) {
            context.report(
                QStringLiteral("WS012"), s.file, s.keyLine + use.luaLine, 1, QString(),
                QStringLiteral("health script %1 uses %2, which Argo CD does not "
                               "provide%3")
                    .arg(s.key, use.what,
                         s.openLibs ? QString() : QStringLiteral(" without useOpenLibs: true")));
        }
    }
    runTestSuites(context, engine, scripts);
}

} // namespace wavesmith::lint
