#include "svgicon.h"

#include <QApplication>
#include <QHash>
#include <QIconEngine>
#include <QImage>
#include <QPainter>
#include <QStyle>
#include <QStyleOption>
#include <QSvgRenderer>

namespace wavesmith {

namespace {

// A square SVG icon read only when it is first painted. QIcon's own SVG engine parses every file
// when the icon is made and renders it again to answer the palette rows' size hints: a palette of
// 40 entries used to cost 80 SVG passes before the window's first paint, where only the visible
// rows need one each. A renderer parsed ahead (parseSvgIcons()) is used as is.
class LazySvgIconEngine : public QIconEngine {
public:
    explicit LazySvgIconEngine(QString path, std::shared_ptr<QSvgRenderer> parsed = {})
        : m_path(std::move(path))
        , m_renderer(std::move(parsed)) {}

    QSize actualSize(const QSize &size, QIcon::Mode, QIcon::State) override {
        const int side = qMin(size.width(), size.height());
        return QSize(side, side);
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State) override {
        const QSize side = actualSize(size, mode, QIcon::Off);
        const quint64 key = (quint64(side.width()) << 8) | quint64(mode);
        if (const auto cached = m_pixmaps.constFind(key); cached != m_pixmaps.cend())
            return *cached;
        if (!m_renderer)
            m_renderer = std::make_shared<QSvgRenderer>(m_path);
        QPixmap rendered;
        if (m_renderer->isValid() && !side.isEmpty()) {
            QImage image(side, QImage::Format_ARGB32_Premultiplied);
            image.fill(Qt::transparent);
            QPainter painter(&image);
            m_renderer->render(&painter, QRectF(QPointF(0, 0), QSizeF(side)));
            painter.end();
            rendered = QPixmap::fromImage(std::move(image));
            if (mode != QIcon::Normal && mode != QIcon::Active) {
                QStyleOption option;
                option.palette = QApplication::palette();
                rendered = QApplication::style()->generatedIconPixmap(mode, rendered, &option);
            }
        }
        m_pixmaps.insert(key, rendered);
        return rendered;
    }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode,
               QIcon::State state) override {
        const qreal ratio = painter->device() ? painter->device()->devicePixelRatio() : 1.0;
        QPixmap pm = pixmap(rect.size() * ratio, mode, state);
        if (pm.isNull())
            return;
        pm.setDevicePixelRatio(ratio);
        const QSize shown = pm.deviceIndependentSize().toSize();
        painter->drawPixmap(QStyle::alignedRect(Qt::LeftToRight, Qt::AlignCenter, shown, rect), pm);
    }

    QIconEngine *clone() const override { return new LazySvgIconEngine(m_path, m_renderer); }
    QString key() const override { return QStringLiteral("wavesmith-lazy-svg"); }
    bool isNull() override { return m_path.isEmpty(); }

private:
    QString m_path;
    std::shared_ptr<QSvgRenderer> m_renderer; // parsed on the first pixmap asked for
    QHash<quint64, QPixmap> m_pixmaps;        // by side and mode
};

} // namespace

QIcon svgIcon(const QString &path, std::shared_ptr<QSvgRenderer> parsed) {
    return QIcon(new LazySvgIconEngine(path, std::move(parsed)));
}

} // namespace wavesmith
