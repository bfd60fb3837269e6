// The test API server (tests/support) against its targets, each next to a baseline measured in
// the same run:
//
//   1. start to `ready` (certificates generated, port open): target <= 200 ms; baseline: a
//      Python http.server stub with TLS started the same way.
//   2. `kubectl get ns` round trip (fresh discovery cache each time, so discovery, OpenAPI-free
//      list and TLS all count): target <= 1.5x the same kubectl command against a Python
//      http.server stub that answers the same bytes (it recorded them from the server during a
//      warm-up run and serves them from memory).
//   3. 5,000 Applications, 1,000 status updates per second for 3 s, streamed to one watcher:
//      every update must arrive, and the watcher must not fall behind (lag at the end stays
//      near the lag at the start).
//
// Run: cmake --build BUILD --target bench_apiserver wavesmith-test-apiserver
//      BUILD/tests/bench/bench_apiserver
// Needs /usr/bin/kubectl, python3 and openssl; ../shared/argocd-crds for the third benchmark.

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTimer>

#include <benchmark/benchmark.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <string>

namespace {

const QString kubectlPath = QStringLiteral("/usr/bin/kubectl");

QString serverExecutable() {
    return QCoreApplication::applicationDirPath() +
           QStringLiteral("/../support/wavesmith-test-apiserver");
}

// A Python TLS stub: with an upstream it records every answer (by method, path and Accept)
// the first time it is asked, then always answers from memory. `ready URL` on stdout.
const char stubScript[] = R"PY(
import http.client, http.server, ssl, sys, threading
cert, key, port, upstream, token = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
cache = {}
lock = threading.Lock()
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args): pass
    def answer(self, method):
        key = (method, self.path, self.headers.get("Accept", ""))
        with lock:
            hit = cache.get(key)
        if hit is None:
            if upstream == "-":
                self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers(); return
            host, p = upstream.split(":")
            ctx = ssl._create_unverified_context()
            c = http.client.HTTPSConnection(host, int(p), context=ctx)
            headers = {"Accept": self.headers.get("Accept", "*/*"), "Authorization": "Bearer " + token}
            c.request(method, self.path, headers=headers)
            r = c.getresponse()
            hit = (r.status, r.getheader("Content-Type", "application/json"), r.read())
            with lock:
                cache[key] = hit
        status, ctype, body = hit
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self): self.answer("GET")
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
print("ready https://127.0.0.1:%d" % httpd.server_address[1], flush=True)
httpd.serve_forever()
)PY";

// A started process that printed `ready URL`; terminated on destruction.
class ReadyProcess {
public:
    ~ReadyProcess() { stop(); }
    bool start(const QString &program, const QStringList &arguments) {
        m_process.start(program, arguments);
        QByteArray line;
        while (!line.endsWith('\n')) {
            if (!m_process.waitForReadyRead(20000))
                return false;
            line += m_process.readAllStandardOutput();
        }
        if (!line.startsWith("ready "))
            return false;
        m_url = QString::fromUtf8(line.mid(6).trimmed());
        return true;
    }
    void stop() {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    QString url() const { return m_url; }
    QString hostPort() const { return m_url.mid(QStringLiteral("https://").size()); }

private:
    QProcess m_process;
    QString m_url;
};

bool run(const QString &program, const QStringList &arguments, QString *out = nullptr,
         const QString &home = {}) {
    QProcess p;
    if (!home.isEmpty()) {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), home);
        env.remove(QStringLiteral("KUBECONFIG"));
        p.setProcessEnvironment(env);
    }
    p.start(program, arguments);
    if (!p.waitForFinished(60000))
        return false;
    if (out)
        *out = QString::fromUtf8(p.readAllStandardOutput());
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

// A self-signed certificate for 127.0.0.1 for the Python stub.
bool makeStubCertificate(const QString &dir) {
    return run(QStringLiteral("openssl"),
               {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                QStringLiteral("-keyout"), dir + QStringLiteral("/stub.key"),
                QStringLiteral("-out"), dir + QStringLiteral("/stub.crt"), QStringLiteral("-days"),
                QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=stub"),
                QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1")});
}

struct Kubeconfig {
    QString server;
    QByteArray caPem;
    QString token;
};

Kubeconfig readKubeconfig(const QString &path) {
    Kubeconfig k;
    const YAML::Node root = YAML::LoadFile(path.toStdString());
    k.server = QString::fromStdString(root["clusters"][0]["cluster"]["server"].as<std::string>());
    k.caPem = QByteArray::fromBase64(QByteArray::fromStdString(
        root["clusters"][0]["cluster"]["certificate-authority-data"].as<std::string>()));
    for (const YAML::Node &user : root["users"]) {
        if (user["user"]["token"] && user["name"].as<std::string>() == "token")
            k.token = QString::fromStdString(user["user"]["token"].as<std::string>());
    }
    return k;
}

// A kubeconfig for the stub: same token, the stub's certificate as CA.
QString writeStubKubeconfig(const QString &dir, const QString &url, const QString &token) {
    QFile crt(dir + QStringLiteral("/stub.crt"));
    crt.open(QIODevice::ReadOnly);
    const QString ca = QString::fromLatin1(crt.readAll().toBase64());
    const QString path = dir + QStringLiteral("/stub.kubeconfig");
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(QStringLiteral("apiVersion: v1\nkind: Config\nclusters:\n- name: stub\n  cluster:\n"
                           "    server: %1\n    certificate-authority-data: %2\nusers:\n"
                           "- name: stub\n  user:\n    token: %3\ncontexts:\n- name: stub\n"
                           "  context:\n    cluster: stub\n    user: stub\ncurrent-context: stub\n")
                .arg(url, ca, token)
                .toUtf8());
    return path;
}

// One benchmark environment: the server and the stub that replays it.
struct Environment {
    QTemporaryDir dir;
    ReadyProcess server;
    ReadyProcess stub;
    QString serverKubeconfig;
    QString stubKubeconfig;
    QString error;

    bool start(bool withStub) {
        serverKubeconfig = dir.filePath(QStringLiteral("kubeconfig"));
        if (!server.start(serverExecutable(),
                          {QStringLiteral("--kubeconfig-out"), serverKubeconfig})) {
            error = QStringLiteral("the test API server did not start (built?)");
            return false;
        }
        if (!withStub)
            return true;
        const Kubeconfig k = readKubeconfig(serverKubeconfig);
        QFile script(dir.filePath(QStringLiteral("stub.py")));
        script.open(QIODevice::WriteOnly);
        script.write(stubScript);
        script.close();
        if (!makeStubCertificate(dir.path()) ||
            !stub.start(QStringLiteral("python3"),
                        {script.fileName(), dir.filePath(QStringLiteral("stub.crt")),
                         dir.filePath(QStringLiteral("stub.key")), QStringLiteral("0"),
                         server.hostPort(), k.token})) {
            error = QStringLiteral("the Python stub did not start");
            return false;
        }
        stubKubeconfig = writeStubKubeconfig(dir.path(), stub.url(), k.token);
        return true;
    }
};

bool kubectlGetNs(const QString &kubeconfig, const QString &context, const QString &home) {
    QTemporaryDir cache; // fresh discovery cache: every run does the full conversation
    QStringList args{QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("--cache-dir"),
                     cache.path()};
    if (!context.isEmpty())
        args << QStringLiteral("--context") << context;
    args << QStringLiteral("get") << QStringLiteral("ns");
    QString out;
    return run(kubectlPath, args, &out, home) && out.contains(QStringLiteral("kube-system"));
}

void BM_StartToReady_TestApiServer(benchmark::State &state) {
    for (auto _ : state) {
        QTemporaryDir dir;
        ReadyProcess server;
        if (!server.start(serverExecutable(), {QStringLiteral("--kubeconfig-out"),
                                               dir.filePath(QStringLiteral("kubeconfig"))})) {
            state.SkipWithError("the test API server did not start (built?)");
            return;
        }
        state.PauseTiming();
        server.stop();
        state.ResumeTiming();
    }
}
BENCHMARK(BM_StartToReady_TestApiServer)->Unit(benchmark::kMillisecond)->Iterations(10);

void BM_StartToReady_Baseline_PythonStub(benchmark::State &state) {
    QTemporaryDir dir;
    QFile script(dir.filePath(QStringLiteral("stub.py")));
    script.open(QIODevice::WriteOnly);
    script.write(stubScript);
    script.close();
    if (!makeStubCertificate(dir.path())) {
        state.SkipWithError("openssl failed");
        return;
    }
    for (auto _ : state) {
        ReadyProcess stub;
        if (!stub.start(QStringLiteral("python3"),
                        {script.fileName(), dir.filePath(QStringLiteral("stub.crt")),
                         dir.filePath(QStringLiteral("stub.key")), QStringLiteral("0"),
                         QStringLiteral("-"), QStringLiteral("-")})) {
            state.SkipWithError("python3 stub did not start");
            return;
        }
        state.PauseTiming();
        stub.stop();
        state.ResumeTiming();
    }
}
BENCHMARK(BM_StartToReady_Baseline_PythonStub)->Unit(benchmark::kMillisecond)->Iterations(10);

std::unique_ptr<Environment> g_env;

Environment *environment(benchmark::State &state) {
    if (!QFileInfo::exists(kubectlPath)) {
        state.SkipWithError("kubectl missing at /usr/bin/kubectl");
        return nullptr;
    }
    if (!g_env) {
        g_env = std::make_unique<Environment>();
        if (!g_env->start(true)) {
            state.SkipWithError(qPrintable(g_env->error));
            return nullptr;
        }
        // Warm-up through the stub: it records every answer kubectl asks for.
        for (int i = 0; i < 2; ++i)
            kubectlGetNs(g_env->stubKubeconfig, {}, g_env->dir.path());
    }
    return g_env.get();
}

void BM_KubectlGetNs_TestApiServer(benchmark::State &state) {
    Environment *env = environment(state);
    if (!env)
        return;
    for (auto _ : state) {
        if (!kubectlGetNs(env->serverKubeconfig, QStringLiteral("token"), env->dir.path())) {
            state.SkipWithError("kubectl get ns failed");
            return;
        }
    }
}
BENCHMARK(BM_KubectlGetNs_TestApiServer)->Unit(benchmark::kMillisecond)->Iterations(10);

void BM_KubectlGetNs_Baseline_PythonStub(benchmark::State &state) {
    Environment *env = environment(state);
    if (!env)
        return;
    for (auto _ : state) {
        if (!kubectlGetNs(env->stubKubeconfig, {}, env->dir.path())) {
            state.SkipWithError("kubectl get ns against the stub failed");
            return;
        }
    }
}
BENCHMARK(BM_KubectlGetNs_Baseline_PythonStub)->Unit(benchmark::kMillisecond)->Iterations(10);

// ---- 3. status updates streamed to a watcher ----

class Client {
public:
    explicit Client(const Kubeconfig &k)
        : m_base(k.server)
        , m_token(k.token) {
        m_ssl = QSslConfiguration::defaultConfiguration();
        m_ssl.setCaCertificates(QSslCertificate::fromData(k.caPem));
    }
    QNetworkRequest request(const QString &path, const QByteArray &contentType = {}) const {
        QNetworkRequest r(QUrl(m_base + path));
        r.setSslConfiguration(m_ssl);
        r.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
        r.setRawHeader("Accept", "application/json");
        if (!contentType.isEmpty())
            r.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        // Writes go out pipelined over QNAM's connections, so the client is not what limits
        // the rate.
        r.setAttribute(QNetworkRequest::HttpPipeliningAllowedAttribute, true);
        return r;
    }
    QNetworkAccessManager nam;

private:
    QString m_base;
    QString m_token;
    QSslConfiguration m_ssl;
};

// Writes PATCH requests pipelined over a few keep-alive TLS connections and counts the answers
// (Content-Length bodies): a client light enough that the server is what gets measured.
class PipelinedWriter {
public:
    PipelinedWriter(const Kubeconfig &k, int connections) {
        const QUrl url(k.server);
        m_token = k.token.toUtf8();
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setCaCertificates(QSslCertificate::fromData(k.caPem));
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
                      " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      "Authorization: Bearer " +
                      m_token +
                      "\r\nAccept: application/json\r\n"
                      "Content-Type: application/merge-patch+json\r\nContent-Length: " +
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

QByteArray application(int i) {
    return QJsonDocument(
               QJsonObject{
                   {QStringLiteral("apiVersion"), QStringLiteral("argoproj.io/v1alpha1")},
                   {QStringLiteral("kind"), QStringLiteral("Application")},
                   {QStringLiteral("metadata"),
                    QJsonObject{{QStringLiteral("name"), QStringLiteral("app-%1").arg(i)},
                                {QStringLiteral("namespace"), QStringLiteral("argocd")}}},
                   {QStringLiteral("spec"),
                    QJsonObject{
                        {QStringLiteral("project"), QStringLiteral("default")},
                        {QStringLiteral("source"),
                         QJsonObject{{QStringLiteral("repoURL"),
                                      QStringLiteral("https://example.com/r.git")},
                                     {QStringLiteral("path"), QStringLiteral("apps/%1").arg(i)}}},
                        {QStringLiteral("destination"),
                         QJsonObject{{QStringLiteral("server"),
                                      QStringLiteral("https://kubernetes.default.svc")},
                                     {QStringLiteral("namespace"), QStringLiteral("default")}}}}}})
        .toJson(QJsonDocument::Compact);
}

void BM_Watch5000Apps_1000UpdatesPerSecond(benchmark::State &state) {
    const QString crd =
        QStringLiteral(WAVESMITH_SOURCE_DIR "/../shared/argocd-crds/application-crd.yaml");
    if (!QFileInfo::exists(kubectlPath) || !QFileInfo::exists(crd)) {
        state.SkipWithError("needs kubectl and ../shared/argocd-crds");
        return;
    }
    constexpr int applications = 5000;
    constexpr int ratePerSecond = 1000;
    constexpr int seconds = 3;
    for (auto _ : state) {
        state.PauseTiming();
        Environment env;
        if (!env.start(false)) {
            state.SkipWithError(qPrintable(env.error));
            return;
        }
        const QStringList base{QStringLiteral("--kubeconfig"), env.serverKubeconfig,
                               QStringLiteral("--cache-dir"),
                               env.dir.filePath(QStringLiteral("cache"))};
        run(kubectlPath,
            base + QStringList{QStringLiteral("create"), QStringLiteral("ns"),
                               QStringLiteral("argocd")},
            nullptr, env.dir.path());
        run(kubectlPath,
            base + QStringList{QStringLiteral("apply"), QStringLiteral("--server-side"),
                               QStringLiteral("-f"), crd},
            nullptr, env.dir.path());
        Client client(readKubeconfig(env.serverKubeconfig));
        const QString collection =
            QStringLiteral("/apis/argoproj.io/v1alpha1/namespaces/argocd/applications");
        int created = 0;
        QEventLoop loop;
        for (int i = 0; i < applications; ++i) {
            QNetworkReply *reply =
                client.nam.post(client.request(collection, "application/json"), application(i));
            QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply] {
                created += reply->error() == QNetworkReply::NoError ? 1 : 0;
                reply->deleteLater();
                if (created == applications)
                    loop.quit();
            });
        }
        QTimer::singleShot(120000, &loop, &QEventLoop::quit);
        loop.exec();
        if (created != applications) {
            state.SkipWithError("creating the Applications failed");
            return;
        }

        // The watcher: one stream from now on; each event carries the send time in its status.
        QElapsedTimer clock;
        clock.start();
        std::vector<qint64> lags;
        QByteArray buffer;
        QNetworkReply *watch = client.nam.get(client.request(
            collection + QStringLiteral("?watch=1&resourceVersion=0&allowWatchBookmarks=false")));
        int added = 0;
        QObject::connect(watch, &QNetworkReply::readyRead, &loop, [&] {
            buffer += watch->readAll();
            qsizetype newline;
            while ((newline = buffer.indexOf('\n')) >= 0) {
                const QJsonObject event = QJsonDocument::fromJson(buffer.left(newline)).object();
                buffer.remove(0, newline + 1);
                if (event[QStringLiteral("type")] == QStringLiteral("ADDED")) {
                    ++added;
                    if (added == applications)
                        loop.quit();
                    continue;
                }
                const QJsonValue sent = event[QStringLiteral("object")][QStringLiteral("status")]
                                             [QStringLiteral("sentAtMs")];
                if (sent.isDouble())
                    lags.push_back(clock.elapsed() - sent.toInteger());
            }
        });
        loop.exec(); // the initial ADDED events of every Application
        state.ResumeTiming();

        const int total = ratePerSecond * seconds;
        int sent = 0;
        PipelinedWriter writer(readKubeconfig(env.serverKubeconfig), 4);
        QTimer ticker;
        QObject::connect(&ticker, &QTimer::timeout, &loop, [&] {
            // Catch up to the schedule: sent == rate * elapsed.
            const qint64 due = std::min<qint64>(total, clock.elapsed() * ratePerSecond / 1000 + 1);
            while (sent < due) {
                const QByteArray patch =
                    QJsonDocument(
                        QJsonObject{{QStringLiteral("status"),
                                     QJsonObject{{QStringLiteral("sentAtMs"), clock.elapsed()},
                                                 {QStringLiteral("n"), sent}}}})
                        .toJson(QJsonDocument::Compact);
                writer.patch(collection + QStringLiteral("/app-%1").arg(sent % applications),
                             patch);
                ++sent;
            }
            if (sent >= total)
                ticker.stop();
        });
        // Lags are measured on one clock: restart it for the send schedule, and stamp by it.
        clock.restart();
        ticker.start(5);
        QTimer check;
        QObject::connect(&check, &QTimer::timeout, &loop, [&] {
            if (int(lags.size()) >= total || clock.elapsed() > seconds * 1000 + 10000)
                loop.quit();
        });
        check.start(10);
        loop.exec();
        const double elapsed = clock.elapsed() / 1000.0;
        state.PauseTiming();
        watch->abort();
        std::vector<qint64> sorted = lags;
        std::sort(sorted.begin(), sorted.end());
        auto percentile = [&sorted](double p) {
            return sorted.empty() ? -1.0 : double(sorted[size_t(p * double(sorted.size() - 1))]);
        };
        state.counters["updates_sent"] = sent;
        state.counters["updates_ok"] = writer.ok;
        state.counters["updates_failed"] = writer.failed;
        state.counters["events_received"] = double(lags.size());
        state.counters["updates_per_s"] = sent / elapsed;
        state.counters["lag_p50_ms"] = percentile(0.5);
        state.counters["lag_p99_ms"] = percentile(0.99);
        state.counters["lag_max_ms"] = sorted.empty() ? -1.0 : double(sorted.back());
        state.counters["lag_last_ms"] = lags.empty() ? -1.0 : double(lags.back());
        state.ResumeTiming();
    }
}
BENCHMARK(BM_Watch5000Apps_1000UpdatesPerSecond)->Unit(benchmark::kMillisecond)->Iterations(1);

// Prints the ratios against the baselines of the same run.
class RatioReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run> &runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run &run : runs) {
            const std::string name = run.benchmark_name();
            m_times[name.substr(0, name.find('/'))] = run.GetAdjustedRealTime();
        }
    }
    void Finalize() override {
        ConsoleReporter::Finalize();
        auto ratio = [this](const char *label, const char *subject, const char *baseline,
                            const char *target) {
            const auto s = m_times.find(subject);
            const auto b = m_times.find(baseline);
            if (s != m_times.end() && b != m_times.end() && b->second > 0)
                std::printf("%s: %.1f ms vs baseline %.1f ms = %.2fx (%s)\n", label, s->second,
                            b->second, s->second / b->second, target);
        };
        std::printf("\n");
        ratio("start to ready", "BM_StartToReady_TestApiServer",
              "BM_StartToReady_Baseline_PythonStub", "target: <= 200 ms absolute");
        ratio("kubectl get ns", "BM_KubectlGetNs_TestApiServer",
              "BM_KubectlGetNs_Baseline_PythonStub", "target <= 1.50x");
    }

private:
    std::map<std::string, double> m_times;
};

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    g_env.reset();
    benchmark::Shutdown();
    return 0;
}
