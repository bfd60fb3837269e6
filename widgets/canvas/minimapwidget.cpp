#include "minimapwidget.h"

#include "canvasstyle.h"
#include "designview.h"

#include <QGraphicsScene>
#include <QMouseEvent>
#include <QPainter>

namespace wavesmith {

namespace {
constexpr int inset = 6;
}

MinimapWidget::MinimapWidget(DesignView *view)
    : QWidget(view)
    , m_view(view) {
    setCursor(Qt::PointingHandCursor);
    setToolTip(QStringLiteral("Overview: click or drag to move the view"));
}

void MinimapWidget::invalidate() {
    m_stale = true;
    update();
}

QRectF MinimapWidget::sceneArea() const {
    return m_view->scene() ? m_view->scene()->sceneRect() : QRectF();
}

QRectF MinimapWidget::contentRect() const {
    const QRectF area = sceneArea();
    const QRectF box = QRectF(rect()).adjusted(inset, inset, -inset, -inset);
    if (area.isEmpty() || box.isEmpty())
        return box;
    const qreal scale = std::min(box.width() / area.width(), box.height() / area.height());
    QRectF content(0, 0, area.width() * scale, area.height() * scale);
    content.moveCenter(box.center());
    return content;
}

QPointF MinimapWidget::toScene(const QPointF &local) const {
    const QRectF area = sceneArea();
    const QRectF content = contentRect();
    if (content.isEmpty())
        return area.center();
    return area.topLeft() + QPointF((local.x() - content.left()) * area.width() / content.width(),
                                    (local.y() - content.top()) * area.height() / content.height());
}

QPointF MinimapWidget::fromScene(const QPointF &scenePos) const {
    const QRectF area = sceneArea();
    const QRectF content = contentRect();
    if (area.isEmpty())
        return content.center();
    return content.topLeft() +
           QPointF((scenePos.x() - area.left()) * content.width() / area.width(),
                   (scenePos.y() - area.top()) * content.height() / area.height());
}

void MinimapWidget::paintEvent(QPaintEvent *) {
    const CanvasStyle style(m_view->palette());
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    QColor frame = style.canvasBackground();
    frame.setAlpha(235);
    painter.setPen(QPen(style.nodeBorder(), 1));
    painter.setBrush(frame);
    painter.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);

    QGraphicsScene *scene = m_view->scene();
    const QRectF content = contentRect();
    if (!scene || content.isEmpty())
        return;
    // The scene is drawn once per change, not on every scroll: the frame is all that moves.
    const QSize pixels = (content.size() * devicePixelRatioF()).toSize();
    if (m_stale || m_picture.size() != pixels) {
        m_picture = QImage(pixels, QImage::Format_ARGB32_Premultiplied);
        m_picture.setDevicePixelRatio(devicePixelRatioF());
        m_picture.fill(Qt::transparent);
        QPainter picture(&m_picture);
        picture.setRenderHint(QPainter::Antialiasing);
        scene->render(&picture, QRectF(QPointF(0, 0), content.size()), sceneArea());
        m_stale = false;
    }
    painter.drawImage(content.topLeft(), m_picture);

    const QRectF visible = m_view->mapToScene(m_view->viewport()->rect()).boundingRect();
    QRectF shown(fromScene(visible.topLeft()), fromScene(visible.bottomRight()));
    shown = shown.intersected(content);
    const QColor accent = m_view->palette().color(QPalette::Highlight);
    QColor fill = accent;
    fill.setAlpha(40);
    painter.setPen(QPen(accent, 1.5));
    painter.setBrush(fill);
    painter.drawRect(shown);
}

void MinimapWidget::mousePressEvent(QMouseEvent *event) {
    if (event->button() == Qt::LeftButton)
        centerViewAt(event->position());
    event->accept();
}

void MinimapWidget::mouseReleaseEvent(QMouseEvent *event) {
    event->accept(); // never fall through to the canvas below
}

void MinimapWidget::mouseMoveEvent(QMouseEvent *event) {
    if (event->buttons() & Qt::LeftButton)
        centerViewAt(event->position());
}

void MinimapWidget::centerViewAt(const QPointF &local) {
    m_view->centerOn(toScene(local));
    update();
}

} // namespace wavesmith
