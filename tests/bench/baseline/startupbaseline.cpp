// Bare Qt baseline for the window start-up figure: the least a Qt Widgets app does to show a
// 1400x900 main window and write one frame of it as PNG.
// Usage: startup_baseline --screenshot FILE.png

#include <QApplication>
#include <QBuffer>
#include <QImage>
#include <QMainWindow>
#include <QPixmap>
#include <QSaveFile>

int main(int argc, char *argv[]) {
    QApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const qsizetype at = arguments.indexOf(QStringLiteral("--screenshot"));
    if (at < 0 || at + 1 >= arguments.size())
        return 2;

    QMainWindow window;
    window.resize(1400, 900);
    window.show();
    QCoreApplication::processEvents();

    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    // Encoded exactly as `wavesmith gui --screenshot` encodes (RGB, zlib level 1), so the two
    // figures differ only by what the app itself does.
    if (!window.grab().toImage().convertToFormat(QImage::Format_RGB888).save(&buffer, "PNG", 80))
        return 1;
    QSaveFile file(arguments.at(at + 1));
    if (!file.open(QIODevice::WriteOnly) || file.write(png) != png.size() || !file.commit())
        return 2;
    return 0;
}
