#pragma once

// The canvas view: zoom in fixed steps around the cursor (Ctrl+wheel), fit and 100%, panning
// with the middle button, and a quiet dotted background in the palette's colours.

#include <QGraphicsView>
#include <QList>

namespace wavesmith {

class DesignView : public QGraphicsView {
    Q_OBJECT

public:
    explicit DesignView(QWidget *parent = nullptr);

    qreal zoom() const;
    // The fixed zoom steps, ascending; zoomIn()/zoomOut() move between them.
    static const QList<qreal> &zoomSteps();
    static qreal minimumZoom() { return zoomSteps().first(); }
    static qreal maximumZoom() { return zoomSteps().last(); }
    // Whether the view refits itself when resized or when the scene's content changes; true until
    // the user picks a zoom of their own.
    bool isFitting() const { return m_fitting; }

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    void resetZoom();     // 100 %
    void fitToContents(); // the whole scene, never beyond 100 %
    // Clamped to the steps' range; `anchor` in viewport coordinates stays put.
    void setZoom(qreal zoom, const QPoint &anchor = QPoint(-1, -1));

Q_SIGNALS:
    void zoomChanged(qreal zoom);

protected:
    void drawBackground(QPainter *painter, const QRectF &rect) override;
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void applyFit();

    bool m_fitting = true;
    bool m_panning = false;
    QPoint m_panLast;
    qreal m_wheelRemainder = 0;
};

} // namespace wavesmith
