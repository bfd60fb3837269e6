#pragma once

// An ApplicationSet: a frame around the member nodes it generates, with the set's name and a
// summary of its git generator; a chevron collapses it to its header.

#include "canvasitem.h"

#include <QString>

namespace wavesmith {

struct ApplicationSet;

class AppSetGroupItem : public CanvasItem {
public:
    explicit AppSetGroupItem(const QString &name, QGraphicsItem *parent = nullptr);

    QString name() const { return m_name; }
    QString generatorSummary() const { return m_generator; } // "git · monitoring/*"
    int memberCount() const { return m_members; }
    // Collapsed: only the header shows, member edges end at the frame.
    bool isCollapsed() const { return m_collapsed; }
    // The chevron that collapses and expands the group, in scene coordinates.
    QRectF chevronSceneRect() const;

    // "git · 5 paths", "git · monitoring/*", "git · a/* +1 · 1 excluded"
    static QString summarizeGenerator(const ApplicationSet &set);

    void refresh() override;
    int type() const override { return AppSetType; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QString m_name;
    int m_wave = 0;
    QString m_generator;
    int m_members = 0;
    bool m_hasIcon = false;
    bool m_collapsed = false;
};

} // namespace wavesmith
