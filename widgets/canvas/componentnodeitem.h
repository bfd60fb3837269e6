#pragma once

// A component node: icon, name, namespace and a short source summary.

#include "canvasitem.h"

#include <wavesmith/model.h>

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

    void refresh() override;
    int type() const override { return ComponentType; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;

private:
    void paintLintBadge(QPainter *painter, const QRectF &r) const;

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
    std::optional<Diagnostic::Severity> m_lintBadge;
};

} // namespace wavesmith
