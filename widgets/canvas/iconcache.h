#pragma once

// SVG icons rendered once per size: nodes repaint often (hover, zoom) and re-rendering an SVG
// each time is the slowest thing a node could do. Owned by the scene; not a singleton.

#include <QHash>
#include <QPixmap>
#include <QString>

#include <memory>

class QPainter;
class QRectF;
class QSvgRenderer;

namespace wavesmith {

class IconCache {
public:
    IconCache();
    ~IconCache();
    IconCache(const IconCache &) = delete;
    IconCache &operator=(const IconCache &) = delete;

    // Whether `path` names a readable SVG (":/wavesmith/icons/cilium.svg").
    bool has(const QString &path);
    // Paints the icon into `target` (scene units), sharp at the painter's current scale.
    void paint(QPainter *painter, const QRectF &target, const QString &path);

private:
    QSvgRenderer *renderer(const QString &path);
    const QPixmap *pixmap(QPainter *painter, const QRectF &target, const QString &path);

    QHash<QString, std::shared_ptr<QSvgRenderer>> m_renderers; // null: not loadable
    QHash<QString, QPixmap> m_pixmaps;                         // "path@pixels"
};

} // namespace wavesmith
