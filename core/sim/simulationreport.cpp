#include <wavesmith/sim.h>

#include <QJsonArray>

#include <algorithm>
#include <climits>

namespace wavesmith {

namespace {

QString clock(qint64 ms) {
    if (ms < 0)
        return QStringLiteral("never");
    const qint64 seconds = ms / 1000;
    const qint64 fraction = ms % 1000;
    QString text =
        QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    if (fraction)
        text += QStringLiteral(".%1").arg(fraction, 3, 10, QLatin1Char('0'));
    return text;
}

QJsonValue time(qint64 ms) {
    return ms < 0 ? QJsonValue() : QJsonValue(ms);
}

} // namespace

QString formatSimulation(const BootstrapSimulation &sim) {
    QString out;
    out += sim.healthCheck
               ? QStringLiteral("Bootstrap simulation WITH the Application health check: the root "
                                "waits for each wave's Applications to turn healthy.\n")
               : QStringLiteral("Bootstrap simulation WITHOUT the Application health check.\n");
    out += QStringLiteral("Nominal times: %1 s per Helm chart component, %2 s per plain one.\n\n")
               .arg(sim.options.helmComponentMs / 1000.0)
               .arg(sim.options.plainComponentMs / 1000.0);
    out += QStringLiteral("%1 %2 %3 %4 %5 %6\n")
               .arg(QStringLiteral("WAVE"), -5)
               .arg(QStringLiteral("PHASE"), -16)
               .arg(QStringLiteral("START"), -9)
               .arg(QStringLiteral("NEXT"), -9)
               .arg(QStringLiteral("HEALTHY"), -9)
               .arg(QStringLiteral("RUNS IN PARALLEL"));
    for (const SimulatedWave &w : sim.waves) {
        out += QStringLiteral("%1 %2 %3 %4 %5 %6\n")
                   .arg(w.wave, -5)
                   .arg(w.phase.isEmpty() ? QStringLiteral("-") : w.phase, -16)
                   .arg(clock(w.startMs), -9)
                   .arg(clock(w.releaseMs), -9)
                   .arg(clock(w.healthyMs), -9)
                   .arg(w.components.join(QStringLiteral(", ")));
    }

    // The timeline: components grouped by start time; a group runs in parallel.
    QList<SimulatedComponent> ordered = sim.components;
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const SimulatedComponent &a, const SimulatedComponent &b) {
                         const qint64 sa = a.startMs < 0 ? LLONG_MAX : a.startMs;
                         const qint64 sb = b.startMs < 0 ? LLONG_MAX : b.startMs;
                         return sa < sb;
                     });
    out += QStringLiteral("\nTimeline\n");
    qint64 current = -2;
    for (const SimulatedComponent &c : ordered) {
        if (c.kind == QLatin1String("ApplicationSet"))
            continue;
        if (c.startMs != current) {
            current = c.startMs;
            out += c.startMs < 0
                       ? QStringLiteral("  never starts\n")
                       : QStringLiteral("  %1 start (in parallel)\n").arg(clock(c.startMs));
        }
        QString what = c.kind;
        if (!c.appSet.isEmpty())
            what = QStringLiteral("member of %1").arg(c.appSet);
        out += QStringLiteral("    %1 wave %2, %3, healthy at %4%5\n")
                   .arg(c.name, -22)
                   .arg(c.wave)
                   .arg(what)
                   .arg(clock(c.healthyMs))
                   .arg(c.note.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(c.note));
    }

    const int violations = sim.violationCount();
    out += QStringLiteral("\nStarted before what they depend on was healthy: %1\n").arg(violations);
    for (const SimulatedComponent &c : ordered) {
        if (c.startedBeforeDependencies.isEmpty())
            continue;
        out += QStringLiteral("  %1 (wave %2) starts at %3 before: %4\n")
                   .arg(c.name)
                   .arg(c.wave)
                   .arg(clock(c.startMs), c.startedBeforeDependencies.join(QStringLiteral(", ")));
    }
    out += QStringLiteral("\nAll healthy at: %1\n").arg(clock(sim.totalMs));
    for (const QString &note : sim.notes)
        out += QStringLiteral("Note: %1\n").arg(note);
    return out;
}

QJsonObject simulationJson(const BootstrapSimulation &sim) {
    QJsonArray waves;
    for (const SimulatedWave &w : sim.waves) {
        waves.append(
            QJsonObject{{QStringLiteral("wave"), w.wave},
                        {QStringLiteral("phase"), w.phase},
                        {QStringLiteral("startMs"), time(w.startMs)},
                        {QStringLiteral("releaseMs"), time(w.releaseMs)},
                        {QStringLiteral("healthyMs"), time(w.healthyMs)},
                        {QStringLiteral("components"), QJsonArray::fromStringList(w.components)}});
    }
    QJsonArray components;
    for (const SimulatedComponent &c : sim.components) {
        components.append(QJsonObject{
            {QStringLiteral("name"), c.name},
            {QStringLiteral("kind"), c.kind},
            {QStringLiteral("wave"), c.wave},
            {QStringLiteral("appset"), c.appSet.isEmpty() ? QJsonValue() : QJsonValue(c.appSet)},
            {QStringLiteral("startMs"), time(c.startMs)},
            {QStringLiteral("healthyMs"), time(c.healthyMs)},
            {QStringLiteral("startedBefore"),
             QJsonArray::fromStringList(c.startedBeforeDependencies)},
            {QStringLiteral("note"), c.note}});
    }
    return {{QStringLiteral("healthCheck"), sim.healthCheck},
            {QStringLiteral("totalMs"), time(sim.totalMs)},
            {QStringLiteral("waves"), waves},
            {QStringLiteral("components"), components},
            {QStringLiteral("violations"), sim.violationCount()},
            {QStringLiteral("notes"), QJsonArray::fromStringList(sim.notes)}};
}

} // namespace wavesmith
