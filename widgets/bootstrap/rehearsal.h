#pragma once

// The Rehearse button's playback: the predicted timeline of core/sim (simulateBootstrap) shown
// on the canvas the way a live bootstrap is, so the user sees before touching a cluster what the
// seed's Application health check changes. The state at a moment is a pure function of the
// simulation; the player only moves a clock through it.

#include <wavesmith/bootstrap.h>
#include <wavesmith/sim.h>

#include <QElapsedTimer>
#include <QMap>
#include <QObject>
#include <QString>

#include <optional>

class QTimer;

namespace wavesmith {

// What Argo CD would report for each component `atMs` into the simulated bootstrap: Missing
// before its Application exists, Progressing (Synced) while it syncs, Healthy once healthy.
// A component that starts before what it needs is healthy says so in its health message.
QMap<QString, ComponentHealth> rehearsalHealthAt(const BootstrapSimulation &simulation,
                                                 qint64 atMs);
// The wave the root is working on at `atMs`: the lowest started wave not yet healthy.
std::optional<int> rehearsalWaveAt(const BootstrapSimulation &simulation, qint64 atMs);
// When everything that ever turns healthy has (the simulation's total, or its last event when
// the bootstrap never finishes).
qint64 rehearsalEndMs(const BootstrapSimulation &simulation);
// One line for the dock: "With the health check: waves one after another, all healthy at 3:20;
// 5 components start before what they need is healthy."
QString rehearsalSummary(const BootstrapSimulation &simulation);

class RehearsalPlayer : public QObject {
    Q_OBJECT

public:
    explicit RehearsalPlayer(QObject *parent = nullptr);

    // Plays `simulation` with `msPerSimulatedSecond` of wall time per simulated second, so two
    // rehearsals at the same speed can be compared side by side.
    void play(const BootstrapSimulation &simulation, qreal msPerSimulatedSecond);
    void stop();
    bool isPlaying() const;
    const BootstrapSimulation &simulation() const { return m_simulation; }

Q_SIGNALS:
    // One frame: the simulated time and what the canvas should show.
    void frame(qint64 simulatedMs, const QMap<QString, wavesmith::ComponentHealth> &health,
               std::optional<int> currentWave);
    void finished();

private:
    void tick();

    BootstrapSimulation m_simulation;
    qreal m_msPerSecond = 40;
    qint64 m_endMs = 0;
    QElapsedTimer m_clock;
    QTimer *m_timer = nullptr;
};

} // namespace wavesmith
