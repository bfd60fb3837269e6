// SVG icons parsed ahead of use (parseSvgIcons()): on a worker thread, for the UI thread, and
// then really used by the canvas's IconCache and the palette instead of parsing the files again.

#include <canvas/iconcache.h>
#include <panels/palettedock.h>
#include <wavesmith/catalog.h>

#include <QDir>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTreeWidget>

#include <algorithm>
#include <thread>

using namespace wavesmith;

namespace {

const QString kIconDir = QStringLiteral(":/wavesmith/icons");
const QString kCilium = QStringLiteral(":/wavesmith/icons/cilium.svg");
const QString kArgocd = QStringLiteral(":/wavesmith/icons/argocd.svg");

// What `cache` paints for `path` into a transparent `side`×`side` image.
QImage painted(IconCache &cache, const QString &path, int side) {
    QImage image(side, side, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    cache.paint(&painter, QRectF(0, 0, side, side), path);
    painter.end();
    return image;
}

bool isBlank(const QImage &image) {
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (qAlpha(image.pixel(x, y)) != 0)
                return false;
        }
    }
    return true;
}

} // namespace

class TestSvgIcons : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesEveryCatalogIconOnAWorkerForTheUiThread();
    void leavesOutFilesThatAreNotSvg();
    void iconCacheUsesTheAdoptedRenderers();
    void iconCacheKeepsRenderersItAlreadyHas();
    void paletteRowsUseTheParsedIcons();
};

void TestSvgIcons::parsesEveryCatalogIconOnAWorkerForTheUiThread() {
    QThread *ui = QThread::currentThread();
    ParsedSvgIcons icons;
    std::thread worker([&] { icons = parseSvgIcons(kIconDir, ui); });
    worker.join();

    const Catalog catalog = Catalog::builtin();
    QVERIFY(!catalog.entries().isEmpty());
    for (const CatalogEntry &entry : catalog.entries()) {
        if (entry.icon.isEmpty())
            continue;
        QVERIFY2(icons.contains(entry.icon), qPrintable(entry.icon));
        QSvgRenderer *svg = icons.value(entry.icon).get();
        QVERIFY2(svg && svg->isValid(), qPrintable(entry.icon));
        // Moved to the thread that paints with it, not left on the finished worker.
        QCOMPARE(svg->thread(), ui);
    }
    // The ApplicationSet and root node icons come from the same folder.
    QVERIFY(icons.contains(QStringLiteral(":/wavesmith/icons/appset.svg")));
    QVERIFY(icons.contains(QStringLiteral(":/wavesmith/icons/root.svg")));
    // Drawn on this thread, a worker-parsed icon looks like one parsed here.
    IconCache adopted;
    adopted.adopt(icons);
    IconCache parsing;
    const QImage shown = painted(adopted, kCilium, 32);
    QVERIFY(!isBlank(shown));
    QCOMPARE(shown, painted(parsing, kCilium, 32));
}

void TestSvgIcons::leavesOutFilesThatAreNotSvg() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QFile::copy(kCilium, dir.filePath(QStringLiteral("good.svg"))));
    QFile broken(dir.filePath(QStringLiteral("broken.svg")));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("this is not <svg");
    broken.close();
    QFile other(dir.filePath(QStringLiteral("notes.txt")));
    QVERIFY(other.open(QIODevice::WriteOnly));
    other.write("<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    other.close();

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("broken\\.svg")));
    const ParsedSvgIcons icons = parseSvgIcons(dir.path(), QThread::currentThread());
    QCOMPARE(icons.keys(), QList<QString>{dir.filePath(QStringLiteral("good.svg"))});
}

void TestSvgIcons::iconCacheUsesTheAdoptedRenderers() {
    // cilium's path handed argocd's renderer: what the cache paints shows which one it used.
    ParsedSvgIcons icons;
    icons.insert(kCilium, std::make_shared<QSvgRenderer>(kArgocd));
    IconCache cache;
    cache.adopt(icons);
    QVERIFY(cache.has(kCilium));

    IconCache parsing; // reads each file itself
    const QImage shown = painted(cache, kCilium, 32);
    QVERIFY(!isBlank(shown));
    QCOMPARE(shown, painted(parsing, kArgocd, 32));
    QVERIFY(shown != painted(parsing, kCilium, 32));
}

void TestSvgIcons::iconCacheKeepsRenderersItAlreadyHas() {
    IconCache cache;
    QVERIFY(cache.has(kCilium)); // parsed (and kept) by the cache itself
    ParsedSvgIcons icons;
    icons.insert(kCilium, std::make_shared<QSvgRenderer>(kArgocd));
    cache.adopt(icons);
    IconCache parsing;
    QCOMPARE(painted(cache, kCilium, 32), painted(parsing, kCilium, 32));
}

namespace {

// The icon of the palette row whose catalog entry has `iconPath`, as a 24×24 image.
QImage rowIcon(const PaletteDock &palette, const Catalog &catalog, const QString &iconPath) {
    const auto entry =
        std::find_if(catalog.entries().cbegin(), catalog.entries().cend(),
                     [&](const CatalogEntry &candidate) { return candidate.icon == iconPath; });
    if (entry == catalog.entries().cend())
        return {};
    const QList<QTreeWidgetItem *> rows =
        palette.list()->findItems(entry->displayName, Qt::MatchExactly | Qt::MatchRecursive);
    if (rows.size() != 1)
        return {};
    return rows.first()
        ->icon(0)
        .pixmap(QSize(24, 24))
        .toImage()
        .convertToFormat(QImage::Format_ARGB32_Premultiplied);
}

} // namespace

void TestSvgIcons::paletteRowsUseTheParsedIcons() {
    const Catalog catalog = Catalog::builtin();
    PaletteDock plain; // reads the files the catalog names
    plain.setCatalog(catalog);
    const QImage cilium = rowIcon(plain, catalog, kCilium);
    const QImage argocd = rowIcon(plain, catalog, kArgocd);
    QVERIFY2(!cilium.isNull() && !argocd.isNull(), "the catalog has cilium and argocd rows");
    QVERIFY(!isBlank(cilium));
    QVERIFY(cilium != argocd);

    // cilium's row handed argocd's renderer: the row shows the parsed one.
    PaletteDock palette;
    ParsedSvgIcons icons;
    icons.insert(kCilium, std::make_shared<QSvgRenderer>(kArgocd));
    palette.setParsedIcons(icons);
    palette.setCatalog(catalog);
    QCOMPARE(rowIcon(palette, catalog, kCilium), argocd);
    QCOMPARE(rowIcon(palette, catalog, kArgocd), argocd); // not in the set: read from its file
}

QTEST_MAIN(TestSvgIcons)
#include "tst_svgicons.moc"
