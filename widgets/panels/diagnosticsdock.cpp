#include "diagnosticsdock.h"

#include <lint/severityicon.h>

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace wavesmith {

namespace {

constexpr int kComponentRole = Qt::UserRole + 1;
constexpr int kLineRole = Qt::UserRole + 2;
constexpr int kFileRole = Qt::UserRole + 3;

} // namespace

DiagnosticsDock::DiagnosticsDock(QWidget *parent)
    : QDockWidget(tr("Import Diagnostics"), parent) {
    setObjectName(QStringLiteral("diagnosticsDock"));
    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    m_empty = new QLabel(tr("The importer understood every file of this design"), content);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setEnabled(false);
    m_empty->setContentsMargins(12, 12, 12, 12);
    layout->addWidget(m_empty);
    m_list = new QTreeWidget(content);
    m_list->setObjectName(QStringLiteral("diagnosticsList"));
    m_list->setColumnCount(3);
    m_list->setHeaderLabels({tr("Severity"), tr("Location"), tr("Message")});
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setUniformRowHeights(true);
    m_list->header()->setStretchLastSection(true);
    m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    layout->addWidget(m_list, 1);
    setWidget(content);
    connect(m_list, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem *item) { activate(item); });
    setDesign(Design{});
}

QString DiagnosticsDock::componentFor(const Design &design, const Diagnostic &diagnostic) {
    QString best;
    int bestLine = -1;
    for (const Component &c : design.components) {
        if (c.location.file != diagnostic.file || c.location.line > qMax(diagnostic.line, 1))
            continue;
        // Several Applications in one file: the document that starts nearest above the line.
        if (c.location.line > bestLine) {
            bestLine = c.location.line;
            best = c.name;
        }
    }
    return best;
}

void DiagnosticsDock::setDesign(const Design &design) {
    m_list->clear();
    for (const Diagnostic &d : design.diagnostics) {
        const QString location =
            d.line > 0 ? QStringLiteral("%1:%2").arg(d.file).arg(d.line) : d.file;
        auto *item = new QTreeWidgetItem(m_list, {severityName(d.severity), location, d.message});
        item->setIcon(0, severityIcon(d.severity));
        item->setToolTip(2, d.message);
        item->setData(0, kComponentRole, componentFor(design, d));
        item->setData(0, kLineRole, d.line);
        item->setData(0, kFileRole, d.file);
    }
    const bool any = !design.diagnostics.isEmpty();
    m_list->setVisible(any);
    m_empty->setVisible(!any);
    setWindowTitle(any ? tr("Import Diagnostics (%1)").arg(design.diagnostics.size())
                       : tr("Import Diagnostics"));
}

void DiagnosticsDock::activate(QTreeWidgetItem *item) {
    if (!item)
        return;
    Q_EMIT diagnosticActivated(item->data(0, kComponentRole).toString(),
                               item->data(0, kFileRole).toString(),
                               item->data(0, kLineRole).toInt());
}

} // namespace wavesmith
