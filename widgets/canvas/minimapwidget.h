#pragma once

// A small overview of the whole canvas in a corner of the view: the design drawn at a glance and
// the visible part framed. Clicking or dragging in it moves the view there.

#include <QImage>
#include <QWidget>

namespace wavesmith {

class DesignView;

class MinimapWidget : public QWidget {
    Q_OBJECT

public:
    explicit MinimapWidget(DesignView *view);

    // The scene rectangle shown, and the scale from scene to minimap pixels.
    QRectF sceneArea() const;
    // Minimap pixel -> scene point, and back.
    QPointF toScene(const QPointF &local) const;
    QPointF fromScene(const QPointF &scenePos) const;

public Q_SLOTS:
    // The scene changed: the picture is redrawn on the next paint.
    void invalidate();

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    QRectF contentRect() const; // where the scene is drawn inside the widget
    void centerViewAt(const QPointF &local);

    DesignView *m_view;
    QImage m_picture;
    bool m_stale = true;
};

} // namespace wavesmith
