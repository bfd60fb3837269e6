// DesignScene's live status (designscene.h, "Live status"): kept in its own file so the
// scene's editing code and the bootstrap colouring can change independently.

#include "designscene.h"

#include "componentnodeitem.h"
#include "wavelaneitem.h"

#include <QVariantAnimation>

namespace wavesmith {

namespace {

bool isProgressing(const ComponentHealth &h) {
    return h.present && !h.isFailed() && h.health == QLatin1String("Progressing");
}

} // namespace

void DesignScene::setLiveHealth(const QMap<QString, ComponentHealth> &health,
                                std::optional<int> currentWave) {
    m_liveHealth = health;
    m_liveWave = currentWave;
    m_liveActive = true;
    applyLiveHealth();
}

void DesignScene::clearLiveHealth() {
    m_liveHealth.clear();
    m_liveWave.reset();
    m_liveActive = false;
    applyLiveHealth();
}

bool DesignScene::isLivePulseRunning() const {
    return m_livePulse && m_livePulse->state() == QAbstractAnimation::Running;
}

void DesignScene::applyLiveHealth() {
    QMap<int, LaneProgress> progress;
    bool anyProgressing = false;
    for (auto it = m_components.cbegin(); it != m_components.cend(); ++it) {
        const auto found = m_liveHealth.constFind(it.key());
        if (!m_liveActive || found == m_liveHealth.constEnd()) {
            (*it)->setLiveHealth(std::nullopt);
            continue;
        }
        (*it)->setLiveHealth(*found);
        // Counted in the lane the node sits in (an AppSet member: its set's lane).
        LaneProgress &lane = progress[(*it)->wave()];
        ++lane.total;
        lane.ready += found->isReady() ? 1 : 0;
        lane.failed += found->isFailed() ? 1 : 0;
        anyProgressing = anyProgressing || isProgressing(*found);
    }
    for (WaveLaneItem *lane : std::as_const(m_lanes)) {
        const auto found = progress.constFind(lane->wave());
        lane->setLiveProgress(m_liveActive && found != progress.constEnd()
                                  ? std::optional<LaneProgress>(*found)
                                  : std::nullopt);
        lane->setLiveCurrent(m_liveActive && m_liveWave == lane->wave());
    }

    // One animation for every Progressing node, running only while there is one.
    if (anyProgressing && !isLivePulseRunning()) {
        if (!m_livePulse) {
            m_livePulse = new QVariantAnimation(this);
            m_livePulse->setStartValue(0.0);
            m_livePulse->setEndValue(1.0);
            m_livePulse->setDuration(1400);
            m_livePulse->setLoopCount(-1);
            connect(m_livePulse, &QVariantAnimation::valueChanged, this,
                    [this](const QVariant &value) {
                        m_livePulsePhase = value.toReal();
                        for (ComponentNodeItem *node : std::as_const(m_components)) {
                            if (node->liveHealth() && isProgressing(*node->liveHealth()))
                                node->update();
                        }
                    });
        }
        m_livePulse->start();
    } else if (!anyProgressing && isLivePulseRunning()) {
        m_livePulse->stop();
        m_livePulsePhase = 0;
    }
}

} // namespace wavesmith
