#include "catalogdrophandler.h"

#include "catalogcomponent.h"
#include "palettedock.h"

#include <canvas/designscene.h>
#include <wavesmith/document.h>

#include <QGraphicsSceneDragDropEvent>
#include <QMimeData>

namespace wavesmith {

CatalogDropHandler::CatalogDropHandler(DesignScene *scene, DesignDocument *document,
                                       QObject *parent)
    : QObject(parent)
    , m_scene(scene)
    , m_document(document) {
    m_scene->installEventFilter(this);
}

Result<QString> CatalogDropHandler::addFromCatalog(const QString &catalogId,
                                                   std::optional<int> wave) {
    const CatalogEntry *entry = m_document->catalog().find(catalogId);
    if (!entry)
        return Error{{}, 0, tr("%1 is not in the component catalog").arg(catalogId)};
    const Component component =
        componentFromCatalog(*entry, m_document->design(), wave.value_or(entry->defaultWave));
    const Status added = m_document->addComponent(component);
    if (!added) {
        Q_EMIT addFailed(added.error().toString());
        return added.error();
    }
    Q_EMIT componentAdded(component.name);
    return component.name;
}

bool CatalogDropHandler::eventFilter(QObject *watched, QEvent *event) {
    if (watched != m_scene)
        return false;
    const QEvent::Type type = event->type();
    if (type != QEvent::GraphicsSceneDragEnter && type != QEvent::GraphicsSceneDragMove &&
        type != QEvent::GraphicsSceneDrop)
        return false;
    auto *drag = static_cast<QGraphicsSceneDragDropEvent *>(event);
    if (!drag->mimeData() || !drag->mimeData()->hasFormat(PaletteDock::mimeType()))
        return false; // not ours: the scene's own handling stays
    // Only a lane takes a component: elsewhere the cursor says "no".
    const std::optional<int> wave = m_scene->waveAt(drag->scenePos());
    if (type != QEvent::GraphicsSceneDrop || !wave) {
        drag->setDropAction(Qt::CopyAction);
        drag->setAccepted(wave.has_value() || type == QEvent::GraphicsSceneDragEnter);
        return true;
    }
    const QString id = QString::fromUtf8(drag->mimeData()->data(PaletteDock::mimeType()));
    const bool added = addFromCatalog(id, wave).ok();
    drag->setDropAction(Qt::CopyAction);
    drag->setAccepted(added);
    return true;
}

} // namespace wavesmith
