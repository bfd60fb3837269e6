#pragma once

// The in-place editor of a lane's phase name: a one-line text field drawn over the lane header.
// Enter commits, Escape cancels, clicking elsewhere commits; the scene turns the result into a
// DesignDocument edit.

#include <QGraphicsTextItem>
#include <QString>

namespace wavesmith {

class PhaseEditorItem : public QGraphicsTextItem {
    Q_OBJECT

public:
    PhaseEditorItem(int wave, const QString &phase, const QRectF &sceneRect, const QFont &font,
                    const QColor &text, const QColor &fill, const QColor &border);

    int wave() const { return m_wave; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

Q_SIGNALS:
    void committed(int wave, const QString &phase);
    void cancelled();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;

private:
    void finish(bool commit);

    int m_wave;
    QSizeF m_size;
    QColor m_fill;
    QColor m_border;
    bool m_finished = false;
};

} // namespace wavesmith
