#include "kubecontextpicker.h"

#include <QComboBox>
#include <QDir>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QThread>
#include <QToolButton>

#include <memory>

namespace wavesmith {

namespace {

// What a worker read: plain values, handed to the UI thread when the thread finishes.
struct LoadedKubeconfig {
    QList<KubeContextInfo> contexts;
    QStringList files;
    QString error;
};

QString homeRelative(const QString &path) {
    const QString home = QDir::homePath();
    return path.startsWith(home + QLatin1Char('/')) ? QLatin1Char('~') + path.mid(home.size())
                                                    : path;
}

} // namespace

KubeContextPicker::KubeContextPicker(QWidget *parent)
    : QWidget(parent) {
    m_combo = new QComboBox(this);
    m_combo->setObjectName(QStringLiteral("contextCombo"));
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_combo->setMinimumContentsLength(12);
    m_reload = new QToolButton(this);
    m_reload->setObjectName(QStringLiteral("reloadKubeconfig"));
    m_reload->setText(tr("Reload"));
    m_reload->setToolTip(tr("Read the kubeconfig files again"));
    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("contextDetails"));
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setWordWrap(true);
    m_details->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("kubeconfigMessage"));
    m_message->setWordWrap(true);
    m_message->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_combo, 1);
    row->addWidget(m_reload);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(row);
    layout->addWidget(m_details);
    layout->addWidget(m_message);

    connect(m_reload, &QToolButton::clicked, this, &KubeContextPicker::reload);
    connect(m_combo, &QComboBox::currentIndexChanged, this, [this] {
        showDetails();
        Q_EMIT currentContextChanged(currentContext());
    });
}

KubeContextPicker::~KubeContextPicker() {
    // The worker only reads files into its own copies; it finishes quickly.
    for (const QPointer<QThread> &worker : std::as_const(m_workers)) {
        if (worker)
            worker->wait();
    }
}

void KubeContextPicker::setLoadOptions(const KubeconfigLoadOptions &options) {
    m_options = options;
    m_options.context.clear();
}

KubeconfigLoadOptions KubeContextPicker::clientOptions() const {
    KubeconfigLoadOptions options = m_options;
    options.context = currentContext();
    return options;
}

QString KubeContextPicker::currentContext() const {
    return m_combo->currentData().toString();
}

bool KubeContextPicker::setCurrentContext(const QString &name) {
    const int index = m_combo->findData(name);
    if (index < 0)
        return false;
    m_combo->setCurrentIndex(index);
    return true;
}

void KubeContextPicker::setPreferredContext(const QString &name) {
    m_preferred = name;
    // Already read: choose it now (a user's choice made since then is not overridden, as the
    // dock restores its settings before the user can pick).
    if (!m_loading && !name.isEmpty())
        setCurrentContext(name);
}

QString KubeContextPicker::detailsText() const {
    return m_details->text();
}

void KubeContextPicker::showEvent(QShowEvent *event) {
    QWidget::showEvent(event);
    if (!m_reloadRequested)
        reload();
}

void KubeContextPicker::reload() {
    m_reloadRequested = true;
    const int generation = ++m_generation;
    m_loading = true;
    m_reload->setEnabled(false);
    m_details->setText(tr("Reading the kubeconfig…"));
    auto result = std::make_shared<LoadedKubeconfig>();
    const KubeconfigLoadOptions options = m_options;
    QThread *thread = QThread::create([result, options] {
        result->contexts = listContexts(options, &result->error);
        result->files = kubeconfigFiles(options);
    });
    connect(thread, &QThread::finished, this, [this, thread, result, generation] {
        thread->deleteLater();
        if (generation != m_generation)
            return;
        showLoaded(result->contexts, result->files, result->error);
    });
    // An older reload still running finishes on its own copies and is ignored.
    m_workers.removeIf([](const QPointer<QThread> &worker) { return worker.isNull(); });
    m_workers.append(thread);
    thread->start();
}

void KubeContextPicker::showLoaded(const QList<KubeContextInfo> &contexts, const QStringList &files,
                                   const QString &error) {
    m_loading = false;
    m_reload->setEnabled(true);
    m_contexts = contexts;
    m_files = files;
    m_error = error;
    const QString previous = currentContext().isEmpty() ? m_preferred : currentContext();
    {
        const QSignalBlocker blocker(m_combo);
        m_combo->clear();
        int preselect = -1;
        for (const KubeContextInfo &c : contexts) {
            m_combo->addItem(c.current ? tr("%1 (current)").arg(c.name) : c.name, c.name);
            if (c.current)
                preselect = m_combo->count() - 1;
        }
        // A reload keeps the user's choice when it still exists.
        const int kept = previous.isEmpty() ? -1 : m_combo->findData(previous);
        m_combo->setCurrentIndex(kept >= 0 ? kept : qMax(preselect, contexts.isEmpty() ? -1 : 0));
    }
    if (!error.isEmpty()) {
        m_message->setText(
            tr("<b>The kubeconfig cannot be used:</b> %1").arg(error.toHtmlEscaped()));
        m_message->setStyleSheet(QStringLiteral("color: #c5221f;"));
        m_message->show();
    } else if (contexts.isEmpty()) {
        m_message->setText(
            files.isEmpty()
                ? tr("No kubeconfig found: set KUBECONFIG or create ~/.kube/config, then Reload.")
                : tr("%1 holds no context.").arg(files.join(QStringLiteral(", ")).toHtmlEscaped()));
        m_message->setStyleSheet(QStringLiteral("color: #c5221f;"));
        m_message->show();
    } else {
        m_message->hide();
    }
    showDetails();
    Q_EMIT currentContextChanged(currentContext());
    Q_EMIT loaded();
}

void KubeContextPicker::showDetails() {
    const QString name = currentContext();
    for (const KubeContextInfo &c : std::as_const(m_contexts)) {
        if (c.name != name)
            continue;
        QString text = tr("Server: %1 · User: %2")
                           .arg(c.server.isEmpty() ? tr("(none)") : c.server,
                                c.user.isEmpty() ? tr("(none)") : c.user);
        if (!c.namespaceName.isEmpty())
            text += tr(" · Namespace: %1").arg(c.namespaceName);
        m_details->setText(text);
        QStringList shown;
        for (const QString &file : std::as_const(m_files))
            shown << homeRelative(file);
        m_details->setToolTip(tr("From %1").arg(shown.join(QStringLiteral(", "))));
        return;
    }
    m_details->setText(m_loading ? tr("Reading the kubeconfig…") : tr("No context chosen"));
}

} // namespace wavesmith
