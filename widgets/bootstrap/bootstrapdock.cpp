#include "bootstrapdock.h"

#include "bootstrapsession.h"
#include "bootstrapsteplist.h"
#include "kubecontextpicker.h"
#include "rehearsal.h"

#include <canvas/componentnodeitem.h>
#include <canvas/designscene.h>
#include <wavesmith/sim.h>

#include <QCheckBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QThread>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace wavesmith {

namespace {

const QColor kNeutral(0x5f, 0x63, 0x68);
const QColor kGood(0x1f, 0x9d, 0x55);
const QColor kBad(0xc5, 0x22, 0x1f);
const QColor kBusy(0x2f, 0x7f, 0xe0);
const QColor kWarning(0xb2, 0x6a, 0x00);

QString clockText(qint64 ms) {
    const qint64 seconds = ms / 1000;
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

// QSettings keys: the plan's options and the context's name, never a credential.
const QString kManifestKey = QStringLiteral("bootstrap/argocdManifest");
const QString kTimeoutKey = QStringLiteral("bootstrap/timeout");
const QString kWaveBudgetKey = QStringLiteral("bootstrap/waveBudgetSeconds");
const QString kDryRunKey = QStringLiteral("bootstrap/dryRun");
const QString kContextKey = QStringLiteral("bootstrap/context");

} // namespace

// Both predicted timelines, computed together on a worker: they share one clock when played.
struct BootstrapDock::RehearsalTimelines {
    BootstrapSimulation withCheck;
    BootstrapSimulation withoutCheck;
};

BootstrapDock::BootstrapDock(QWidget *parent)
    : QDockWidget(tr("Bootstrap"), parent) {
    setObjectName(QStringLiteral("bootstrapDock"));
    m_session = new BootstrapSession(this);
    m_player = new RehearsalPlayer(this);

    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(8, 6, 8, 8);
    layout->setSpacing(8);
    layout->addWidget(createClusterGroup());
    m_warnings = new QLabel(content);
    m_warnings->setObjectName(QStringLiteral("bootstrapWarnings"));
    m_warnings->setWordWrap(true);
    m_warnings->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_warnings->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warnings->setStyleSheet(QStringLiteral("color: %1;").arg(kWarning.name()));
    m_warnings->hide();
    layout->addWidget(m_warnings);
    layout->addWidget(createOptionsGroup());
    layout->addWidget(createControls());

    m_status = new QLabel(tr("Ready. Start runs the plan against the chosen context."), content);
    m_status->setObjectName(QStringLiteral("bootstrapStatus"));
    m_status->setWordWrap(true);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    m_steps = new BootstrapStepList(content);
    layout->addWidget(m_steps);

    m_details = new QLabel(content);
    m_details->setObjectName(QStringLiteral("failureDetails"));
    m_details->setWordWrap(true);
    m_details->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setFrameShape(QFrame::StyledPanel);
    m_details->setMargin(6);
    m_details->hide();
    layout->addWidget(m_details);

    m_rehearsalSummary = new QLabel(content);
    m_rehearsalSummary->setObjectName(QStringLiteral("rehearsalSummary"));
    m_rehearsalSummary->setWordWrap(true);
    m_rehearsalSummary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_rehearsalSummary->hide();
    layout->addWidget(m_rehearsalSummary);

    auto *logLabel = new QLabel(tr("Log"), content);
    logLabel->setStyleSheet(QStringLiteral("font-weight: 600;"));
    layout->addWidget(logLabel);
    m_log = new QPlainTextEdit(content);
    m_log->setObjectName(QStringLiteral("bootstrapLog"));
    m_log->setReadOnly(true);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_log->setMaximumBlockCount(5000); // a long watch never grows without bound
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setMinimumHeight(120);
    layout->addWidget(m_log, 1);
    // Scrolls rather than squeezing the step list and the log over each other in a short dock.
    auto *scroll = new QScrollArea(this);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(content);
    setWidget(scroll);

    connect(m_session, &BootstrapSession::logLine, this, &BootstrapDock::appendLog);
    connect(m_session, &BootstrapSession::started, this, [this] {
        m_steps->setSteps(m_session->runner()->steps());
        // Shown where the user looks before trusting the run, not only in the log.
        const QStringList warnings = m_session->configWarnings();
        m_warnings->setText(warnings.isEmpty()
                                ? QString()
                                : QStringLiteral("⚠ ") + warnings.join(QStringLiteral("\n⚠ ")));
        m_warnings->setVisible(!warnings.isEmpty());
        setStatus(tr("Running against %1…").arg(m_picker->currentContext()), kBusy);
        updateButtons();
    });
    connect(m_session, &BootstrapSession::event, this, [this](const BootstrapEvent &e) {
        if (e.type != BootstrapEvent::Type::Step)
            return;
        BootstrapStep step = e.step;
        step.message = m_session->redact(step.message);
        m_steps->updateStep(step);
    });
    connect(m_session, &BootstrapSession::healthChanged, this, &BootstrapDock::showLiveHealth);
    connect(m_session, &BootstrapSession::finished, this, &BootstrapDock::showFinished);
    connect(m_session, &BootstrapSession::conditionsFetched, this, &BootstrapDock::showConditions);
    connect(
        m_player, &RehearsalPlayer::frame, this,
        [this](qint64 ms, const QMap<QString, ComponentHealth> &health, std::optional<int> wave) {
            if (m_scene)
                m_scene->setLiveHealth(health, wave);
            setStatus(tr("Rehearsal %1 / %2 (predicted, nominal times)")
                          .arg(clockText(ms), clockText(rehearsalEndMs(m_player->simulation()))),
                      kNeutral);
        });
    connect(m_player, &RehearsalPlayer::finished, this, [this] {
        m_rehearse->setText(tr("Rehearse"));
        updateButtons();
    });
    connect(m_picker, &KubeContextPicker::currentContextChanged, this,
            &BootstrapDock::updateButtons);
    updateButtons(); // the picker reads the kubeconfig when first shown
}

BootstrapDock::~BootstrapDock() {
    saveSettings();
    // Stop between requests; the runner goes with the session.
    if (m_session->isRunning())
        m_session->cancel();
    // A simulation only computes into its own result; it ends on its own. Its finished() handler
    // goes with this object, so the thread is deleted here.
    for (const QPointer<QThread> &worker : std::as_const(m_workers)) {
        if (worker) {
            worker->wait();
            delete worker.data();
        }
    }
}

void BootstrapDock::showEvent(QShowEvent *event) {
    QDockWidget::showEvent(event);
    if (!m_settingsRestored)
        restoreSettings();
}

void BootstrapDock::restoreSettings() {
    m_settingsRestored = true;
    const QSettings settings;
    m_manifest->setText(settings.value(kManifestKey, m_manifest->text()).toString());
    const QString timeout = settings.value(kTimeoutKey).toString();
    if (parseDurationMs(timeout)) // a hand-edited settings file cannot break Start
        m_timeout->setText(timeout);
    m_waveBudget->setValue(settings.value(kWaveBudgetKey, m_waveBudget->value()).toInt());
    m_dryRun->setChecked(settings.value(kDryRunKey, m_dryRun->isChecked()).toBool());
    m_picker->setPreferredContext(settings.value(kContextKey).toString());
}

void BootstrapDock::saveSettings() {
    if (!m_settingsRestored)
        return; // never shown: the fields hold defaults, not the user's choices
    QSettings settings;
    settings.setValue(kManifestKey, m_manifest->text().trimmed());
    settings.setValue(kTimeoutKey, m_timeout->text().trimmed());
    settings.setValue(kWaveBudgetKey, m_waveBudget->value());
    settings.setValue(kDryRunKey, m_dryRun->isChecked());
    // The name only: the kubeconfig keeps the credentials, the settings never see them.
    if (!m_picker->currentContext().isEmpty())
        settings.setValue(kContextKey, m_picker->currentContext());
}

QWidget *BootstrapDock::createClusterGroup() {
    auto *group = new QGroupBox(tr("Cluster"), this);
    auto *layout = new QVBoxLayout(group);
    layout->setContentsMargins(8, 6, 8, 8);
    m_picker = new KubeContextPicker(group);
    layout->addWidget(m_picker);
    return group;
}

QWidget *BootstrapDock::createOptionsGroup() {
    auto *group = new QGroupBox(tr("Plan"), this);
    auto *form = new QFormLayout(group);
    form->setContentsMargins(8, 6, 8, 8);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows); // labels above fields when narrow

    m_manifest = new QLineEdit(group);
    m_manifest->setObjectName(QStringLiteral("argocdManifest"));
    m_manifest->setPlaceholderText(tr("optional: Argo CD is already installed"));
    m_manifest->setToolTip(tr("Argo CD's rendered install manifest (e.g. install.yaml), applied "
                              "server-side when Argo CD is not installed"));
    auto *browse = new QToolButton(group);
    browse->setText(tr("Browse…"));
    connect(browse, &QToolButton::clicked, this, &BootstrapDock::chooseManifest);
    auto *manifestRow = new QHBoxLayout;
    manifestRow->setContentsMargins(0, 0, 0, 0);
    manifestRow->addWidget(m_manifest, 1);
    manifestRow->addWidget(browse);
    form->addRow(tr("Argo CD manifest:"), manifestRow);

    m_timeout = new QLineEdit(QStringLiteral("30m"), group);
    m_timeout->setObjectName(QStringLiteral("bootstrapTimeout"));
    m_timeout->setToolTip(tr("Overall time limit: 90s, 10m, 1h30m"));
    m_timeout->setFixedWidth(m_timeout->fontMetrics().horizontalAdvance(QStringLiteral("1h30m00")) +
                             16);
    m_dryRun = new QCheckBox(tr("Dry run"), group);
    m_dryRun->setToolTip(tr("Send every write with dryRun=All: nothing is stored"));
    m_dryRun->setObjectName(QStringLiteral("bootstrapDryRun"));
    auto *timeoutRow = new QHBoxLayout;
    timeoutRow->setContentsMargins(0, 0, 0, 0);
    timeoutRow->addWidget(m_timeout);
    timeoutRow->addSpacing(12);
    timeoutRow->addWidget(m_dryRun);
    timeoutRow->addStretch(1);
    form->addRow(tr("Timeout:"), timeoutRow);

    m_waveBudget = new QSpinBox(group);
    m_waveBudget->setObjectName(QStringLiteral("bootstrapWaveBudget"));
    m_waveBudget->setRange(0, 24 * 3600);
    m_waveBudget->setSingleStep(30);
    m_waveBudget->setSuffix(tr(" s"));
    // 0 is the default: each wave's budget from the design, else a share of the timeout.
    m_waveBudget->setSpecialValueText(tr("from the design, else derived from the timeout"));
    m_waveBudget->setToolTip(
        tr("Time a wave may take once the waves before it are healthy, for waves without a "
           "budget of their own (canvas: lane menu › Set Wave Time Budget…)"));
    form->addRow(tr("Wave budget:"), m_waveBudget);
    return group;
}

QWidget *BootstrapDock::createControls() {
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);

    auto *run = new QHBoxLayout;
    m_start = new QPushButton(tr("Start"), box);
    m_start->setObjectName(QStringLiteral("bootstrapStart"));
    m_start->setToolTip(tr("Run the bootstrap plan against the chosen context"));
    m_cancel = new QPushButton(tr("Cancel"), box);
    m_cancel->setObjectName(QStringLiteral("bootstrapCancel"));
    m_cancel->setToolTip(tr("Stop between requests; a later run finishes the job"));
    m_retry = new QPushButton(tr("Retry"), box);
    m_retry->setObjectName(QStringLiteral("bootstrapRetry"));
    m_retry->setToolTip(tr("Run the same plan again: what is already applied is skipped"));
    run->addWidget(m_start);
    run->addWidget(m_cancel);
    run->addWidget(m_retry);
    run->addStretch(1);
    layout->addLayout(run);

    auto *rehearsal = new QHBoxLayout;
    m_rehearse = new QPushButton(tr("Rehearse"), box);
    m_rehearse->setObjectName(QStringLiteral("bootstrapRehearse"));
    m_rehearse->setToolTip(tr("Play the predicted timeline on the canvas, without a cluster"));
    m_withHealthCheck = new QCheckBox(tr("with the Application health check"), box);
    m_withHealthCheck->setObjectName(QStringLiteral("rehearseWithHealthCheck"));
    m_withHealthCheck->setChecked(true);
    m_withHealthCheck->setToolTip(
        tr("The seed's argoproj.io/Application health customization makes the root wait for "
           "each wave; without it every wave starts at once"));
    m_clear = new QToolButton(box);
    m_clear->setObjectName(QStringLiteral("clearCanvas"));
    m_clear->setText(tr("Clear"));
    m_clear->setToolTip(tr("Show the design alone again"));
    rehearsal->addWidget(m_rehearse);
    rehearsal->addWidget(m_clear);
    rehearsal->addStretch(1);
    layout->addLayout(rehearsal);
    // On a line of its own: the dock shares a narrow column with the Inspector.
    layout->addWidget(m_withHealthCheck);

    connect(m_start, &QPushButton::clicked, this, &BootstrapDock::start);
    connect(m_cancel, &QPushButton::clicked, this, &BootstrapDock::cancel);
    connect(m_retry, &QPushButton::clicked, this, &BootstrapDock::retry);
    connect(m_rehearse, &QPushButton::clicked, this, [this] {
        if (isRehearsing())
            stopRehearsal();
        else
            rehearse();
    });
    connect(m_withHealthCheck, &QCheckBox::toggled, this, [this] {
        if (isRehearsing())
            rehearse(); // the other timeline, from the start
    });
    connect(m_clear, &QToolButton::clicked, this, &BootstrapDock::clearCanvas);
    return box;
}

void BootstrapDock::setDesign(const Design &design, const QString &repositoryDir,
                              const Catalog &catalog) {
    m_design = design;
    m_hasDesign = true;
    m_session->setDesign(design, repositoryDir, catalog);
    // The design's own wave budgets win over the field: say which waves have one.
    QStringList budgets;
    for (const Wave &w : design.waves) {
        if (w.budgetSeconds > 0)
            budgets << tr("wave %1: %2 s").arg(w.number).arg(w.budgetSeconds);
    }
    m_waveBudget->setToolTip(
        tr("Time a wave may take once the waves before it are healthy, for waves without a "
           "budget of their own (canvas: lane menu › Set Wave Time Budget…)") +
        (budgets.isEmpty()
             ? QString()
             : tr("\nBudgets of this design: %1").arg(budgets.join(QStringLiteral(", ")))));
    setWindowTitle(
        repositoryDir.isEmpty()
            ? tr("Bootstrap — homelab example")
            : tr("Bootstrap — %1")
                  .arg(repositoryDir.section(QLatin1Char('/'), -1, -1, QString::SectionSkipEmpty)));
    updateButtons();
}

void BootstrapDock::setCanvas(DesignScene *scene) {
    if (m_scene)
        disconnect(m_scene, nullptr, this, nullptr);
    m_scene = scene;
    if (m_scene)
        connect(m_scene, &QGraphicsScene::selectionChanged, this,
                &BootstrapDock::showSelectedFailure);
}

bool BootstrapDock::isBusy() const {
    return m_session->isBusy();
}

QString BootstrapDock::logText() const {
    return m_log->toPlainText();
}

QString BootstrapDock::statusText() const {
    return m_status->text();
}

QString BootstrapDock::failureDetailsText() const {
    return m_details->isVisible() || !m_detailsFor.isEmpty() ? m_details->text() : QString();
}

QString BootstrapDock::rehearsalSummaryText() const {
    return m_rehearsalSummary->text();
}

void BootstrapDock::start() {
    if (isBusy() || !m_hasDesign)
        return;
    const auto timeout = parseDurationMs(m_timeout->text().trimmed());
    if (!timeout) {
        setStatus(
            tr("Timeout \"%1\" is not a duration (e.g. 90s, 10m, 1h30m).").arg(m_timeout->text()),
            kBad);
        return;
    }
    if (m_picker->currentContext().isEmpty()) {
        setStatus(tr("Choose a kubeconfig context first."), kBad);
        return;
    }
    saveSettings(); // what was started is what the next session starts from
    stopRehearsal();
    if (m_scene)
        m_scene->clearLiveHealth(); // a rehearsal or an earlier run no longer applies
    m_rehearsalSummary->hide();
    m_details->hide();
    m_detailsFor.clear();
    m_steps->setSteps(bootstrapSteps());
    BootstrapOptions options;
    options.timeoutMs = *timeout;
    options.waveBudgetMs = qint64(m_waveBudget->value()) * 1000;
    options.dryRun = m_dryRun->isChecked();
    options.argocdManifest = m_manifest->text().trimmed();
    appendLog(tr("── Bootstrap of %1 with context %2%3 ──")
                  .arg(windowTitle().section(QStringLiteral(" — "), 1), m_picker->currentContext(),
                       options.dryRun ? tr(" (dry run)") : QString()));
    setStatus(tr("Preparing…"), kBusy);
    m_session->start(m_picker->clientOptions(), options);
    updateButtons();
}

void BootstrapDock::cancel() {
    if (!isBusy()) {
        stopRehearsal();
        return;
    }
    m_session->cancel();
    setStatus(tr("Canceling between requests…"), kBusy);
    updateButtons();
}

void BootstrapDock::retry() {
    if (!m_session->canRetry())
        return;
    stopRehearsal();
    m_details->hide();
    m_detailsFor.clear();
    appendLog(tr("── Retry: steps already done are skipped ──"));
    m_session->retry();
    updateButtons();
}

bool BootstrapDock::isRehearsing() const {
    return m_simulating || m_player->isPlaying();
}

void BootstrapDock::rehearse() {
    if (!m_hasDesign || isBusy())
        return;
    m_player->stop();
    const int generation = ++m_rehearsalGeneration;
    m_simulating = true;
    m_rehearse->setText(tr("Stop"));
    setStatus(tr("Simulating the bootstrap…"), kNeutral);
    updateButtons();
    const bool hasCheck =
        m_design.hasHealthCheckFor(QStringLiteral("argoproj.io"), QStringLiteral("Application"));
    auto result = std::make_shared<RehearsalTimelines>();
    // Large designs take a while to simulate (Lua health checks included): off the UI thread.
    QThread *thread = QThread::create([result, design = m_design, hasCheck] {
        SimulationOptions with;
        with.healthCheck = hasCheck;
        SimulationOptions without;
        without.healthCheck = false;
        result->withCheck = simulateBootstrap(design, with);
        result->withoutCheck = simulateBootstrap(design, without);
    });
    connect(thread, &QThread::finished, this, [this, thread, result, generation] {
        thread->deleteLater();
        if (generation != m_rehearsalGeneration)
            return; // stopped, or a newer rehearsal asked for
        m_simulating = false;
        playRehearsal(*result);
    });
    m_workers.removeIf([](const QPointer<QThread> &worker) { return worker.isNull(); });
    m_workers.append(thread);
    thread->start();
}

void BootstrapDock::playRehearsal(const RehearsalTimelines &timelines) {
    const BootstrapSimulation &withCheck = timelines.withCheck;
    const BootstrapSimulation &withoutCheck = timelines.withoutCheck;
    const bool hasCheck = withCheck.healthCheck;
    // Both timelines on one clock, so "without" visibly finishes sooner and starts everything
    // at once.
    const qint64 longest = std::max(rehearsalEndMs(withCheck), rehearsalEndMs(withoutCheck));
    const qreal msPerSecond = m_rehearsalMs / std::max(1.0, longest / 1000.0);
    const bool useCheck = m_withHealthCheck->isChecked();
    QString summary = rehearsalSummary(useCheck ? withCheck : withoutCheck);
    if (useCheck && !hasCheck)
        summary.prepend(tr("The design has no argoproj.io/Application health check: rehearsed "
                           "without it. "));
    m_rehearsalSummary->setText(summary);
    m_rehearsalSummary->show();
    m_details->hide();
    m_detailsFor.clear();
    m_rehearse->setText(tr("Stop"));
    m_player->play(useCheck ? withCheck : withoutCheck, msPerSecond);
    updateButtons();
    Q_EMIT rehearsalStarted();
}

void BootstrapDock::stopRehearsal() {
    if (!isRehearsing())
        return;
    ++m_rehearsalGeneration; // a simulation still running is dropped when it ends
    const bool wasSimulating = m_simulating;
    m_simulating = false;
    m_player->stop();
    if (wasSimulating)
        setStatus(tr("Rehearsal stopped."), kNeutral);
    m_rehearse->setText(tr("Rehearse"));
    updateButtons();
}

void BootstrapDock::clearCanvas() {
    stopRehearsal();
    if (m_scene)
        m_scene->clearLiveHealth();
    m_details->hide();
    m_detailsFor.clear();
    updateButtons();
}

void BootstrapDock::chooseManifest() {
    // A non-blocking dialog: the event loop (and a running watch) carries on behind it.
    auto *dialog = new QFileDialog(this, tr("Argo CD Install Manifest"), m_manifest->text(),
                                   tr("YAML or JSON (*.yaml *.yml *.json);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, m_manifest, &QLineEdit::setText);
    dialog->open();
}

void BootstrapDock::updateButtons() {
    const bool busy = isBusy();
    m_start->setEnabled(!busy && m_hasDesign && !m_picker->currentContext().isEmpty());
    m_cancel->setEnabled(busy || isRehearsing()); // also stops a rehearsal
    m_retry->setEnabled(!busy && m_session->canRetry());
    m_rehearse->setEnabled(!busy && m_hasDesign);
    m_withHealthCheck->setEnabled(!busy);
    m_clear->setEnabled(!busy && m_scene && m_scene->hasLiveHealth());
    m_picker->setEnabled(!busy);
    m_manifest->setEnabled(!busy);
    m_timeout->setEnabled(!busy);
    m_waveBudget->setEnabled(!busy);
    m_dryRun->setEnabled(!busy);
}

void BootstrapDock::appendLog(const QString &line) {
    // Every line arrives redacted from the session; the log never sees a raw secret.
    m_log->appendPlainText(line);
    m_log->verticalScrollBar()->setValue(m_log->verticalScrollBar()->maximum());
}

void BootstrapDock::showLiveHealth() {
    if (m_scene && m_session->runner())
        m_scene->setLiveHealth(m_session->health(), m_session->currentWave());
    if (!m_detailsFor.isEmpty())
        showFailureOf(m_detailsFor);
}

void BootstrapDock::showFinished(BootstrapOutcome outcome, const QString &message) {
    const qint64 total = m_session->runner() && !m_session->runner()->steps().isEmpty()
                             ? m_session->runner()->steps().constLast().finishedMs
                             : -1;
    switch (outcome) {
    case BootstrapOutcome::Succeeded:
        setStatus(total >= 0 ? tr("Bootstrap succeeded in %1: every wave Synced and Healthy.")
                                   .arg(clockText(total))
                             : tr("Bootstrap succeeded: every wave Synced and Healthy."),
                  kGood);
        break;
    case BootstrapOutcome::Canceled:
        setStatus(tr("Canceled. What was applied stays applied; Retry finishes the job."),
                  kNeutral);
        break;
    case BootstrapOutcome::Failed:
    case BootstrapOutcome::TimedOut:
        setStatus(tr("Bootstrap %1: %2").arg(bootstrapOutcomeName(outcome), message), kBad);
        break;
    }
    // A failure explains itself at once: the first failing component's details.
    if (outcome == BootstrapOutcome::Failed && m_session->runner()) {
        if (const auto failure = m_session->runner()->tracker().firstFailure(); failure && m_scene)
            showFailureOf(failure->name); // shown, not selected: the selection is the user's
    }
    updateButtons();
    Q_EMIT bootstrapFinished(outcome, message);
}

void BootstrapDock::showSelectedFailure() {
    if (m_scene)
        showFailureOf(m_scene->selectedComponent());
}

void BootstrapDock::showFailureOf(const QString &name) {
    if (!m_scene)
        return;
    const ComponentNodeItem *node = name.isEmpty() ? nullptr : m_scene->componentItem(name);
    if (!node || !node->liveHealth() || !node->liveHealth()->isFailed()) {
        m_details->hide();
        m_detailsFor.clear();
        return;
    }
    const ComponentHealth &h = *node->liveHealth();
    const bool fresh = m_detailsFor != name;
    m_detailsFor = name;
    QString text = tr("<b>%1</b> · wave %2 · %3 / %4<br><span style=\"color:#c5221f\">%5</span>")
                       .arg(name.toHtmlEscaped())
                       .arg(h.wave)
                       .arg(h.health.toHtmlEscaped(), h.sync.toHtmlEscaped(),
                            m_session->redact(h.problem).toHtmlEscaped());
    if (!h.healthMessage.isEmpty() && !h.problem.contains(h.healthMessage))
        text += QStringLiteral("<br>") + m_session->redact(h.healthMessage).toHtmlEscaped();
    if (fresh) {
        m_details->setText(text + QStringLiteral("<br><i>%1</i>").arg(tr("Reading conditions…")));
        m_session->fetchConditions(name);
    }
    m_details->show();
}

void BootstrapDock::showConditions(const QString &application, const QStringList &lines) {
    if (application != m_detailsFor)
        return;
    QString text = m_details->text();
    const int reading = text.indexOf(QStringLiteral("<br><i>"));
    if (reading >= 0)
        text.truncate(reading);
    QStringList escaped;
    for (const QString &line : lines)
        escaped << QStringLiteral("• ") + line.toHtmlEscaped();
    m_details->setText(text + QStringLiteral("<br><b>%1</b><br>").arg(tr("Conditions")) +
                       escaped.join(QStringLiteral("<br>")));
}

QString BootstrapDock::warningText() const {
    return m_warnings->isHidden() ? QString() : m_warnings->text();
}

void BootstrapDock::setStatus(const QString &text, const QColor &color) {
    m_status->setText(text);
    m_status->setStyleSheet(QStringLiteral("color: %1;").arg(color.name()));
}

} // namespace wavesmith
