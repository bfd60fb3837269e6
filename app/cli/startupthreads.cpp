#include "startupthreads.h"

#include <fontconfig/fontconfig.h>

#include <memory>

namespace wavesmith::cli {

ThreadOnAnotherCore::ThreadOnAnotherCore(std::function<void()> work)
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
        m_started = pthread_create(&m_thread, &attributes, &ThreadOnAnotherCore::run, this) == 0;
        pthread_attr_destroy(&attributes);
        if (m_started)
            return;
    }
#endif
    m_fallback = std::thread(m_work);
}

ThreadOnAnotherCore::~ThreadOnAnotherCore() {
#ifdef __linux__
    if (m_started)
        pthread_join(m_thread, nullptr);
#endif
    if (m_fallback.joinable())
        m_fallback.join();
}

#ifdef __linux__
void *ThreadOnAnotherCore::run(void *self) {
    auto *thread = static_cast<ThreadOnAnotherCore *>(self);
    pthread_setaffinity_np(pthread_self(), sizeof thread->m_allowed, &thread->m_allowed);
    thread->m_work();
    return nullptr;
}
#endif

namespace {

std::unique_ptr<ThreadOnAnotherCore> &fontConfigurationReader() {
    static std::unique_ptr<ThreadOnAnotherCore> reader;
    return reader;
}

} // namespace

void startReadingFontConfiguration() {
    if (!fontConfigurationReader())
        fontConfigurationReader() = std::make_unique<ThreadOnAnotherCore>([] { FcInit(); });
}

void waitForFontConfiguration() {
    fontConfigurationReader().reset(); // joins
}

} // namespace wavesmith::cli
