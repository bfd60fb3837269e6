#include "lintpanel.h"

#include "lintfindingsmodel.h"

#include <QHeaderView>
#include <QLabel>
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
