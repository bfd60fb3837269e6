#include "iconcache.h"

#include <QDir>
#include <QFile>
#include <QPainter>
#include <QSvgRenderer>
#include <QThread>

#include <algorithm>
#include <cmath>

namespace wavesmith {

ParsedSvgIcons parseSvgIcons(const QString &dir, QThread *owner) {
    ParsedSvgIcons icons;
    const QDir folder(dir);
    for (const QString &name : folder.entryList({QStringLiteral("*.svg")}, QDir::Files)) {
        const QString path = folder.filePath(name);
        auto svg = std::make_shared<QSvgRenderer>(path);
        if (!svg->isValid())
            continue;
        svg->moveToThread(owner); // a QObject: it belongs to the thread that paints with it
        icons.insert(path, std::move(svg));
    }
    return icons;
}

IconCache::IconCache() = default;
IconCache::~IconCache() = default;

void IconCache::adopt(const ParsedSvgIcons &icons) {
    for (auto it = icons.cbegin(); it != icons.cend(); ++it) {
        if (!m_renderers.contains(it.key()))
            m_renderers.insert(it.key(), it.value());
    }
}

QSvgRenderer *IconCache::renderer(const QString &path) {
    auto it = m_renderers.find(path);
    if (it == m_renderers.end()) {
        // Check first: QSvgRenderer warns on stderr for every missing file.
        if (!QFile::exists(path))
            return m_renderers.insert(path, nullptr)->get();
        auto svg = std::make_shared<QSvgRenderer>(path);
        it = m_renderers.insert(path, svg->isValid() ? svg : nullptr);
    }
    return it->get();
}

bool IconCache::has(const QString &path) {
    return !path.isEmpty() && renderer(path);
}

const QPixmap *IconCache::pixmap(QPainter *painter, const QRectF &target, const QString &path) {
    QSvgRenderer *svg = renderer(path);
    if (!svg)
        return nullptr;
    // Rasterise at the size the icon really covers on the device, so it stays crisp; the view's
    // fixed zoom steps keep the number of sizes per icon small.
    const QTransform &t = painter->deviceTransform();
    const qreal scale = std::sqrt(t.m11() * t.m11() + t.m12() * t.m12());
    const int pixels = std::clamp(int(std::ceil(target.width() * scale)), 4, 512);
    const QString key = path + QLatin1Char('@') + QString::number(pixels);
    auto it = m_pixmaps.find(key);
    if (it == m_pixmaps.end()) {
        QPixmap pixmap(pixels, pixels);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        // Keep the SVG's aspect ratio inside the square.
        QSizeF size = svg->defaultSize();
        if (size.isEmpty())
            size = QSizeF(pixels, pixels);
        size.scale(pixels, pixels, Qt::KeepAspectRatio);
        svg->render(
            &p, QRectF(QPointF((pixels - size.width()) / 2, (pixels - size.height()) / 2), size));
        p.end();
        it = m_pixmaps.insert(key, pixmap);
    }
    return &*it;
}

void IconCache::paint(QPainter *painter, const QRectF &target, const QString &path) {
    const QPixmap *image = pixmap(painter, target, path);
    if (!image)
        return;
    painter->save();
    painter->setRenderHint(QPainter::SmoothPixmapTransform);
    painter->drawPixmap(target, *image, QRectF(image->rect()));
    painter->restore();
}

} // namespace wavesmith
