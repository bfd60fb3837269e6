#include "designview.h"

#include "canvasstyle.h"

#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace wavesmith {

namespace {
constexpr qreal gridSpacing = 24; // scene units between background dots
constexpr qreal fitMargin = 0;    // the scene rect already carries a margin
} // namespace

DesignView::DesignView(QWidget *parent)
    : QGraphicsView(parent) {
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                   QPainter::SmoothPixmapTransform);
    setFrameShape(QFrame::NoFrame);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setDragMode(QGraphicsView::NoDrag);
    // The background depends on the zoom (grid density), so it cannot be cached as pixels.
    setCacheMode(QGraphicsView::CacheNone);
    setFocusPolicy(Qt::StrongFocus);
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

void DesignView::drawBackground(QPainter *painter, const QRectF &rect) {
    const CanvasStyle style(palette());
    painter->fillRect(rect, style.canvasBackground());
    // A dot grid gives a sense of space and scale; it fades out when zoomed far out.
    const qreal onScreen = gridSpacing * zoom();
    if (onScreen < 10)
        return;
    const qreal left = std::floor(rect.left() / gridSpacing) * gridSpacing;
    const qreal top = std::floor(rect.top() / gridSpacing) * gridSpacing;
    QList<QPointF> dots;
    for (qreal x = left; x < rect.right(); x += gridSpacing) {
        for (qreal y = top; y < rect.bottom(); y += gridSpacing)
            dots.append(QPointF(x, y));
    }
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setPen(
        QPen(style.gridDot(), std::max<qreal>(1.5, 1.5 / zoom()), Qt::SolidLine, Qt::SquareCap));
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
}

void DesignView::mousePressEvent(QMouseEvent *event) {
    if (event->button() == Qt::MiddleButton) {
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
    if (m_panning && event->button() == Qt::MiddleButton) {
        m_panning = false;
        viewport()->unsetCursor();
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void DesignView::changeEvent(QEvent *event) {
    if (event->type() == QEvent::PaletteChange)
        viewport()->update();
    QGraphicsView::changeEvent(event);
}

} // namespace wavesmith
