#include <wavesmith/catalog.h>
#include <wavesmith/templates.h>

#include <QFile>

namespace wavesmith {

namespace {

// The seed's sync options, on every Application and ApplicationSet template. Never
// ApplyOutOfSyncOnly or IgnoreMissingTemplate (see the seed's "DO NOT add these options").
QStringList standardSyncOptions() {
    return {QStringLiteral("CreateNamespace=true"), QStringLiteral("ServerSideApply=true"),
            QStringLiteral("RespectIgnoreDifferences=true"), QStringLiteral("Replace=false")};
}

QString resourceText(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

const CatalogEntry &entry(const Catalog &catalog, const QString &id) {
    const CatalogEntry *found = catalog.find(id);
    // The built-in catalog carries every id the templates use (tst_catalog checks it); a custom
    // catalog without them is a programming error, not user input.
    Q_ASSERT_X(found, "templates", "catalog entry missing");
    static const CatalogEntry empty;
    return found ? *found : empty;
}

Component standalone(const CatalogEntry &e, const QString &project,
                     const TemplateOptions &options) {
    Component c;
    c.name = e.id;
    c.kind = ComponentKind::Application;
    c.wave = e.defaultWave;
    c.namespace_ = e.namespace_;
    c.project = project;
    c.sources = {Source{options.repoURL, e.path, options.revision, {}, {}, {}, {}}};
    c.chart = e.chart;
    if (c.chart.releaseName == c.chart.name)
        c.chart.releaseName.clear(); // the default; import reads it back the same way
    c.syncOptions = standardSyncOptions();
    c.catalogId = e.id;
    return c;
}

QString lastSegment(const QString &path) {
    return path.section(QLatin1Char('/'), -1);
}

Component member(const CatalogEntry &e, const ApplicationSet &set, const QString &namespace_,
                 const TemplateOptions &options) {
    Component c = standalone(e, set.project, options);
    c.name = lastSegment(e.path); // generated name: {{ .path.basename }}
    c.kind = ComponentKind::AppSetMember;
    c.wave = set.wave;
    c.appSet = set.name;
    c.namespace_ = namespace_.isEmpty() ? c.name : namespace_;
    c.syncOptions = set.syncOptions;
    return c;
}

ApplicationSet appSet(const QString &name, int wave, QList<DirectoryEntry> directories,
                      const QString &namespaceTemplate, const TemplateOptions &options) {
    ApplicationSet set;
    set.name = name;
    set.wave = wave;
    set.project = name;
    set.repoURL = options.repoURL;
    set.revision = options.revision;
    set.directories = std::move(directories);
    set.goTemplate = true;
    set.nameTemplate = QStringLiteral("{{ .path.basename }}");
    set.namespaceTemplate = namespaceTemplate;
    set.syncOptions = standardSyncOptions();
    return set;
}

Design baseDesign(const TemplateOptions &options) {
    Design design;
    design.repoURL = options.repoURL;
    design.targetRevision = options.revision;
    design.root.path = design.layout.appsDir();
    design.root.syncOptions = standardSyncOptions();
    design.root.location.file = design.layout.rootFile();
    // Kustomize folders with helmCharts need Helm enabled in Argo CD's kustomize builds.
    design.argocdConfig.insert(QStringLiteral("kustomize.buildOptions"),
                               QStringLiteral("--enable-helm"));
    // The seed's server-side diff, with the key the controller reads (see DESIGN.md).
    design.argocdParams.insert(QStringLiteral("controller.diff.server.side"),
                               QStringLiteral("true"));
    return design;
}

} // namespace

Design homelabTemplate(const Catalog &catalog, const TemplateOptions &options) {
    Design design = baseDesign(options);
    design.waves = {{0, QStringLiteral("Foundation")},  {1, QStringLiteral("Storage")},
                    {2, QStringLiteral("PVC Plumber")}, {4, QStringLiteral("Infrastructure")},
                    {5, QStringLiteral("Monitoring")},  {6, QStringLiteral("User")}};

    // Foundation apps use the built-in `default` project: the others only exist once the
    // projects bundle of the same wave has been applied.
    const QStringList foundation = {QStringLiteral("cilium"), QStringLiteral("argocd"),
                                    QStringLiteral("1password-connect"),
                                    QStringLiteral("external-secrets")};
    for (const QString &id : foundation)
        design.components.append(
            standalone(entry(catalog, id), QStringLiteral("default"), options));

    Component projects;
    projects.name = QStringLiteral("projects");
    projects.kind = ComponentKind::Projects;
    projects.wave = 0;
    projects.namespace_ = QStringLiteral("argocd");
    projects.project.clear(); // AppProjects are not deployed through an Application
    projects.destinationServer.clear();
    projects.automated = false;
    projects.location.file = design.layout.appsDir() + QStringLiteral("/projects.yaml");
    design.components.append(projects);

    const QStringList storage = {QStringLiteral("longhorn"), QStringLiteral("snapshot-controller"),
                                 QStringLiteral("volsync"), QStringLiteral("pvc-plumber")};
    for (const QString &id : storage) {
        design.components.append(
            standalone(entry(catalog, id), QStringLiteral("infrastructure"), options));
    }

    const QStringList infrastructureIds = {
        QStringLiteral("cert-manager"), QStringLiteral("kyverno"), QStringLiteral("gpu-operator"),
        QStringLiteral("cloudnative-pg"), QStringLiteral("gateway")};
    QList<DirectoryEntry> explicitPaths;
    for (const QString &id : infrastructureIds)
        explicitPaths.append({entry(catalog, id).path, false});
    ApplicationSet infrastructure = appSet(QStringLiteral("infrastructure"), 4, explicitPaths,
                                           QStringLiteral("{{ .path.basename }}"), options);

    ApplicationSet monitoring =
        appSet(QStringLiteral("monitoring"), 5, {{QStringLiteral("monitoring/*"), false}},
               QStringLiteral("monitoring"), options);
    ApplicationSet myApps =
        appSet(QStringLiteral("my-apps"), 6, {{QStringLiteral("my-apps/*/*"), false}},
               QStringLiteral("{{ .path.basename }}"), options);

    const QList<std::pair<ApplicationSet *, QStringList>> members = {
        {&infrastructure, infrastructureIds},
        {&monitoring,
         {QStringLiteral("loki-stack"), QStringLiteral("prometheus-stack"),
          QStringLiteral("tempo")}},
        {&myApps, {QStringLiteral("homepage"), QStringLiteral("jellyfin")}},
    };
    for (const auto &[set, ids] : members) {
        const QString fixedNamespace = set->namespaceTemplate.contains(QLatin1String("{{"))
                                           ? QString()
                                           : set->namespaceTemplate;
        for (const QString &id : ids) {
            Component c = member(entry(catalog, id), *set, fixedNamespace, options);
            set->members.append(c.name);
            design.components.append(c);
        }
    }
    design.applicationSets = {infrastructure, monitoring, myApps};

    design.projects = {
        {QStringLiteral("infrastructure"),
         QStringLiteral("Cluster infrastructure: storage, "
                        "certificates, policies, gateways"),
         {QStringLiteral("*")},
         {QStringLiteral("*")}},
        {QStringLiteral("monitoring"),
         QStringLiteral("Observability: metrics, logs, traces"),
         {QStringLiteral("*")},
         {QStringLiteral("*")}},
        {QStringLiteral("my-apps"),
         QStringLiteral("User workloads"),
         {QStringLiteral("*")},
         {QStringLiteral("*")}},
    };

    HealthCustomization waitForChild;
    waitForChild.group = QStringLiteral("argoproj.io");
    waitForChild.kind = QStringLiteral("Application");
    waitForChild.lua = resourceText(QStringLiteral(":/wavesmith/lua/wait-for-child.lua"));
    waitForChild.location.file = design.layout.valuesFile();
    design.healthChecks = {waitForChild};
    return design;
}

Design minimalTemplate(const Catalog &catalog, const TemplateOptions &options) {
    Design design = baseDesign(options);
    design.waves = {{0, QStringLiteral("Apps")}};
    design.components.append(
        standalone(entry(catalog, QStringLiteral("homepage")), QStringLiteral("default"), options));
    design.components.last().wave = 0;
    return design;
}

QStringList templateNames() {
    return {QStringLiteral("homelab"), QStringLiteral("minimal")};
}

std::optional<Design> templateByName(const QString &name, const Catalog &catalog,
                                     const TemplateOptions &options) {
    if (name == QLatin1String("homelab"))
        return homelabTemplate(catalog, options);
    if (name == QLatin1String("minimal"))
        return minimalTemplate(catalog, options);
    return std::nullopt;
}

} // namespace wavesmith
