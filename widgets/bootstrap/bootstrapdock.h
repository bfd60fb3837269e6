#pragma once

// The Bootstrap dock: pick a kubeconfig context, set the plan's options, Start / Cancel /
// Retry a bootstrap of the shown design, follow its seven steps and its log, and watch the
// canvas colour live. Rehearse plays core/sim's predicted timeline on the same canvas, with or
// without the Application health check, before anything touches a cluster. Nothing here blocks
// the UI thread: the kubeconfig and manifests are read on workers, the runner is event driven,
// and the rehearsal's simulation runs on a worker too. The plan's options and the chosen context
// name (never a credential) are kept in QSettings and restored when the dock is first shown.

#include <wavesmith/bootstrap.h>
#include <wavesmith/catalog.h>
#include <wavesmith/kubeconfig.h>
#include <wavesmith/model.h>

#include <QDockWidget>
#include <QList>
#include <QPointer>
#include <QString>

#include <memory>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QThread;
class QToolButton;

namespace wavesmith {

class BootstrapSession;
class BootstrapStepList;
class DesignScene;
class KubeContextPicker;
class RehearsalPlayer;

class BootstrapDock : public QDockWidget {
    Q_OBJECT

public:
    explicit BootstrapDock(QWidget *parent = nullptr);
    ~BootstrapDock() override;

    // What Start bootstraps and Rehearse plays; `repositoryDir` empty for the untitled example.
    void setDesign(const Design &design, const QString &repositoryDir, const Catalog &catalog);
    // The canvas that shows live health (and whose failed nodes explain themselves when
    // selected).
    void setCanvas(DesignScene *scene);

    // A bootstrap is being prepared or runs (closing the window asks first).
    bool isBusy() const;
    BootstrapSession *session() const { return m_session; }
    KubeContextPicker *contextPicker() const { return m_picker; }
    BootstrapStepList *stepList() const { return m_steps; }
    RehearsalPlayer *rehearsalPlayer() const { return m_player; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *retryButton() const { return m_retry; }
    QPushButton *rehearseButton() const { return m_rehearse; }
    QCheckBox *healthCheckToggle() const { return m_withHealthCheck; }
    QLineEdit *manifestEdit() const { return m_manifest; }
    QLineEdit *timeoutEdit() const { return m_timeout; }
    QCheckBox *dryRunBox() const { return m_dryRun; }
    // Seconds a wave may take without a budget of its own in the design; 0: derived from the
    // timeout.
    QSpinBox *waveBudgetBox() const { return m_waveBudget; }
    // A rehearsal is being simulated (worker) or played.
    bool isRehearsing() const;
    // The warnings shown for the context of the last run (empty when none).
    QString warningText() const;
    // Everything the log shows, one line per event.
    QString logText() const;
    // The outcome line ("Bootstrap succeeded in 4.2 s", "failed: …").
    QString statusText() const;
    // The selected failed node's message and conditions, empty when none is shown.
    QString failureDetailsText() const;
    // The last rehearsal's summary line.
    QString rehearsalSummaryText() const;
    // Wall time a rehearsal takes for the longer of the two timelines (default 8 s).
    void setRehearsalDuration(int ms) { m_rehearsalMs = ms; }

public Q_SLOTS:
    void start();
    void cancel();
    void retry();
    // Simulates the predicted timelines on a worker, then plays one (toggle: with / without the
    // health check).
    void rehearse();
    void stopRehearsal();
    // The canvas back to the design alone.
    void clearCanvas();

Q_SIGNALS:
    // The simulation finished and the timeline starts playing.
    void rehearsalStarted();
    // A bootstrap ended (also a canceled one, or one that never reached the cluster).
    void bootstrapFinished(wavesmith::BootstrapOutcome outcome, const QString &message);

protected:
    // The first show restores the options of the last session.
    void showEvent(QShowEvent *event) override;

private:
    struct RehearsalTimelines;
    void playRehearsal(const RehearsalTimelines &timelines);
    void restoreSettings();
    void saveSettings();
    QWidget *createClusterGroup();
    QWidget *createOptionsGroup();
    QWidget *createControls();
    void chooseManifest();
    void updateButtons();
    void appendLog(const QString &line);
    void showLiveHealth();
    void showFinished(BootstrapOutcome outcome, const QString &message);
    void showSelectedFailure();
    // The failed component's message, and its conditions once read from the cluster.
    void showFailureOf(const QString &name);
    void showConditions(const QString &application, const QStringList &lines);
    void setStatus(const QString &text, const QColor &color);

    Design m_design;
    bool m_hasDesign = false;
    QPointer<DesignScene> m_scene;
    BootstrapSession *m_session = nullptr;
    RehearsalPlayer *m_player = nullptr;
    int m_rehearsalMs = 8000;
    bool m_simulating = false;
    int m_rehearsalGeneration = 0;      // a newer rehearse or a stop outdates a simulation
    QList<QPointer<QThread>> m_workers; // simulations, waited for on destruction
    bool m_settingsRestored = false;    // only then are the fields worth saving
    QString m_detailsFor;               // the failed component the details panel shows

    KubeContextPicker *m_picker = nullptr;
    QLineEdit *m_manifest = nullptr;
    QCheckBox *m_dryRun = nullptr;
    QLineEdit *m_timeout = nullptr;
    QSpinBox *m_waveBudget = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_retry = nullptr;
    QPushButton *m_rehearse = nullptr;
    QCheckBox *m_withHealthCheck = nullptr;
    QToolButton *m_clear = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_warnings = nullptr; // the context's risks, e.g. TLS verification turned off
    QLabel *m_rehearsalSummary = nullptr;
    QLabel *m_details = nullptr;
    BootstrapStepList *m_steps = nullptr;
    QPlainTextEdit *m_log = nullptr;
};

} // namespace wavesmith
