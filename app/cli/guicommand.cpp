// `wavesmith gui [DIR] [--screenshot FILE.png]`: the window, or one rendering of it.

#include "cli.h"
#include "startupthreads.h"

#include "window/mainwindow.h"

#include <canvas/designview.h>
#include <canvas/iconcache.h>
#include <wavesmith/catalog.h>
#include <wavesmith/repo.h>
#include <wavesmith/templates.h>

#include <QApplication>
#include <QGuiApplication>
#include <QBuffer>
#include <QDir>
#include <QEventLoop>
#include <QFontDatabase>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <QPixmap>
#include <QSaveFile>
#include <QScreen>
#include <QThread>
#include <QTimer>
#include <QWindow>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <future>

namespace wavesmith::cli {

namespace {

const QString command() {
    return QStringLiteral("gui");
}

QString usage() {
    return QStringLiteral(
        "Usage: wavesmith gui [DIR] [--screenshot FILE.png]\n\n"
        "Opens the window on the GitOps repository DIR, or on the embedded homelab example.\n\n"
        "Options:\n"
        "  --screenshot FILE.png  render the window once, write it as PNG and exit\n"
        "                         (works without a display: QT_QPA_PLATFORM=offscreen)\n"
        "  -h, --help             show this help\n");
}

// Lets the shown window lay out and paint once: posted layout requests, the first expose and
// the view's fit all happen in these passes; no sleeps. Offscreen exposes at once; a display
// server may take a few round trips, and a timer bounds the wait if it never does.
void settle(MainWindow &window) {
    QCoreApplication::processEvents();
    QWindow *handle = window.windowHandle();
    if (handle && !handle->isExposed()) {
        QEventLoop loop;
        QTimer giveUp;
        giveUp.setSingleShot(true);
        QObject::connect(&giveUp, &QTimer::timeout, &loop, &QEventLoop::quit);
        giveUp.start(5000);
        while (!handle->isExposed() && giveUp.isActive())
            loop.processEvents(QEventLoop::WaitForMoreEvents);
    }
    window.designView()->fitToContents();
    QCoreApplication::processEvents();
}

struct Loaded {
    Catalog catalog;
    Result<Design> design;
};

// Parsing the icons the canvas and the palette paint is the one start-up job either thread can
// do: the loader takes it after the design, unless the UI thread finished the window first and,
// rather than wait idle for the loader, took it.
class IconParsing {
public:
    explicit IconParsing(QThread *owner)
        : m_owner(owner)
        , m_result(m_promise.get_future()) {}

    void runUnlessTaken() {
        if (m_taken.exchange(true))
            return;
        try {
            m_promise.set_value(parseSvgIcons(QStringLiteral(":/wavesmith/icons"), m_owner));
        } catch (...) {
            m_promise.set_exception(std::current_exception());
        }
    }
    ParsedSvgIcons get() { return m_result.get(); }

private:
    QThread *m_owner; // the thread that paints with them
    std::atomic<bool> m_taken{false};
    std::promise<ParsedSvgIcons> m_promise;
    std::future<ParsedSvgIcons> m_result;
};

// The homelab example when `dir` is empty, else the repository at `dir`; then the icons, unless
// the UI thread took them.
Loaded load(const QString &dir, IconParsing &icons) {
    // First Qt's font database (its font list, on fontconfig's configuration read since main()
    // began): it is shared by every thread, and the window's first text measurement would
    // otherwise build it on the UI thread. The window measures text as late as it can.
    waitForFontConfiguration();
    (void)QFontDatabase::families();
    // Then Qt's image plugins, which the window's first image read (its menu bar's overflow icon)
    // would otherwise load on the UI thread; the window makes its menu bar last for this.
    (void)QImageReader::supportedImageFormats();
    Catalog catalog = Catalog::builtin();
    Result<Design> design =
        dir.isEmpty() ? Result<Design>(homelabTemplate(catalog)) : importRepository(dir, catalog);
    icons.runUnlessTaken();
    return {std::move(catalog), std::move(design)};
}

// What the first paint put on screen. Offscreen, the platform's copy of the window is exactly
// the backing store the first paint filled, so grabbing it saves painting the whole window a
// second time. On a real display the screen may clip or cover the window: paint it again.
QImage firstFrame(MainWindow &window) {
    const qreal ratio = window.devicePixelRatioF();
    const QSize expected = window.size() * ratio;
    QScreen *screen = window.screen();
    if (screen && QGuiApplication::platformName() == QLatin1String("offscreen")) {
        const QImage grabbed = screen->grabWindow(window.winId()).toImage();
        if (grabbed.size() == expected)
            return grabbed;
    }
    return window.grab().toImage();
}

// Ends the process once the screenshot is committed (or refused) and the messages are out.
// Nothing else was written and no worker writes anything, so tearing down the window, its docks
// and the threads behind them would only delay the exit, by as much as the paint itself took.
[[noreturn]] void exitNow(int code) {
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(code);
}

int writeScreenshot(MainWindow &window, const QString &path) {
    settle(window);
    // RGB without alpha and zlib level 1 (quality 80): half the encoding time of the defaults
    // for a file a few percent larger. The baseline of bench_startup encodes the same way.
    const QImage image = firstFrame(window).convertToFormat(QImage::Format_RGB888);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (image.isNull() || !image.save(&buffer, "PNG", 80))
        return fail(command(), QStringLiteral("could not render the window"), Failed);

    // QSaveFile: a half-written PNG never replaces a good one.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(png) != png.size() || !file.commit()) {
        return fail(command(),
                    QStringLiteral("cannot write screenshot %1: %2")
                        .arg(QDir::toNativeSeparators(path), file.errorString()),
                    BadInput);
    }
    return Success;
}

} // namespace

int runGui(const QStringList &arguments) {
    QString dir;
    QString screenshot;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1String("--help") || argument == QLatin1String("-h")) {
            printOut(usage());
            return Success;
        }
        if (argument == QLatin1String("--screenshot")) {
            if (i + 1 >= arguments.size())
                return fail(command(), QStringLiteral("--screenshot needs a file name"), BadInput);
            screenshot = arguments.at(++i);
        } else if (argument.startsWith(QLatin1String("--screenshot="))) {
            screenshot = argument.section(QLatin1Char('='), 1);
            if (screenshot.isEmpty())
                return fail(command(), QStringLiteral("--screenshot needs a file name"), BadInput);
        } else if (argument.startsWith(QLatin1Char('-'))) {
            return fail(command(), QStringLiteral("unknown option %1\n\n%2").arg(argument, usage()),
                        BadInput);
        } else if (dir.isEmpty()) {
            dir = argument;
        } else {
            return fail(
                command(),
                QStringLiteral("only one repository folder, got %1 and %2").arg(dir, argument),
                BadInput);
        }
    }
    if (!dir.isEmpty()) {
        const QFileInfo info(dir);
        if (!info.exists())
            return fail(command(), QStringLiteral("no such directory: %1").arg(dir), BadInput);
        if (!info.isDir())
            return fail(command(), QStringLiteral("not a directory: %1").arg(dir), BadInput);
    }

    // Read the fonts, parse the catalog, build (or import) the design and parse the icons on a
    // second core while this thread builds the window: they are independent and all sit on the
    // start-up path. Whichever thread is free first parses the icons.
    IconParsing icons(QThread::currentThread());
    std::promise<Loaded> promise;
    std::future<Loaded> loading = promise.get_future();
    const ThreadOnAnotherCore loader([&promise, &icons, dir] {
        try {
            promise.set_value(load(dir, icons));
        } catch (...) {
            promise.set_exception(std::current_exception()); // rethrown by get(), as std::async
        }
    });
    MainWindow window;
    icons.runUnlessTaken();
    Loaded loaded = loading.get();
    if (!loaded.design) {
        return fail(command(),
                    QStringLiteral("cannot open %1: %2").arg(dir, loaded.design.error().toString()),
                    BadInput);
    }
    window.setCatalog(std::move(loaded.catalog), icons.get());
    const QString repositoryDir =
        dir.isEmpty() ? QString() : QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    if (!screenshot.isEmpty()) {
        window.showDesignForRendering(loaded.design.value(), repositoryDir);
        window.show();
        exitNow(writeScreenshot(window, screenshot));
    }
    window.showDesign(loaded.design.value(), repositoryDir);
    window.show();
    return QApplication::exec();
}

} // namespace wavesmith::cli
