#pragma once

// An edge between two canvas items: the root managing a lane, or "B needs A". The scene routes
// it after each layout; the edge only draws the route and its arrowhead.

#include "canvasitem.h"

#include <wavesmith/model.h>

#include <QColor>
#include <QList>
#include <QPainterPath>
#include <QPolygonF>
#include <QString>

#include <optional>

namespace wavesmith {

struct LintFinding;

class EdgeItem : public CanvasItem {
public:
    // Below this level of detail an edge is a hairline without arrowhead, and the edges of
    // EdgeOverviewItem's group are drawn by that layer in batches.
    static constexpr qreal overviewLod = 0.35;

    enum Kind {
        Manages,   // root Application -> wave lane ("wave:N")
        DependsOn, // needed component -> component that needs it
    };

    EdgeItem(Kind kind, const QString &from, const QString &to, QGraphicsItem *parent = nullptr);

    Kind kind() const { return m_kind; }
    QString from() const { return m_from; }
    QString to() const { return m_to; }
    // A dependency that sync waves will not order (same or later wave).
    bool isInvalid() const { return m_invalid; }
    // Why an invalid dependency is not ordered and how to fix it (the tooltip); empty if valid.
    static QString invalidReason(const QString &dependent, int dependentWave, const QString &needed,
                                 int neededWave);

    // Edges are picked by a click and deleted with Delete; rubber bands select only nodes, so
    // this is the scene's state rather than QGraphicsItem's selection.
    bool isPicked() const { return m_picked; }
    void setPicked(bool picked);
    // Drawn stronger while either end is hovered or selected.
    void setEmphasized(bool emphasized);

    // Lint findings about this dependency (WS001, WS002, WS010): the edge takes the worst
    // one's colour, a severity dot at its middle, and the findings in its tooltip.
    void setLintFindings(const QList<LintFinding> &findings);
    std::optional<Diagnostic::Severity> lintBadge() const { return m_lintSeverity; }
    // Where the lint mark sits: the middle of the route.
    QPointF lintMarkCenter() const { return m_middle; }
    // The line's colour and style (an invalid dependency is red and dashed, a finding colours
    // it), shared with EdgeOverviewItem.
    QColor lineColor() const;
    Qt::PenStyle lineStyle() const;

    void setRoute(const QPainterPath &route);
    QPainterPath route() const { return m_route; }
    // The route's bounds with the pick halo (scene coordinates), whether or not the item
    // reports them: inside EdgeOverviewItem's group its bounding rect is empty.
    QRectF lineBounds() const { return m_live ? m_liveBounds : m_bounds; }
    // Mid-drag, as the carried node moves: the item keeps `bounds` (the scene) as its bounding
    // rect, so a step repaints only the strips the line leaves and enters. A moved long edge
    // would otherwise repaint its old and new bounding rects, most of the screen, on every
    // mouse move. setRoute() ends it.
    void setLiveRoute(const QPainterPath &route, const QRectF &bounds);
    bool isLive() const { return m_live; }

    // A box over part of the line, and which of its flattened points it covers.
    struct CoveragePiece {
        QRectF box;  // item coordinates, widened by the pick halo
        int subpath; // index into the flattened line
        int first;   // points first..last of that subpath
        int last;
    };

    void refresh() override;
    int type() const override { return EdgeType; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    // Derives the line, arrowhead and lint dot from `route`; the coverage follows when needed.
    void applyRoute(const QPainterPath &route);
    // Tells the overview layer, when this edge is one it draws, that `area` needs drawing again.
    void overviewChanged(const QRectF &area) const;
    // Repaints the route's coverage boxes only (see setLiveRoute()).
    void updateCoverage();
    // What of the line a paint event redraws: all of it, or some of m_coverage.
    struct Exposure {
        bool all = false;  // no view region known (render() to an image): the whole line
        QList<int> pieces; // else these indices into m_coverage, in route order
    };
    Exposure exposure(const QPainter *painter, const QWidget *widget) const;
    void paintRoute(QPainter *painter, const Exposure &exposed) const;
    void paintLine(QPainter *painter, const Exposure &exposed) const;

    Kind m_kind;
    QString m_from;
    QString m_to;
    QPainterPath m_route; // scene coordinates (the item stays at the origin)
    QRectF m_bounds;      // m_route's bounds and the pick halo: Qt asks for them per repaint
    // Derived from the route once, not on every paint: the line stops where the arrowhead
    // starts so its tip stays sharp.
    QPainterPath m_line;
    QPolygonF m_arrow;
    mutable std::optional<QPainterPath> m_shape; // what a click hits: the line widened
    // Thin boxes that together cover the route. A long edge's bounding rect spans half the
    // canvas, so nearly every repaint would draw it; these let paint() skip it when the exposed
    // area misses the line itself, and a live route repaint only where it was and is.
    const QList<CoveragePiece> &coverage() const;
    mutable QList<CoveragePiece> m_coverage;
    mutable QList<QPolygonF> m_flat; // m_line flattened, what m_coverage points into
    mutable bool m_coverageBuilt = false;
    bool m_live = false;
    QRectF m_liveBounds;
    bool m_inOverview = false; // in EdgeOverviewItem's (hidden) group
    QPointF m_middle;          // where the lint dot sits, on the route
    std::optional<Diagnostic::Severity> m_lintSeverity;
    QString m_lintToolTip;
    bool m_invalid = false;
    bool m_picked = false;
    bool m_emphasized = false;
};

} // namespace wavesmith
