// The component catalog: the built-in file carries every component the seed names with the
// seed's waves, every icon is a compiled-in SVG, lookups by alias and chart work, and a broken
// catalog is reported with the right file and line.

#include "catalog/compiledcatalog.h"

#include <wavesmith/catalog.h>

#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

using namespace wavesmith;

namespace {

// Parses an SVG resource without QtSvg: well-formed XML whose root is <svg viewBox="0 0 48 48">.
QString svgProblem(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot open");
    QXmlStreamReader xml(&file);
    QString rootName;
    QString viewBox;
    int elements = 0;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement) {
            if (elements++ == 0) {
                rootName = xml.name().toString();
                viewBox = xml.attributes().value(QLatin1String("viewBox")).toString();
            }
        }
    }
    if (xml.hasError())
        return QStringLiteral("line %1: %2").arg(xml.lineNumber()).arg(xml.errorString());
    if (rootName != QLatin1String("svg"))
        return QStringLiteral("root element is <%1>").arg(rootName);
    if (viewBox != QLatin1String("0 0 48 48"))
        return QStringLiteral("viewBox is \"%1\"").arg(viewBox);
    if (elements < 2)
        return QStringLiteral("draws nothing");
    return {};
}

} // namespace

class TestCatalog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void builtinIsLarge();
    void builtinIsTheCompiledSourceFile();
    void compiledFormKeepsEveryField();
    void compiledFormRefusesOtherBytes_data();
    void compiledFormRefusesOtherBytes();
    void seedComponents_data();
    void seedComponents();
    void seedCrdGroups_data();
    void seedCrdGroups();
    void templateComponentsPresent();
    void idsAndNamesAreUnique();
    void entriesAreComplete();
    void iconsAreSvgResources();
    void extraIconsExist_data();
    void extraIconsExist();
    void match_data();
    void match();
    void categoriesInFirstAppearanceOrder();
    void brokenCatalog_data();
    void brokenCatalog();
    void loadFromFile();
    void loadMissingFile();
};

void TestCatalog::builtinIsLarge() {
    const Catalog catalog = Catalog::builtin();
    QVERIFY2(catalog.entries().size() >= 30, qPrintable(QString::number(catalog.entries().size())));
}

void TestCatalog::builtinIsTheCompiledSourceFile() {
    // The build compiles resources/catalog.yaml; start-up reads that instead of parsing YAML.
    // What it reads must be exactly what parsing the source file gives.
    const Result<Catalog> source =
        Catalog::load(QStringLiteral(WAVESMITH_SOURCE_DIR "/resources/catalog.yaml"));
    QVERIFY2(source, qPrintable(source ? QString() : source.error().toString()));
    QFile compiled(QStringLiteral(":/wavesmith/catalog.bin"));
    QVERIFY(compiled.open(QIODevice::ReadOnly));
    const auto read = readCompiledCatalog(compiled.readAll());
    QVERIFY(read);
    QCOMPARE(read->size(), source.value().entries().size());
    for (qsizetype i = 0; i < read->size(); ++i)
        QVERIFY2(read->at(i) == source.value().entries().at(i), qPrintable(read->at(i).id));
    QVERIFY(Catalog::builtin().entries() == source.value().entries());
}

void TestCatalog::compiledFormKeepsEveryField() {
    CatalogEntry full;
    full.id = QStringLiteral("cert-manager");
    full.displayName = QStringLiteral("cert-manager");
    full.category = QStringLiteral("security");
    full.defaultWave = -3;
    full.namespace_ = QStringLiteral("cert-manager");
    full.path = QStringLiteral("infrastructure/controllers/cert-manager");
    full.chart = {QStringLiteral("https://charts.jetstack.io"), QStringLiteral("cert-manager"),
                  QStringLiteral("v1.16.2"), QStringLiteral("certs")};
    full.description = QStringLiteral("Issues TLS certificates — ünïcode too");
    full.icon = QStringLiteral(":/wavesmith/icons/cert-manager.svg");
    full.aliases = {QStringLiteral("certmanager"), QStringLiteral("cm")};
    full.providesCrdGroups = {QStringLiteral("cert-manager.io"),
                              QStringLiteral("acme.cert-manager.io")};
    full.resources = {QStringLiteral("https://example.com/a.yaml"), QStringLiteral("b.yaml")};
    full.image = QStringLiteral("ghcr.io/example/app:1.0");
    full.port = 8443;
    const QList<CatalogEntry> entries = {full, CatalogEntry{}};
    const auto read = readCompiledCatalog(writeCompiledCatalog(entries));
    QVERIFY(read);
    QCOMPARE(read->size(), 2);
    QVERIFY(read->at(0) == full); // a field left out of the format would differ here
    QVERIFY(read->at(1) == CatalogEntry{});
}

void TestCatalog::compiledFormRefusesOtherBytes_data() {
    QTest::addColumn<QByteArray>("bytes");
    const QByteArray good = writeCompiledCatalog(Catalog::builtin().entries());
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("YAML") << QByteArray("- id: cilium\n");
    QTest::newRow("cut short") << good.left(good.size() / 2);
    QTest::newRow("trailing bytes") << good + QByteArray("x");
    QByteArray otherFormat = good;
    otherFormat[7] = char(otherFormat[7] + 1); // the format number, after the 4-byte magic
    QTest::newRow("another format version") << otherFormat;
}

void TestCatalog::compiledFormRefusesOtherBytes() {
    QFETCH(QByteArray, bytes);
    QVERIFY(!readCompiledCatalog(bytes));
}

void TestCatalog::seedComponents_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("wave");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("chart");

    const auto row = [](const char *id, int wave, const char *path, const char *chart) {
        QTest::newRow(id) << QString::fromLatin1(id) << wave << QString::fromLatin1(path)
                          << QString::fromLatin1(chart);
    };
    // Wave 0: Foundation
    row("cilium", 0, "infrastructure/networking/cilium", "cilium");
    row("argocd", 0, "infrastructure/controllers/argocd", "argo-cd");
    row("1password-connect", 0, "infrastructure/controllers/1passwordconnect", "connect");
    row("external-secrets", 0, "infrastructure/controllers/external-secrets", "external-secrets");
    // Wave 1: Storage
    row("longhorn", 1, "infrastructure/storage/longhorn", "longhorn");
    row("snapshot-controller", 1, "infrastructure/storage/snapshot-controller",
        "snapshot-controller");
    row("volsync", 1, "infrastructure/storage/volsync", "volsync");
    // Wave 2: PVC Plumber (plain manifests)
    row("pvc-plumber", 2, "infrastructure/controllers/pvc-plumber", "");
    // Wave 4: Infrastructure ApplicationSet
    row("cert-manager", 4, "infrastructure/controllers/cert-manager", "cert-manager");
    row("kyverno", 4, "infrastructure/controllers/kyverno", "kyverno");
    row("gpu-operator", 4, "infrastructure/controllers/gpu-operator", "gpu-operator");
    row("cloudnative-pg", 4, "infrastructure/databases", "cloudnative-pg");
    row("gateway", 4, "infrastructure/networking/gateway", "");
    // Wave 5: Monitoring ApplicationSet
    row("prometheus-stack", 5, "monitoring/prometheus-stack", "kube-prometheus-stack");
    row("loki-stack", 5, "monitoring/loki-stack", "loki-stack");
    row("tempo", 5, "monitoring/tempo", "tempo");
    row("grafana", 5, "monitoring/grafana", "grafana");
}

void TestCatalog::seedComponents() {
    QFETCH(QString, id);
    QFETCH(int, wave);
    QFETCH(QString, path);
    QFETCH(QString, chart);

    const Catalog catalog = Catalog::builtin();
    const CatalogEntry *e = catalog.find(id);
    QVERIFY2(e, qPrintable(id));
    QCOMPARE(e->id, id);
    QCOMPARE(e->defaultWave, wave);
    QCOMPARE(e->path, path);
    QCOMPARE(e->chart.name, chart);
    if (chart.isEmpty()) {
        // Plain-manifest components must give render something to write.
        QVERIFY(!e->image.isEmpty() || !e->resources.isEmpty());
    }
}

void TestCatalog::seedCrdGroups_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<QStringList>("groups");

    const auto row = [](const char *id, std::initializer_list<const char *> groups) {
        QStringList list;
        for (const char *g : groups)
            list.append(QString::fromLatin1(g));
        QTest::newRow(id) << QString::fromLatin1(id) << list;
    };
    row("cert-manager", {"cert-manager.io", "acme.cert-manager.io"});
    row("gateway", {"gateway.networking.k8s.io"});
    row("external-secrets", {"external-secrets.io"});
    row("prometheus-stack", {"monitoring.coreos.com"});
    row("cilium", {"cilium.io"});
    row("argocd", {"argoproj.io"});
    row("longhorn", {"longhorn.io"});
    row("kyverno", {"kyverno.io"});
    row("volsync", {"volsync.backube"});
    row("snapshot-controller", {"snapshot.storage.k8s.io"});
    row("cloudnative-pg", {"postgresql.cnpg.io"});
}

void TestCatalog::seedCrdGroups() {
    QFETCH(QString, id);
    QFETCH(QStringList, groups);
    const Catalog catalog = Catalog::builtin();
    const CatalogEntry *e = catalog.find(id);
    QVERIFY(e);
    for (const QString &group : std::as_const(groups))
        QVERIFY2(e->providesCrdGroups.contains(group), qPrintable(id + QLatin1Char(' ') + group));
}

void TestCatalog::templateComponentsPresent() {
    // The homelab and minimal templates build user apps from these entries.
    const Catalog catalog = Catalog::builtin();
    const CatalogEntry *homepage = catalog.find(QStringLiteral("homepage"));
    QVERIFY(homepage);
    QCOMPARE(homepage->defaultWave, 6);
    QCOMPARE(homepage->path, QStringLiteral("my-apps/home/homepage"));
    const CatalogEntry *jellyfin = catalog.find(QStringLiteral("jellyfin"));
    QVERIFY(jellyfin);
    QCOMPARE(jellyfin->path, QStringLiteral("my-apps/media/jellyfin"));

    // The chart pins the brief names.
    QCOMPARE(catalog.find(QStringLiteral("cilium"))->chart,
             (HelmChart{QStringLiteral("https://helm.cilium.io"), QStringLiteral("cilium"),
                        QStringLiteral("1.16.5"), QStringLiteral("cilium")}));
    QCOMPARE(catalog.find(QStringLiteral("argocd"))->chart.version, QStringLiteral("7.7.11"));
    QCOMPARE(catalog.find(QStringLiteral("cert-manager"))->chart.version,
             QStringLiteral("v1.16.2"));
}

void TestCatalog::idsAndNamesAreUnique() {
    const Catalog catalog = Catalog::builtin();
    QSet<QString> ids;
    QSet<QString> names; // ids and aliases together: match() must be unambiguous
    QSet<QString> paths;
    QSet<QString> basenames; // ApplicationSets name members after the folder's basename
    for (const CatalogEntry &e : catalog.entries()) {
        QVERIFY2(!ids.contains(e.id), qPrintable(e.id));
        ids.insert(e.id);
        QVERIFY2(!names.contains(e.id), qPrintable(e.id));
        names.insert(e.id);
        for (const QString &alias : e.aliases) {
            QVERIFY2(!names.contains(alias), qPrintable(e.id + QLatin1Char(' ') + alias));
            names.insert(alias);
        }
        QVERIFY2(!paths.contains(e.path), qPrintable(e.path));
        paths.insert(e.path);
        const QString basename = e.path.section(QLatin1Char('/'), -1);
        QVERIFY2(!basenames.contains(basename), qPrintable(e.path));
        basenames.insert(basename);
    }
}

void TestCatalog::entriesAreComplete() {
    const Catalog catalog = Catalog::builtin();
    const QStringList knownCategories = {
        QStringLiteral("networking"),   QStringLiteral("secrets"),  QStringLiteral("storage"),
        QStringLiteral("certificates"), QStringLiteral("security"), QStringLiteral("gpu"),
        QStringLiteral("databases"),    QStringLiteral("gateway"),  QStringLiteral("observability"),
        QStringLiteral("gitops"),       QStringLiteral("backup"),   QStringLiteral("apps")};
    for (const CatalogEntry &e : catalog.entries()) {
        const QByteArray id = e.id.toUtf8();
        QVERIFY2(!e.displayName.isEmpty(), id.constData());
        QVERIFY2(!e.description.isEmpty(), id.constData());
        QVERIFY2(!e.description.contains(QLatin1Char('\n')), id.constData());
        QVERIFY2(knownCategories.contains(e.category), id.constData());
        QCOMPARE(e.icon, QStringLiteral(":/wavesmith/icons/%1.svg").arg(e.id));
        // The canonical folders of the seed's layout.
        if (e.defaultWave <= 4) {
            QVERIFY2(e.path.startsWith(QLatin1String("infrastructure/")), id.constData());
        } else if (e.defaultWave == 5) {
            QCOMPARE(e.path, QStringLiteral("monitoring/") + e.id);
        } else {
            QCOMPARE(e.path.count(QLatin1Char('/')), 2);
            QVERIFY2(e.path.startsWith(QLatin1String("my-apps/")), id.constData());
            QVERIFY2(e.path.endsWith(QLatin1Char('/') + e.id), id.constData());
            QCOMPARE(e.category, QStringLiteral("apps"));
        }
        if (!e.chart.isEmpty()) {
            QVERIFY2(e.chart.repo.startsWith(QLatin1String("https://")), id.constData());
            QVERIFY2(!e.chart.version.isEmpty(), id.constData());
            QVERIFY2(!e.chart.releaseName.isEmpty(), id.constData());
            QVERIFY2(e.image.isEmpty() && e.resources.isEmpty(), id.constData());
        } else {
            QVERIFY2(!e.image.isEmpty() || !e.resources.isEmpty(), id.constData());
            if (!e.image.isEmpty())
                QVERIFY2(e.port > 0, id.constData());
        }
    }
}

void TestCatalog::iconsAreSvgResources() {
    const Catalog catalog = Catalog::builtin();
    QVERIFY(!catalog.entries().isEmpty());
    for (const CatalogEntry &e : catalog.entries()) {
        QVERIFY2(QFile::exists(e.icon), qPrintable(e.icon));
        const QString problem = svgProblem(e.icon);
        QVERIFY2(problem.isEmpty(), qPrintable(e.icon + QStringLiteral(": ") + problem));
    }
}

void TestCatalog::extraIconsExist_data() {
    QTest::addColumn<QString>("name");
    for (const char *name : {"component", "appset", "root", "project", "wavesmith"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestCatalog::extraIconsExist() {
    QFETCH(QString, name);
    const QString path = QStringLiteral(":/wavesmith/icons/%1.svg").arg(name);
    QVERIFY2(QFile::exists(path), qPrintable(path));
    const QString problem = svgProblem(path);
    QVERIFY2(problem.isEmpty(), qPrintable(path + QStringLiteral(": ") + problem));
}

void TestCatalog::match_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("id"); // empty: no match

    const auto row = [](const char *tag, const char *name, const char *id) {
        QTest::newRow(tag) << QString::fromLatin1(name) << QString::fromLatin1(id);
    };
    row("id", "cert-manager", "cert-manager");
    row("alias databases", "databases", "cloudnative-pg");
    row("alias cnpg", "cnpg", "cloudnative-pg");
    row("alias folder 1passwordconnect", "1passwordconnect", "1password-connect");
    row("alias gateway-api", "gateway-api", "gateway");
    row("alias over chart", "kube-prometheus-stack", "prometheus-stack");
    row("chart connect", "connect", "1password-connect");
    row("chart argo-cd", "argo-cd", "argocd");
    row("unknown", "podinfo", "");
    row("empty", "", "");
    row("case matters", "Cilium", "");
}

void TestCatalog::match() {
    QFETCH(QString, name);
    QFETCH(QString, id);
    const Catalog catalog = Catalog::builtin();
    const CatalogEntry *e = catalog.match(name);
    if (id.isEmpty()) {
        QVERIFY2(!e, e ? qPrintable(e->id) : "");
    } else {
        QVERIFY(e);
        QCOMPARE(e->id, id);
    }
}

void TestCatalog::categoriesInFirstAppearanceOrder() {
    const Catalog catalog = Catalog::builtin();
    const QStringList categories = catalog.categories();
    QCOMPARE(categories.size(), QSet<QString>(categories.begin(), categories.end()).size());
    QCOMPARE(categories.first(), catalog.entries().first().category);
    QStringList expected;
    for (const CatalogEntry &e : catalog.entries()) {
        if (!expected.contains(e.category))
            expected.append(e.category);
    }
    QCOMPARE(categories, expected);
    QCOMPARE(categories.size(), 12);

    // The same on a small hand-written catalog, independent of the built-in order.
    const QByteArray yaml = R"(components:
  - {id: b, displayName: B, category: storage, defaultWave: 1, namespace: b, path: x/b,
     description: B, icon: b.svg, image: "b:1", port: 80}
  - {id: a, displayName: A, category: networking, defaultWave: 0, namespace: a, path: x/a,
     description: A, icon: a.svg, image: "a:1", port: 80}
  - {id: c, displayName: C, category: storage, defaultWave: 1, namespace: c, path: x/c,
     description: C, icon: c.svg, image: "c:1", port: 80}
)";
    const Result<Catalog> small = Catalog::parse(yaml, QStringLiteral("small.yaml"));
    QVERIFY2(small.ok(), qPrintable(small.error().toString()));
    QCOMPARE(small->categories(),
             (QStringList{QStringLiteral("storage"), QStringLiteral("networking")}));
}

void TestCatalog::brokenCatalog_data() {
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<int>("line");
    QTest::addColumn<QStringList>("mentions"); // substrings of the message

    // An unquoted ": " inside a value, the most common YAML mistake.
    QTest::newRow("bad YAML") << QByteArray("# comment\n"
                                            "components:\n"
                                            "  - id: cilium\n"
                                            "    displayName: Cilium: the CNI\n"
                                            "    category: networking\n")
                              << 4 << QStringList{QStringLiteral("invalid YAML")};
    QTest::newRow("tab indentation") << QByteArray("# comment\n"
                                                   "components:\n"
                                                   "  - id: cilium\n"
                                                   "    displayName: Cilium\n"
                                                   "\tcategory: networking\n")
                                     << 5 << QStringList{QStringLiteral("tab")};

    // A valid entry (lines 2-13 after "components:") that the cases below break.
    const QByteArray good = "  - id: cilium\n"                             // 2
                            "    displayName: Cilium\n"                    // 3
                            "    category: networking\n"                   // 4
                            "    defaultWave: 0\n"                         // 5
                            "    namespace: kube-system\n"                 // 6
                            "    path: infrastructure/networking/cilium\n" // 7
                            "    chart:\n"                                 // 8
                            "      repo: https://helm.cilium.io\n"         // 9
                            "      name: cilium\n"                         // 10
                            "      version: 1.16.5\n"                      // 11
                            "    description: CNI\n"                       // 12
                            "    icon: cilium.svg\n";                      // 13

    QTest::newRow("duplicate id") << (QByteArray("components:\n") + good +
                                      "  - id: longhorn\n" // 14
                                      "    displayName: Longhorn\n"
                                      "    category: storage\n"
                                      "    defaultWave: 1\n"
                                      "    namespace: longhorn-system\n"
                                      "    path: infrastructure/storage/longhorn\n"
                                      "    description: Storage\n"
                                      "    icon: longhorn.svg\n"
                                      "\n"
                                      "  # the same id again\n" // 23
                                      "  - displayName: Cilium again\n"
                                      "    id: cilium\n" // 25
                                      "    category: networking\n"
                                      "    defaultWave: 0\n"
                                      "    namespace: kube-system\n"
                                      "    path: infrastructure/networking/cilium-2\n"
                                      "    description: CNI\n"
                                      "    icon: cilium.svg\n")
                                  << 25
                                  << QStringList{QStringLiteral("\"cilium\""),
                                                 QStringLiteral("duplicate"),
                                                 QStringLiteral("line 2")};

    QTest::newRow("missing namespace")
        << (QByteArray("components:\n") + good +
            "  - id: longhorn\n" // 14
            "    displayName: Longhorn\n"
            "    category: storage\n"
            "    defaultWave: 1\n"
            "    path: infrastructure/storage/longhorn\n"
            "    description: Storage\n"
            "    icon: longhorn.svg\n")
        << 14
        << QStringList{QStringLiteral("\"longhorn\""), QStringLiteral("\"namespace\""),
                       QStringLiteral("missing")};

    QByteArray badWave = QByteArray("components:\n") + good;
    badWave.replace("defaultWave: 0", "defaultWave: first");
    QTest::newRow("wave not a number")
        << badWave << 5 << QStringList{QStringLiteral("\"cilium\""), QStringLiteral("defaultWave")};

    QByteArray badId = QByteArray("components:\n") + good;
    badId.replace("id: cilium", "id: Cilium_CNI");
    QTest::newRow("id not DNS-1123")
        << badId << 2 << QStringList{QStringLiteral("\"Cilium_CNI\""), QStringLiteral("DNS-1123")};

    QByteArray typo = QByteArray("components:\n") + good;
    typo.replace("    namespace:", "    namesapce:");
    QTest::newRow("unknown field")
        << typo << 6 << QStringList{QStringLiteral("\"cilium\""), QStringLiteral("\"namesapce\"")};

    QByteArray noChartVersion = QByteArray("components:\n") + good;
    noChartVersion.replace("      version: 1.16.5\n", "");
    QTest::newRow("chart without version")
        << noChartVersion << 9
        << QStringList{QStringLiteral("\"cilium\""), QStringLiteral("\"version\"")};

    QByteArray absolutePath = QByteArray("components:\n") + good;
    absolutePath.replace("path: infrastructure", "path: /infrastructure");
    QTest::newRow("absolute path")
        << absolutePath << 7 << QStringList{QStringLiteral("\"cilium\""), QStringLiteral("path")};

    QTest::newRow("no components") << QByteArray("# nothing here\nentries: []\n") << 2
                                   << QStringList{QStringLiteral("\"entries\"")};
    QTest::newRow("components not a list") << QByteArray("components:\n  cilium: {}\n") << 2
                                           << QStringList{QStringLiteral("must be a list")};
    QTest::newRow("empty file") << QByteArray() << 1 << QStringList{QStringLiteral("empty")};
}

void TestCatalog::brokenCatalog() {
    QFETCH(QByteArray, yaml);
    QFETCH(int, line);
    QFETCH(QStringList, mentions);

    const QString fileName = QStringLiteral("catalogs/broken.yaml");
    const Result<Catalog> result = Catalog::parse(yaml, fileName);
    QVERIFY(!result.ok());
    const Error &error = result.error();
    QCOMPARE(error.file, fileName);
    QCOMPARE(error.line, line);
    for (const QString &mention : std::as_const(mentions))
        QVERIFY2(error.message.contains(mention), qPrintable(error.toString()));
    QVERIFY(error.toString().startsWith(fileName + QLatin1Char(':') + QString::number(line)));
}

void TestCatalog::loadFromFile() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("catalog.yaml"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("components:\n"
               "  - id: podinfo\n"
               "    displayName: podinfo\n"
               "    category: apps\n"
               "    defaultWave: 6\n"
               "    namespace: podinfo\n"
               "    path: my-apps/demo/podinfo\n"
               "    chart: {repo: \"oci://ghcr.io/stefanprodan/charts\", name: podinfo, "
               "version: 6.7.1}\n"
               "    description: A tiny demo web service\n"
               "    icon: \":/wavesmith/icons/component.svg\"\n"
               "    aliases: [demo]\n");
    file.close();

    const Result<Catalog> loaded = Catalog::load(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error().toString()));
    QCOMPARE(loaded->entries().size(), 1);
    const CatalogEntry &e = loaded->entries().first();
    QCOMPARE(e.id, QStringLiteral("podinfo"));
    QCOMPARE(e.defaultWave, 6);
    QCOMPARE(e.chart.version, QStringLiteral("6.7.1"));
    QCOMPARE(e.chart.releaseName, QStringLiteral("podinfo")); // defaults to the chart name
    QVERIFY(e.providesCrdGroups.isEmpty());
    QCOMPARE(loaded->match(QStringLiteral("demo")), &e);
    QCOMPARE(loaded->find(QStringLiteral("cilium")), nullptr);
}

void TestCatalog::loadMissingFile() {
    const QString path = QStringLiteral("/nonexistent/wavesmith/catalog.yaml");
    const Result<Catalog> loaded = Catalog::load(path);
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().file, path);
    QVERIFY(!loaded.error().message.isEmpty());
}

QTEST_GUILESS_MAIN(TestCatalog)
#include "tst_catalog.moc"
