#pragma once

// Dropping a palette entry on the canvas: watches the DesignScene's drag events and, over a
// lane, adds the catalog component at that lane's wave through the document (one undo step).
// Also the shared "add this catalog entry at that wave" used by the palette's Enter.

#include <wavesmith/result.h>

#include <QObject>
#include <QString>

#include <optional>

namespace wavesmith {

class DesignDocument;
class DesignScene;

class CatalogDropHandler : public QObject {
    Q_OBJECT

public:
    // Installs itself as an event filter on `scene` (Qt drops the filter when either goes);
    // `document` must outlive it.
    CatalogDropHandler(DesignScene *scene, DesignDocument *document, QObject *parent = nullptr);

    // Adds the catalog entry `catalogId` at `wave` (the catalog's default wave when unset) with a
    // unique name; on success the new component's name.
    Result<QString> addFromCatalog(const QString &catalogId, std::optional<int> wave = {});

Q_SIGNALS:
    void componentAdded(const QString &name);
    void addFailed(const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    DesignScene *m_scene = nullptr;
    DesignDocument *m_document = nullptr;
};

} // namespace wavesmith
