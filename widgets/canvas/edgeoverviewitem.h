#pragma once

// Zoomed far out, the dependency edges drawn as one layer: a few batched line calls (one per
// colour and line style) instead of thousands of edge items painting one by one. In overview
// the edge items are moved into edgeGroup(), a hidden child of this layer, so a repaint skips
// them in one step instead of visiting, transforming and painting each. Closer in they are
// top-level items again (the scene's index then finds the few a repaint touches; children
// would all be visited through their parent) and each draws itself (arrowhead, antialiasing,
// pick halo) while this layer draws nothing.

#include <QColor>
#include <QGraphicsItem>
#include <QList>
#include <QLineF>
#include <QPointF>
#include <QRect>
#include <QRectF>
#include <QTransform>

namespace wavesmith {

class EdgeItem;

class EdgeOverviewItem : public QGraphicsItem {
public:
    EdgeOverviewItem();
    ~EdgeOverviewItem() override;

    // The hidden parent of the edges this layer draws. An edge outside it draws itself at any
    // zoom: every edge closer in, and a dragged node's edges (which move on every mouse move).
    QGraphicsItem *edgeGroup() const { return m_group; }
    bool contains(const EdgeItem *edge) const;

    // On: `edges` move into the group and are drawn here; off: they go back to the top level.
    // The scene turns it on below EdgeItem::overviewLod (the view says when). The painting
    // follows each painter's level of detail, so a render at another scale (the minimap, an
    // export) still draws every edge once.
    void setOverview(bool overview, const QList<EdgeItem *> &edges);
    bool isOverview() const { return m_overview; }
    // Puts a dependency edge where the mode wants it: in the group or at the top level.
    void place(EdgeItem *edge);

    // An edge of the group changed its route or look; `area` (scene coordinates) covers where it
    // was and where it is.
    void edgeChanged(const QRectF &area);
    // Many edges changed (a relayout, a collapsed group hiding some); the bounds are refitted.
    void edgesChanged();

    // The topmost edge of the group whose line runs under `scenePos`, visible or not: hidden
    // edges are still picked and still show their tooltips.
    EdgeItem *edgeAt(const QPointF &scenePos) const;

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    // Lines of one colour and pen style.
    struct Batch {
        QColor color;
        Qt::PenStyle style = Qt::SolidLine;
        QList<QLineF> lines;
    };
    struct Mark {
        QPointF center;
        QColor color;
    };
    // A solid batch for one view transform: its horizontal and vertical pieces merged into
    // pixel runs (edges share the gaps between lanes and overlap there many times over), the
    // rest left as lines.
    struct Runs {
        QColor color;
        QList<QRect> rects; // device pixels
        QList<QLineF> rest; // scene coordinates
    };
    void rebuild() const;
    void buildRuns(const QTransform &toDevice) const;
    void paintBatches(QPainter *painter) const;
    void paintEach(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget);

    QGraphicsItem *m_group; // a child of this item
    bool m_overview = false;
    QRectF m_bounds; // the edges' bounds as of the last relayout, grown by changes since
    mutable bool m_stale = true;
    mutable QList<Batch> m_batches;
    mutable QList<QLineF> m_picked; // drawn bolder, over the rest
    mutable QColor m_pickedColor;
    mutable Qt::PenStyle m_pickedStyle = Qt::SolidLine;
    mutable QList<Mark> m_marks; // lint findings: a square at the middle of the edge
    // The runs, for the transform they were built for (the view's, until it zooms or scrolls).
    mutable QList<Runs> m_runs;
    mutable QTransform m_runsTransform;
    mutable bool m_runsStale = true;
};

} // namespace wavesmith
