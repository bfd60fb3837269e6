#include <wavesmith/sim.h>

#include <QSet>

#include <algorithm>

namespace wavesmith {

namespace {

const QString kApplication = QStringLiteral("Application");
const QString kProjects = QStringLiteral("AppProjects");
const QString kAppSet = QStringLiteral("ApplicationSet");
const QString kMember = QStringLiteral("ApplicationSet member");

qint64 durationOf(const Component &c, const SimulationOptions &options) {
    if (options.componentMs.contains(c.name))
        return options.componentMs.value(c.name);
    const bool helm = !c.chart.isEmpty() || (c.primarySource() && c.primarySource()->isHelm());
    return helm ? options.helmComponentMs : options.plainComponentMs;
}

// Starts one component at `start`; it turns healthy after its nominal duration, unless Argo CD
// would never sync it.
SimulatedComponent started(const Component &c, const QString &kind, qint64 start,
                           const SimulationOptions &options) {
    SimulatedComponent s;
    s.name = c.name;
    s.kind = kind;
    s.wave = c.wave;
    s.appSet = c.appSet;
    s.startMs = start;
    if (kind == kProjects) {
        s.healthyMs = start; // AppProjects have no health assessment
    } else if (!c.automated) {
        s.note = QStringLiteral("automated sync is off: it stays OutOfSync until synced by hand");
    } else {
        s.healthyMs = start + durationOf(c, options);
    }
    return s;
}

// Everything a component waits for: its explicit dependencies, then every component of a
// strictly lower wave (what the sync waves are meant to guarantee).
QStringList unmetDependencies(const SimulatedComponent &c, const Component *model,
                              const QList<SimulatedComponent> &all) {
    QStringList unmet;
    auto check = [&](const SimulatedComponent &d) {
        if (d.name == c.name || d.kind == kAppSet || unmet.contains(d.name))
            return;
        if (d.healthyMs < 0 || d.healthyMs > c.startMs)
            unmet.append(d.name);
    };
    if (model) {
        for (const QString &name : model->dependsOn) {
            for (const SimulatedComponent &d : all) {
                if (d.name == name)
                    check(d);
            }
        }
    }
    for (const SimulatedComponent &d : all) {
        if (d.wave < c.wave)
            check(d);
    }
    return unmet;
}

} // namespace

int BootstrapSimulation::violationCount() const {
    int count = 0;
    for (const SimulatedComponent &c : components)
        count += c.startedBeforeDependencies.isEmpty() ? 0 : 1;
    return count;
}

BootstrapSimulation simulateBootstrap(const Design &design, const SimulationOptions &options) {
    BootstrapSimulation sim;
    sim.healthCheck = options.healthCheck;
    sim.options = options;

    QList<int> waves;
    for (const Component &c : design.components) {
        if (c.kind != ComponentKind::AppSetMember && !waves.contains(c.wave))
            waves.append(c.wave);
    }
    for (const ApplicationSet &set : design.applicationSets) {
        if (!waves.contains(set.wave))
            waves.append(set.wave);
    }
    std::sort(waves.begin(), waves.end());

    qint64 clock = 0;
    bool blocked = false;
    QString blocker;
    for (int wave : waves) {
        SimulatedWave w;
        w.wave = wave;
        w.phase = design.phaseName(wave);
        const qint64 start = blocked ? -1 : clock;
        w.startMs = start;
        QList<SimulatedComponent> rootChildren; // what the root itself waits for
        QList<SimulatedComponent> inWave;
        for (const Component &c : design.components) {
            if (c.wave != wave || c.kind == ComponentKind::AppSetMember)
                continue;
            const QString kind = c.kind == ComponentKind::Projects ? kProjects : kApplication;
            SimulatedComponent s = started(c, kind, start, options);
            w.components.append(c.name);
            rootChildren.append(s);
            inWave.append(s);
        }
        for (const ApplicationSet &set : design.applicationSets) {
            if (set.wave != wave)
                continue;
            SimulatedComponent s;
            s.name = set.name;
            s.kind = kAppSet;
            s.wave = wave;
            s.startMs = start;
            s.healthyMs = start; // Healthy once ResourcesUpToDate: its Applications exist
            rootChildren.append(s);
            inWave.append(s);
            QStringList members;
            for (const QString &name : set.members) {
                const Component *c = design.component(name);
                if (!c)
                    continue;
                SimulatedComponent m = started(*c, kMember, start, options);
                m.wave = wave;
                m.appSet = set.name;
                inWave.append(m);
                members.append(name);
            }
            w.components.append(QStringLiteral("%1 (ApplicationSet: %2)")
                                    .arg(set.name, members.join(QStringLiteral(", "))));
        }
        if (blocked) {
            for (SimulatedComponent &s : inWave) {
                s.startMs = -1;
                s.healthyMs = -1;
                s.note = QStringLiteral("never starts: %1 never turns healthy").arg(blocker);
            }
        }

        // When the root moves on: with the health check, once every resource it applied in this
        // wave is healthy; without it Applications count as healthy the moment they exist.
        qint64 release = start;
        if (!blocked && options.healthCheck) {
            for (const SimulatedComponent &s : rootChildren) {
                if (s.healthyMs < 0) {
                    blocked = true;
                    blocker = s.name;
                    release = -1;
                    break;
                }
                release = std::max(release, s.healthyMs);
            }
        }
        w.releaseMs = release;
        qint64 healthy = start;
        for (const SimulatedComponent &s : inWave) {
            if (s.healthyMs < 0) {
                healthy = -1;
                break;
            }
            healthy = std::max(healthy, s.healthyMs);
        }
        w.healthyMs = healthy;
        if (!blocked)
            clock = release;
        sim.waves.append(w);
        sim.components += inWave;
    }

    sim.totalMs = 0;
    for (const SimulatedComponent &s : sim.components) {
        if (s.healthyMs < 0) {
            sim.totalMs = -1;
            break;
        }
        sim.totalMs = std::max(sim.totalMs, s.healthyMs);
    }
    for (SimulatedComponent &s : sim.components) {
        if (s.startMs >= 0 && s.kind != kAppSet)
            s.startedBeforeDependencies =
                unmetDependencies(s, design.component(s.name), sim.components);
    }

    if (!options.healthCheck) {
        sim.notes.append(QStringLiteral(
            "Without the argoproj.io/Application health customization in argocd-cm, Argo CD "
            "counts a child Application as healthy the moment it exists: the root does not wait "
            "and every wave starts at once."));
    }
    if (design.applicationSets.size() > 1 ||
        (!design.applicationSets.isEmpty() && options.healthCheck)) {
        sim.notes.append(
            QStringLiteral("An ApplicationSet is healthy once its Applications exist "
                           "(ResourcesUpToDate), not once "
                           "they are healthy: the root does not wait for ApplicationSet members."));
    }
    return sim;
}

} // namespace wavesmith
