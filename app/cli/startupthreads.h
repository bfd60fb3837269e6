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
// This one starts on another core; once it runs, it may go anywhere again. Destroying it joins.
class ThreadOnAnotherCore {
public:
    explicit ThreadOnAnotherCore(std::function<void()> work);
    ~ThreadOnAnotherCore();
    ThreadOnAnotherCore(const ThreadOnAnotherCore &) = delete;
    ThreadOnAnotherCore &operator=(const ThreadOnAnotherCore &) = delete;

private:
#ifdef __linux__
    static void *run(void *self);
    cpu_set_t m_allowed; // the creator's cores: the thread's own once it runs
    pthread_t m_thread{};
    bool m_started = false;
#endif
    std::function<void()> m_work;
    std::thread m_fallback; // one core, or no affinity: an ordinary thread
};

// Reading fontconfig's configuration (dozens of XML files, about 2 ms) is the first thing a Qt
// window's text needs, and it needs no Qt: main() starts it on another core before QApplication
// is built. Qt's font database, built later, finds it read.
void startReadingFontConfiguration();
// Waits until that read is done (at once when it was never started). Call it before anything
// builds Qt's font database, so fontconfig does not read its configuration twice at once.
void waitForFontConfiguration();

} // namespace wavesmith::cli
