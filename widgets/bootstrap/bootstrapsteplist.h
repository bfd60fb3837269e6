#pragma once

// The seven steps of the bootstrap plan as a list: a state icon in the state's colour, the
// step's title, its state and its time, and the step's last message as tooltip.

#include <wavesmith/bootstrap.h>

#include <QTreeWidget>

namespace wavesmith {

class BootstrapStepList : public QTreeWidget {
    Q_OBJECT

public:
    explicit BootstrapStepList(QWidget *parent = nullptr);

    // Every step at once (a new run: all pending).
    void setSteps(const QList<BootstrapStep> &steps);
    // One step changed (a Step event).
    void updateStep(const BootstrapStep &step);
    StepState stepState(BootstrapStepId id) const;
    // "12 ms", "1.4 s", or "" while it has not finished.
    QString timeText(BootstrapStepId id) const;

    // The colour a state is drawn in (also used for the log's markers).
    static QColor stateColor(StepState state);

private:
    QList<BootstrapStep> m_steps;
};

} // namespace wavesmith
