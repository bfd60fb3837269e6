#include "yamlwriter.h"

#include <wavesmith/catalog.h>
#include <wavesmith/render.h>

#include <QSet>

namespace wavesmith {

namespace {

const QString kArgoApi = QStringLiteral("argoproj.io/v1alpha1");
const QStringList kHeader = {QStringLiteral("Written by Wavesmith. Edit freely: Wavesmith keeps "
                                            "your comments and changes when it writes again.")};

QString waveText(int wave) {
    return QString::number(wave);
}

void metadata(YamlWriter &w, const QString &name, const QString &namespace_, int wave,
              const QStringList &dependsOn = {}) {
    w.key(QStringLiteral("metadata")).beginMap();
    w.entry(QStringLiteral("name"), name);
    if (!namespace_.isEmpty())
        w.entry(QStringLiteral("namespace"), namespace_);
    w.key(QStringLiteral("annotations")).beginMap();
    w.key(QString::fromUtf16(kSyncWaveAnnotation)).quoted(waveText(wave));
    if (!dependsOn.isEmpty())
        w.entry(QString::fromUtf16(kDependsOnAnnotation), dependsOn.join(QLatin1Char(',')));
    w.endMap();
    w.endMap();
}

void source(YamlWriter &w, const Source &s) {
    w.beginMap();
    w.entry(QStringLiteral("repoURL"), s.repoURL);
    if (s.isHelm())
        w.entry(QStringLiteral("chart"), s.chart);
    w.entry(QStringLiteral("targetRevision"), s.targetRevision);
    if (!s.path.isEmpty())
        w.entry(QStringLiteral("path"), s.path);
    if (!s.ref.isEmpty())
        w.entry(QStringLiteral("ref"), s.ref);
    if (!s.helmValues.trimmed().isEmpty() || !s.valueFiles.isEmpty()) {
        w.key(QStringLiteral("helm")).beginMap();
        if (!s.valueFiles.isEmpty())
            w.stringList(QStringLiteral("valueFiles"), s.valueFiles);
        if (!s.helmValues.trimmed().isEmpty())
            w.key(QStringLiteral("valuesObject")).fragment(s.helmValues);
        w.endMap();
    }
    w.endMap();
}

void destination(YamlWriter &w, const QString &server, const QString &namespace_) {
    w.key(QStringLiteral("destination")).beginMap();
    w.entry(QStringLiteral("server"), server);
    w.entry(QStringLiteral("namespace"), namespace_);
    w.endMap();
}

void syncPolicy(YamlWriter &w, bool automated, const QStringList &syncOptions) {
    w.key(QStringLiteral("syncPolicy")).beginMap();
    if (automated) {
        w.key(QStringLiteral("automated")).beginMap();
        w.key(QStringLiteral("prune")).value(true);
        w.key(QStringLiteral("selfHeal")).value(true);
        w.endMap();
    }
    if (!syncOptions.isEmpty())
        w.stringList(QStringLiteral("syncOptions"), syncOptions);
    w.endMap();
}

QByteArray application(const Component &c) {
    YamlWriter w;
    w.beginMap();
    w.entry(QStringLiteral("apiVersion"), kArgoApi);
    w.entry(QStringLiteral("kind"), QStringLiteral("Application"));
    metadata(w, c.name, QStringLiteral("argocd"), c.wave, c.dependsOn);
    w.key(QStringLiteral("spec")).beginMap();
    w.entry(QStringLiteral("project"), c.project);
    if (c.sources.size() == 1) {
        w.key(QStringLiteral("source"));
        source(w, c.sources.first());
    } else if (c.sources.size() > 1) {
        w.key(QStringLiteral("sources")).beginSeq();
        for (const Source &s : c.sources)
            source(w, s);
        w.endSeq();
    }
    destination(w, c.destinationServer, c.namespace_);
    if (!c.ignoreDifferences.trimmed().isEmpty())
        w.key(QStringLiteral("ignoreDifferences")).fragment(c.ignoreDifferences);
    syncPolicy(w, c.automated, c.syncOptions);
    w.endMap();
    w.endMap();
    return w.document(kHeader);
}

QByteArray rootApplication(const Design &d) {
    YamlWriter w;
    w.beginMap();
    w.entry(QStringLiteral("apiVersion"), kArgoApi);
    w.entry(QStringLiteral("kind"), QStringLiteral("Application"));
    w.key(QStringLiteral("metadata")).beginMap();
    w.entry(QStringLiteral("name"), d.root.name);
    w.entry(QStringLiteral("namespace"), QStringLiteral("argocd"));
    w.endMap();
    w.key(QStringLiteral("spec")).beginMap();
    w.entry(QStringLiteral("project"), d.root.project);
    w.key(QStringLiteral("source"));
    source(w, Source{d.repoURL, d.root.path, d.targetRevision, {}, {}, {}, {}});
    destination(w, QStringLiteral("https://kubernetes.default.svc"), QStringLiteral("argocd"));
    syncPolicy(w, true, d.root.syncOptions);
    w.endMap();
    w.endMap();
    return w.document({QStringLiteral("The root Application: the only thing applied by hand at "
                                      "bootstrap (kubectl apply --server-side -f root.yaml)."),
                       QStringLiteral("It renders %1 and nothing else.").arg(d.root.path)});
}

QByteArray applicationSet(const ApplicationSet &set) {
    YamlWriter w;
    w.beginMap();
    w.entry(QStringLiteral("apiVersion"), kArgoApi);
    w.entry(QStringLiteral("kind"), QStringLiteral("ApplicationSet"));
    metadata(w, set.name, QStringLiteral("argocd"), set.wave);
    w.key(QStringLiteral("spec")).beginMap();
    if (set.goTemplate) {
        w.key(QStringLiteral("goTemplate")).value(true);
        w.stringList(QStringLiteral("goTemplateOptions"), {QStringLiteral("missingkey=error")});
    }
    w.key(QStringLiteral("generators")).beginSeq().beginMap();
    w.key(QStringLiteral("git")).beginMap();
    w.entry(QStringLiteral("repoURL"), set.repoURL);
    w.entry(QStringLiteral("revision"), set.revision);
    w.key(QStringLiteral("directories")).beginSeq();
    for (const DirectoryEntry &entry : set.directories) {
        w.beginMap();
        w.entry(QStringLiteral("path"), entry.path);
        if (entry.exclude)
            w.key(QStringLiteral("exclude")).value(true);
        w.endMap();
    }
    w.endSeq();
    w.endMap();
    w.endMap().endSeq();

    const QString pathField =
        set.goTemplate ? QStringLiteral("{{ .path.path }}") : QStringLiteral("{{path}}");
    w.key(QStringLiteral("template")).beginMap();
    w.key(QStringLiteral("metadata")).beginMap();
    w.entry(QStringLiteral("name"), set.nameTemplate);
    w.endMap();
    w.key(QStringLiteral("spec")).beginMap();
    w.entry(QStringLiteral("project"), set.project);
    w.key(QStringLiteral("source"));
    source(w, Source{set.repoURL, pathField, set.revision, {}, {}, {}, {}});
    destination(w, QStringLiteral("https://kubernetes.default.svc"), set.namespaceTemplate);
    syncPolicy(w, true, set.syncOptions);
    w.endMap();
    w.endMap();
    w.endMap();
    w.endMap();
    return w.document(kHeader);
}

QByteArray projects(const Design &d, int wave) {
    QList<QByteArray> documents;
    for (const AppProject &p : d.projects) {
        YamlWriter w;
        w.beginMap();
        w.entry(QStringLiteral("apiVersion"), kArgoApi);
        w.entry(QStringLiteral("kind"), QStringLiteral("AppProject"));
        metadata(w, p.name, QStringLiteral("argocd"), wave);
        w.key(QStringLiteral("spec")).beginMap();
        w.entry(QStringLiteral("description"), p.description);
        w.stringList(QStringLiteral("sourceRepos"), p.sourceRepos);
        w.key(QStringLiteral("destinations")).beginSeq();
        for (const QString &ns : p.destinationNamespaces) {
            w.beginMap();
            w.entry(QStringLiteral("server"), QStringLiteral("https://kubernetes.default.svc"));
            w.entry(QStringLiteral("namespace"), ns);
            w.endMap();
        }
        w.endSeq();
        w.key(QStringLiteral("clusterResourceWhitelist")).beginSeq().beginMap();
        w.entry(QStringLiteral("group"), QStringLiteral("*"));
        w.entry(QStringLiteral("kind"), QStringLiteral("*"));
        w.endMap().endSeq();
        w.endMap();
        w.endMap();
        documents.append(w.document(documents.isEmpty() ? kHeader : QStringList()));
    }
    return joinDocuments(documents);
}

QByteArray argocdValues(const Design &d) {
    YamlWriter w;
    w.beginMap();
    w.key(QStringLiteral("configs")).beginMap();
    w.key(QStringLiteral("cm")).beginMap();
    for (auto it = d.argocdConfig.cbegin(); it != d.argocdConfig.cend(); ++it)
        w.entry(it.key(), it.value());
    for (const HealthCustomization &h : d.healthChecks) {
        w.key(h.configKey()).literal(h.lua);
        if (h.useOpenLibs) {
            const QString groupKind =
                h.configKey().mid(QStringLiteral("resource.customizations.health.").size());
            w.entry(QStringLiteral("resource.customizations.useOpenLibs.") + groupKind,
                    QStringLiteral("true"));
        }
    }
    w.endMap();
    w.key(QStringLiteral("params")).beginMap();
    for (auto it = d.argocdParams.cbegin(); it != d.argocdParams.cend(); ++it)
        w.entry(it.key(), it.value());
    w.endMap();
    w.endMap();
    w.endMap();
    return w.document({QStringLiteral("Argo CD Helm values (argo-cd chart)."),
                       QStringLiteral("configs.cm: health customizations make the root wait for "
                                      "each child Application (sync waves)."),
                       QStringLiteral("configs.params: server-side diff, aligned with "
                                      "ServerSideApply=true.")});
}

QByteArray kustomization(const QStringList &resources, const QString &namespace_ = {},
                         const HelmChart &chart = {}, const QString &valuesFile = {}) {
    YamlWriter w;
    w.beginMap();
    w.entry(QStringLiteral("apiVersion"), QStringLiteral("kustomize.config.k8s.io/v1beta1"));
    w.entry(QStringLiteral("kind"), QStringLiteral("Kustomization"));
    if (!namespace_.isEmpty())
        w.entry(QStringLiteral("namespace"), namespace_);
    if (!resources.isEmpty())
        w.stringList(QStringLiteral("resources"), resources);
    if (!chart.isEmpty()) {
        w.key(QStringLiteral("helmCharts")).beginSeq().beginMap();
        w.entry(QStringLiteral("name"), chart.name);
        w.entry(QStringLiteral("repo"), chart.repo);
        w.entry(QStringLiteral("version"), chart.version);
        w.entry(QStringLiteral("releaseName"),
                chart.releaseName.isEmpty() ? chart.name : chart.releaseName);
        if (!namespace_.isEmpty())
            w.entry(QStringLiteral("namespace"), namespace_);
        w.key(QStringLiteral("includeCRDs")).value(true);
        if (!valuesFile.isEmpty())
            w.entry(QStringLiteral("valuesFile"), valuesFile);
        w.endMap().endSeq();
    }
    w.endMap();
    return w.document(kHeader);
}

// A plain Deployment + Service for chart-less components that name an image.
QList<FileContent> plainWorkload(const QString &folder, const CatalogEntry &e) {
    const QString port = QString::number(e.port > 0 ? e.port : 8080);
    YamlWriter deployment;
    deployment.beginMap();
    deployment.entry(QStringLiteral("apiVersion"), QStringLiteral("apps/v1"));
    deployment.entry(QStringLiteral("kind"), QStringLiteral("Deployment"));
    deployment.key(QStringLiteral("metadata")).beginMap();
    deployment.entry(QStringLiteral("name"), e.id);
    deployment.key(QStringLiteral("labels")).beginMap();
    deployment.entry(QStringLiteral("app.kubernetes.io/name"), e.id);
    deployment.endMap().endMap();
    deployment.key(QStringLiteral("spec")).beginMap();
    deployment.key(QStringLiteral("replicas")).value(1);
    deployment.key(QStringLiteral("selector")).beginMap();
    deployment.key(QStringLiteral("matchLabels")).beginMap();
    deployment.entry(QStringLiteral("app.kubernetes.io/name"), e.id);
    deployment.endMap().endMap();
    deployment.key(QStringLiteral("template")).beginMap();
    deployment.key(QStringLiteral("metadata")).beginMap();
    deployment.key(QStringLiteral("labels")).beginMap();
    deployment.entry(QStringLiteral("app.kubernetes.io/name"), e.id);
    deployment.endMap().endMap();
    deployment.key(QStringLiteral("spec")).beginMap();
    deployment.key(QStringLiteral("containers")).beginSeq().beginMap();
    deployment.entry(QStringLiteral("name"), e.id);
    deployment.entry(QStringLiteral("image"), e.image);
    deployment.key(QStringLiteral("ports")).beginSeq().beginMap();
    deployment.entry(QStringLiteral("name"), QStringLiteral("http"));
    deployment.key(QStringLiteral("containerPort")).value(port.toInt());
    deployment.endMap().endSeq();
    deployment.endMap().endSeq();
    deployment.endMap().endMap().endMap().endMap();

    YamlWriter service;
    service.beginMap();
    service.entry(QStringLiteral("apiVersion"), QStringLiteral("v1"));
    service.entry(QStringLiteral("kind"), QStringLiteral("Service"));
    service.key(QStringLiteral("metadata")).beginMap();
    service.entry(QStringLiteral("name"), e.id);
    service.endMap();
    service.key(QStringLiteral("spec")).beginMap();
    service.key(QStringLiteral("selector")).beginMap();
    service.entry(QStringLiteral("app.kubernetes.io/name"), e.id);
    service.endMap();
    service.key(QStringLiteral("ports")).beginSeq().beginMap();
    service.entry(QStringLiteral("name"), QStringLiteral("http"));
    service.key(QStringLiteral("port")).value(port.toInt());
    service.entry(QStringLiteral("targetPort"), QStringLiteral("http"));
    service.endMap().endSeq();
    service.endMap().endMap();

    return {{folder + QStringLiteral("/deployment.yaml"), deployment.document(kHeader)},
            {folder + QStringLiteral("/service.yaml"), service.document(kHeader)}};
}

QList<FileContent> componentFolder(const Design &d, const Component &c, const Catalog &catalog) {
    const Source *s = c.primarySource();
    if (!s || s->isHelm() || s->path.isEmpty() || s->repoURL != d.repoURL)
        return {};
    const QString folder = s->path;
    const bool isArgocd = folder == d.layout.argocdDir;
    const CatalogEntry *e = catalog.find(c.catalogId);
    QList<FileContent> files;
    QStringList resources;
    if (c.chart.isEmpty() && e) {
        resources = e->resources;
        if (!e->image.isEmpty()) {
            files += plainWorkload(folder, *e);
            resources += {QStringLiteral("deployment.yaml"), QStringLiteral("service.yaml")};
        }
    }
    files.append({folder + QStringLiteral("/kustomization.yaml"),
                  kustomization(resources, c.namespace_, c.chart,
                                isArgocd ? QStringLiteral("values.yaml") : QString())});
    return files;
}

QByteArray layoutSidecar(const Design &d) {
    YamlWriter w;
    w.beginMap();
    w.key(QStringLiteral("waves")).beginSeq();
    for (const Wave &wave : d.waves) {
        w.beginMap();
        w.key(QStringLiteral("wave")).value(wave.number);
        w.entry(QStringLiteral("phase"), wave.phase);
        if (wave.budgetSeconds > 0) // seconds; absent keeps older sidecars byte for byte
            w.key(QStringLiteral("budget")).value(wave.budgetSeconds);
        // Written only once arranged, so sidecars of unarranged designs keep their bytes.
        if (const QStringList order = d.laneOrders.value(wave.number); !order.isEmpty())
            w.stringList(QStringLiteral("order"), order);
        w.endMap();
    }
    w.endSeq();
    w.endMap();
    return w.document({QStringLiteral("Wavesmith layout: phase names, canvas positions and notes "
                                      "only. Everything else lives in the Argo CD YAML.")});
}

} // namespace

QByteArray renderLayoutSidecar(const Design &design) {
    return layoutSidecar(design);
}

QByteArray renderApplication(const Component &component) {
    return application(component);
}

QList<FileContent> renderDesign(const Design &design, const Catalog &catalog) {
    QList<FileContent> files;
    const QString apps = design.layout.appsDir();
    files.append({design.layout.rootFile(), rootApplication(design)});
    files.append({design.layout.valuesFile(), argocdValues(design)});

    QStringList appResources;
    QSet<QString> folders;
    for (const Component &c : design.components) {
        if (c.kind == ComponentKind::Projects) {
            files.append({apps + QStringLiteral("/projects.yaml"), projects(design, c.wave)});
            appResources.append(QStringLiteral("projects.yaml"));
            continue;
        }
        if (c.kind == ComponentKind::Application) {
            files.append(
                {apps + QLatin1Char('/') + c.name + QStringLiteral(".yaml"), application(c)});
            appResources.append(c.name + QStringLiteral(".yaml"));
        }
        for (const FileContent &f : componentFolder(design, c, catalog)) {
            if (!folders.contains(f.path)) {
                folders.insert(f.path);
                files.append(f);
            }
        }
    }
    for (const ApplicationSet &set : design.applicationSets) {
        const QString file = set.name + QStringLiteral("-appset.yaml");
        files.append({apps + QLatin1Char('/') + file, applicationSet(set)});
        appResources.append(file);
    }
    files.append({apps + QStringLiteral("/kustomization.yaml"), kustomization(appResources)});
    files.append({QString::fromUtf16(kLayoutSidecar), layoutSidecar(design)});
    return files;
}

} // namespace wavesmith
