// Surgical write-back against hand-written corpus repositories (tests/repo/corpus): render
// with no edit changes no byte; each edit kind changes exactly the bytes of a hand-written
// expected file (tests/repo/expected/<case>/), every other file stays identical, and a
// re-import shows the edit.

#include <wavesmith/catalog.h>
#include <wavesmith/edit.h>
#include <wavesmith/repo.h>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <yaml-cpp/yaml.h>

#include <functional>

using namespace wavesmith;

namespace {

const QString kCorpus = QStringLiteral(WAVESMITH_SOURCE_DIR "/tests/repo/corpus/");
const QString kExpected = QStringLiteral(WAVESMITH_SOURCE_DIR "/tests/repo/expected/");
const QString kApps = QStringLiteral("infrastructure/controllers/argocd/apps/");

using Tree = QMap<QString, QByteArray>;

Tree readTree(const QString &dir) {
    Tree tree;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    const QDir root(dir);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = root.relativeFilePath(path);
        if (relative == QLatin1String(".gitattributes") ||
            relative.startsWith(QLatin1String(".git/")))
            continue;
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            tree.insert(relative, f.readAll());
    }
    return tree;
}

void writeTree(const QString &dir, const Tree &tree) {
    for (auto it = tree.cbegin(); it != tree.cend(); ++it) {
        const QString path = QDir(dir).filePath(it.key());
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(it.value());
    }
}

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QString &program, const QStringList &arguments, const QString &workingDir = {}) {
    QProcess process;
    if (!workingDir.isEmpty())
        process.setWorkingDirectory(workingDir);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(env);
    process.start(program, arguments);
    if (!process.waitForFinished(60000))
        return {};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

Run runCli(const QStringList &arguments) {
    return run(QStringLiteral(WAVESMITH_EXECUTABLE), arguments);
}

// `git diff --numstat` of two files: {added, removed} lines, counted by real git.
QPair<int, int> gitLineDiff(const QByteArray &before, const QByteArray &after) {
    QTemporaryDir tmp;
    QFile a(tmp.filePath(QStringLiteral("a"))), b(tmp.filePath(QStringLiteral("b")));
    a.open(QIODevice::WriteOnly);
    a.write(before);
    a.close();
    b.open(QIODevice::WriteOnly);
    b.write(after);
    b.close();
    const Run r =
        run(QStringLiteral("git"), {QStringLiteral("diff"), QStringLiteral("--no-index"),
                                    QStringLiteral("--numstat"), a.fileName(), b.fileName()});
    const QStringList fields = r.out.split(QLatin1Char('\t'));
    if (fields.size() < 2)
        return {0, 0};
    return {fields.at(0).toInt(), fields.at(1).toInt()};
}

Design importOrFail(const QString &dir) {
    auto design = importRepository(dir, Catalog::builtin());
    if (!design)
        qWarning("%s", qPrintable(design.error().toString()));
    return design ? design.value() : Design{};
}

YAML::Node parseFile(const QString &path) {
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return YAML::Load(f.readAll().toStdString());
}

std::string annotation(const YAML::Node &doc, const char *key) {
    const YAML::Node a = doc["metadata"]["annotations"];
    return a && a[key] ? a[key].as<std::string>() : std::string();
}

using Edit = std::function<Status(RepoEditor &)>;

} // namespace

class TestRepoEdit : public QObject {
    Q_OBJECT

private:
    // Copies `corpus` to a temporary folder, applies `edit`, writes, and compares every file
    // with the corpus, overridden by the files of expected/<expectedCase>.
    void checkEdit(const QString &corpus, const QString &expectedCase, const Edit &edit,
                   const QStringList &created = {}, const QStringList &removed = {});

    QTemporaryDir m_tmp;
    QString m_work;

private Q_SLOTS:
    void renderWithoutEditsIsByteIdentical_data();
    void renderWithoutEditsIsByteIdentical();
    void setWaveCli_data();
    void setWaveCli();
    void moveAppSetMemberOut_data();
    void moveAppSetMemberOut();
    void fieldEdits_data();
    void fieldEdits();
    void addComponent();
    void removeComponents();
    void crlfEdits();
    void importRealWorld();
    void nestedEdits();
    void renderCheckNamesChangedFiles();
    void failedEditLeavesNothingBehind();
    void lintFixEditsRestoreTheFilesByteForByte();
    void renameFollowsDependents();
    void badInput_data();
    void badInput();
};

void TestRepoEdit::checkEdit(const QString &corpus, const QString &expectedCase, const Edit &edit,
                             const QStringList &created, const QStringList &removed) {
    QTemporaryDir tmp;
    const Tree original = readTree(kCorpus + corpus);
    writeTree(tmp.path(), original);
    RepoEditor editor(tmp.path(), importOrFail(tmp.path()));
    const Status status = edit(editor);
    QVERIFY2(status.ok(), qPrintable(status.error().toString()));
    const Status written = editor.write();
    QVERIFY2(written.ok(), qPrintable(written.error().toString()));

    Tree expected = original;
    const Tree overrides = readTree(kExpected + expectedCase);
    for (auto it = overrides.cbegin(); it != overrides.cend(); ++it) {
        QVERIFY2(original.contains(it.key()), qPrintable(it.key()));
        expected.insert(it.key(), it.value());
    }
    for (const QString &path : removed)
        expected.remove(path);
    Tree actual = readTree(tmp.path());
    for (const QString &path : created) {
        QVERIFY2(actual.contains(path), qPrintable(path));
        actual.remove(path);
    }
    QCOMPARE(actual.keys(), expected.keys());
    for (auto it = expected.cbegin(); it != expected.cend(); ++it)
        QVERIFY2(actual.value(it.key()) == it.value(), qPrintable(it.key()));
    m_work = tmp.path();
    tmp.setAutoRemove(false);
}

void TestRepoEdit::renderWithoutEditsIsByteIdentical_data() {
    QTest::addColumn<QString>("corpus");
    QTest::newRow("commented") << QStringLiteral("commented");
    QTest::newRow("crlf") << QStringLiteral("crlf");
    QTest::newRow("nested") << QStringLiteral("nested");
}

void TestRepoEdit::renderWithoutEditsIsByteIdentical() {
    QFETCH(QString, corpus);
    QTemporaryDir tmp;
    const Tree original = readTree(kCorpus + corpus);
    QVERIFY(!original.isEmpty());
    writeTree(tmp.path(), original);

    const Design design = importOrFail(tmp.path());
    QVERIFY(!design.components.isEmpty());
    RepoEditor editor(tmp.path(), design);
    QVERIFY(editor.applyDesign(design).ok());
    QVERIFY(editor.changes().isEmpty());

    const Run check = runCli({QStringLiteral("render"), tmp.path(), QStringLiteral("--check")});
    QCOMPARE(check.exitCode, 0);
    const Run render = runCli({QStringLiteral("render"), tmp.path()});
    QCOMPARE(render.exitCode, 0);
    QCOMPARE(readTree(tmp.path()), original);
}

void TestRepoEdit::setWaveCli_data() {
    QTest::addColumn<QString>("component");
    QTest::addColumn<int>("wave");
    QTest::addColumn<QString>("expectedCase");
    QTest::addColumn<int>("changedLines"); // per git diff, in the one changed file
    QTest::newRow("quoted") << "cilium" << 3 << "wave-cilium-3" << 1;
    QTest::newRow("unquoted, four-space indent") << "longhorn" << 2 << "wave-longhorn-2" << 1;
    QTest::newRow("flow map, single-quoted negative") << "volsync" << 7 << "wave-volsync-7" << 1;
    QTest::newRow("annotation added") << "pvc-plumber" << 2 << "wave-pvc-plumber-2" << 0;
    QTest::newRow("projects bundle") << "projects" << 1 << "wave-projects-1" << 2;
    QTest::newRow("ApplicationSet") << "infrastructure" << 6 << "wave-appset-infrastructure-6" << 1;
}

void TestRepoEdit::setWaveCli() {
    QFETCH(QString, component);
    QFETCH(int, wave);
    QFETCH(QString, expectedCase);
    QFETCH(int, changedLines);
    QTemporaryDir tmp;
    const Tree original = readTree(kCorpus + QStringLiteral("commented"));
    writeTree(tmp.path(), original);
    const Run r =
        runCli({QStringLiteral("set-wave"), tmp.path(), component, QString::number(wave)});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));

    Tree expected = original;
    const Tree overrides = readTree(kExpected + expectedCase);
    QCOMPARE(overrides.size(), 1);
    expected.insert(overrides.firstKey(), overrides.first());
    const Tree actual = readTree(tmp.path());
    QCOMPARE(actual.keys(), expected.keys());
    for (auto it = expected.cbegin(); it != expected.cend(); ++it)
        QVERIFY2(actual.value(it.key()) == it.value(), qPrintable(it.key()));
    const auto [added, removed] =
        gitLineDiff(original.value(overrides.firstKey()), actual.value(overrides.firstKey()));
    if (changedLines > 0) {
        QCOMPARE(added, changedLines);
        QCOMPARE(removed, changedLines);
    } else {
        QCOMPARE(removed, 0); // only added lines: the annotation block
        QCOMPARE(added, 2);
    }

    const Design after = importOrFail(tmp.path());
    if (const ApplicationSet *set = after.applicationSet(component))
        QCOMPARE(set->wave, wave);
    else
        QCOMPARE(after.component(component)->wave, wave);
    // Setting the same wave again changes nothing.
    const Run again =
        runCli({QStringLiteral("set-wave"), tmp.path(), component, QString::number(wave)});
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(readTree(tmp.path()), actual);
}

void TestRepoEdit::moveAppSetMemberOut_data() {
    QTest::addColumn<QString>("member");
    QTest::addColumn<int>("wave");
    QTest::addColumn<QString>("expectedCase");
    QTest::addColumn<QString>("appSet");
    QTest::addColumn<QString>("folder");
    QTest::addColumn<QString>("namespace_");
    QTest::addColumn<QString>("project");
    QTest::newRow("explicit list") << "kyverno" << 3 << "move-kyverno-3"
                                   << "infrastructure"
                                   << "infrastructure/security/kyverno"
                                   << "kyverno"
                                   << "infrastructure";
    QTest::newRow("wildcard, go template") << "mon-loki" << 9 << "move-mon-loki-9"
                                           << "monitoring"
                                           << "monitoring/loki"
                                           << "monitoring"
                                           << "monitoring";
}

void TestRepoEdit::moveAppSetMemberOut() {
    QFETCH(QString, member);
    QFETCH(int, wave);
    QFETCH(QString, expectedCase);
    QFETCH(QString, appSet);
    QFETCH(QString, folder);
    QFETCH(QString, namespace_);
    QFETCH(QString, project);
    const QString file = kApps + member + QStringLiteral(".yaml");
    checkEdit(QStringLiteral("commented"), expectedCase,
              [&](RepoEditor &e) { return e.setWave(member, wave); }, {file});
    if (QTest::currentTestFailed())
        return;

    // The new Application carries the template's fields, read back with yaml-cpp alone.
    const YAML::Node app = parseFile(QDir(m_work).filePath(file));
    QCOMPARE(app["kind"].as<std::string>(), std::string("Application"));
    QCOMPARE(QString::fromStdString(app["metadata"]["name"].as<std::string>()), member);
    QCOMPARE(annotation(app, "argocd.argoproj.io/sync-wave"), std::to_string(wave));
    QCOMPARE(QString::fromStdString(app["spec"]["project"].as<std::string>()), project);
    QCOMPARE(QString::fromStdString(app["spec"]["source"]["path"].as<std::string>()), folder);
    QCOMPARE(app["spec"]["source"]["targetRevision"].as<std::string>(), std::string("main"));
    QCOMPARE(QString::fromStdString(app["spec"]["destination"]["namespace"].as<std::string>()),
             namespace_);
    QCOMPARE(app["spec"]["syncPolicy"]["syncOptions"].size(), std::size_t(2));
    QVERIFY(app["spec"]["syncPolicy"]["automated"]["selfHeal"].as<bool>());

    const Design after = importOrFail(m_work);
    const Component *c = after.component(member);
    QVERIFY(c);
    QCOMPARE(c->kind, ComponentKind::Application);
    QCOMPARE(c->wave, wave);
    QVERIFY(!after.applicationSet(appSet)->members.contains(member));
    QCOMPARE(after.components.size(),
             importOrFail(kCorpus + QStringLiteral("commented")).components.size());
    QDir(m_work).removeRecursively();
}

void TestRepoEdit::fieldEdits_data() {
    QTest::addColumn<QString>("expectedCase");
    QTest::addColumn<QString>("component");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QStringList>("value");
    const QStringList one = {};
    QTest::newRow("namespace") << "namespace-cilium"
                               << "cilium"
                               << "namespace" << QStringList{QStringLiteral("cilium-system")};
    QTest::newRow("revision, single-quoted") << "revision-longhorn"
                                             << "longhorn"
                                             << "revision" << QStringList{QStringLiteral("v1.2.0")};
    QTest::newRow("repository URL")
        << "repourl-cilium"
        << "cilium"
        << "repoURL" << QStringList{QStringLiteral("https://git.example.org/platform/homelab.git")};
    QTest::newRow("project, single-quoted") << "project-longhorn"
                                            << "longhorn"
                                            << "project" << QStringList{QStringLiteral("storage")};
    QTest::newRow("path, flow map") << "path-volsync"
                                    << "volsync"
                                    << "path" << QStringList{QStringLiteral("infra/volsync")};
    QTest::newRow("sync options, block")
        << "syncoptions-cilium"
        << "cilium"
        << "syncOptions"
        << QStringList{
               QStringLiteral("CreateNamespace=true"), QStringLiteral("ServerSideApply=true"),
               QStringLiteral("RespectIgnoreDifferences=true"), QStringLiteral("PruneLast=true")};
    QTest::newRow("sync options, flow")
        << "syncoptions-volsync"
        << "volsync"
        << "syncOptions"
        << QStringList{QStringLiteral("CreateNamespace=true"), QStringLiteral("PruneLast=true")};
    QTest::newRow("sync options, wide dashes")
        << "syncoptions-longhorn"
        << "longhorn"
        << "syncOptions"
        << QStringList{QStringLiteral("ServerSideApply=true"),
                       QStringLiteral("RespectIgnoreDifferences=true")};
    QTest::newRow("depends-on changed")
        << "dependson-longhorn"
        << "longhorn"
        << "dependsOn" << QStringList{QStringLiteral("cilium"), QStringLiteral("volsync")};
    QTest::newRow("depends-on removed") << "dependson-longhorn-none"
                                        << "longhorn"
                                        << "dependsOn" << QStringList{};
    QTest::newRow("depends-on added") << "dependson-cilium"
                                      << "cilium"
                                      << "dependsOn" << QStringList{QStringLiteral("volsync")};
}

void TestRepoEdit::fieldEdits() {
    QFETCH(QString, expectedCase);
    QFETCH(QString, component);
    QFETCH(QString, field);
    QFETCH(QStringList, value);
    checkEdit(QStringLiteral("commented"), expectedCase, [&](RepoEditor &e) -> Status {
        if (field == QLatin1String("namespace"))
            return e.setNamespace(component, value.value(0));
        if (field == QLatin1String("revision"))
            return e.setTargetRevision(component, value.value(0));
        if (field == QLatin1String("path"))
            return e.setSourcePath(component, value.value(0));
        if (field == QLatin1String("repoURL"))
            return e.setRepoURL(component, value.value(0));
        if (field == QLatin1String("project"))
            return e.setProject(component, value.value(0));
        if (field == QLatin1String("syncOptions"))
            return e.setSyncOptions(component, value);
        return e.setDependsOn(component, value);
    });
    if (QTest::currentTestFailed())
        return;
    const Design after = importOrFail(m_work);
    const Component *c = after.component(component);
    QVERIFY(c);
    if (field == QLatin1String("namespace"))
        QCOMPARE(c->namespace_, value.value(0));
    else if (field == QLatin1String("revision"))
        QCOMPARE(c->primarySource()->targetRevision, value.value(0));
    else if (field == QLatin1String("path"))
        QCOMPARE(c->primarySource()->path, value.value(0));
    else if (field == QLatin1String("repoURL"))
        QCOMPARE(c->primarySource()->repoURL, value.value(0));
    else if (field == QLatin1String("project"))
        QCOMPARE(c->project, value.value(0));
    else if (field == QLatin1String("syncOptions"))
        QCOMPARE(QSet<QString>(c->syncOptions.begin(), c->syncOptions.end()),
                 QSet<QString>(value.begin(), value.end()));
    else
        QCOMPARE(c->dependsOn, value);
    QDir(m_work).removeRecursively();
}

void TestRepoEdit::addComponent() {
    Component c;
    c.name = QStringLiteral("external-dns");
    c.wave = 3;
    c.namespace_ = QStringLiteral("external-dns");
    c.project = QStringLiteral("infrastructure");
    c.sources = {Source{QStringLiteral("https://github.com/example/homelab.git"),
                        QStringLiteral("infrastructure/networking/external-dns"),
                        QStringLiteral("main"),
                        {},
                        {},
                        {},
                        {}}};
    c.syncOptions = {QStringLiteral("CreateNamespace=true")};
    const QString file = kApps + QStringLiteral("external-dns.yaml");
    checkEdit(QStringLiteral("commented"), QStringLiteral("add-external-dns"),
              [&](RepoEditor &e) { return e.addComponent(c); }, {file});
    if (QTest::currentTestFailed())
        return;
    const YAML::Node app = parseFile(QDir(m_work).filePath(file));
    QCOMPARE(annotation(app, "argocd.argoproj.io/sync-wave"), std::string("3"));
    QCOMPARE(app["spec"]["destination"]["namespace"].as<std::string>(),
             std::string("external-dns"));
    const Design after = importOrFail(m_work);
    QVERIFY(after.component(QStringLiteral("external-dns")));
    QCOMPARE(after.component(QStringLiteral("external-dns"))->wave, 3);
    QDir(m_work).removeRecursively();
}

void TestRepoEdit::removeComponents() {
    checkEdit(QStringLiteral("commented"), QStringLiteral("remove-longhorn"),
              [](RepoEditor &e) { return e.removeComponent(QStringLiteral("longhorn")); }, {},
              {kApps + QStringLiteral("longhorn.yaml")});
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!importOrFail(m_work).component(QStringLiteral("longhorn")));
    QDir(m_work).removeRecursively();

    checkEdit(QStringLiteral("commented"), QStringLiteral("remove-gateway"),
              [](RepoEditor &e) { return e.removeComponent(QStringLiteral("gateway")); });
    if (QTest::currentTestFailed())
        return;
    const Design after = importOrFail(m_work);
    QVERIFY(!after.component(QStringLiteral("gateway")));
    QVERIFY(after.component(QStringLiteral("kyverno")));
    // The member's own folder is kept.
    QVERIFY(QFileInfo::exists(m_work + QStringLiteral("/infrastructure/networking/gateway")));
    QDir(m_work).removeRecursively();
}

void TestRepoEdit::crlfEdits() {
    const QString crlf = QStringLiteral("crlf");
    checkEdit(crlf, QStringLiteral("crlf-wave-alpha-4"),
              [](RepoEditor &e) { return e.setWave(QStringLiteral("alpha"), 4); });
    if (QTest::currentTestFailed())
        return;
    QDir(m_work).removeRecursively();
    checkEdit(crlf, QStringLiteral("crlf-wave-beta-2"),
              [](RepoEditor &e) { return e.setWave(QStringLiteral("beta"), 2); });
    if (QTest::currentTestFailed())
        return;
    QDir(m_work).removeRecursively();
    checkEdit(crlf, QStringLiteral("crlf-wave-delta-5"),
              [](RepoEditor &e) { return e.setWave(QStringLiteral("delta"), 5); });
    QCOMPARE(importOrFail(m_work).component(QStringLiteral("delta"))->wave, 5);
    QCOMPARE(importOrFail(m_work).component(QStringLiteral("gamma"))->wave, 2);
    if (QTest::currentTestFailed())
        return;
    QDir(m_work).removeRecursively();
    checkEdit(crlf, QStringLiteral("crlf-remove-gamma"),
              [](RepoEditor &e) { return e.removeComponent(QStringLiteral("gamma")); });
    QVERIFY(!importOrFail(m_work).component(QStringLiteral("gamma")));
    QVERIFY(importOrFail(m_work).component(QStringLiteral("delta")));
    if (QTest::currentTestFailed())
        return;
    QDir(m_work).removeRecursively();
    Component epsilon;
    epsilon.name = QStringLiteral("epsilon");
    epsilon.namespace_ = QStringLiteral("epsilon");
    epsilon.sources = {Source{QStringLiteral("https://git.example.com/ops.git"),
                              QStringLiteral("apps/epsilon"),
                              QStringLiteral("HEAD"),
                              {},
                              {},
                              {},
                              {}}};
    checkEdit(crlf, QStringLiteral("crlf-add-epsilon"),
              [&](RepoEditor &e) { return e.addComponent(epsilon); },
              {QStringLiteral("argocd/apps/epsilon.yaml")});
    QVERIFY(importOrFail(m_work).component(QStringLiteral("epsilon")));
    if (QTest::currentTestFailed())
        return;
    QDir(m_work).removeRecursively();
}

void TestRepoEdit::importRealWorld() {
    const Design d = importOrFail(kCorpus + QStringLiteral("nested"));
    // Root found without --root: the Application rendering a folder of Applications.
    QCOMPARE(d.root.location.file, QStringLiteral("clusters/prod/bootstrap.yaml"));
    QCOMPARE(d.root.path, QStringLiteral("clusters/prod/apps"));
    QStringList names;
    for (const Component &c : d.components)
        names.append(c.name);
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("envs-dev"), QStringLiteral("envs-staging"),
                                 QStringLiteral("ingress-nginx"), QStringLiteral("team-a-api"),
                                 QStringLiteral("team-a-web")}));
    // Waves: unquoted, negative, missing.
    QCOMPARE(d.component(QStringLiteral("ingress-nginx"))->wave, 2);
    QCOMPARE(d.component(QStringLiteral("team-a-api"))->wave, -3);
    QCOMPARE(d.component(QStringLiteral("team-a-web"))->wave, 0);
    // Helm chart source with valuesObject; multi-source with valueFiles and a ref.
    const Component *ingress = d.component(QStringLiteral("ingress-nginx"));
    QCOMPARE(ingress->primarySource()->chart, QStringLiteral("ingress-nginx"));
    QVERIFY(ingress->primarySource()->helmValues.contains(QLatin1String("replicaCount: 2")));
    const Component *api = d.component(QStringLiteral("team-a-api"));
    QCOMPARE(api->sources.size(), 2);
    QCOMPARE(api->sources.at(0).valueFiles, QStringList{QStringLiteral("$cfg/team-a/api.yaml")});
    QCOMPARE(api->sources.at(1).ref, QStringLiteral("cfg"));
    QCOMPARE(api->location.file, QStringLiteral("clusters/prod/apps/team-a.yaml"));
    // List generator with Go-template parameters, resolved per element.
    const Component *staging = d.component(QStringLiteral("envs-staging"));
    QCOMPARE(staging->kind, ComponentKind::AppSetMember);
    QCOMPARE(staging->wave, 7);
    QCOMPARE(staging->namespace_, QStringLiteral("app-staging"));
    QCOMPARE(staging->primarySource()->path, QStringLiteral("envs/staging"));
    QCOMPARE(staging->primarySource()->targetRevision, QStringLiteral("v2.3.0"));
    // Health customization and params from ConfigMap YAML.
    QCOMPARE(d.healthChecks.size(), 1);
    QCOMPARE(d.healthChecks.first().configKey(),
             QStringLiteral("resource.customizations.health.argoproj.io_Application"));
    QVERIFY(d.healthChecks.first().useOpenLibs);
    QCOMPARE(d.healthChecks.first().location.file,
             QStringLiteral("clusters/prod/argocd-config.yaml"));
    QVERIFY(d.serverSideDiffEnabled());
    // Matrix and cluster generators: kept, reported with file and line.
    QCOMPARE(d.applicationSets.size(), 3);
    QList<Diagnostic> generators;
    for (const Diagnostic &diag : d.diagnostics) {
        if (diag.message.contains(QLatin1String("generator")))
            generators.append(diag);
    }
    QCOMPARE(generators.size(), 2);
    const QString sets = QStringLiteral("clusters/prod/apps/shared/sets.yaml");
    QCOMPARE(generators.at(0).file, sets);
    QCOMPARE(generators.at(0).line, 39);
    QVERIFY(generators.at(0).message.contains(QLatin1String("matrix")));
    QCOMPARE(generators.at(1).file, sets);
    QCOMPARE(generators.at(1).line, 65);
    QVERIFY(generators.at(1).message.contains(QLatin1String("clusters")));
    // --root picks another root explicitly; a missing one is an error naming it.
    ImportOptions options;
    options.rootFile = QStringLiteral("clusters/prod/missing.yaml");
    const auto missing =
        importRepository(kCorpus + QStringLiteral("nested"), Catalog::builtin(), options);
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().file, options.rootFile);
}

void TestRepoEdit::nestedEdits() {
    const QString nested = QStringLiteral("nested");
    checkEdit(nested, QStringLiteral("nested-wave-team-a-api-1"),
              [](RepoEditor &e) { return e.setWave(QStringLiteral("team-a-api"), 1); });
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(importOrFail(m_work).component(QStringLiteral("team-a-api"))->wave, 1);
    QDir(m_work).removeRecursively();
    checkEdit(nested, QStringLiteral("nested-wave-team-a-web-4"),
              [](RepoEditor &e) { return e.setWave(QStringLiteral("team-a-web"), 4); });
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(importOrFail(m_work).component(QStringLiteral("team-a-web"))->wave, 4);
    QCOMPARE(importOrFail(m_work).component(QStringLiteral("team-a-api"))->wave, -3);
    QDir(m_work).removeRecursively();
    checkEdit(nested, QStringLiteral("nested-wave-ingress-3"),
              [](RepoEditor &e) { return e.setWave(QStringLiteral("ingress-nginx"), 3); });
    if (QTest::currentTestFailed())
        return;
    QDir(m_work).removeRecursively();

    // A list generator's member leaves by losing its element; the new Application carries the
    // element's parameters expanded into the template.
    const QString created = QStringLiteral("clusters/prod/apps/envs-staging.yaml");
    checkEdit(nested, QStringLiteral("nested-move-envs-staging-3"),
              [](RepoEditor &e) { return e.setWave(QStringLiteral("envs-staging"), 3); },
              {created});
    if (QTest::currentTestFailed())
        return;
    const YAML::Node app = parseFile(QDir(m_work).filePath(created));
    QCOMPARE(app["metadata"]["name"].as<std::string>(), std::string("envs-staging"));
    QCOMPARE(annotation(app, "argocd.argoproj.io/sync-wave"), std::string("3"));
    QCOMPARE(app["spec"]["source"]["path"].as<std::string>(), std::string("envs/staging"));
    QCOMPARE(app["spec"]["source"]["targetRevision"].as<std::string>(), std::string("v2.3.0"));
    QCOMPARE(app["spec"]["destination"]["namespace"].as<std::string>(), std::string("app-staging"));
    const Design after = importOrFail(m_work);
    QCOMPARE(after.component(QStringLiteral("envs-staging"))->kind, ComponentKind::Application);
    QCOMPARE(after.component(QStringLiteral("envs-staging"))->wave, 3);
    QCOMPARE(after.component(QStringLiteral("envs-dev"))->kind, ComponentKind::AppSetMember);
    QDir(m_work).removeRecursively();
}

void TestRepoEdit::renderCheckNamesChangedFiles() {
    QTemporaryDir tmp;
    writeTree(tmp.path(), readTree(kCorpus + QStringLiteral("commented")));
    const Design design = importOrFail(tmp.path());
    Design edited = design;
    edited.component(QStringLiteral("cilium"))->wave = 2;
    edited.component(QStringLiteral("longhorn"))->namespace_ = QStringLiteral("storage");
    RepoEditor editor(tmp.path(), design);
    QVERIFY(editor.applyDesign(edited).ok());
    QStringList paths;
    for (const FileChange &c : editor.changes())
        paths.append(c.path);
    QCOMPARE(paths, (QStringList{kApps + QStringLiteral("cilium.yaml"),
                                 kApps + QStringLiteral("longhorn.yaml")}));
    // A file edited by hand after import is caught by render --check... after writing.
    QVERIFY(editor.write().ok());
    const Run check = runCli({QStringLiteral("render"), tmp.path(), QStringLiteral("--check")});
    QCOMPARE(check.exitCode, 0);
}

// The edits behind the WS006/WS007/WS008 quick fixes, on files the test spoils itself: a
// forbidden option in a block list, in a flow list and in an ApplicationSet's own syncPolicy, and
// a root in the wrong project. Undoing the spoiling by edit gives back the corpus byte for byte.
void TestRepoEdit::lintFixEditsRestoreTheFilesByteForByte() {
    QTemporaryDir tmp;
    const auto replaceOnce = [](Tree &tree, const QString &path, const QByteArray &from,
                                const QByteArray &to) {
        QByteArray &bytes = tree[path];
        QCOMPARE(bytes.count(from), 1);
        bytes.replace(from, to);
    };
    // The corpus's infrastructure set gets a syncPolicy of its own.
    Tree original = readTree(kCorpus + QStringLiteral("commented"));
    replaceOnce(original, kApps + QStringLiteral("infrastructure-appset.yaml"), "\n  template:\n",
                "\n  syncPolicy:\n    syncOptions:\n      - CreateNamespace=true\n  template:\n");
    Tree spoiled = original;
    const auto spoil = [&](const QString &path, const QByteArray &from, const QByteArray &to) {
        replaceOnce(spoiled, path, from, to);
    };
    const QString root = QStringLiteral("infrastructure/controllers/argocd/root.yaml");
    spoil(kApps + QStringLiteral("infrastructure-appset.yaml"),
          "    syncOptions:\n      - CreateNamespace=true\n  template:\n",
          "    syncOptions:\n      - CreateNamespace=true\n      - IgnoreMissingTemplate=true\n"
          "  template:\n");
    spoil(kApps + QStringLiteral("cilium.yaml"), "      - ServerSideApply=true\n",
          "      - ServerSideApply=true\n      - ApplyOutOfSyncOnly=true\n");
    spoil(kApps + QStringLiteral("infrastructure-appset.yaml"),
          "          - ServerSideApply=true\n",
          "          - ServerSideApply=true\n          - IgnoreMissingTemplate=true\n");
    spoil(kApps + QStringLiteral("monitoring-appset.yaml"),
          "syncOptions: [CreateNamespace=true, ServerSideApply=true]",
          "syncOptions: [CreateNamespace=true, IgnoreMissingTemplate=true, ServerSideApply=true]");
    spoil(root, "  project: default\n", "  project: infrastructure\n");
    writeTree(tmp.path(), spoiled);

    const Design before = importOrFail(tmp.path());
    QVERIFY(before.applicationSet(QStringLiteral("infrastructure"))
                ->syncOptions.contains(QStringLiteral("IgnoreMissingTemplate=true")));
    QCOMPARE(before.root.project, QStringLiteral("infrastructure"));
    RepoEditor editor(tmp.path(), before);
    const QString ignoreMissing = QStringLiteral("IgnoreMissingTemplate=true");
    for (const Status &status :
         {editor.removeSyncOption(QStringLiteral("cilium"),
                                  QStringLiteral("ApplyOutOfSyncOnly=true")),
          editor.removeSyncOption(QStringLiteral("infrastructure"), ignoreMissing),
          editor.removeSyncOption(QStringLiteral("monitoring"), ignoreMissing),
          editor.setRootProject(QStringLiteral("default"))})
        QVERIFY2(status.ok(), qPrintable(status.error().toString()));
    // The model follows: the set and every member it generates lose the option.
    for (const Component &c : editor.design().components)
        QVERIFY2(!c.syncOptions.contains(ignoreMissing), qPrintable(c.name));
    QCOMPARE(editor.design().root.project, QStringLiteral("default"));
    QVERIFY(editor.write().ok());
    QCOMPARE(readTree(tmp.path()), original);

    // Nothing left to remove: refused, naming the file, and nothing pending.
    RepoEditor again(tmp.path(), importOrFail(tmp.path()));
    const Status refused = again.removeSyncOption(QStringLiteral("infrastructure"), ignoreMissing);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().file, kApps + QStringLiteral("infrastructure-appset.yaml"));
    QVERIFY(!again.removeSyncOption(QStringLiteral("nope"), ignoreMissing).ok());
    QVERIFY(again.setRootProject(QStringLiteral("default")).ok());
    QVERIFY(again.changes().isEmpty());
}

// Renaming cilium edits its metadata.name and longhorn's depends-on, nothing else; refused names
// change nothing.
void TestRepoEdit::renameFollowsDependents() {
    checkEdit(QStringLiteral("commented"), QStringLiteral("rename-cilium"), [](RepoEditor &e) {
        return e.renameComponent(QStringLiteral("cilium"), QStringLiteral("cilium-cni"));
    });
    if (QTest::currentTestFailed())
        return;
    const Design after = importOrFail(m_work);
    QVERIFY(!after.component(QStringLiteral("cilium")));
    QVERIFY(after.component(QStringLiteral("cilium-cni")));
    QCOMPARE(after.component(QStringLiteral("longhorn"))->dependsOn,
             QStringList{QStringLiteral("cilium-cni")});

    RepoEditor editor(m_work, after);
    for (const QString &refused : {QStringLiteral("Cilium"), QStringLiteral("longhorn"),
                                   QStringLiteral("infrastructure"), QStringLiteral("-cni")}) {
        QVERIFY2(!editor.renameComponent(QStringLiteral("cilium-cni"), refused).ok(),
                 qPrintable(refused));
    }
    QVERIFY(editor.changes().isEmpty());

    // A lane order that lists it (layout sidecar) follows the rename too.
    QVERIFY(editor.setLaneOrders({{0, {QStringLiteral("cilium-cni")}}}).ok());
    QVERIFY(editor.renameComponent(QStringLiteral("cilium-cni"), QStringLiteral("cni")).ok());
    QCOMPARE(editor.design().laneOrders.value(0), QStringList{QStringLiteral("cni")});
    QVERIFY(editor.write().ok());
    const Design reread = importOrFail(m_work);
    QCOMPARE(reread.laneOrders.value(0), QStringList{QStringLiteral("cni")});
    QVERIFY(reread.component(QStringLiteral("cni")));
    QDir(m_work).removeRecursively();
}

void TestRepoEdit::failedEditLeavesNothingBehind() {
    QTemporaryDir tmp;
    const Tree original = readTree(kCorpus + QStringLiteral("commented"));
    writeTree(tmp.path(), original);
    RepoEditor editor(tmp.path(), importOrFail(tmp.path()));
    QVERIFY(editor.setWave(QStringLiteral("cilium"), 8).ok());
    // Unknown component and an invalid name: errors, and the earlier edit is still pending.
    QVERIFY(!editor.setWave(QStringLiteral("nope"), 1).ok());
    Component bad;
    bad.name = QStringLiteral("Not A Name");
    QVERIFY(!editor.addComponent(bad).ok());
    QCOMPARE(editor.changes().size(), 1);
    // The file changed on disk after it was read: write refuses and touches nothing.
    QFile cilium(tmp.filePath(kApps + QStringLiteral("cilium.yaml")));
    QVERIFY(cilium.open(QIODevice::Append));
    cilium.write("# edited by hand\n");
    cilium.close();
    QVERIFY(!editor.write().ok());
    Tree expected = original;
    expected[kApps + QStringLiteral("cilium.yaml")] += "# edited by hand\n";
    QCOMPARE(readTree(tmp.path()), expected);
    // CLI: unknown component exits 2 and writes nothing.
    const Run r = runCli(
        {QStringLiteral("set-wave"), tmp.path(), QStringLiteral("nope"), QStringLiteral("1")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QLatin1String("nope")));
    const Run w = runCli(
        {QStringLiteral("set-wave"), tmp.path(), QStringLiteral("cilium"), QStringLiteral("x")});
    QCOMPARE(w.exitCode, 2);
    QCOMPARE(readTree(tmp.path()), expected);
}

void TestRepoEdit::badInput_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    QTest::newRow("malformed") << QByteArray("apiVersion: argoproj.io/v1alpha1\nkind: Application\n"
                                             "metadata:\n  name: broken\n  annotations: [oops\n")
                               << QStringLiteral("cilium.yaml:6");
    QByteArray bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    for (char c = 'b'; c <= 'j'; ++c) {
        const char prev = char(c - 1);
        bomb += QByteArray(1, c) + ": &" + QByteArray(1, c) + " [";
        for (int i = 0; i < 9; ++i)
            bomb += QByteArray("*") + prev + (i < 8 ? "," : "");
        bomb += "]\n";
    }
    QTest::newRow("alias bomb") << bomb << QStringLiteral("alias");
    QTest::newRow("50 MB") << QByteArray(50 * 1024 * 1024, '#') << QStringLiteral("MB");
}

void TestRepoEdit::badInput() {
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    QTemporaryDir tmp;
    Tree tree = readTree(kCorpus + QStringLiteral("commented"));
    tree.insert(kApps + QStringLiteral("cilium.yaml"), content);
    writeTree(tmp.path(), tree);
    QElapsedTimer timer;
    timer.start();
    for (const QString &command :
         {QStringLiteral("import"), QStringLiteral("render"), QStringLiteral("set-wave")}) {
        QStringList arguments{command, tmp.path()};
        if (command == QLatin1String("set-wave"))
            arguments << QStringLiteral("longhorn") << QStringLiteral("3");
        const Run r = runCli(arguments);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("cilium.yaml")), qPrintable(r.err));
    }
    QVERIFY2(timer.elapsed() < 20000, "bad input must be refused quickly");
    QCOMPARE(readTree(tmp.path()), tree);
}

QTEST_GUILESS_MAIN(TestRepoEdit)
#include "tst_repoedit.moc"
