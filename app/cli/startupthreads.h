#pragma once

// Threads for the window's start-up: the work that does not need the UI thread runs on the other
// core while the UI thread builds the window.

#include <functional>
#include <thread>

#ifdef __linux__
#include <pthread.h>
#include <sched.h>
#endif

namespace wavesmith::cli {

// A new thread starts on the core of the thread that made it and waits there until the scheduler
// rebalances, 1 to 4 ms later on a two-core machine, while that core is busy building the window.
// This one starts on another core; once it runs, it may go anywhere again.
class ThreadOnAnotherCore {
public:
    explicit ThreadOnAnotherCore(std::function<void()> work)
        : m_work(std::move(work)) {
#ifdef __linux__
        CPU_ZERO(&m_allowed);
        const int here = sched_getcpu();
        if (sched_getaffinity(0, sizeof m_allowed, &m_allowed) == 0 && here >= 0 &&
            CPU_ISSET(here, &m_allowed) && CPU_COUNT(&m_allowed) > 1) {
            cpu_set_t others = m_allowed;
            CPU_CLR(here, &others);
            pthread_attr_t attributes;
            pthread_attr_init(&attributes);
            pthread_attr_setaffinity_np(&attributes, sizeof others, &others);
            m_started =
                pthread_create(&m_thread, &attributes, &ThreadOnAnotherCore::run, this) == 0;
            pthread_attr_destroy(&attributes);
            if (m_started)
                return;
        }
#endif
        m_fallback = std::thread(m_work); // one core, or no affinity: an ordinary thread
    }
    ~ThreadOnAnotherCore() {
#ifdef __linux__
        if (m_started)
            pthread_join(m_thread, nullptr);
#endif
        if (m_fallback.joinable())
            m_fallback.join();
    }
    ThreadOnAnotherCore(const ThreadOnAnotherCore &) = delete;
    ThreadOnAnotherCore &operator=(const ThreadOnAnotherCore &) = delete;

private:
#ifdef __linux__
    static void *run(void *self) {
        auto *thread = static_cast<ThreadOnAnotherCore *>(self);
        pthread_setaffinity_np(pthread_self(), sizeof thread->m_allowed, &thread->m_allowed);
        thread->m_work();
        return nullptr;
    }
    cpu_set_t m_allowed;
    pthread_t m_thread{};
    bool m_started = false;
#endif
    std::function<void()> m_work;
    std::thread m_fallback;
};

// Reading fontconfig's configuration (dozens of XML files, about 2 ms) is the first thing a Qt
// window's text needs, and it needs no Qt: main() starts it on another core before QApplication
// is built. Qt's font database, built later, finds it read.
void startReadingFontConfiguration();
// Waits until that read is done (at once when it was never started). Call it before anything
// builds Qt's font database, so fontconfig does not read its configuration twice at once.
void waitForFontConfiguration();

} // namespace wavesmith::cli
