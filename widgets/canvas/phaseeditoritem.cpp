#include "phaseeditoritem.h"

#include <QKeyEvent>
#include <QPainter>
#include <QTextCursor>
#include <QTextDocument>

namespace wavesmith {

PhaseEditorItem::PhaseEditorItem(int wave, const QString &phase, const QRectF &sceneRect,
                                 const QFont &font, const QColor &text, const QColor &fill,
                                 const QColor &border)
    : m_wave(wave)
    , m_size(sceneRect.size())
    , m_fill(fill)
    , m_border(border) {
    setFont(font);
    setDefaultTextColor(text);
    setPlainText(phase);
    setTextInteractionFlags(Qt::TextEditorInteraction);
    document()->setDocumentMargin(2);
    setPos(sceneRect.topLeft());
    QTextCursor all(document());
    all.select(QTextCursor::Document);
    setTextCursor(all); // typing replaces the old name, as in a file manager's rename
}

QRectF PhaseEditorItem::boundingRect() const {
    return QRectF(QPointF(-3, -1), m_size + QSizeF(6, 2)) | QGraphicsTextItem::boundingRect();
}

void PhaseEditorItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option,
                            QWidget *widget) {
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(m_border, 1.5));
    painter->setBrush(m_fill);
    painter->drawRoundedRect(QRectF(QPointF(-3, -1), m_size + QSizeF(6, 2)), 4, 4);
    QGraphicsTextItem::paint(painter, option, widget);
}

void PhaseEditorItem::keyPressEvent(QKeyEvent *event) {
    switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        finish(true);
        return;
    case Qt::Key_Escape:
        finish(false);
        return;
    default:
        QGraphicsTextItem::keyPressEvent(event);
    }
}

void PhaseEditorItem::focusOutEvent(QFocusEvent *event) {
    QGraphicsTextItem::focusOutEvent(event);
    finish(true);
}

void PhaseEditorItem::finish(bool commit) {
    // Enter and the focus loss that follows must not commit twice.
    if (m_finished)
        return;
    m_finished = true;
    if (commit)
        Q_EMIT committed(m_wave, toPlainText().simplified());
    else
        Q_EMIT cancelled();
}

} // namespace wavesmith
