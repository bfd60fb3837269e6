#include "bootstrapsteplist.h"

#include <QHeaderView>
#include <QPainter>
#include <QPixmap>

namespace wavesmith {

namespace {

enum Column { TitleColumn, StateColumn, TimeColumn };

QString durationText(qint64 ms) {
    if (ms < 0)
        return QString();
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    if (ms < 60000)
        return QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', 1);
    return QStringLiteral("%1:%2 min")
        .arg(ms / 60000)
        .arg((ms / 1000) % 60, 2, 10, QLatin1Char('0'));
}

// A small disc in the state's colour; a ring while pending, so "not yet" reads as empty.
QIcon stateIcon(StepState state) {
    QPixmap pixmap(28, 28);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor color = BootstrapStepList::stateColor(state);
    const QRectF disc(5, 5, 18, 18);
    if (state == StepState::Pending) {
        painter.setPen(QPen(color, 2.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(disc.adjusted(1, 1, -1, -1));
        return QIcon(pixmap);
    }
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(disc);
    painter.setPen(QPen(Qt::white, 2.6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    switch (state) {
    case StepState::Done: // a check mark
        painter.drawPolyline(
            QPolygonF({QPointF(9.5, 14.5), QPointF(12.5, 17.5), QPointF(18.5, 10.5)}));
        break;
    case StepState::Failed: // a cross
        painter.drawLine(QPointF(10, 10), QPointF(18, 18));
        painter.drawLine(QPointF(18, 10), QPointF(10, 18));
        break;
    case StepState::Skipped: // a dash: already there
        painter.drawLine(QPointF(9.5, 14), QPointF(18.5, 14));
        break;
    case StepState::Running: // a dot in the middle
        painter.setPen(Qt::NoPen);
        painter.setBrush(Qt::white);
        painter.drawEllipse(QRectF(11, 11, 6, 6));
        break;
    case StepState::Pending:
        break;
    }
    return QIcon(pixmap);
}

} // namespace

QColor BootstrapStepList::stateColor(StepState state) {
    switch (state) {
    case StepState::Running:
        return QColor(0x2f, 0x7f, 0xe0);
    case StepState::Done:
        return QColor(0x1f, 0x9d, 0x55);
    case StepState::Failed:
        return QColor(0xd9, 0x30, 0x25);
    case StepState::Skipped:
        return QColor(0x5f, 0x8f, 0x75);
    case StepState::Pending:
        break;
    }
    return QColor(0x9a, 0xa0, 0xa6);
}

BootstrapStepList::BootstrapStepList(QWidget *parent)
    : QTreeWidget(parent) {
    setObjectName(QStringLiteral("bootstrapSteps"));
    setColumnCount(3);
    setHeaderLabels({tr("Step"), tr("State"), tr("Time")});
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::NoSelection);
    setFocusPolicy(Qt::NoFocus);
    setIconSize(QSize(14, 14));
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(TitleColumn, QHeaderView::Stretch);
    header()->setSectionResizeMode(StateColumn, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(TimeColumn, QHeaderView::ResizeToContents);
    setSteps(bootstrapSteps());
    // Seven rows and the header, no scrolling.
    setMinimumHeight(sizeHintForRow(0) * 7 + header()->sizeHint().height() + 2 * frameWidth() + 2);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setMaximumHeight(minimumHeight()); // the rows never change: extra room goes to the log
}

void BootstrapStepList::setSteps(const QList<BootstrapStep> &steps) {
    clear();
    m_steps.clear();
    for (const BootstrapStep &step : steps) {
        auto *item = new QTreeWidgetItem(this);
        item->setText(TitleColumn, QStringLiteral("%1. %2").arg(int(step.id) + 1).arg(step.title));
        item->setTextAlignment(TimeColumn, Qt::AlignRight | Qt::AlignVCenter);
        m_steps.append(step);
        updateStep(step);
    }
}

void BootstrapStepList::updateStep(const BootstrapStep &step) {
    const int row = int(step.id);
    if (row < 0 || row >= m_steps.size())
        return;
    m_steps[row] = step;
    QTreeWidgetItem *item = topLevelItem(row);
    item->setIcon(TitleColumn, stateIcon(step.state));
    item->setText(StateColumn, stepStateName(step.state));
    item->setForeground(StateColumn, stateColor(step.state));
    item->setText(TimeColumn, step.state == StepState::Running ? QStringLiteral("…")
                                                               : durationText(step.durationMs()));
    // The dock passes the message through the runner's redact() before it gets here.
    const QString tip =
        step.message.isEmpty() ? step.title : step.title + QStringLiteral(": ") + step.message;
    for (int column = 0; column < columnCount(); ++column)
        item->setToolTip(column, tip);
}

StepState BootstrapStepList::stepState(BootstrapStepId id) const {
    const int row = int(id);
    return row >= 0 && row < m_steps.size() ? m_steps.at(row).state : StepState::Pending;
}

QString BootstrapStepList::timeText(BootstrapStepId id) const {
    const QTreeWidgetItem *item = topLevelItem(int(id));
    return item ? item->text(TimeColumn) : QString();
}

} // namespace wavesmith
