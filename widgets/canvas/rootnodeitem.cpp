#include "rootnodeitem.h"

#include "designscene.h"
#include "paintutil.h"

#include <QFontMetricsF>
#include <QPainter>

namespace wavesmith {

namespace {
const QString rootIcon() {
    return QStringLiteral(":/wavesmith/icons/root.svg");
}
} // namespace

RootNodeItem::RootNodeItem(QGraphicsItem *parent)
    : CanvasItem(parent) {}

// Green like the root icon: the root is where a healthy cluster starts.
QColor RootNodeItem::accent() {
    return QColor(0x16, 0x8a, 0x4a);
}

void RootNodeItem::refresh() {
    DesignScene *scene = designScene();
    if (!scene)
        return;
    const Design &design = scene->design();
    m_name = design.root.name;
    m_path = design.root.path.isEmpty() ? design.layout.appsDir() : design.root.path;
    m_project = design.root.project;
    m_healthCheck =
        design.hasHealthCheckFor(QStringLiteral("argoproj.io"), QStringLiteral("Application"));
    m_serverSideDiff = design.serverSideDiffEnabled();
    m_hasIcon = scene->icons().has(rootIcon());
    setToolTip(QStringLiteral("<b>Root Application %1</b><br>Renders %2<br>Project: %3<br>%4")
                   .arg(m_name.toHtmlEscaped(), m_path.toHtmlEscaped(), m_project.toHtmlEscaped(),
                        m_healthCheck
                            ? QStringLiteral("Waits for each wave to be healthy (Application "
                                             "health check)")
                            : QStringLiteral("No Application health check: the root will "
                                             "not wait between waves")));
    update();
}

void RootNodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) {
    DesignScene *scene = designScene();
    if (!scene)
        return;
    const CanvasStyle &style = scene->style();
    const QColor color = accent();
    const QRectF r = rect();
    painter->setRenderHint(QPainter::Antialiasing);

    paintCard(painter, r, 10, style.nodeFill(), mixColors(style.nodeBorder(), color, 0.55),
              style.shadow(), 1.4);

    const QRectF tile(r.left() + 12, r.top() + (r.height() - 44) / 2, 44, 44);
    if (m_hasIcon) {
        scene->icons().paint(painter, tile, rootIcon());
    } else {
        painter->setPen(Qt::NoPen);
        painter->setBrush(color);
        painter->drawRoundedRect(tile, 9, 9);
        paintRootGlyph(painter, tile.adjusted(9, 9, -9, -9), style.onAccent());
    }

    const qreal left = tile.right() + 12;
    const qreal right = r.right() - 12;
    const QFont chipFont = style.laneChipFont();
    const QString kind = QStringLiteral("ROOT APPLICATION");
    const qreal kindWidth = chipWidth(kind, chipFont, 18);
    paintText(painter, QRectF(left, r.top() + 9, right - left - kindWidth - 8, 18), m_name,
              style.titleFont(), style.text());
    paintChip(painter, QPointF(right - kindWidth, r.top() + 9), kind, chipFont,
              mixColors(style.nodeFill(), color, 0.16), mixColors(style.text(), color, 0.6), 18);
    paintKeyValue(painter, QRectF(left, r.top() + 29, right - left, 15), QStringLiteral("renders"),
                  m_path, style.bodyFont(), style.secondaryText(), style.text());

    // What makes the waves really wait; a missing health check is worth a warning colour.
    const QColor ok = style.isDark() ? QColor(0x4a, 0xde, 0x80) : QColor(0x15, 0x80, 0x3d);
    const QColor warn = style.isDark() ? QColor(0xfb, 0xbf, 0x24) : QColor(0xb4, 0x53, 0x09);
    const QFont small = style.bodyFont();
    const QFontMetricsF metrics(small);
    qreal x = left;
    const qreal y = r.top() + 45;
    const auto flag = [&](bool on, const QString &onText, const QString &offText) {
        const QString text =
            (on ? QStringLiteral("✓ ") : QStringLiteral("! ")) + (on ? onText : offText);
        paintText(painter, QRectF(x, y, right - x, 15), text, small, on ? ok : warn);
        x += metrics.horizontalAdvance(text) + 14;
    };
    flag(m_healthCheck, QStringLiteral("waits for healthy waves"),
         QStringLiteral("no wave health check"));
    if (x < right)
        flag(m_serverSideDiff, QStringLiteral("server-side diff"),
             QStringLiteral("client-side diff"));
}

} // namespace wavesmith
