#include "luaeditordock.h"

#include "luacodeeditor.h"
#include "luasamplespanel.h"

#include <wavesmith/luatemplates.h>

#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QMenu>
#include <QMetaMethod>
#include <QSplitter>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace wavesmith {

namespace {

constexpr int kDefaultDebounceMs = 300;

} // namespace

LuaEditorDock::LuaEditorDock(QWidget *parent)
    : QDockWidget(tr("Lua health check"), parent) {
    setObjectName(QStringLiteral("LuaEditorDock"));
    auto *content = new QWidget(this);
    m_editor = new LuaCodeEditor(content);
    m_samples = new LuaSamplesPanel(content);
    m_evaluator = new LuaSampleEvaluator(this);

    auto *toolbar = new QToolBar(content);
    m_templates = new QMenu(tr("Templates"), toolbar);
    for (const LuaTemplate &t : luaTemplates()) {
        QAction *action = m_templates->addAction(t.title);
        action->setToolTip(t.description);
        action->setData(t.id);
        connect(action, &QAction::triggered, this, [this, id = t.id] { loadTemplate(id); });
    }
    auto *templatesButton = new QToolButton(toolbar);
    templatesButton->setText(tr("Templates"));
    templatesButton->setMenu(m_templates);
    templatesButton->setPopupMode(QToolButton::InstantPopup);
    toolbar->addWidget(templatesButton);
    m_openLibs = new QCheckBox(tr("Open libs"), toolbar);
    m_openLibs->setToolTip(tr("useOpenLibs: also give the script string, math and coroutine"));
    toolbar->addWidget(m_openLibs);
    m_saveAction = toolbar->addAction(tr("Save"));
    m_saveAction->setObjectName(QStringLiteral("saveAction"));
    m_saveAction->setToolTip(tr("Write the script and its samples into the repository"));
    // A Save button nobody answers would silently do nothing.
    m_saveAction->setVisible(false);
    connect(m_saveAction, &QAction::triggered, this, &LuaEditorDock::saveRequested);

    m_status = new QLabel(content);
    auto *splitter = new QSplitter(Qt::Horizontal, content);
    splitter->addWidget(m_editor);
    splitter->addWidget(m_samples);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(toolbar);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);
    setWidget(content);

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDefaultDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &LuaEditorDock::runNow);
    connect(m_editor, &QsciScintilla::textChanged, this, [this] {
        Q_EMIT scriptChanged();
        scheduleRun();
    });
    connect(m_samples, &LuaSamplesPanel::samplesChanged, this, [this] {
        Q_EMIT samplesChanged();
        scheduleRun();
    });
    connect(m_openLibs, &QCheckBox::toggled, this, &LuaEditorDock::scheduleRun);
    connect(m_evaluator, &LuaSampleEvaluator::finished, this, &LuaEditorDock::showReport);
}

LuaEditorDock::~LuaEditorDock() = default;

void LuaEditorDock::connectNotify(const QMetaMethod &signal) {
    if (signal == QMetaMethod::fromSignal(&LuaEditorDock::saveRequested))
        updateSaveAction();
}

void LuaEditorDock::disconnectNotify(const QMetaMethod &signal) {
    // An invalid method means "disconnected from everything".
    if (!signal.isValid() || signal == QMetaMethod::fromSignal(&LuaEditorDock::saveRequested))
        updateSaveAction();
}

void LuaEditorDock::updateSaveAction() {
    // Qt may hold its connection lock while notifying: look once back in the event loop.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_saveAction)
                m_saveAction->setVisible(
                    isSignalConnected(QMetaMethod::fromSignal(&LuaEditorDock::saveRequested)));
        },
        Qt::QueuedConnection);
}

void LuaEditorDock::setScript(const QString &script) {
    if (script != m_editor->text())
        m_editor->setText(script);
}

QString LuaEditorDock::script() const {
    return m_editor->text();
}

void LuaEditorDock::setSamples(const QList<HealthSample> &samples) {
    m_samples->setSamples(samples);
}

QList<HealthSample> LuaEditorDock::samples() const {
    return m_samples->samples();
}

void LuaEditorDock::setOpenLibs(bool openLibs) {
    m_openLibs->setChecked(openLibs);
}

bool LuaEditorDock::openLibs() const {
    return m_openLibs->isChecked();
}

bool LuaEditorDock::loadTemplate(const QString &id) {
    for (const LuaTemplate &t : luaTemplates()) {
        if (t.id == id) {
            setScript(t.script);
            return true;
        }
    }
    return false;
}

void LuaEditorDock::setDebounceInterval(int milliseconds) {
    m_debounce->setInterval(milliseconds);
}

void LuaEditorDock::runNow() {
    m_debounce->stop();
    m_status->setText(tr("Running…"));
    m_evaluator->evaluate(script(), samples(), openLibs());
}

void LuaEditorDock::scheduleRun() {
    m_debounce->start();
}

void LuaEditorDock::showReport(const LuaRunReport &report) {
    m_report = report;
    m_samples->showResults(report.results);
    if (report.scriptError)
        m_editor->showError(report.scriptError->line, report.scriptError->message);
    else
        m_editor->clearError();
    m_editor->setCompletionWords(report.objectPaths);
    m_status->setText(report.scriptError ? report.scriptError->toString() : QString());
    Q_EMIT resultsUpdated(report.results);
}

} // namespace wavesmith
