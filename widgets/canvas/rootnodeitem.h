#pragma once

// The root Application applied by hand at bootstrap, with what makes waves wait: the Application
// health check and server-side diff.

#include "canvasitem.h"

#include <QString>

namespace wavesmith {

class RootNodeItem : public CanvasItem {
public:
    explicit RootNodeItem(QGraphicsItem *parent = nullptr);

    QString name() const { return m_name; }
    QString path() const { return m_path; }
    bool waitsForChildren() const { return m_healthCheck; }

    // The root's own colour: it belongs to no wave.
    static QColor accent();

    void refresh() override;
    int type() const override { return RootType; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QString m_name;
    QString m_path;
    QString m_project;
    bool m_healthCheck = false;
    bool m_serverSideDiff = false;
    bool m_hasIcon = false;
};

} // namespace wavesmith
