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
class QThread;

namespace wavesmith {

// SVG icons already parsed, by resource path. Parsing is most of what an icon's first paint
// costs, so start-up parses them on a worker while the window is built; the canvas and the
// palette then share them. Read-only once handed over.
using ParsedSvgIcons = QHash<QString, std::shared_ptr<QSvgRenderer>>;

// Parses every *.svg in `dir` (":/wavesmith/icons"); files that are not valid SVG are left out.
// Runs on any thread: the renderers are moved to `owner`, the thread that will paint them.
ParsedSvgIcons parseSvgIcons(const QString &dir, QThread *owner);

class IconCache {
public:
    IconCache();
    ~IconCache();
    IconCache(const IconCache &) = delete;
    IconCache &operator=(const IconCache &) = delete;

    // Uses `icons` instead of parsing those files again (paths already known keep theirs).
    void adopt(const ParsedSvgIcons &icons);
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
