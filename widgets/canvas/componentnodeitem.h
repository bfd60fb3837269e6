#pragma once

// A component node: icon, name, namespace and a short source summary, hover and selection
// states, lint badge and an output port for drawing dependencies.

#include "canvasitem.h"

#include <wavesmith/bootstrap.h>
#include <wavesmith/model.h>

#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace wavesmith {

struct Component;

class ComponentNodeItem : public CanvasItem {
public:
    explicit ComponentNodeItem(const QString &name, QGraphicsItem *parent = nullptr);

    QString name() const { return m_name; }
    int wave() const { return m_wave; }
    QString namespaceText() const { return m_namespace; }
    QString sourceKey() const { return m_sourceKey; } // "helm", "git", "projects"
    // "cilium 1.16.5", "infrastructure/networking/gateway"
    QString sourceText() const {
        return m_sourceSuffix.isEmpty() ? m_sourceText
                                        : m_sourceText + QLatin1Char(' ') + m_sourceSuffix;
    }
    QString iconPath() const { return m_icon; }
    // The worst unsuppressed lint finding on this component, drawn as a corner badge.
    std::optional<Diagnostic::Severity> lintBadge() const { return m_lintBadge; }
    void setLintBadge(std::optional<Diagnostic::Severity> severity);

    // Health customizations (group, kind) of the resource kinds this component installs (its
    // catalog entry's CRD groups): shown as a badge whose double-click opens the first one.
    QList<QPair<QString, QString>> healthChecks() const { return m_healthChecks; }
    QRectF healthBadgeRect() const; // local coordinates; null without health checks
    bool isOnHealthBadge(const QPointF &scenePos) const;

    // The output port on the right edge: dragging from it draws a dependency ("… needs this").
    QRectF portRect() const;
    bool isOnPort(const QPointF &scenePos) const;
    bool isHovered() const { return m_hovered; }
    // While a dependency is dragged over it: drawn as the drop target.
    void setDropTarget(bool target);
    // Zoomed far out (the scene's overview) a card is a few pixels of colour: painting it is
    // cheaper than looking up and blending its cached pixmap, so the cache is dropped there.
    void setFarOut(bool farOut);

    // Argo CD's view of the component while a bootstrap runs or is rehearsed (set by
    // DesignScene::setLiveHealth): a coloured border, a status pill, an out-of-sync marker, and
    // Argo CD's message in the tooltip. nullopt: the design alone.
    void setLiveHealth(const std::optional<ComponentHealth> &health);
    const std::optional<ComponentHealth> &liveHealth() const { return m_liveHealth; }
    // What the pill says ("Healthy", "Progressing", "Degraded", "Missing", ...), "" when idle.
    QString liveStatus() const;

    void refresh() override;
    int type() const override { return ComponentType; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;

private:
    void paintLintBadge(QPainter *painter, const QRectF &r) const;
    void paintPort(QPainter *painter, const QColor &accent) const;
    void paintLive(QPainter *painter, const QRectF &r) const;
    void paintHealthBadge(QPainter *painter) const;
    // Zoomed far out: a coloured card with the name only, cheap enough for thousands.
    void paintOverview(QPainter *painter, const QColor &accent, qreal lod) const;

    QString m_name; // the model id
    int m_wave = 0;
    QString m_namespace;
    QString m_sourceKey;
    QString m_sourceText;
    QString m_sourceSuffix;
    bool m_sourceIsPath = false;
    QString m_icon;
    bool m_hasIcon = false;
    bool m_hovered = false;
    bool m_dropTarget = false;
    std::optional<Diagnostic::Severity> m_lintBadge;
    QList<QPair<QString, QString>> m_healthChecks;
    std::optional<ComponentHealth> m_liveHealth;
    QString m_designToolTip; // the tooltip without the live status
    void updateToolTip();
};

} // namespace wavesmith
