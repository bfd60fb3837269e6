#pragma once

// The Palette dock: catalog components grouped by category, each with its icon and one-line
// description, filtered by a search field. Rows drag onto the canvas as
// "application/x-wavesmith-catalog-id"; double-click or Enter asks to add one directly.

#include <canvas/iconcache.h>
#include <wavesmith/catalog.h>

#include <QDockWidget>
#include <QString>

class QLineEdit;
class QTreeWidget;
class QTreeWidgetItem;

namespace wavesmith {

class PaletteDock : public QDockWidget {
    Q_OBJECT

public:
    static QString mimeType() { return QStringLiteral("application/x-wavesmith-catalog-id"); }

    explicit PaletteDock(QWidget *parent = nullptr);

    void setCatalog(const Catalog &catalog);
    // Icons parsed ahead of time; rows built by later setCatalog() calls use them.
    void setParsedIcons(ParsedSvgIcons icons) { m_parsedIcons = std::move(icons); }
    QLineEdit *searchField() const { return m_search; }
    QTreeWidget *list() const { return m_list; }
    // Catalog ids of the rows the filter shows, in display order.
    QStringList visibleIds() const;
    // The catalog id of the current row, empty on a category row or none.
    QString currentId() const;

public Q_SLOTS:
    void setFilter(const QString &text);

Q_SIGNALS:
    // Double-click or Enter on a component row.
    void entryActivated(const QString &catalogId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void activate(QTreeWidgetItem *item);

    QLineEdit *m_search = nullptr;
    QTreeWidget *m_list = nullptr;
    ParsedSvgIcons m_parsedIcons;
};

} // namespace wavesmith
