#include "lintpanel.h"

#include "lintfindingsmodel.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QTreeView>
#include <QVBoxLayout>

namespace wavesmith {

LintPanel::LintPanel(QWidget *parent)
    : QDockWidget(tr("Lint"), parent)
    , m_model(new LintFindingsModel(this)) {
    setObjectName(QStringLiteral("lintPanel"));
    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    m_summary = new QLabel(tr("Not linted yet"), content);
    m_view = new QTreeView(content);
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionResizeMode(LintFindingsModel::SeverityColumn,
                                           QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(LintFindingsModel::RuleColumn,
                                           QHeaderView::ResizeToContents);
    layout->addWidget(m_summary);
    layout->addWidget(m_view);
    setWidget(content);
    connect(m_view, &QTreeView::activated, this, &LintPanel::activate);

    m_quickFix = new QAction(tr("Quick Fix"), this);
    m_quickFix->setObjectName(QStringLiteral("quickFixAction"));
    m_quickFix->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_quickFix->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_quickFix->setEnabled(false);
    m_view->addAction(m_quickFix);
    connect(m_quickFix, &QAction::triggered, this, [this] {
        if (const LintFinding *finding = currentFinding(); finding && !quickFixLabel().isEmpty())
            Q_EMIT quickFixRequested(*finding);
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &LintPanel::updateQuickFixAction);
    connect(m_model, &QAbstractItemModel::modelReset, this, &LintPanel::updateQuickFixAction);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, &LintPanel::showContextMenu);
}

void LintPanel::setQuickFixLabeler(std::function<QString(const LintFinding &)> labeler) {
    m_labeler = std::move(labeler);
    updateQuickFixAction();
}

const LintFinding *LintPanel::currentFinding() const {
    return m_model->finding(m_view->currentIndex());
}

QString LintPanel::quickFixLabel() const {
    const LintFinding *finding = currentFinding();
    return finding && m_labeler ? m_labeler(*finding) : QString();
}

void LintPanel::updateQuickFixAction() {
    const QString label = quickFixLabel();
    m_quickFix->setEnabled(!label.isEmpty());
    m_quickFix->setText(label.isEmpty() ? tr("Quick Fix") : tr("Fix: %1").arg(label));
}

void LintPanel::showContextMenu(const QPoint &pos) {
    const QModelIndex index = m_view->indexAt(pos);
    if (!index.isValid())
        return;
    m_view->setCurrentIndex(index);
    updateQuickFixAction();
    QMenu menu(this);
    QAction *show = menu.addAction(tr("Show in Canvas"));
    connect(show, &QAction::triggered, this, [this, index] { activate(index); });
    if (m_quickFix->isEnabled())
        menu.addAction(m_quickFix);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

QString LintPanel::summaryText() const {
    return m_summary->text();
}

void LintPanel::setFindings(const QList<LintFinding> &findings) {
    m_model->setFindings(findings);
    const LintSummary s = summarizeFindings(findings);
    if (findings.isEmpty()) {
        m_summary->setText(tr("No problems found"));
        return;
    }
    m_summary->setText(tr("%1 errors · %2 warnings · %3 infos · %4 suppressed")
                           .arg(s.errors)
                           .arg(s.warnings)
                           .arg(s.infos)
                           .arg(s.suppressed));
}

void LintPanel::setRunning() {
    m_summary->setText(tr("Linting…"));
}

void LintPanel::setFailed(const QString &message) {
    m_model->setFindings({});
    m_summary->setText(tr("Lint could not run: %1").arg(message));
}

void LintPanel::activate(const QModelIndex &index) {
    const LintFinding *finding = m_model->finding(index);
    if (finding)
        Q_EMIT findingActivated(finding->component, finding->file, finding->line);
}

} // namespace wavesmith
