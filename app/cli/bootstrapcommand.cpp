// `wavesmith bootstrap DIR --kubeconfig FILE ...` runs the bootstrap plan and prints each step
// and wave as it goes; `wavesmith status DIR --kubeconfig FILE [--watch]` shows Argo CD's health
// and sync of every component, grouped by wave. Both run the event loop; Ctrl-C cancels.

#include "cli.h"

#include <wavesmith/bootstrap.h>
#include <wavesmith/catalog.h>
#include <wavesmith/kubeclient.h>
#include <wavesmith/repo.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <sys/socket.h>
#include <unistd.h>

namespace wavesmith::cli {

namespace {

// Turns SIGINT/SIGTERM into a Qt signal through a self-pipe: the handler only writes a byte,
// the event loop does the rest (a signal handler may not touch Qt).
class InterruptNotifier : public QObject {
    Q_OBJECT

public:
    InterruptNotifier() {
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, s_fds) != 0)
            return;
        m_notifier = new QSocketNotifier(s_fds[1], QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, [this] {
            char byte = 0;
            if (::read(s_fds[1], &byte, 1) == 1)
                Q_EMIT interrupted();
        });
        struct sigaction action = {};
        action.sa_handler = &InterruptNotifier::handle;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        ::sigaction(SIGINT, &action, &m_oldInt);
        ::sigaction(SIGTERM, &action, &m_oldTerm);
    }
    ~InterruptNotifier() override {
        ::sigaction(SIGINT, &m_oldInt, nullptr);
        ::sigaction(SIGTERM, &m_oldTerm, nullptr);
        ::close(s_fds[0]);
        ::close(s_fds[1]);
    }

Q_SIGNALS:
    void interrupted();

private:
    static void handle(int) {
        const char byte = 1;
        [[maybe_unused]] const auto written = ::write(s_fds[0], &byte, 1);
    }

    static inline int s_fds[2] = {-1, -1};
    QSocketNotifier *m_notifier = nullptr;
    struct sigaction m_oldInt = {};
    struct sigaction m_oldTerm = {};
};

void addClusterOptions(QCommandLineParser &parser) {
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("the repository"));
    parser.addOption({QStringLiteral("kubeconfig"),
                      QStringLiteral("the kubeconfig file (required; no merging)."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("context"),
                      QStringLiteral("the kubeconfig context (default: current-context)."),
                      QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("print one JSON event per line.")});
}

// The design and the client configuration both commands need; nullopt after printing why.
struct ClusterInput {
    Design design;
    ClientConfig config;
};
std::optional<ClusterInput> loadClusterInput(const QCommandLineParser &parser,
                                             const QString &command, int *exitCode) {
    *exitCode = BadInput;
    if (parser.positionalArguments().size() != 1) {
        fail(command, QStringLiteral("expected one DIR (see --help)"), BadInput);
        return std::nullopt;
    }
    if (!parser.isSet(QStringLiteral("kubeconfig"))) {
        fail(command, QStringLiteral("--kubeconfig FILE is required"), BadInput);
        return std::nullopt;
    }
    KubeconfigLoadOptions options;
    options.files = {parser.value(QStringLiteral("kubeconfig"))};
    options.context = parser.value(QStringLiteral("context"));
    auto config = loadClientConfig(options);
    if (!config) {
        fail(command, config.error().toString(), BadInput);
        return std::nullopt;
    }
    auto design = importRepository(parser.positionalArguments().first(), Catalog::builtin());
    if (!design) {
        fail(command, design.error().toString(), BadInput);
        return std::nullopt;
    }
    for (const QString &warning : config->warnings())
        printErr(QStringLiteral("wavesmith %1: warning: %2").arg(command, warning));
    return ClusterInput{std::move(design.value()), std::move(config.value())};
}

void printJsonLine(const QJsonObject &object) {
    printOut(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
}

int exitCodeFor(BootstrapOutcome outcome) {
    return outcome == BootstrapOutcome::Succeeded ? Success : Failed;
}

} // namespace

int runBootstrap(const QStringList &arguments) {
    const QString command = QStringLiteral("bootstrap");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Bootstrap a cluster from the repository: preflight, namespace argocd, Argo CD install "
        "(when absent), health customizations and params, wait for Argo CD, apply root.yaml, "
        "then watch every Application wave by wave until all are Synced and Healthy. Every "
        "step is idempotent: a re-run skips what is already there. Ctrl-C cancels between "
        "requests."));
    addClusterOptions(parser);
    parser.addOption({QStringLiteral("argocd-manifest"),
                      QStringLiteral("Argo CD's rendered install manifest, applied server-side "
                                     "when Argo CD is not installed."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("timeout"),
                      QStringLiteral("overall time limit, e.g. 90s, 10m, 1h (default 30m)."),
                      QStringLiteral("DURATION"), QStringLiteral("30m")});
    parser.addOption({QStringLiteral("wave-timeout"),
                      QStringLiteral("time one wave may take once the waves before it are ready, "
                                     "for waves without a budget of their own in the design "
                                     "(.wavesmith/layout.yaml `budget:`; default: derived from "
                                     "--timeout)."),
                      QStringLiteral("DURATION")});
    parser.addOption({QStringLiteral("dry-run"),
                      QStringLiteral("send every write with dryRun=All: nothing is stored.")});
    if (const auto done = parseCommandLine(parser, command, arguments))
        return *done;

    BootstrapOptions options;
    const auto timeout = parseDurationMs(parser.value(QStringLiteral("timeout")));
    if (!timeout)
        return fail(command,
                    QStringLiteral("--timeout \"%1\" is not a duration (e.g. 90s, 10m, 1h30m)")
                        .arg(parser.value(QStringLiteral("timeout"))),
                    BadInput);
    options.timeoutMs = *timeout;
    if (parser.isSet(QStringLiteral("wave-timeout"))) {
        const auto wave = parseDurationMs(parser.value(QStringLiteral("wave-timeout")));
        if (!wave)
            return fail(command,
                        QStringLiteral("--wave-timeout \"%1\" is not a duration (e.g. 90s, 10m)")
                            .arg(parser.value(QStringLiteral("wave-timeout"))),
                        BadInput);
        options.waveBudgetMs = *wave;
    }
    options.dryRun = parser.isSet(QStringLiteral("dry-run"));
    options.argocdManifest = parser.value(QStringLiteral("argocd-manifest"));

    int exitCode = BadInput;
    auto input = loadClusterInput(parser, command, &exitCode);
    if (!input)
        return exitCode;
    options.repoDir = parser.positionalArguments().first();
    auto manifests = loadBootstrapManifests(input->design, options);
    if (!manifests)
        return fail(command, manifests.error().toString(), BadInput);

    const bool json = parser.isSet(QStringLiteral("json"));
    BootstrapRunner runner(input->config, input->design, manifests.value(), options);
    QObject::connect(&runner, &BootstrapRunner::event, [json](const BootstrapEvent &e) {
        if (json)
            printJsonLine(bootstrapEventJson(e));
        else
            printOut(formatBootstrapEvent(e));
    });
    QObject::connect(&runner, &BootstrapRunner::finished,
                     [command](BootstrapOutcome outcome, const QString &message) {
                         if (outcome != BootstrapOutcome::Succeeded)
                             printErr(QStringLiteral("wavesmith %1: %2: %3")
                                          .arg(command, bootstrapOutcomeName(outcome), message));
                         QCoreApplication::exit(exitCodeFor(outcome));
                     });
    InterruptNotifier interrupt;
    QObject::connect(&interrupt, &InterruptNotifier::interrupted, &runner,
                     &BootstrapRunner::cancel);
    QTimer::singleShot(0, &runner, &BootstrapRunner::start);
    const int code = QCoreApplication::exec();
    // The plan has finished: every request is answered and every event printed. Ending here
    // skips tearing down the network stack, the watch's connection and the parsed manifests,
    // which took longer than noticing the last Application turn healthy.
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(code);
}

namespace {

QString componentLine(const ComponentHealth &c) {
    QString line = QStringLiteral("  %1 %2 %3")
                       .arg(c.name, -24)
                       .arg(c.present ? (c.health.isEmpty() ? QStringLiteral("-") : c.health)
                                      : QStringLiteral("absent"),
                            -12)
                       .arg(c.sync.isEmpty() ? QStringLiteral("-") : c.sync, -10);
    const QString why = c.problem.isEmpty() ? c.healthMessage : c.problem;
    if (!why.isEmpty())
        line += QLatin1Char(' ') + why;
    return line.trimmed().prepend(QStringLiteral("  "));
}

QString waveLine(const WaveHealth &w) {
    return QStringLiteral("wave %1%2: %3/%4 ready")
        .arg(w.wave)
        .arg(w.phase.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(w.phase))
        .arg(w.ready)
        .arg(w.components.size());
}

QJsonObject componentStatusJson(const ComponentHealth &c) {
    auto text = [](const QString &s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); };
    return {{QStringLiteral("name"), c.name},
            {QStringLiteral("wave"), c.wave},
            {QStringLiteral("present"), c.present},
            {QStringLiteral("health"), text(c.health)},
            {QStringLiteral("sync"), text(c.sync)},
            {QStringLiteral("operationPhase"), text(c.operationPhase)},
            {QStringLiteral("message"), text(c.healthMessage)},
            {QStringLiteral("problem"), text(c.problem)}};
}

QString statusText(const ApplicationTracker &tracker) {
    const ComponentHealth root = tracker.root();
    QString text =
        QStringLiteral("root Application %1: %2 %3\n")
            .arg(root.name, root.present ? root.health : QStringLiteral("absent"), root.sync)
            .trimmed() +
        QLatin1Char('\n');
    for (const WaveHealth &w : tracker.waves()) {
        text += waveLine(w) + QLatin1Char('\n');
        for (const QString &name : w.components)
            text += componentLine(*tracker.component(name)) + QLatin1Char('\n');
    }
    const QStringList unknown = tracker.unknownApplications();
    if (!unknown.isEmpty())
        text += QStringLiteral("not in the design: %1\n").arg(unknown.join(QStringLiteral(", ")));
    return text;
}

QJsonObject statusJson(const ApplicationTracker &tracker) {
    QJsonArray waves;
    for (const WaveHealth &w : tracker.waves()) {
        QJsonArray components;
        for (const QString &name : w.components)
            components.append(componentStatusJson(*tracker.component(name)));
        waves.append(QJsonObject{{QStringLiteral("wave"), w.wave},
                                 {QStringLiteral("phase"), w.phase},
                                 {QStringLiteral("ready"), w.ready},
                                 {QStringLiteral("total"), int(w.components.size())},
                                 {QStringLiteral("components"), components}});
    }
    return {{QStringLiteral("root"), componentStatusJson(tracker.root())},
            {QStringLiteral("waves"), waves},
            {QStringLiteral("allReady"), tracker.allReady()},
            {QStringLiteral("unknownApplications"),
             QJsonArray::fromStringList(tracker.unknownApplications())}};
}

// Prints what changed since the last call (--watch).
class StatusPrinter {
public:
    StatusPrinter(const ApplicationTracker &tracker, bool json)
        : m_tracker(tracker)
        , m_json(json) {}

    void printChanges() {
        QList<ComponentHealth> all = m_tracker.components();
        all.prepend(m_tracker.root());
        for (const ComponentHealth &c : all) {
            if (m_last.value(c.name) == c && m_last.contains(c.name))
                continue;
            m_last.insert(c.name, c);
            if (m_json)
                printJsonLine({{QStringLiteral("event"), QStringLiteral("component")},
                               {QStringLiteral("component"), componentStatusJson(c)}});
            else
                printOut(c.wave < 0
                             ? QStringLiteral("root Application ") + componentLine(c).trimmed()
                             : QStringLiteral("wave %1 ").arg(c.wave) + componentLine(c).trimmed());
        }
        for (const WaveHealth &w : m_tracker.waves()) {
            if (m_ready.value(w.wave, -1) == w.ready)
                continue;
            m_ready.insert(w.wave, w.ready);
            if (m_json)
                printJsonLine({{QStringLiteral("event"), QStringLiteral("wave")},
                               {QStringLiteral("wave"), w.wave},
                               {QStringLiteral("phase"), w.phase},
                               {QStringLiteral("ready"), w.ready},
                               {QStringLiteral("total"), int(w.components.size())}});
            else
                printOut(waveLine(w));
        }
    }

private:
    const ApplicationTracker &m_tracker;
    bool m_json;
    QMap<QString, ComponentHealth> m_last;
    QMap<int, int> m_ready;
};

} // namespace

int runStatus(const QStringList &arguments) {
    const QString command = QStringLiteral("status");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Show Argo CD's health and sync of every component of the repository, "
                       "grouped by wave. --watch keeps printing changes until interrupted."));
    addClusterOptions(parser);
    parser.addOption({QStringLiteral("watch"),
                      QStringLiteral("keep watching and print every change (Ctrl-C stops).")});
    if (const auto done = parseCommandLine(parser, command, arguments))
        return *done;
    int exitCode = BadInput;
    auto input = loadClusterInput(parser, command, &exitCode);
    if (!input)
        return exitCode;
    const bool json = parser.isSet(QStringLiteral("json"));
    ApplicationTracker tracker(input->design);
    KubeClient client(input->config);
    const QString apiVersion = QStringLiteral("argoproj.io/v1alpha1");
    const QString kind = QStringLiteral("Application");

    if (!parser.isSet(QStringLiteral("watch"))) {
        ListOptions options;
        options.namespaceName = QStringLiteral("argocd");
        int code = Success;
        client.list(apiVersion, kind, options)->then(&client, [&](const KubeReply &r) {
            if (!r.ok() && r.errorKind() != KubeReply::ErrorKind::NotDiscovered) {
                code = fail(command, client.redact(r.errorString()), Failed);
            } else {
                if (!r.ok())
                    printErr(QStringLiteral("wavesmith status: Argo CD is not installed (the "
                                            "server does not serve Applications)"));
                QList<QJsonObject> items;
                for (const QJsonValue &item : r.object().value(QStringLiteral("items")).toArray())
                    items.append(item.toObject());
                tracker.reset(items);
                if (json)
                    printOut(QString::fromUtf8(QJsonDocument(statusJson(tracker)).toJson()));
                else
                    printOut(client.redact(statusText(tracker)));
            }
            QCoreApplication::exit(code);
        });
        QCoreApplication::exec();
        return code;
    }

    WatchOptions options;
    options.namespaceName = QStringLiteral("argocd");
    KubeWatch *watch = client.watch(apiVersion, kind, options);
    StatusPrinter printer(tracker, json);
    QObject::connect(watch, &KubeWatch::listed, [&](const QList<QJsonObject> &items) {
        tracker.reset(items);
        printer.printChanges();
    });
    const auto changed = [&](const QJsonObject &app) {
        tracker.update(app);
        printer.printChanges();
    };
    QObject::connect(watch, &KubeWatch::added, changed);
    QObject::connect(watch, &KubeWatch::modified, changed);
    QObject::connect(watch, &KubeWatch::deleted, [&](const QJsonObject &app) {
        tracker.remove(app);
        printer.printChanges();
    });
    int code = Success;
    QObject::connect(watch, &KubeWatch::failed, [&](const QString &message) {
        code = fail(command, client.redact(message), Failed);
        QCoreApplication::exit(code);
    });
    InterruptNotifier interrupt;
    QObject::connect(&interrupt, &InterruptNotifier::interrupted, [&] {
        watch->stop();
        QCoreApplication::exit(code);
    });
    watch->start();
    QCoreApplication::exec();
    return code;
}

} // namespace wavesmith::cli

#include "bootstrapcommand.moc"
