#pragma once

// The canvas view: zoom in fixed steps around the cursor (Ctrl+wheel), fit and 100%, panning
// with the middle button or space+drag, rubber-band selection, a minimap in the bottom-right
// corner, Ctrl+F to find a component, and a quiet dotted background in the palette's colours.

#include <QGraphicsView>
#include <QList>
#include <QPixmap>
#include <QPointer>
#include <QRegion>
#include <QTransform>

namespace wavesmith {

class DesignScene;
class FindBar;
class MinimapWidget;

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

    // Shows `scene` and follows its signals (refusals as tooltips, keyboard reveal, minimap).
    void setDesignScene(DesignScene *scene);
    MinimapWidget *minimap() const { return m_minimap; }
    // Null until showFindBar() first builds it: the window starts without it.
    FindBar *findBar() const { return m_findBar; }
    // The last refusal shown to the user (for the status bar and tests).
    QString lastMessage() const { return m_lastMessage; }
    // The viewport area the paint event under way redraws; empty outside one (render() to an
    // image). Qt hands items only the bounding rect of it, which for a few thin strips along a
    // moved edge is most of the screen; items test what they draw against this instead.
    const QRegion &paintingRegion() const { return m_paintingRegion; }
    // paintingRegion() of the view `viewport` (an item's paint() widget) belongs to, or null.
    static const QRegion *paintingRegionOf(const QWidget *viewport);
    // Whether a node drag is being drawn over a backdrop (see m_backdrop).
    bool hasDragBackdrop() const { return !m_backdrop.isNull(); }

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    void resetZoom();     // 100 %
    void fitToContents(); // the whole scene, never beyond 100 %
    // Clamped to the steps' range; `anchor` in viewport coordinates stays put.
    void setZoom(qreal zoom, const QPoint &anchor = QPoint(-1, -1));
    void showFindBar();

Q_SIGNALS:
    void zoomChanged(qreal zoom);
    // Something the user should read in the status bar (a refused edit).
    void statusMessage(const QString &message);

protected:
    void paintEvent(QPaintEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void keyReleaseEvent(QKeyEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    // The drag backdrop: everything a node drag leaves in place, drawn once per pixel during
    // the drag. A drag step's line sweeps across hundreds of other edges, and redrawing them
    // where it passed cost far more than the step itself; with the backdrop a step blits those
    // pixels and draws only what the drag carries (so mid-drag the carried edges lie over the
    // other cards). It is drawn lazily, only where a paint first needs it: drawing the whole
    // viewport when the drag started made grabbing a node on a large design stall. It is
    // dropped when the view scrolls or zooms, and drawn again where the scene says something
    // else changed (the lit drop lane).
    void beginDragBackdrop();
    void endDragBackdrop();
    void renderBackdrop(const QRegion &area); // viewport coordinates
    void refreshBackdrop(const QRectF &sceneRect);
    void paintItem(QPainter *painter, QGraphicsItem *item);
    bool paintOverBackdrop(QPaintEvent *event);

    void applyFit();
    // Far out, the scene draws in overview (see DesignScene::setOverview()).
    void updateOverview();
    void placeOverlays();
    void updateMinimapVisibility();
    void showRefusal(const QString &message, const QPointF &scenePos);

    bool m_fitting = true;
    bool m_panning = false;
    bool m_spaceHeld = false; // space+drag pans, like in drawing tools
    QPoint m_panLast;
    QPointer<DesignScene> m_designScene;
    MinimapWidget *m_minimap = nullptr;
    FindBar *m_findBar = nullptr;
    QString m_lastMessage;
    qreal m_wheelRemainder = 0;
    QRegion m_paintingRegion;
    QPixmap m_backdrop;
    QRegion m_backdropDrawn;        // the part of m_backdrop drawn so far (viewport coordinates)
    QTransform m_backdropTransform; // the viewport transform the backdrop was drawn with
};

} // namespace wavesmith
