#include "rehearsal.h"

#include <QTimer>

#include <algorithm>

namespace wavesmith {

namespace {

QString clockText(qint64 ms) {
    const qint64 seconds = ms / 1000;
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

QMap<QString, ComponentHealth> rehearsalHealthAt(const BootstrapSimulation &simulation,
                                                 qint64 atMs) {
    QMap<QString, ComponentHealth> health;
    for (const SimulatedComponent &c : simulation.components) {
        ComponentHealth h;
        h.name = c.name;
        h.wave = c.wave;
        h.present = c.startMs >= 0 && atMs >= c.startMs;
        if (h.present) {
            const bool healthy = c.healthyMs >= 0 && atMs >= c.healthyMs;
            h.health = healthy ? QStringLiteral("Healthy") : QStringLiteral("Progressing");
            h.sync = QStringLiteral("Synced");
            h.operationPhase = healthy ? QStringLiteral("Succeeded") : QStringLiteral("Running");
            if (!c.startedBeforeDependencies.isEmpty())
                h.healthMessage = QStringLiteral("started before %1 was healthy")
                                      .arg(c.startedBeforeDependencies.join(QStringLiteral(", ")));
            else if (!c.note.isEmpty())
                h.healthMessage = c.note;
        }
        health.insert(c.name, h);
    }
    return health;
}

std::optional<int> rehearsalWaveAt(const BootstrapSimulation &simulation, qint64 atMs) {
    for (const SimulatedWave &w : simulation.waves) { // wave order
        if (w.startMs < 0 || w.startMs > atMs)
            continue;
        if (w.healthyMs < 0 || w.healthyMs > atMs)
            return w.wave;
    }
    return std::nullopt;
}

qint64 rehearsalEndMs(const BootstrapSimulation &simulation) {
    if (simulation.totalMs >= 0)
        return simulation.totalMs;
    qint64 last = 0;
    for (const SimulatedComponent &c : simulation.components)
        last = std::max({last, c.startMs, c.healthyMs});
    return last;
}

QString rehearsalSummary(const BootstrapSimulation &simulation) {
    const int violations = simulation.violationCount();
    const QString finish = simulation.totalMs >= 0
                               ? QObject::tr("all healthy at %1").arg(clockText(simulation.totalMs))
                               : QObject::tr("never all healthy");
    const QString order = simulation.healthCheck
                              ? QObject::tr("With the health check: the root waits for each wave")
                              : QObject::tr("Without the health check: every wave starts at once");
    const QString early =
        violations == 0 ? QObject::tr("nothing starts before what it needs")
        : violations == 1
            ? QObject::tr("1 component starts before what it needs is healthy")
            : QObject::tr("%1 components start before what they need is healthy").arg(violations);
    return QStringLiteral("%1, %2; %3.").arg(order, finish, early);
}

RehearsalPlayer::RehearsalPlayer(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this)) {
    m_timer->setInterval(40); // 25 frames a second is smooth enough for colours changing
    connect(m_timer, &QTimer::timeout, this, &RehearsalPlayer::tick);
}

void RehearsalPlayer::play(const BootstrapSimulation &simulation, qreal msPerSimulatedSecond) {
    m_simulation = simulation;
    m_msPerSecond = std::max<qreal>(msPerSimulatedSecond, 0.001);
    m_endMs = rehearsalEndMs(simulation);
    m_clock.start();
    m_timer->start();
    tick();
}

void RehearsalPlayer::stop() {
    m_timer->stop();
}

bool RehearsalPlayer::isPlaying() const {
    return m_timer->isActive();
}

void RehearsalPlayer::tick() {
    const qint64 simulated =
        std::min<qint64>(qint64(m_clock.elapsed() * 1000.0 / m_msPerSecond), m_endMs);
    Q_EMIT frame(simulated, rehearsalHealthAt(m_simulation, simulated),
                 rehearsalWaveAt(m_simulation, simulated));
    if (simulated >= m_endMs) {
        m_timer->stop();
        Q_EMIT finished();
    }
}

} // namespace wavesmith
