#include "palettedock.h"

#include "svgicon.h"

#include <QApplication>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMimeData>
#include <QPainter>
#include <QStyle>
#include <QStyleOption>
#include <QStyledItemDelegate>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <memory>

namespace wavesmith {

namespace {

constexpr int kIdRole = Qt::UserRole + 1;
constexpr int kDescriptionRole = Qt::UserRole + 2;

// Rows carry their catalog id as the drag payload; category rows drag nothing.
class PaletteList : public QTreeWidget {
public:
    using QTreeWidget::QTreeWidget;

protected:
    QStringList mimeTypes() const override { return {PaletteDock::mimeType()}; }
    QMimeData *mimeData(const QList<QTreeWidgetItem *> &items) const override {
        for (QTreeWidgetItem *item : items) {
            const QString id = item->data(0, kIdRole).toString();
            if (id.isEmpty())
                continue;
            auto *data = new QMimeData;
            data->setData(PaletteDock::mimeType(), id.toUtf8());
            data->setText(id);
            return data;
        }
        return nullptr;
    }
};

// Component rows: name on the first line, the description dimmed and elided below it.
class PaletteDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        if (!index.data(kDescriptionRole).toString().isEmpty())
            size.setHeight(qMax(size.height(), 2 * option.fontMetrics.height() + 8));
        return size;
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override {
        const QString description = index.data(kDescriptionRole).toString();
        if (description.isEmpty()) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString name = opt.text;
        opt.text.clear();
        QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

        const QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, opt.widget)
                                   .adjusted(2, 3, -2, -3);
        const bool selected = opt.state & QStyle::State_Selected;
        const QPalette::ColorGroup group =
            (opt.state & QStyle::State_Active) ? QPalette::Active : QPalette::Inactive;
        QColor nameColor =
            opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
        QColor descriptionColor = nameColor;
        descriptionColor.setAlphaF(0.65f);

        painter->save();
        QFont bold = opt.font;
        bold.setWeight(QFont::DemiBold);
        const QFontMetrics fm(opt.font);
        const QRect nameRect(textRect.left(), textRect.top(), textRect.width(), fm.height());
        const QRect descriptionRect(textRect.left(), nameRect.bottom() + 1, textRect.width(),
                                    fm.height());
        painter->setFont(bold);
        painter->setPen(nameColor);
        painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetrics(bold).elidedText(name, Qt::ElideRight, nameRect.width()));
        painter->setFont(opt.font);
        painter->setPen(descriptionColor);
        painter->drawText(descriptionRect, Qt::AlignLeft | Qt::AlignVCenter,
                          fm.elidedText(description, Qt::ElideRight, descriptionRect.width()));
        painter->restore();
    }
};

QString categoryTitle(const QString &category) {
    if (category.isEmpty())
        return QObject::tr("Other");
    return category.at(0).toUpper() + category.mid(1);
}

} // namespace

PaletteDock::PaletteDock(QWidget *parent)
    : QDockWidget(tr("Palette"), parent) {
    setObjectName(QStringLiteral("paletteDock"));
    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(6);

    m_search = new QLineEdit(content);
    m_search->setObjectName(QStringLiteral("paletteSearch"));
    m_search->setPlaceholderText(tr("Search components…"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);
    layout->addWidget(m_search);

    m_list = new PaletteList(content);
    m_list->setObjectName(QStringLiteral("paletteList"));
    m_list->setHeaderHidden(true);
    m_list->setColumnCount(1);
    m_list->setRootIsDecorated(false);
    m_list->setIndentation(8);
    m_list->setIconSize(QSize(24, 24));
    m_list->setItemDelegate(new PaletteDelegate(m_list));
    m_list->setDragEnabled(true);
    m_list->setDragDropMode(QAbstractItemView::DragOnly);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setUniformRowHeights(false);
    m_list->installEventFilter(this);
    layout->addWidget(m_list, 1);
    setWidget(content);

    connect(m_search, &QLineEdit::textChanged, this, &PaletteDock::setFilter);
    connect(m_list, &QTreeWidget::itemDoubleClicked, this,
            [this](QTreeWidgetItem *item) { activate(item); });
}

void PaletteDock::setCatalog(const Catalog &catalog) {
    m_list->clear();
    for (const QString &category : catalog.categories()) {
        auto *group = new QTreeWidgetItem(m_list, {categoryTitle(category)});
        group->setFlags(Qt::ItemIsEnabled);
        QFont font = m_list->font();
        font.setCapitalization(QFont::AllUppercase);
        font.setPointSizeF(font.pointSizeF() * 0.85);
        font.setWeight(QFont::DemiBold);
        group->setFont(0, font);
        group->setData(0, Qt::UserRole, category);
        for (const CatalogEntry &entry : catalog.entries()) {
            if (entry.category != category)
                continue;
            auto *item = new QTreeWidgetItem(group, {entry.displayName});
            item->setData(0, kIdRole, entry.id);
            item->setData(0, kDescriptionRole, entry.description);
            item->setData(0, Qt::UserRole, category);
            item->setToolTip(0, tr("%1 — %2\nDefault wave %3, namespace %4")
                                    .arg(entry.displayName, entry.description)
                                    .arg(entry.defaultWave)
                                    .arg(entry.namespace_));
            if (!entry.icon.isEmpty())
                item->setIcon(0, svgIcon(entry.icon, m_parsedIcons.value(entry.icon)));
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
        }
    }
    m_list->expandAll();
    setFilter(m_search->text());
}

void PaletteDock::setFilter(const QString &text) {
    const QString needle = text.trimmed();
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *group = m_list->topLevelItem(i);
        const bool categoryMatches = group->text(0).contains(needle, Qt::CaseInsensitive);
        int shown = 0;
        for (int j = 0; j < group->childCount(); ++j) {
            QTreeWidgetItem *item = group->child(j);
            const bool matches =
                needle.isEmpty() || categoryMatches ||
                item->text(0).contains(needle, Qt::CaseInsensitive) ||
                item->data(0, kIdRole).toString().contains(needle, Qt::CaseInsensitive) ||
                item->data(0, kDescriptionRole).toString().contains(needle, Qt::CaseInsensitive);
            item->setHidden(!matches);
            shown += matches ? 1 : 0;
        }
        group->setHidden(shown == 0);
    }
}

QStringList PaletteDock::visibleIds() const {
    QStringList ids;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *group = m_list->topLevelItem(i);
        if (group->isHidden())
            continue;
        for (int j = 0; j < group->childCount(); ++j) {
            if (!group->child(j)->isHidden())
                ids << group->child(j)->data(0, kIdRole).toString();
        }
    }
    return ids;
}

QString PaletteDock::currentId() const {
    QTreeWidgetItem *item = m_list->currentItem();
    return item ? item->data(0, kIdRole).toString() : QString();
}

void PaletteDock::activate(QTreeWidgetItem *item) {
    const QString id = item ? item->data(0, kIdRole).toString() : QString();
    if (!id.isEmpty())
        Q_EMIT entryActivated(id);
}

bool PaletteDock::eventFilter(QObject *watched, QEvent *event) {
    if (event->type() != QEvent::KeyPress)
        return QDockWidget::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    if (watched == m_search && key->key() == Qt::Key_Down) {
        // Down leaves the search field for the first component the filter shows.
        for (QTreeWidgetItemIterator it(m_list); *it; ++it) {
            const bool isComponent = !(*it)->data(0, kIdRole).toString().isEmpty();
            if (isComponent && !(*it)->isHidden() && !(*it)->parent()->isHidden()) {
                m_list->setCurrentItem(*it);
                m_list->setFocus(Qt::TabFocusReason);
                return true;
            }
        }
        return false;
    }
    if (watched == m_list && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)) {
        activate(m_list->currentItem());
        return true;
    }
    return QDockWidget::eventFilter(watched, event);
}

} // namespace wavesmith
