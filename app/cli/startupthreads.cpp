#include "startupthreads.h"

#include <fontconfig/fontconfig.h>

#include <memory>

namespace wavesmith::cli {

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
