// The Kubernetes client (core/kube) watching 5,000 Argo CD Applications while they get 1,000
// status updates per second, next to its baseline in the same run: `kubectl get applications
// -A -w -o json` consuming the same stream at the same time.
//
//   - CPU time of each watcher process (utime + stime from /proc, the whole process tree, so
//     kubectl's dispatcher counts too) while the updates stream: target <= 1.0x kubectl;
//   - the same for the whole run including the initial list of 5,000 Applications;
//   - peak RSS (VmHWM) of our watcher: target <= 200 MB.
//
// Our watcher runs as a child process of this program (`bench_kube --watch-child KUBECONFIG`)
// and, like a real consumer, keeps every Application it is told about in a hash.
//
// Run: cmake --build BUILD --target bench_kube wavesmith-test-apiserver
//      BUILD/tests/bench/bench_kube
// Needs /usr/bin/kubectl and ../shared/argocd-crds.

#include <wavesmith/kubeclient.h>
#include <wavesmith/kubeconfig.h>

#include "sim/yamljson.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrl>

#include <benchmark/benchmark.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

#include <unistd.h>

using namespace wavesmith;

namespace {

const QString kubectlPath = QStringLiteral("/usr/bin/kubectl");
constexpr int applications = 5000;
constexpr int ratePerSecond = 1000;
constexpr int seconds = 10;

// ---- the child: our watcher ------------------------------------------------------------

int watchChild(const QString &kubeconfig) {
    KubeconfigLoadOptions options;
    options.files = {kubeconfig};
    options.context = QStringLiteral("admin");
    const Result<ClientConfig> config = loadClientConfig(options);
    if (!config) {
        std::fprintf(stderr, "%s\n", qPrintable(config.error().toString()));
        return 2;
    }
    KubeClient client(config.value());
    KubeWatch *watch =
        client.watch(QStringLiteral("argoproj.io/v1alpha1"), QStringLiteral("Application"));
    QHash<QString, QJsonObject> known; // what a consumer (the bootstrap's view) would keep
    qint64 events = 0;
    const auto key = [](const QJsonObject &o) {
        const QJsonObject metadata = o.value(QStringLiteral("metadata")).toObject();
        return metadata.value(QStringLiteral("namespace")).toString() + QLatin1Char('/') +
               metadata.value(QStringLiteral("name")).toString();
    };
    QObject::connect(watch, &KubeWatch::listed, watch,
                     [&](const QList<QJsonObject> &items, const QString &) {
                         known.clear();
                         for (const QJsonObject &item : items)
                             known.insert(key(item), item);
                         std::printf("listed %lld\n", qlonglong(known.size()));
                         std::fflush(stdout);
                     });
    const auto store = [&](const QJsonObject &o) {
        known.insert(key(o), o);
        ++events;
    };
    QObject::connect(watch, &KubeWatch::added, watch, store);
    QObject::connect(watch, &KubeWatch::modified, watch, store);
    QObject::connect(watch, &KubeWatch::deleted, watch, [&](const QJsonObject &o) {
        known.remove(key(o));
        ++events;
    });
    QObject::connect(watch, &KubeWatch::failed, watch, [](const QString &message) {
        std::fprintf(stderr, "watch failed: %s\n", qPrintable(message));
        QCoreApplication::exit(1);
    });
    QTimer report;
    QObject::connect(&report, &QTimer::timeout, [&] {
        std::printf("events %lld\n", events);
        std::fflush(stdout);
    });
    report.start(100);
    watch->start();
    return QCoreApplication::exec();
}

// ---- measuring processes ----------------------------------------------------------------

struct Usage {
    double cpuMs = 0;
    double peakRssMb = 0;
};

// CPU time and peak RSS of `pid` and its descendants, from /proc.
Usage usageOfTree(qint64 pid) {
    QHash<qint64, qint64> parentOf;
    QHash<qint64, double> cpuOf;
    const double tick = 1000.0 / double(sysconf(_SC_CLK_TCK));
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool isPid = false;
        const qint64 id = entry.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(id));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = stat.readAll();
        // Fields after the command name, which is in parentheses and may hold spaces.
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (fields.size() < 13)
            continue;
        parentOf.insert(id, fields[1].toLongLong());
        cpuOf.insert(id, (fields[11].toDouble() + fields[12].toDouble()) * tick);
    }
    QList<qint64> tree{pid};
    for (int i = 0; i < tree.size(); ++i)
        for (auto it = parentOf.cbegin(); it != parentOf.cend(); ++it)
            if (it.value() == tree[i] && !tree.contains(it.key()))
                tree << it.key();
    Usage usage;
    for (qint64 id : tree) {
        usage.cpuMs += cpuOf.value(id);
        QFile status(QStringLiteral("/proc/%1/status").arg(id));
        if (!status.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &line : status.readAll().split('\n'))
            if (line.startsWith("VmHWM:"))
                usage.peakRssMb += line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return usage;
}

// Runs the event loop until `done` or `timeoutMs`; false on timeout.
bool waitUntil(const std::function<bool()> &done, int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QEventLoop loop;
        QTimer::singleShot(20, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

// Occurrences of `marker` in a file (kubectl's output).
qsizetype countInFile(const QString &path, const QByteArray &marker) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return file.readAll().count(marker);
}

QJsonObject application(int i) {
    return QJsonObject{
        {QStringLiteral("apiVersion"), QStringLiteral("argoproj.io/v1alpha1")},
        {QStringLiteral("kind"), QStringLiteral("Application")},
        {QStringLiteral("metadata"),
         QJsonObject{{QStringLiteral("name"), QStringLiteral("app-%1").arg(i)},
                     {QStringLiteral("namespace"), QStringLiteral("argocd")}}},
        {QStringLiteral("spec"),
         QJsonObject{
             {QStringLiteral("project"), QStringLiteral("default")},
             {QStringLiteral("source"),
              QJsonObject{{QStringLiteral("repoURL"), QStringLiteral("https://example.com/r.git")},
                          {QStringLiteral("path"), QStringLiteral("apps/%1").arg(i)}}},
             {QStringLiteral("destination"),
              QJsonObject{
                  {QStringLiteral("server"), QStringLiteral("https://kubernetes.default.svc")},
                  {QStringLiteral("namespace"), QStringLiteral("default")}}}}}};
}

// Applies `objects` with at most `window` requests in flight; the number that succeeded.
int applyAll(KubeClient *client, const QList<QJsonObject> &objects, int window) {
    int next = 0;
    int ok = 0;
    int finished = 0;
    std::function<void()> sendOne = [&] {
        const int index = next++;
        client->apply(objects[index])->then(client, [&](const KubeReply &reply) {
            ok += reply.ok() ? 1 : 0;
            if (!reply.ok() && ok == 0)
                std::fprintf(stderr, "apply failed: %s\n", qPrintable(reply.errorString()));
            ++finished;
            if (next < objects.size())
                sendOne();
        });
    };
    for (int i = 0; i < window && next < objects.size(); ++i)
        sendOne();
    waitUntil([&] { return finished == objects.size(); }, 300000);
    return ok;
}

// Writes merge patches pipelined over a few keep-alive TLS connections (as bench_apiserver
// does), so that 1,000 updates/s reach the server on a loaded 2-core machine; counts answers.
class PipelinedWriter {
public:
    PipelinedWriter(const ClientConfig &config, int connections) {
        const QUrl url(config.server);
        m_token = config.token.toUtf8();
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setCaCertificates(QSslCertificate::fromData(config.certificateAuthorityData));
        for (int i = 0; i < connections; ++i) {
            auto socket = std::make_unique<QSslSocket>();
            socket->setSslConfiguration(ssl);
            QSslSocket *raw = socket.get();
            m_buffers.append(QByteArray());
            const qsizetype index = m_buffers.size() - 1;
            QObject::connect(raw, &QSslSocket::readyRead, raw, [this, raw, index] {
                m_buffers[index] += raw->readAll();
                parse(m_buffers[index]);
            });
            raw->connectToHostEncrypted(url.host(), quint16(url.port()));
            raw->waitForEncrypted(10000);
            m_sockets.push_back(std::move(socket));
        }
    }
    void patch(const QString &path, const QByteArray &body) {
        QSslSocket *socket = m_sockets[size_t(m_next++ % int(m_sockets.size()))].get();
        socket->write("PATCH " + path.toUtf8() +
                      " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + m_token +
                      "\r\nAccept: application/json\r\nContent-Type: "
                      "application/merge-patch+json\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\n\r\n" + body);
    }
    int ok = 0;
    int failed = 0;

private:
    void parse(QByteArray &buffer) {
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QByteArray head = buffer.left(end);
            const qsizetype at = head.toLower().indexOf("content-length:");
            const int length =
                at < 0 ? 0 : head.mid(at + 15, head.indexOf('\r', at) - at - 15).trimmed().toInt();
            if (buffer.size() < end + 4 + length)
                return;
            (head.startsWith("HTTP/1.1 2") ? ok : failed) += 1;
            buffer.remove(0, end + 4 + length);
        }
    }
    std::vector<std::unique_ptr<QSslSocket>> m_sockets;
    QList<QByteArray> m_buffers;
    QByteArray m_token;
    int m_next = 0;
};

// ---- the benchmark ----------------------------------------------------------------------

void BM_Watch5000Apps_1000UpdatesPerSecond_KubeClientVsKubectl(benchmark::State &state) {
    const QString crd =
        QStringLiteral(WAVESMITH_SOURCE_DIR "/../shared/argocd-crds/application-crd.yaml");
    const QString serverProgram = QCoreApplication::applicationDirPath() +
                                  QStringLiteral("/../support/wavesmith-test-apiserver");
    if (!QFileInfo::exists(kubectlPath) || !QFileInfo::exists(crd) ||
        !QFileInfo::exists(serverProgram)) {
        state.SkipWithError("needs kubectl, ../shared/argocd-crds and wavesmith-test-apiserver");
        return;
    }
    for (auto _ : state) {
        QTemporaryDir dir;
        const QString kubeconfig = dir.filePath(QStringLiteral("kubeconfig"));
        QProcess server;
        server.start(serverProgram, {QStringLiteral("--kubeconfig-out"), kubeconfig});
        if (!server.waitForReadyRead(20000)) {
            state.SkipWithError("the test API server did not start");
            return;
        }
        KubeconfigLoadOptions options;
        options.files = {kubeconfig};
        options.context = QStringLiteral("admin");
        KubeClient client(loadClientConfig(options).value());
        const QJsonObject ns{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                             {QStringLiteral("kind"), QStringLiteral("Namespace")},
                             {QStringLiteral("metadata"),
                              QJsonObject{{QStringLiteral("name"), QStringLiteral("argocd")}}}};
        const QJsonObject definition = yamlToJson(YAML::LoadFile(crd.toStdString())).toObject();
        if (applyAll(&client, {ns, definition}, 1) != 2) {
            state.SkipWithError("namespace or CRD not applied");
            return;
        }
        QList<QJsonObject> apps;
        for (int i = 0; i < applications; ++i)
            apps << application(i);
        if (applyAll(&client, apps, 64) != applications) {
            state.SkipWithError("creating the Applications failed");
            return;
        }

        // Both watchers start on the same 5,000 Applications.
        QProcess ours;
        ours.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        ours.start(QCoreApplication::applicationFilePath(),
                   {QStringLiteral("--watch-child"), kubeconfig});
        QProcess kubectl;
        const QString kubectlOut = dir.filePath(QStringLiteral("kubectl.out"));
        kubectl.setStandardOutputFile(kubectlOut);
        kubectl.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), dir.path());
        kubectl.setProcessEnvironment(env);
        kubectl.start(kubectlPath,
                      {QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("--context"),
                       QStringLiteral("admin"), QStringLiteral("get"),
                       QStringLiteral("applications"), QStringLiteral("-A"), QStringLiteral("-w"),
                       QStringLiteral("-o"), QStringLiteral("json")});
        qint64 ourEvents = -1;
        qint64 ourListed = -1;
        QByteArray ourOutput;
        QObject::connect(&ours, &QProcess::readyReadStandardOutput, &ours, [&] {
            ourOutput += ours.readAllStandardOutput();
            qsizetype newline;
            while ((newline = ourOutput.indexOf('\n')) >= 0) {
                const QByteArray line = ourOutput.left(newline);
                ourOutput.remove(0, newline + 1);
                if (line.startsWith("listed "))
                    ourListed = line.mid(7).toLongLong();
                else if (line.startsWith("events "))
                    ourEvents = line.mid(7).toLongLong();
            }
        });
        const QByteArray appMarker = "\"kind\": \"Application\"";
        if (!waitUntil(
                [&] {
                    return ourListed == applications &&
                           countInFile(kubectlOut, appMarker) >= applications;
                },
                120000)) {
            state.SkipWithError("the watchers did not list the Applications");
            return;
        }
        const Usage oursAtStart = usageOfTree(ours.processId());
        const Usage kubectlAtStart = usageOfTree(kubectl.processId());

        // 1,000 merge patches of status per second, spread over the Applications.
        KubeconfigLoadOptions tokenOptions = options;
        tokenOptions.context = QStringLiteral("token");
        PipelinedWriter writer(loadClientConfig(tokenOptions).value(), 4);
        const int total = ratePerSecond * seconds;
        int sent = 0;
        QElapsedTimer clock;
        clock.start();
        QTimer ticker;
        QObject::connect(&ticker, &QTimer::timeout, &ticker, [&] {
            const qint64 due = std::min<qint64>(total, clock.elapsed() * ratePerSecond / 1000 + 1);
            while (sent < due) {
                const QJsonObject patch{
                    {QStringLiteral("status"),
                     QJsonObject{{QStringLiteral("benchSeq"), sent},
                                 {QStringLiteral("health"),
                                  QJsonObject{{QStringLiteral("status"),
                                               sent % 2 ? QStringLiteral("Healthy")
                                                        : QStringLiteral("Progressing")}}}}}};
                writer.patch(QStringLiteral(
                                 "/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/app-%1")
                                 .arg(sent % applications),
                             QJsonDocument(patch).toJson(QJsonDocument::Compact));
                ++sent;
            }
            if (sent >= total)
                ticker.stop();
        });
        ticker.start(5);
        waitUntil([&] { return writer.ok + writer.failed == total; }, seconds * 1000 + 60000);
        const int acknowledged = writer.ok;
        const int rejected = writer.failed;
        const double sendSeconds = clock.elapsed() / 1000.0;
        // Both have consumed the stream once every update reached them.
        const bool caughtUp = waitUntil(
            [&] {
                return ourEvents >= acknowledged &&
                       countInFile(kubectlOut, "\"benchSeq\"") >= acknowledged;
            },
            60000);
        const Usage oursAtEnd = usageOfTree(ours.processId());
        const Usage kubectlAtEnd = usageOfTree(kubectl.processId());
        const qsizetype kubectlEvents = countInFile(kubectlOut, "\"benchSeq\"");
        ours.kill();
        kubectl.kill();
        ours.waitForFinished(5000);
        kubectl.waitForFinished(5000);
        server.terminate();
        server.waitForFinished(5000);

        const double streamOurs = oursAtEnd.cpuMs - oursAtStart.cpuMs;
        const double streamKubectl = kubectlAtEnd.cpuMs - kubectlAtStart.cpuMs;
        state.counters["updates_acknowledged"] = acknowledged;
        state.counters["updates_rejected"] = rejected;
        state.counters["updates_per_s"] = acknowledged / sendSeconds;
        state.counters["events_ours"] = double(ourEvents);
        state.counters["events_kubectl"] = double(kubectlEvents);
        state.counters["stream_cpu_ms_ours"] = streamOurs;
        state.counters["stream_cpu_ms_kubectl"] = streamKubectl;
        state.counters["total_cpu_ms_ours"] = oursAtEnd.cpuMs;
        state.counters["total_cpu_ms_kubectl"] = kubectlAtEnd.cpuMs;
        state.counters["peak_rss_mb_ours"] = oursAtEnd.peakRssMb;
        state.counters["peak_rss_mb_kubectl"] = kubectlAtEnd.peakRssMb;
        std::printf("\n%d Applications, %d updates at %.0f/s (%d rejected)%s\n", applications,
                    acknowledged, acknowledged / sendSeconds, rejected,
                    caughtUp ? "" : " -- a watcher did not catch up within 60 s");
        std::printf("events seen: ours %lld, kubectl %lld\n", ourEvents, qlonglong(kubectlEvents));
        std::printf("CPU while streaming: ours %.0f ms vs kubectl %.0f ms = %.2fx (target <= "
                    "1.00x)\n",
                    streamOurs, streamKubectl,
                    streamKubectl > 0 ? streamOurs / streamKubectl : 0.0);
        std::printf("CPU including the initial list: ours %.0f ms vs kubectl %.0f ms = %.2fx\n",
                    oursAtEnd.cpuMs, kubectlAtEnd.cpuMs,
                    kubectlAtEnd.cpuMs > 0 ? oursAtEnd.cpuMs / kubectlAtEnd.cpuMs : 0.0);
        std::printf("peak RSS: ours %.1f MB (target <= 200 MB), kubectl %.1f MB\n",
                    oursAtEnd.peakRssMb, kubectlAtEnd.peakRssMb);
    }
}
BENCHMARK(BM_Watch5000Apps_1000UpdatesPerSecond_KubeClientVsKubectl)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    if (argc >= 3 && QByteArray(argv[1]) == "--watch-child")
        return watchChild(QString::fromLocal8Bit(argv[2]));
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
