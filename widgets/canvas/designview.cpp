#include "designview.h"

#include "canvasstyle.h"
#include "designscene.h"
#include "edgeitem.h"
#include "findbar.h"
#include "minimapwidget.h"

#include <QGraphicsItem>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QToolTip>
#include <QPainter>
#include <QPixmapCache>
#include <QScrollBar>
#include <QStyleOptionGraphicsItem>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <utility>

namespace wavesmith {

namespace {
constexpr qreal gridSpacing = 24; // scene units between background dots
constexpr qreal fitMargin = 0;    // the scene rect already carries a margin
constexpr int overlayMargin = 12; // minimap and find bar, from the viewport's edges
const QSize minimapSize(200, 130);
} // namespace

DesignView::DesignView(QWidget *parent)
    : QGraphicsView(parent) {
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                   QPainter::SmoothPixmapTransform);
    setFrameShape(QFrame::NoFrame);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    // Dragging on empty canvas draws a rubber band; the scene handles drags that start on items.
    setDragMode(QGraphicsView::RubberBandDrag);
    setRubberBandSelectionMode(Qt::IntersectsItemShape);
    // The background depends on the zoom (grid density), so it cannot be cached as pixels.
    setCacheMode(QGraphicsView::CacheNone);
    setFocusPolicy(Qt::StrongFocus);

    // Node cards are cached as pixmaps (componentnodeitem.cpp); a big design at 100 % needs
    // more than Qt's default 10 MB to keep a screenful of them.
    QPixmapCache::setCacheLimit(std::max(QPixmapCache::cacheLimit(), 64 * 1024));

    m_minimap = new MinimapWidget(this);
    m_minimap->resize(minimapSize);
    m_minimap->hide();
}

void DesignView::setDesignScene(DesignScene *scene) {
    if (m_designScene)
        disconnect(m_designScene, nullptr, this, nullptr);
    endDragBackdrop();
    setScene(scene);
    m_designScene = scene;
    if (!scene)
        return;
    connect(scene, &DesignScene::editRefused, this, &DesignView::showRefusal);
    connect(scene, &DesignScene::revealRequested, this,
            [this](const QRectF &rect) { ensureVisible(rect, 40, 40); });
    connect(scene, &DesignScene::layoutChanged, this, [this] {
        m_minimap->invalidate();
        updateMinimapVisibility();
    });
    connect(scene, &DesignScene::itemDragStarted, this, &DesignView::beginDragBackdrop);
    connect(scene, &DesignScene::itemDragEnded, this, &DesignView::endDragBackdrop);
    connect(scene, &DesignScene::staticAreaChanged, this, &DesignView::refreshBackdrop);
    updateOverview();
    m_minimap->invalidate();
    updateMinimapVisibility();
}

void DesignView::showFindBar() {
    if (!m_findBar)
        m_findBar = new FindBar(this);
    placeOverlays();
    m_findBar->activate();
}

void DesignView::showRefusal(const QString &message, const QPointF &scenePos) {
    m_lastMessage = message;
    QPoint at = mapFromScene(scenePos);
    if (!viewport()->rect().contains(at))
        at = viewport()->rect().center();
    QToolTip::showText(viewport()->mapToGlobal(at), message, viewport());
    Q_EMIT statusMessage(message);
}

void DesignView::placeOverlays() {
    const QRect area = viewport()->geometry();
    m_minimap->move(area.right() - overlayMargin - m_minimap->width(),
                    area.bottom() - overlayMargin - m_minimap->height());
    if (!m_findBar)
        return;
    m_findBar->adjustSize();
    m_findBar->move(area.right() - overlayMargin - m_findBar->width(), area.top() + overlayMargin);
}

void DesignView::updateMinimapVisibility() {
    // Only worth its corner when part of the design is out of sight.
    const QRectF visible = mapToScene(viewport()->rect()).boundingRect();
    // A fitted design fills the viewport to the pixel: allow for rounding to whole pixels.
    const qreal slack = 2 / std::max(zoom(), minimumZoom());
    const bool needed =
        scene() && !visible.contains(sceneRect().adjusted(slack, slack, -slack, -slack));
    m_minimap->setVisible(needed);
    if (needed) {
        placeOverlays();
        m_minimap->raise();
        m_minimap->update();
    }
}

void DesignView::scrollContentsBy(int dx, int dy) {
    QGraphicsView::scrollContentsBy(dx, dy);
    // Fit zooms first and centres after: only once scrolled does the view know whether the
    // whole design is in sight (a minimap over a fitted design would hide its bottom lanes).
    updateMinimapVisibility();
}

const QList<qreal> &DesignView::zoomSteps() {
    static const QList<qreal> steps = {0.1, 0.15, 0.2,  0.25, 0.33, 0.5, 0.67, 0.75,
                                       0.9, 1.0,  1.25, 1.5,  2.0,  3.0, 4.0};
    return steps;
}

qreal DesignView::zoom() const {
    return transform().m11();
}

void DesignView::setZoom(qreal zoom, const QPoint &anchor) {
    zoom = std::clamp(zoom, minimumZoom(), maximumZoom());
    if (qFuzzyCompare(zoom, this->zoom()))
        return;
    const bool keepAnchor = anchor.x() >= 0 && viewport()->rect().contains(anchor);
    const QPointF anchored = keepAnchor ? mapToScene(anchor) : QPointF();
    // Scale around the anchor ourselves: AnchorUnderMouse only works for events with a cursor.
    const ViewportAnchor previous = transformationAnchor();
    setTransformationAnchor(keepAnchor ? QGraphicsView::NoAnchor : QGraphicsView::AnchorViewCenter);
    setTransform(QTransform::fromScale(zoom, zoom));
    if (keepAnchor) {
        const QPointF moved = mapFromScene(anchored);
        const QPointF delta = moved - QPointF(anchor);
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() +
                                        int(std::round(delta.x())));
        verticalScrollBar()->setValue(verticalScrollBar()->value() + int(std::round(delta.y())));
    }
    setTransformationAnchor(previous);
    updateOverview();
    updateMinimapVisibility();
    Q_EMIT zoomChanged(zoom);
}

void DesignView::zoomIn() {
    m_fitting = false;
    const qreal current = zoom();
    for (qreal step : zoomSteps()) {
        if (step > current + 1e-3) {
            setZoom(step);
            return;
        }
    }
}

void DesignView::zoomOut() {
    m_fitting = false;
    const qreal current = zoom();
    const QList<qreal> &steps = zoomSteps();
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
        if (*it < current - 1e-3) {
            setZoom(*it);
            return;
        }
    }
}

void DesignView::resetZoom() {
    m_fitting = false;
    setZoom(1.0);
}

void DesignView::fitToContents() {
    m_fitting = true;
    applyFit();
}

void DesignView::updateOverview() {
    if (m_designScene)
        m_designScene->setOverview(zoom() < EdgeItem::overviewLod);
}

void DesignView::applyFit() {
    if (!scene())
        return;
    const QRectF target = sceneRect().adjusted(-fitMargin, -fitMargin, fitMargin, fitMargin);
    const QSize available = viewport()->size();
    if (target.isEmpty() || available.isEmpty())
        return;
    const qreal fit =
        std::min(available.width() / target.width(), available.height() / target.height());
    // Small designs stay at 100 %: blowing them up looks like a different tool.
    setZoom(std::clamp(fit, minimumZoom(), 1.0));
    centerOn(target.center());
}

void DesignView::paintEvent(QPaintEvent *event) {
    m_paintingRegion = event->region();
    if (!paintOverBackdrop(event))
        QGraphicsView::paintEvent(event);
    m_paintingRegion = QRegion();
}

void DesignView::beginDragBackdrop() {
    if (!m_designScene || !isVisible() || viewport()->size().isEmpty())
        return;
    const qreal ratio = viewport()->devicePixelRatioF();
    m_backdrop = QPixmap(viewport()->size() * ratio);
    m_backdrop.setDevicePixelRatio(ratio);
    m_backdropTransform = viewportTransform();
    m_backdropDrawn = QRegion();
}

void DesignView::endDragBackdrop() {
    if (m_backdrop.isNull())
        return;
    m_backdrop = QPixmap();
    m_backdropDrawn = QRegion();
    viewport()->update();
}

void DesignView::refreshBackdrop(const QRectF &sceneRect) {
    if (m_backdrop.isNull())
        return;
    const QRect area = mapFromScene(sceneRect).boundingRect().adjusted(-2, -2, 2, 2);
    m_backdropDrawn -= area;
    viewport()->update(area);
}

void DesignView::renderBackdrop(const QRegion &area) {
    if (area.isEmpty())
        return;
    // Painted item by item rather than with render(): the carried items must stay out, and
    // hiding them would queue repaints of their whole bounds.
    const QList<QGraphicsItem *> carried = m_designScene->carriedItems();
    const QRectF sceneArea = mapToScene(area.boundingRect()).boundingRect();
    // Long edges then draw only their pieces inside `area`, as in a paint event.
    const QRegion painting = std::exchange(m_paintingRegion, area);
    QPainter painter(&m_backdrop);
    painter.setClipRegion(area);
    painter.setRenderHints(renderHints());
    painter.setTransform(viewportTransform());
    drawBackground(&painter, sceneArea);
    const QList<QGraphicsItem *> items = m_designScene->items(
        sceneArea, Qt::IntersectsItemBoundingRect, Qt::AscendingOrder, viewportTransform());
    const QTransform view = viewportTransform();
    for (QGraphicsItem *item : items) {
        const QRect onScreen =
            item->deviceTransform(view).mapRect(item->boundingRect()).toAlignedRect();
        if (!carried.contains(item) && area.intersects(onScreen))
            paintItem(&painter, item);
    }
    m_paintingRegion = painting;
}

void DesignView::paintItem(QPainter *painter, QGraphicsItem *item) {
    if (!item->isVisible() || item->effectiveOpacity() <= 0)
        return;
    QStyleOptionGraphicsItem option;
    option.initFrom(viewport());
    option.state &= ~(QStyle::State_Selected | QStyle::State_HasFocus | QStyle::State_MouseOver);
    if (item->isSelected())
        option.state |= QStyle::State_Selected;
    option.exposedRect = item->boundingRect();
    painter->save();
    painter->setTransform(item->deviceTransform(viewportTransform()));
    painter->setOpacity(item->effectiveOpacity());
    item->paint(painter, &option, viewport());
    painter->restore();
}

bool DesignView::paintOverBackdrop(QPaintEvent *event) {
    if (m_backdrop.isNull() || !m_designScene)
        return false;
    if (viewportTransform() != m_backdropTransform) {
        // Scrolled or zoomed mid-drag: the pixels no longer line up; draw normally from here.
        m_backdrop = QPixmap();
        m_backdropDrawn = QRegion();
        viewport()->update();
        return false;
    }
    const QRegion missing = event->region() - m_backdropDrawn;
    if (!missing.isEmpty()) {
        renderBackdrop(missing);
        m_backdropDrawn += missing;
    }
    QPainter painter(viewport());
    painter.setClipRegion(event->region());
    painter.drawPixmap(0, 0, m_backdrop);
    painter.setRenderHints(renderHints());
    for (QGraphicsItem *item : m_designScene->carriedItems())
        paintItem(&painter, item);
    return true;
}

const QRegion *DesignView::paintingRegionOf(const QWidget *viewport) {
    const auto *view =
        viewport ? qobject_cast<const DesignView *>(viewport->parentWidget()) : nullptr;
    return view && view->viewport() == viewport ? &view->m_paintingRegion : nullptr;
}

void DesignView::drawBackground(QPainter *painter, const QRectF &rect) {
    const CanvasStyle style(palette());
    painter->fillRect(rect, style.canvasBackground());
    // A dot grid gives a sense of space and scale; it fades out when zoomed far out.
    const qreal onScreen = gridSpacing * zoom();
    if (onScreen < 10)
        return;
    // Only where the paint event draws: `rect` bounds it, and after a drag step that is a few
    // thin strips spread over the whole screen.
    const qreal dotWidth = std::max<qreal>(1.5, 1.5 / zoom());
    QList<QRectF> areas;
    if (m_paintingRegion.isEmpty()) {
        areas.append(rect);
    } else {
        const QTransform toScene = viewportTransform().inverted();
        for (const QRect &r : m_paintingRegion)
            areas.append(toScene.mapRect(QRectF(r)).intersected(rect));
    }
    QList<QPointF> dots;
    for (QRectF area : std::as_const(areas)) {
        area.adjust(-dotWidth, -dotWidth, dotWidth, dotWidth); // dots just outside reach in
        const qreal left = std::floor(area.left() / gridSpacing) * gridSpacing;
        const qreal top = std::floor(area.top() / gridSpacing) * gridSpacing;
        for (qreal x = left; x < area.right(); x += gridSpacing) {
            for (qreal y = top; y < area.bottom(); y += gridSpacing)
                dots.append(QPointF(x, y));
        }
    }
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setPen(QPen(style.gridDot(), dotWidth, Qt::SolidLine, Qt::SquareCap));
    painter->drawPoints(dots.constData(), int(dots.size()));
    painter->restore();
}

void DesignView::wheelEvent(QWheelEvent *event) {
    if (!(event->modifiers() & Qt::ControlModifier)) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    // One notch (120) is one zoom step; touchpads send smaller deltas that add up.
    m_wheelRemainder += event->angleDelta().y();
    const QPoint anchor = event->position().toPoint();
    while (std::abs(m_wheelRemainder) >= 120) {
        m_fitting = false;
        const qreal current = zoom();
        qreal next = current;
        if (m_wheelRemainder > 0) {
            for (qreal step : zoomSteps()) {
                if (step > current + 1e-3) {
                    next = step;
                    break;
                }
            }
            m_wheelRemainder -= 120;
        } else {
            const QList<qreal> &steps = zoomSteps();
            for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
                if (*it < current - 1e-3) {
                    next = *it;
                    break;
                }
            }
            m_wheelRemainder += 120;
        }
        setZoom(next, anchor);
    }
    event->accept();
}

void DesignView::resizeEvent(QResizeEvent *event) {
    QGraphicsView::resizeEvent(event);
    if (m_fitting)
        applyFit();
    placeOverlays();
    updateMinimapVisibility();
}

void DesignView::keyPressEvent(QKeyEvent *event) {
    if (event->matches(QKeySequence::Find)) {
        showFindBar();
        event->accept();
        return;
    }
    // Space held turns the left button into a hand, unless something is typing.
    if (event->key() == Qt::Key_Space && !(scene() && scene()->focusItem())) {
        if (!event->isAutoRepeat()) {
            m_spaceHeld = true;
            viewport()->setCursor(Qt::OpenHandCursor);
        }
        event->accept();
        return;
    }
    QGraphicsView::keyPressEvent(event);
}

void DesignView::keyReleaseEvent(QKeyEvent *event) {
    if (event->key() == Qt::Key_Space && m_spaceHeld) {
        if (!event->isAutoRepeat()) {
            m_spaceHeld = false;
            if (!m_panning)
                viewport()->unsetCursor();
        }
        event->accept();
        return;
    }
    QGraphicsView::keyReleaseEvent(event);
}

void DesignView::focusOutEvent(QFocusEvent *event) {
    // A release lost to another window must not leave the hand stuck on.
    if (m_spaceHeld && !m_panning)
        viewport()->unsetCursor();
    m_spaceHeld = false;
    QGraphicsView::focusOutEvent(event);
}

void DesignView::mousePressEvent(QMouseEvent *event) {
    if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && m_spaceHeld)) {
        m_panning = true;
        m_panLast = event->position().toPoint();
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void DesignView::mouseMoveEvent(QMouseEvent *event) {
    if (m_panning) {
        const QPoint now = event->position().toPoint();
        const QPoint delta = now - m_panLast;
        m_panLast = now;
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void DesignView::mouseReleaseEvent(QMouseEvent *event) {
    if (m_panning && (event->button() == Qt::MiddleButton || event->button() == Qt::LeftButton)) {
        m_panning = false;
        if (m_spaceHeld)
            viewport()->setCursor(Qt::OpenHandCursor);
        else
            viewport()->unsetCursor();
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void DesignView::changeEvent(QEvent *event) {
    if (event->type() == QEvent::PaletteChange) {
        viewport()->update();
        m_minimap->invalidate();
    }
    QGraphicsView::changeEvent(event);
}

} // namespace wavesmith
