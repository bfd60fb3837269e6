#include "appsetgroupitem.h"

#include "canvaslayout.h"
#include "designscene.h"
#include "paintutil.h"

#include <QPainter>

namespace wavesmith {

namespace {
const QString appSetIcon() {
    return QStringLiteral(":/wavesmith/icons/appset.svg");
}
} // namespace

AppSetGroupItem::AppSetGroupItem(const QString &name, QGraphicsItem *parent)
    : CanvasItem(parent)
    , m_name(name) {}

QString AppSetGroupItem::summarizeGenerator(const ApplicationSet &set) {
    QStringList includes;
    int excluded = 0;
    for (const DirectoryEntry &d : set.directories) {
        if (d.exclude)
            ++excluded;
        else
            includes.append(d.path);
    }
    const auto isPattern = [](const QString &p) {
        return p.contains(QLatin1Char('*')) || p.contains(QLatin1Char('?')) ||
               p.contains(QLatin1Char('['));
    };
    QString what;
    if (includes.isEmpty()) {
        what = QStringLiteral("no directories");
    } else if (std::none_of(includes.begin(), includes.end(), isPattern)) {
        what = includes.size() == 1 ? includes.first()
                                    : QStringLiteral("%1 paths").arg(includes.size());
    } else {
        what = includes.first();
        if (includes.size() > 1)
            what += QStringLiteral(" +%1").arg(includes.size() - 1);
    }
    QString summary = QStringLiteral("git · ") + what;
    if (excluded > 0)
        summary += QStringLiteral(" · %1 excluded").arg(excluded);
    return summary;
}

namespace {
constexpr qreal chevronSize = 18;
}

QRectF AppSetGroupItem::chevronSceneRect() const {
    const QRectF r = rect();
    const QRectF local(r.right() - CanvasMetrics::groupPadding - chevronSize, r.top() + 8,
                       chevronSize, chevronSize);
    return mapRectToScene(local);
}

void AppSetGroupItem::refresh() {
    DesignScene *scene = designScene();
    if (!scene)
        return;
    const ApplicationSet *set = scene->design().applicationSet(m_name);
    if (!set)
        return;
    m_wave = set->wave;
    m_generator = summarizeGenerator(*set);
    m_members = 0;
    for (const Component &c : scene->design().components) {
        if (c.appSet == m_name)
            ++m_members;
    }
    m_hasIcon = scene->icons().has(appSetIcon());
    m_collapsed = scene->isAppSetCollapsed(m_name);

    QStringList tip;
    tip << QStringLiteral("<b>ApplicationSet %1</b>").arg(m_name.toHtmlEscaped());
    tip << QStringLiteral("Wave %1 · project %2").arg(set->wave).arg(set->project.toHtmlEscaped());
    for (const DirectoryEntry &d : set->directories) {
        tip << (d.exclude ? QStringLiteral("exclude %1") : QStringLiteral("directory %1"))
                   .arg(d.path.toHtmlEscaped());
    }
    setToolTip(tip.join(QStringLiteral("<br>")));
    update();
}

void AppSetGroupItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) {
    DesignScene *scene = designScene();
    if (!scene)
        return;
    const CanvasStyle &style = scene->style();
    const QColor accent = scene->waveAccent(m_wave);
    const QRectF r = rect();
    painter->setRenderHint(QPainter::Antialiasing);

    painter->setPen(QPen(style.groupBorder(accent), 1.2, Qt::DashLine));
    painter->setBrush(style.groupFill(accent));
    painter->drawRoundedRect(r.adjusted(0.6, 0.6, -0.6, -0.6), 10, 10);

    const qreal pad = CanvasMetrics::groupPadding;
    const QRectF icon(r.left() + pad + 1, r.top() + 10, 28, 28);
    if (m_hasIcon) {
        scene->icons().paint(painter, icon, appSetIcon());
    } else {
        painter->setPen(Qt::NoPen);
        painter->setBrush(accent);
        painter->drawRoundedRect(icon, 7, 7);
        paintAppSetGlyph(painter, icon.adjusted(6, 6, -6, -6), style.onAccent());
    }

    // The chevron: pointing down while open, right while collapsed.
    const QRectF chevron = mapRectFromScene(chevronSceneRect());
    {
        const QPointF c = chevron.center();
        QPolygonF arrow;
        if (m_collapsed)
            arrow << c + QPointF(-2.5, -5) << c + QPointF(2.5, 0) << c + QPointF(-2.5, 5);
        else
            arrow << c + QPointF(-5, -2.5) << c + QPointF(0, 2.5) << c + QPointF(5, -2.5);
        painter->setBrush(Qt::NoBrush);
        painter->setPen(
            QPen(style.secondaryText(), 1.8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter->drawPolyline(arrow);
    }

    const QString count = QString::number(m_members);
    const QFont chipFont = style.laneChipFont();
    const qreal countWidth = chipWidth(count, chipFont, 18);
    const qreal countLeft = chevron.left() - 4 - countWidth;
    const qreal textLeft = icon.right() + 9;
    const qreal textRight = countLeft - 6;
    paintText(painter, QRectF(textLeft, r.top() + 8, textRight - textLeft, 17), m_name,
              style.titleFont(), style.text());
    paintText(painter, QRectF(textLeft, r.top() + 25, r.right() - pad - textLeft, 15), m_generator,
              style.bodyFont(), style.secondaryText(), Qt::AlignLeft | Qt::AlignVCenter,
              Qt::ElideMiddle);
    paintChip(painter, QPointF(countLeft, r.top() + 8), count, chipFont,
              mixColors(style.groupFill(accent), accent, 0.22), style.text(), 18);

    if (m_members == 0 && !m_collapsed) {
        paintText(painter,
                  QRectF(r.left() + pad, r.top() + CanvasMetrics::groupHeaderHeight,
                         r.width() - 2 * pad, CanvasMetrics::groupEmptyHeight - pad),
                  QStringLiteral("No matching folders yet"), style.bodyFont(),
                  style.secondaryText(), Qt::AlignCenter);
    }
}

} // namespace wavesmith
