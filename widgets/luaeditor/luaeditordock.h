#pragma once

// The Lua health check editor dock: the script editor, its samples, a Templates menu, and
// results that follow every keystroke (debounced, evaluated off the UI thread with Argo CD's
// 1 s limit). Saving is the owner's job: the dock only asks for it with saveRequested(), and
// shows its Save action only while something is connected to that signal.

#include "luasampleevaluator.h"

#include <wavesmith/luatestrunner.h>

#include <QDockWidget>
#include <QList>
#include <QPointer>

class QAction;
class QCheckBox;
class QLabel;
class QMenu;
class QTimer;

namespace wavesmith {

class LuaCodeEditor;
class LuaSamplesPanel;

class LuaEditorDock : public QDockWidget {
    Q_OBJECT

public:
    explicit LuaEditorDock(QWidget *parent = nullptr);
    ~LuaEditorDock() override;

    void setScript(const QString &script);
    QString script() const;
    void setSamples(const QList<HealthSample> &samples);
    QList<HealthSample> samples() const;
    // Argo CD's useOpenLibs for this customization.
    void setOpenLibs(bool openLibs);
    bool openLibs() const;
    // The last results, in sample order.
    QList<LuaSampleResult> results() const { return m_report.results; }

    // Replaces the script with a template from resources/lua ("wait-for-child", ...).
    bool loadTemplate(const QString &id);
    QMenu *templatesMenu() const { return m_templates; }
    void setDebounceInterval(int milliseconds);

    LuaCodeEditor *editor() const { return m_editor; }
    LuaSamplesPanel *samplesPanel() const { return m_samples; }
    QAction *saveAction() const { return m_saveAction; }

public Q_SLOTS:
    // Runs the samples now instead of after the debounce delay.
    void runNow();

Q_SIGNALS:
    void scriptChanged();
    void samplesChanged();
    void resultsUpdated(const QList<wavesmith::LuaSampleResult> &results);
    void saveRequested();

protected:
    void connectNotify(const QMetaMethod &signal) override;
    void disconnectNotify(const QMetaMethod &signal) override;

private:
    void updateSaveAction();
    void scheduleRun();
    void showReport(const LuaRunReport &report);

    LuaCodeEditor *m_editor = nullptr;
    LuaSamplesPanel *m_samples = nullptr;
    QMenu *m_templates = nullptr;
    QPointer<QAction> m_saveAction; // guarded: disconnectNotify may run during teardown
    QCheckBox *m_openLibs = nullptr;
    QLabel *m_status = nullptr;
    QTimer *m_debounce = nullptr;
    LuaSampleEvaluator *m_evaluator = nullptr;
    LuaRunReport m_report;
};

} // namespace wavesmith
