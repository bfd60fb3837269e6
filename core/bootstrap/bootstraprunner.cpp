// The plan's steps as a chain of asynchronous requests: each step answers "already there"
// (skipped) or does its work, then starts the next one from the reply's handler.

#include <wavesmith/bootstrap.h>
#include <wavesmith/kubeclient.h>

#include <QJsonArray>
#include <QTimer>

#include <algorithm>

namespace wavesmith {

namespace {

const QString kArgocd = QStringLiteral("argocd");
const QString kCrdApiVersion = QStringLiteral("apiextensions.k8s.io/v1");
const QString kCrdKind = QStringLiteral("CustomResourceDefinition");
const QString kApplicationApiVersion = QStringLiteral("argoproj.io/v1alpha1");
// The config step owns only the keys it ensures; a manager of its own keeps a later apply of
// those keys from dropping what the install (manager "wavesmith") set on the same ConfigMaps.
const QString kConfigManager = QStringLiteral("wavesmith-config");

QJsonObject metadataOf(const QJsonObject &o) {
    return o.value(QStringLiteral("metadata")).toObject();
}
QString nameOf(const QJsonObject &o) {
    return metadataOf(o).value(QStringLiteral("name")).toString();
}
QString kindOf(const QJsonObject &o) {
    return o.value(QStringLiteral("kind")).toString();
}
QString describe(const QJsonObject &o) {
    return QStringLiteral("%1 %2").arg(kindOf(o), nameOf(o));
}

bool conditionTrue(const QJsonObject &object, const QString &type) {
    const QJsonArray conditions = object.value(QStringLiteral("status"))
                                      .toObject()
                                      .value(QStringLiteral("conditions"))
                                      .toArray();
    return std::any_of(conditions.begin(), conditions.end(), [&](const QJsonValue &c) {
        return c[QStringLiteral("type")].toString() == type &&
               c[QStringLiteral("status")].toString() == QLatin1String("True");
    });
}

// A Deployment with Available=True, or a StatefulSet with every replica ready.
bool isAvailable(const QJsonObject &workload) {
    if (conditionTrue(workload, QStringLiteral("Available")))
        return true;
    if (kindOf(workload) != QLatin1String("StatefulSet"))
        return false;
    const QJsonValue wanted =
        workload.value(QStringLiteral("spec")).toObject().value(QStringLiteral("replicas"));
    const int replicas = wanted.isDouble() ? wanted.toInt() : 1;
    return workload.value(QStringLiteral("status"))
               .toObject()
               .value(QStringLiteral("readyReplicas"))
               .toInt() >= replicas;
}

// True when every field of `wanted` has the same value in `live` (server defaults may add more).
bool containsAll(const QJsonValue &live, const QJsonValue &wanted) {
    if (wanted.isObject()) {
        const QJsonObject w = wanted.toObject();
        const QJsonObject l = live.toObject();
        for (auto it = w.begin(); it != w.end(); ++it) {
            if (!containsAll(l.value(it.key()), it.value()))
                return false;
        }
        return live.isObject();
    }
    if (wanted.isArray()) {
        const QJsonArray w = wanted.toArray();
        const QJsonArray l = live.toArray();
        if (!live.isArray() || l.size() != w.size())
            return false;
        for (qsizetype i = 0; i < w.size(); ++i) {
            if (!containsAll(l.at(i), w.at(i)))
                return false;
        }
        return true;
    }
    if (wanted.isDouble()) // 5 and 5.0 are the same number in YAML and in JSON
        return live.isDouble() && live.toDouble() == wanted.toDouble();
    return live == wanted;
}

QString seconds(qint64 ms) {
    return ms % 1000 == 0 ? QStringLiteral("%1 s").arg(ms / 1000)
                          : QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

} // namespace

BootstrapRunner::BootstrapRunner(ClientConfig config, Design design, BootstrapManifests manifests,
                                 BootstrapOptions options, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_design(std::move(design))
    , m_manifests(std::move(manifests))
    , m_options(std::move(options))
    , m_steps(bootstrapSteps())
    , m_tracker(m_design)
    , m_deadline(new QTimer(this))
    , m_waveTimer(new QTimer(this)) {
    m_deadline->setSingleShot(true);
    m_waveTimer->setSingleShot(true);
    connect(m_deadline, &QTimer::timeout, this, &BootstrapRunner::deadlineReached);
    connect(m_waveTimer, &QTimer::timeout, this, &BootstrapRunner::waveBudgetExpired);
}

BootstrapRunner::~BootstrapRunner() {
    // Replies hold handlers into this object: drop them (and the watch) with the client first.
    if (m_watch)
        m_watch->stop();
    m_client.reset();
}

qint64 BootstrapRunner::waveBudgetMs() const {
    if (m_options.waveBudgetMs > 0)
        return m_options.waveBudgetMs;
    // Twice a fair share of the overall timeout, at least a minute, never more than the whole.
    const qint64 waves = std::max<qint64>(1, m_tracker.waves().size());
    return std::min(m_options.timeoutMs, std::max<qint64>(60'000, 2 * m_options.timeoutMs / waves));
}

qint64 BootstrapRunner::waveBudgetMs(int wave) const {
    // The design knows its slow waves best; options and the derived share cover the rest.
    if (const int seconds = m_design.waveBudgetSeconds(wave); seconds > 0)
        return qint64(seconds) * 1000;
    return waveBudgetMs();
}

QString BootstrapRunner::redact(const QString &text) const {
    return m_client ? m_client->redact(text) : redactSecrets(text, m_config);
}

void BootstrapRunner::start() {
    if (m_running)
        return;
    ++m_generation;
    m_running = true;
    m_cancelRequested = false;
    m_inFlight = 0;
    m_namespaceExists = false;
    m_notValidated = 0;
    m_changedConfigMaps.clear();
    m_reported.clear();
    m_waveStates.clear();
    m_waveReady.clear();
    m_budgetWave = -1;
    m_steps = bootstrapSteps();
    m_tracker.reset({});
    m_clock.start();
    if (m_watch)
        m_watch->stop();
    m_watch = nullptr; // a child of the old client, deleted with it
    m_client = std::make_unique<KubeClient>(m_config);
    m_deadline->start(int(std::min<qint64>(m_options.timeoutMs, INT_MAX)));
    runStep(BootstrapStepId::Preflight);
}

void BootstrapRunner::cancel() {
    if (!m_running || m_cancelRequested)
        return;
    m_cancelRequested = true;
    if (m_watch)
        m_watch->stop();
    // A request in flight finishes first, so that nothing is left half-sent.
    if (m_inFlight == 0)
        finish(BootstrapOutcome::Canceled, QString());
}

void BootstrapRunner::request(KubeReply *reply, Handler handler) {
    ++m_inFlight;
    const int generation = m_generation;
    reply->then(this, [this, generation, handler = std::move(handler)](const KubeReply &r) {
        if (generation != m_generation)
            return;
        --m_inFlight;
        if (!m_running)
            return;
        if (m_cancelRequested) {
            if (m_inFlight == 0)
                finish(BootstrapOutcome::Canceled, QString());
            return;
        }
        handler(r);
    });
}

void BootstrapRunner::after(int ms, std::function<void()> next) {
    const int generation = m_generation;
    QTimer::singleShot(ms, this, [this, generation, next = std::move(next)] {
        if (generation == m_generation && m_running && !m_cancelRequested)
            next();
    });
}

void BootstrapRunner::setStep(BootstrapStepId id, StepState state, const QString &message) {
    BootstrapStep &step = m_steps[int(id)];
    step.state = state;
    step.message = redact(message);
    if (state == StepState::Running) {
        step.startedMs = elapsed();
        step.finishedMs = -1;
    } else if (state != StepState::Pending) {
        step.finishedMs = elapsed();
        if (step.startedMs < 0)
            step.startedMs = step.finishedMs;
    }
    BootstrapEvent e;
    e.type = BootstrapEvent::Type::Step;
    e.ms = elapsed();
    e.step = step;
    Q_EMIT event(e);
}

void BootstrapRunner::note(const QString &message) {
    BootstrapEvent e;
    e.type = BootstrapEvent::Type::Note;
    e.ms = elapsed();
    e.message = redact(message);
    Q_EMIT event(e);
}

void BootstrapRunner::failStep(BootstrapStepId id, const QString &message) {
    setStep(id, StepState::Failed, message);
    finish(BootstrapOutcome::Failed, m_steps.at(int(id)).title + QStringLiteral(": ") + message);
}

void BootstrapRunner::finish(BootstrapOutcome outcome, const QString &message) {
    if (!m_running)
        return;
    m_running = false;
    m_deadline->stop();
    m_waveTimer->stop();
    if (m_watch)
        m_watch->stop();
    QString text = message;
    BootstrapStep &current = m_steps[int(m_current)];
    if (outcome == BootstrapOutcome::Canceled) {
        text = QStringLiteral("canceled during \"%1\"; what was applied stays, and a new run "
                              "continues from there")
                   .arg(current.title);
        if (current.state == StepState::Running)
            setStep(m_current, StepState::Pending, QStringLiteral("canceled"));
    } else if (outcome == BootstrapOutcome::TimedOut && current.state == StepState::Running) {
        setStep(m_current, StepState::Failed, message);
    }
    BootstrapEvent e;
    e.type = BootstrapEvent::Type::Finished;
    e.ms = elapsed();
    e.outcome = outcome;
    e.message = redact(text);
    Q_EMIT event(e);
    Q_EMIT finished(outcome, e.message);
}

void BootstrapRunner::runStep(BootstrapStepId id) {
    m_current = id;
    setStep(id, StepState::Running);
    switch (id) {
    case BootstrapStepId::Preflight:
        preflight();
        break;
    case BootstrapStepId::Namespace:
        ensureNamespace();
        break;
    case BootstrapStepId::InstallArgoCd:
        checkArgoCdInstalled();
        break;
    case BootstrapStepId::ArgoCdConfig:
        ensureArgoCdConfig();
        break;
    case BootstrapStepId::WaitForArgoCd:
        waitForArgoCd();
        break;
    case BootstrapStepId::ApplyRoot:
        applyRoot();
        break;
    case BootstrapStepId::WatchApplications:
        watchApplications();
        break;
    }
}

// ---- 1. Preflight ----

void BootstrapRunner::preflight() {
    request(m_client->serverVersion(), [this](const KubeReply &r) {
        if (!r.ok()) {
            // Most servers answer /version to anyone; some already check credentials here.
            failStep(BootstrapStepId::Preflight,
                     r.errorKind() == KubeReply::ErrorKind::Authentication
                         ? QStringLiteral("authentication error: %1").arg(r.errorString())
                         : QStringLiteral("cannot reach the API server: %1").arg(r.errorString()));
            return;
        }
        m_serverVersion = r.object().value(QStringLiteral("gitVersion")).toString();
        checkNodes();
    });
}

void BootstrapRunner::checkNodes() {
    // Listing nodes proves the credentials (/version answers anyone) and shows whether a CNI
    // made any node Ready.
    request(m_client->list(QStringLiteral("v1"), QStringLiteral("Node")), [this](
                                                                              const KubeReply &r) {
        const QString where = QStringLiteral("server %1 (%2), context \"%3\"")
                                  .arg(m_config.server, m_serverVersion, m_config.contextName);
        if (!r.ok() && r.errorKind() == KubeReply::ErrorKind::Authentication) {
            failStep(BootstrapStepId::Preflight,
                     QStringLiteral("authentication error: %1").arg(r.errorString()));
            return;
        }
        if (!r.ok() && r.reason() == QLatin1String("Forbidden")) {
            note(QStringLiteral("cannot list nodes (%1): node readiness not checked")
                     .arg(r.errorString()));
            setStep(BootstrapStepId::Preflight, StepState::Done, where);
            runStep(BootstrapStepId::Namespace);
            return;
        }
        if (!r.ok()) {
            failStep(BootstrapStepId::Preflight, r.errorString());
            return;
        }
        const QJsonArray nodes = r.object().value(QStringLiteral("items")).toArray();
        const auto ready = std::count_if(nodes.begin(), nodes.end(), [](const QJsonValue &n) {
            return conditionTrue(n.toObject(), QStringLiteral("Ready"));
        });
        if (ready == 0) {
            failStep(BootstrapStepId::Preflight,
                     QStringLiteral("no node is Ready (%1 node(s)): a cluster without a CNI "
                                    "cannot run Argo CD")
                         .arg(nodes.size()));
            return;
        }
        setStep(BootstrapStepId::Preflight, StepState::Done,
                QStringLiteral("%1, %2/%3 node(s) Ready").arg(where).arg(ready).arg(nodes.size()));
        runStep(BootstrapStepId::Namespace);
    });
}

// ---- 2. Namespace ----

void BootstrapRunner::ensureNamespace() {
    request(m_client->get(QStringLiteral("v1"), QStringLiteral("Namespace"), kArgocd),
            [this](const KubeReply &r) {
                if (r.ok()) {
                    m_namespaceExists = true;
                    setStep(BootstrapStepId::Namespace, StepState::Skipped,
                            QStringLiteral("namespace argocd exists"));
                    runStep(BootstrapStepId::InstallArgoCd);
                    return;
                }
                if (!r.isNotFound()) {
                    failStep(BootstrapStepId::Namespace, r.errorString());
                    return;
                }
                const QJsonObject ns{
                    {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                    {QStringLiteral("kind"), QStringLiteral("Namespace")},
                    {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), kArgocd}}}};
                ApplyOptions options;
                options.dryRun = m_options.dryRun;
                request(m_client->apply(ns, options), [this](const KubeReply &applied) {
                    if (!applied.ok()) {
                        failStep(BootstrapStepId::Namespace, applied.errorString());
                        return;
                    }
                    m_namespaceExists = !m_options.dryRun;
                    setStep(BootstrapStepId::Namespace, StepState::Done,
                            m_options.dryRun
                                ? QStringLiteral("namespace argocd would be created (dry run)")
                                : QStringLiteral("namespace argocd created"));
                    runStep(BootstrapStepId::InstallArgoCd);
                });
            });
}

// ---- 3. Argo CD install ----

void BootstrapRunner::checkArgoCdInstalled() {
    // What must exist: the manifest's CRDs and workloads, or Argo CD's usual names without one.
    struct Probe {
        QString apiVersion, kind, name;
        QString alternativeKind; // the application controller is a StatefulSet or a Deployment
    };
    QList<Probe> probes;
    for (const QJsonObject &o : m_manifests.argocdInstall) {
        const QString kind = kindOf(o);
        if (kind == kCrdKind || kind == QLatin1String("Deployment") ||
            kind == QLatin1String("StatefulSet"))
            probes.append({o.value(QStringLiteral("apiVersion")).toString(), kind, nameOf(o), {}});
    }
    if (m_manifests.argocdInstall.isEmpty()) {
        probes = {{kCrdApiVersion, kCrdKind, QStringLiteral("applications.argoproj.io"), {}},
                  {QStringLiteral("apps/v1"),
                   QStringLiteral("Deployment"),
                   QStringLiteral("argocd-server"),
                   {}},
                  {QStringLiteral("apps/v1"), QStringLiteral("StatefulSet"),
                   QStringLiteral("argocd-application-controller"), QStringLiteral("Deployment")}};
    }
    auto missing = std::make_shared<QStringList>();
    // The chain refers to itself weakly (a strong capture would be a cycle, never freed); the
    // request in flight holds it until its answer moves the chain on.
    auto chain = std::make_shared<std::function<void(int)>>();
    *chain = [this, probes, missing, self = std::weak_ptr(chain)](int index) {
        const auto check = self.lock();
        if (index == probes.size()) {
            if (missing->isEmpty()) {
                setStep(BootstrapStepId::InstallArgoCd, StepState::Skipped,
                        QStringLiteral("Argo CD is installed (%1 checked)")
                            .arg(probes.size() == 1
                                     ? QStringLiteral("1 object")
                                     : QStringLiteral("%1 objects").arg(probes.size())));
                runStep(BootstrapStepId::ArgoCdConfig);
            } else if (m_manifests.argocdInstall.isEmpty()) {
                failStep(BootstrapStepId::InstallArgoCd,
                         QStringLiteral("Argo CD is not installed (missing %1); pass "
                                        "--argocd-manifest with its install manifest")
                             .arg(missing->join(QStringLiteral(", "))));
            } else {
                installArgoCd();
            }
            return;
        }
        const Probe &p = probes.at(index);
        request(m_client->get(p.apiVersion, p.kind, p.name, kArgocd), [this, p, index, missing,
                                                                       check](const KubeReply &r) {
            if (r.ok()) {
                (*check)(index + 1);
                return;
            }
            const bool absent =
                r.isNotFound() || r.errorKind() == KubeReply::ErrorKind::NotDiscovered;
            if (!absent) {
                failStep(BootstrapStepId::InstallArgoCd, r.errorString());
                return;
            }
            if (!p.alternativeKind.isEmpty()) {
                request(m_client->get(p.apiVersion, p.alternativeKind, p.name, kArgocd),
                        [this, p, index, missing, check](const KubeReply &alt) {
                            if (!alt.ok())
                                missing->append(QStringLiteral("%1 %2").arg(p.kind, p.name));
                            (*check)(index + 1);
                        });
                return;
            }
            missing->append(QStringLiteral("%1 %2").arg(p.kind, p.name));
            (*check)(index + 1);
        });
    };
    (*chain)(0);
}

void BootstrapRunner::installArgoCd() {
    QList<QJsonObject> crds;
    QList<QJsonObject> rest;
    for (const QJsonObject &o : m_manifests.argocdInstall)
        (kindOf(o) == kCrdKind ? crds : rest).append(o);
    QStringList crdNames;
    for (const QJsonObject &crd : crds)
        crdNames.append(nameOf(crd));
    const auto applyRest = [this, rest, crdNames] {
        applyObjects(rest, [this, rest, crdNames] {
            QString message =
                QStringLiteral("%1 CustomResourceDefinition(s) and %2 other object(s) %3")
                    .arg(crdNames.size())
                    .arg(rest.size())
                    .arg(m_options.dryRun ? QStringLiteral("would be applied (dry run)")
                                          : QStringLiteral("applied server-side"));
            if (m_notValidated > 0)
                message += QStringLiteral("; %1 not validated by the server because what they "
                                          "need (namespace argocd or a CRD) does not exist yet")
                               .arg(m_notValidated);
            setStep(BootstrapStepId::InstallArgoCd, StepState::Done, message);
            runStep(BootstrapStepId::ArgoCdConfig);
        });
    };
    // CRDs first, and Established before anything that may use them (k8s-api-notes §7).
    applyObjects(crds, [this, crdNames, applyRest] {
        if (m_options.dryRun || crdNames.isEmpty())
            applyRest();
        else
            waitEstablished(crdNames, applyRest);
    });
}

void BootstrapRunner::applyObjects(QList<QJsonObject> objects, std::function<void()> next) {
    if (objects.isEmpty()) {
        next();
        return;
    }
    QJsonObject object = objects.takeFirst();
    const QString apiVersion = object.value(QStringLiteral("apiVersion")).toString();
    request(m_client->resourceFor(apiVersion, kindOf(object)), [this, object, objects,
                                                                next](const KubeReply &r) mutable {
        if (!r.ok()) {
            if (m_options.dryRun && r.errorKind() == KubeReply::ErrorKind::NotDiscovered) {
                ++m_notValidated; // its CRD was only dry-run applied
                applyObjects(objects, next);
                return;
            }
            failStep(m_current, QStringLiteral("%1: %2").arg(describe(object), r.errorString()));
            return;
        }
        if (r.resource().namespaced) {
            QJsonObject metadata = metadataOf(object);
            if (metadata.value(QStringLiteral("namespace")).toString().isEmpty()) {
                // Argo CD's install.yaml leaves namespaces out: it belongs in argocd.
                metadata.insert(QStringLiteral("namespace"), kArgocd);
                object.insert(QStringLiteral("metadata"), metadata);
            }
            if (m_options.dryRun && !m_namespaceExists &&
                metadata.value(QStringLiteral("namespace")).toString() == kArgocd) {
                ++m_notValidated;
                applyObjects(objects, next);
                return;
            }
        }
        ApplyOptions options;
        options.dryRun = m_options.dryRun;
        request(m_client->apply(object, options),
                [this, object, objects, next](const KubeReply &applied) {
                    if (!applied.ok()) {
                        failStep(m_current, QStringLiteral("server-side apply of %1: %2")
                                                .arg(describe(object), applied.errorString()));
                        return;
                    }
                    applyObjects(objects, next);
                });
    });
}

void BootstrapRunner::waitEstablished(QStringList crds, std::function<void()> next) {
    if (crds.isEmpty()) {
        next();
        return;
    }
    const QString name = crds.first();
    request(m_client->get(kCrdApiVersion, kCrdKind, name), [this, crds, next,
                                                            name](const KubeReply &r) mutable {
        if (!r.ok() && !r.isNotFound()) {
            failStep(m_current,
                     QStringLiteral("CustomResourceDefinition %1: %2").arg(name, r.errorString()));
            return;
        }
        if (r.ok() && conditionTrue(r.object(), QStringLiteral("Established"))) {
            crds.removeFirst();
            waitEstablished(crds, next);
            return;
        }
        after(m_options.pollIntervalMs, [this, crds, next] { waitEstablished(crds, next); });
    });
}

// ---- 4. Health customizations and params ----

void BootstrapRunner::ensureArgoCdConfig() {
    if (!m_design.hasHealthCheckFor(QStringLiteral("argoproj.io"), QStringLiteral("Application")))
        note(QStringLiteral("the design has no argoproj.io/Application health customization: "
                            "Argo CD will not wait for one wave to be healthy before the next"));
    applyConfigMap(QStringLiteral("argocd-cm"), m_manifests.argocdConfig, [this] {
        applyConfigMap(QStringLiteral("argocd-cmd-params-cm"), m_manifests.argocdParams, [this] {
            if (m_changedConfigMaps.isEmpty()) {
                setStep(BootstrapStepId::ArgoCdConfig, StepState::Skipped,
                        QStringLiteral("argocd-cm and argocd-cmd-params-cm already hold the "
                                       "health customizations and controller.diff.server.side"));
            } else {
                setStep(BootstrapStepId::ArgoCdConfig, StepState::Done,
                        QStringLiteral("%1 %2").arg(
                            m_changedConfigMaps.join(QStringLiteral(" and ")),
                            m_options.dryRun ? QStringLiteral("would be updated (dry run)")
                                             : QStringLiteral("updated (server-side apply "
                                                              "of just those keys)")));
            }
            runStep(BootstrapStepId::WaitForArgoCd);
        });
    });
}

void BootstrapRunner::applyConfigMap(const QString &name, const QJsonObject &wanted,
                                     std::function<void()> next) {
    if (wanted.isEmpty()) {
        next();
        return;
    }
    request(m_client->get(QStringLiteral("v1"), QStringLiteral("ConfigMap"), name, kArgocd),
            [this, name, wanted, next](const KubeReply &r) {
                if (!r.ok() && !r.isNotFound()) {
                    failStep(BootstrapStepId::ArgoCdConfig,
                             QStringLiteral("ConfigMap %1: %2").arg(name, r.errorString()));
                    return;
                }
                if (r.ok() && containsAll(r.object().value(QStringLiteral("data")), wanted)) {
                    next();
                    return;
                }
                if (m_options.dryRun && !m_namespaceExists) {
                    m_changedConfigMaps.append(name);
                    ++m_notValidated;
                    next();
                    return;
                }
                const QJsonObject configMap{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                            {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
                                            {QStringLiteral("metadata"),
                                             QJsonObject{{QStringLiteral("name"), name},
                                                         {QStringLiteral("namespace"), kArgocd}}},
                                            {QStringLiteral("data"), wanted}};
                ApplyOptions options;
                options.fieldManager = kConfigManager;
                options.force = true; // the design is the source of truth for these keys
                options.dryRun = m_options.dryRun;
                request(m_client->apply(configMap, options),
                        [this, name, next](const KubeReply &applied) {
                            if (!applied.ok()) {
                                failStep(BootstrapStepId::ArgoCdConfig,
                                         QStringLiteral("server-side apply of ConfigMap %1: %2")
                                             .arg(name, applied.errorString()));
                                return;
                            }
                            m_changedConfigMaps.append(name);
                            next();
                        });
            });
}

// ---- 5. Argo CD available ----

void BootstrapRunner::waitForArgoCd() {
    struct Workload {
        QString kind, name, alternativeKind;
    };
    const QList<Workload> workloads = {
        {QStringLiteral("Deployment"), QStringLiteral("argocd-server"), {}},
        {QStringLiteral("StatefulSet"), QStringLiteral("argocd-application-controller"),
         QStringLiteral("Deployment")}};
    // Refers to itself weakly, as in checkArgoCdInstalled(): the request or timer in flight
    // holds it.
    auto chain = std::make_shared<std::function<void(int, bool)>>();
    *chain = [this, workloads, self = std::weak_ptr(chain)](int index, bool useAlternative) {
        const auto poll = self.lock();
        if (index == workloads.size()) {
            setStep(BootstrapStepId::WaitForArgoCd, StepState::Done,
                    QStringLiteral("argocd-server and argocd-application-controller are "
                                   "Available"));
            runStep(BootstrapStepId::ApplyRoot);
            return;
        }
        const Workload &w = workloads.at(index);
        const QString kind = useAlternative ? w.alternativeKind : w.kind;
        request(
            m_client->get(QStringLiteral("apps/v1"), kind, w.name, kArgocd),
            [this, w, index, useAlternative, poll](const KubeReply &r) {
                if (!r.ok() && !r.isNotFound()) {
                    failStep(BootstrapStepId::WaitForArgoCd,
                             QStringLiteral("%1: %2").arg(w.name, r.errorString()));
                    return;
                }
                if (r.isNotFound() && !useAlternative && !w.alternativeKind.isEmpty()) {
                    (*poll)(index, true);
                    return;
                }
                if (r.ok() && isAvailable(r.object())) {
                    (*poll)(index + 1, false);
                    return;
                }
                if (m_options.dryRun) {
                    // Nothing was installed: there is nothing to wait for.
                    setStep(
                        BootstrapStepId::WaitForArgoCd, StepState::Skipped,
                        QStringLiteral("would wait for %1 to be Available (dry run)").arg(w.name));
                    runStep(BootstrapStepId::ApplyRoot);
                    return;
                }
                after(m_options.pollIntervalMs, [poll, index] { (*poll)(index, false); });
            });
    };
    (*chain)(0, false);
}

// ---- 6. Root Application ----

void BootstrapRunner::applyRoot() {
    QJsonObject root = m_manifests.root;
    QJsonObject metadata = metadataOf(root);
    if (metadata.value(QStringLiteral("namespace")).toString().isEmpty()) {
        metadata.insert(QStringLiteral("namespace"), kArgocd);
        root.insert(QStringLiteral("metadata"), metadata);
    }
    const QString apiVersion = root.value(QStringLiteral("apiVersion")).toString();
    const QString ns = metadata.value(QStringLiteral("namespace")).toString();
    request(m_client->get(apiVersion, kindOf(root), nameOf(root), ns), [this,
                                                                        root](const KubeReply &r) {
        if (m_options.dryRun && r.errorKind() == KubeReply::ErrorKind::NotDiscovered) {
            setStep(BootstrapStepId::ApplyRoot, StepState::Done,
                    QStringLiteral("root Application %1 would be applied (dry run; the "
                                   "Application CRD is not installed yet, so not validated)")
                        .arg(nameOf(root)));
            runStep(BootstrapStepId::WatchApplications);
            return;
        }
        if (!r.ok() && !r.isNotFound()) {
            failStep(BootstrapStepId::ApplyRoot, r.errorString());
            return;
        }
        const QJsonObject live = r.object();
        const bool upToDate =
            r.ok() &&
            containsAll(live.value(QStringLiteral("spec")), root.value(QStringLiteral("spec"))) &&
            containsAll(metadataOf(live).value(QStringLiteral("labels")),
                        metadataOf(root).value(QStringLiteral("labels"))) &&
            containsAll(metadataOf(live).value(QStringLiteral("annotations")),
                        metadataOf(root).value(QStringLiteral("annotations")));
        if (upToDate) {
            setStep(BootstrapStepId::ApplyRoot, StepState::Skipped,
                    QStringLiteral("root Application %1 is up to date").arg(nameOf(root)));
            runStep(BootstrapStepId::WatchApplications);
            return;
        }
        if (m_options.dryRun && !m_namespaceExists) {
            setStep(BootstrapStepId::ApplyRoot, StepState::Done,
                    QStringLiteral("root Application %1 would be applied (dry run; namespace "
                                   "argocd does not exist yet, so not validated)")
                        .arg(nameOf(root)));
            runStep(BootstrapStepId::WatchApplications);
            return;
        }
        ApplyOptions options;
        options.dryRun = m_options.dryRun;
        request(m_client->apply(root, options), [this, root](const KubeReply &applied) {
            if (!applied.ok()) {
                failStep(BootstrapStepId::ApplyRoot,
                         QStringLiteral("server-side apply of %1: %2")
                             .arg(m_design.root.location.file, applied.errorString()));
                return;
            }
            setStep(BootstrapStepId::ApplyRoot, StepState::Done,
                    m_options.dryRun
                        ? QStringLiteral("root Application %1 would be applied (dry run)")
                              .arg(nameOf(root))
                        : QStringLiteral("root Application %1 applied").arg(nameOf(root)));
            runStep(BootstrapStepId::WatchApplications);
        });
    });
}

// ---- 7. Applications, wave by wave ----

void BootstrapRunner::watchApplications() {
    if (m_options.dryRun) {
        setStep(BootstrapStepId::WatchApplications, StepState::Skipped,
                QStringLiteral("dry run: nothing was applied, so nothing will turn healthy"));
        finish(BootstrapOutcome::Succeeded,
               QStringLiteral("dry run finished; the cluster was not changed"));
        return;
    }
    WatchOptions options;
    options.namespaceName = kArgocd;
    m_watch = m_client->watch(kApplicationApiVersion, QStringLiteral("Application"), options);
    connect(m_watch, &KubeWatch::listed, this, [this](const QList<QJsonObject> &items) {
        m_tracker.reset(items);
        evaluateApplications();
    });
    const auto changed = [this](const QJsonObject &app) {
        m_tracker.update(app);
        evaluateApplications();
    };
    connect(m_watch, &KubeWatch::added, this, changed);
    connect(m_watch, &KubeWatch::modified, this, changed);
    connect(m_watch, &KubeWatch::deleted, this, [this](const QJsonObject &app) {
        m_tracker.remove(app);
        evaluateApplications();
    });
    connect(m_watch, &KubeWatch::reconnecting, this, [this](const QString &why, int delayMs) {
        note(QStringLiteral("the Application watch dropped (%1); resuming in %2 ms from the last "
                            "resourceVersion")
                 .arg(why)
                 .arg(delayMs));
    });
    connect(m_watch, &KubeWatch::failed, this, [this](const QString &message) {
        failStep(BootstrapStepId::WatchApplications,
                 QStringLiteral("watching Applications: %1").arg(message));
    });
    m_watch->start();
    const QList<WaveHealth> waves = m_tracker.waves();
    if (!waves.isEmpty())
        startWaveBudget(waves.first().wave);
}

void BootstrapRunner::evaluateApplications() {
    if (!m_running)
        return;
    for (const ComponentHealth &c : m_tracker.components()) {
        const auto last = m_reported.constFind(c.name);
        if (last != m_reported.constEnd() ? *last == c : !c.present)
            continue;
        m_reported.insert(c.name, c);
        BootstrapEvent e;
        e.type = BootstrapEvent::Type::Component;
        e.ms = elapsed();
        e.component = c;
        e.component.healthMessage = redact(c.healthMessage);
        e.component.problem = redact(c.problem);
        Q_EMIT event(e);
    }

    bool lowerReady = true;
    for (const WaveHealth &w : m_tracker.waves()) {
        const QString state = w.isReady()  ? QStringLiteral("healthy")
                              : lowerReady ? QStringLiteral("progress")
                                           : QStringLiteral("pending");
        if (state == QLatin1String("progress") && m_budgetWave != w.wave)
            startWaveBudget(w.wave);
        const bool changed =
            m_waveStates.value(w.wave) != state || m_waveReady.value(w.wave, -1) != w.ready;
        if (changed && state != QLatin1String("pending")) {
            BootstrapEvent e;
            e.type = BootstrapEvent::Type::Wave;
            e.ms = elapsed();
            e.wave = w;
            e.waveState = state;
            if (state == QLatin1String("healthy") && m_budgetWave == w.wave)
                e.message = QStringLiteral("every component Synced and Healthy after %1 ms")
                                .arg(elapsed() - m_budgetStartedMs);
            Q_EMIT event(e);
        }
        m_waveStates.insert(w.wave, state);
        m_waveReady.insert(w.wave, w.ready);
        lowerReady = lowerReady && w.isReady();
    }

    if (const auto failed = m_tracker.firstFailure()) {
        const QString phase = m_design.phaseName(failed->wave);
        const QString where =
            failed->wave < 0 ? QStringLiteral("the root Application %1").arg(failed->name)
            : phase.isEmpty()
                ? QStringLiteral("component %1 (wave %2)").arg(failed->name).arg(failed->wave)
                : QStringLiteral("component %1 (wave %2, %3)")
                      .arg(failed->name)
                      .arg(failed->wave)
                      .arg(phase);
        failStep(BootstrapStepId::WatchApplications,
                 QStringLiteral("%1 failed: %2").arg(where, failed->problem));
        return;
    }
    if (m_tracker.allReady()) {
        const int count = int(m_tracker.components().size());
        setStep(BootstrapStepId::WatchApplications, StepState::Done,
                QStringLiteral("all %1 components and the root are Synced and Healthy").arg(count));
        finish(BootstrapOutcome::Succeeded,
               QStringLiteral("%1 components in %2 waves are Synced and Healthy")
                   .arg(count)
                   .arg(m_tracker.waves().size()));
    }
}

void BootstrapRunner::startWaveBudget(int wave) {
    m_budgetWave = wave;
    m_budgetStartedMs = elapsed();
    m_waveTimer->start(int(std::min<qint64>(waveBudgetMs(wave), INT_MAX)));
}

QString BootstrapRunner::waitingFor(const WaveHealth &wave) const {
    QStringList waiting;
    for (const QString &name : wave.components) {
        const auto c = m_tracker.component(name);
        if (!c || c->isReady())
            continue;
        QString state =
            c->present
                ? QStringLiteral("%1/%2").arg(c->health.isEmpty() ? QStringLiteral("?") : c->health,
                                              c->sync.isEmpty() ? QStringLiteral("?") : c->sync)
                : QStringLiteral("no Application yet");
        if (!c->healthMessage.isEmpty())
            state += QStringLiteral(": ") + c->healthMessage;
        waiting.append(QStringLiteral("%1 (%2)").arg(name, state));
    }
    return waiting.join(QStringLiteral(", "));
}

void BootstrapRunner::waveBudgetExpired() {
    if (!m_running || m_current != BootstrapStepId::WatchApplications)
        return;
    for (const WaveHealth &w : m_tracker.waves()) {
        if (w.wave != m_budgetWave || w.isReady())
            continue;
        const QString phase = m_design.phaseName(w.wave);
        const QString message =
            QStringLiteral("wave %1%2 exceeded its %3budget of %4: waiting for %5")
                .arg(w.wave)
                .arg(phase.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(phase))
                .arg(m_design.waveBudgetSeconds(w.wave) > 0 ? QStringLiteral("design ") : QString())
                .arg(seconds(waveBudgetMs(w.wave)), waitingFor(w));
        BootstrapEvent e;
        e.type = BootstrapEvent::Type::Wave;
        e.ms = elapsed();
        e.wave = w;
        e.waveState = QStringLiteral("failed");
        e.message = redact(message);
        Q_EMIT event(e);
        finish(BootstrapOutcome::TimedOut, message);
        return;
    }
}

void BootstrapRunner::deadlineReached() {
    if (!m_running)
        return;
    QString message = QStringLiteral("timed out after %1 during \"%2\"")
                          .arg(seconds(m_options.timeoutMs), m_steps.at(int(m_current)).title);
    if (m_current == BootstrapStepId::WatchApplications) {
        for (const WaveHealth &w : m_tracker.waves()) {
            if (!w.isReady()) {
                message +=
                    QStringLiteral(": wave %1 is waiting for %2").arg(w.wave).arg(waitingFor(w));
                break;
            }
        }
    }
    finish(BootstrapOutcome::TimedOut, message);
}

} // namespace wavesmith
