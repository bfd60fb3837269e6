// ThreadOnAnotherCore (app/cli/startupthreads.h): the start-up's worker threads begin on another
// core than the one that makes them, where an ordinary new thread would wait for the busy one,
// and may use every core once running. Destroying one waits for its work.

#include "startupthreads.h"

#include <QtTest>

#include <atomic>
#include <chrono>

using namespace wavesmith::cli;

class TestStartupThreads : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void destroyingWaitsForTheWork();
    void startsOnAnotherCoreThenMayUseAll();
};

void TestStartupThreads::destroyingWaitsForTheWork() {
    std::atomic<bool> done{false};
    {
        const ThreadOnAnotherCore thread([&done] {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            done = true;
        });
    }
    QVERIFY(done);
}

void TestStartupThreads::startsOnAnotherCoreThenMayUseAll() {
#ifdef __linux__
    cpu_set_t creator;
    CPU_ZERO(&creator);
    QCOMPARE(sched_getaffinity(0, sizeof creator, &creator), 0);
    if (CPU_COUNT(&creator) < 2)
        QSKIP("one core: there is no other core to start on");
    int checked = 0;
    for (int attempt = 0; attempt < 100 && checked < 10; ++attempt) {
        int startedOn = -1;
        cpu_set_t running;
        CPU_ZERO(&running);
        const int before = sched_getcpu();
        {
            const ThreadOnAnotherCore thread([&] {
                startedOn = sched_getcpu();
                pthread_getaffinity_np(pthread_self(), sizeof running, &running);
            });
            if (sched_getcpu() != before)
                continue; // this thread moved meanwhile: "another core" has no single meaning
        }
        QVERIFY2(startedOn != before,
                 qPrintable(QStringLiteral("started on the creator's core %1").arg(before)));
        QVERIFY(CPU_EQUAL(&running, &creator)); // once running, every core the creator may use
        ++checked;
    }
    QCOMPARE(checked, 10);
#else
    QSKIP("thread placement is Linux-only");
#endif
}

QTEST_GUILESS_MAIN(TestStartupThreads)
#include "tst_startupthreads.moc"
