// paintCard() rasterizes a card once per look and scale and copies it to every card like it.
// The copies must be the pixels that painting each card would give: compared here against the
// card's shapes painted directly, at the scales the canvas uses, on plain and high-DPI images,
// through an offset like a view's or an item cache's, and for cards of different looks in turn.

#include <canvas/paintutil.h>

#include <QImage>
#include <QPainter>
#include <QTest>
#include <QWidget>

using namespace wavesmith;

namespace {

struct Look {
    QColor fill;
    QColor border;
    QColor shadow;
    qreal borderWidth;
};

const Look kPlain{QColor(255, 255, 255), QColor(200, 205, 215), QColor(20, 30, 50, 28), 1.0};
const Look kSelected{QColor(255, 255, 255), QColor(15, 157, 138), QColor(20, 30, 50, 28), 2.5};
const Look kDark{QColor(40, 44, 52), QColor(90, 96, 110), QColor(0, 0, 0, 110), 1.0};

// The card as the canvas defines it, painted shape by shape: two offset shadow layers (the
// outer one at 45 % of the shadow's alpha), then the bordered fill inset by half the border.
void paintShapes(QPainter &p, const QRectF &rect, qreal radius, const Look &look) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    QColor outer = look.shadow;
    outer.setAlphaF(look.shadow.alphaF() * 0.45f);
    p.setBrush(outer);
    p.drawRoundedRect(rect.adjusted(-0.5, 1, 0.5, 3), radius + 1, radius + 1);
    p.setBrush(look.shadow);
    p.drawRoundedRect(rect.adjusted(0, 0.5, 0, 1.5), radius, radius);
    p.setBrush(look.fill);
    p.setPen(QPen(look.border, look.borderWidth));
    const qreal inset = look.borderWidth / 2;
    p.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), radius, radius);
    p.restore();
}

QImage canvasImage(qreal ratio) {
    QImage image(QSize(420, 300) * ratio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(ratio);
    image.fill(QColor(244, 246, 249));
    return image;
}

// Paints `cards` (scene rects) at `scale` behind an `offset`, either with paintCard() or shape by
// shape.
QImage render(qreal ratio, QPointF offset, qreal scale, const QList<QRectF> &cards,
              const Look &look, bool viaPaintCard) {
    QImage image = canvasImage(ratio);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.translate(offset);
    p.scale(scale, scale);
    for (const QRectF &card : cards) {
        if (viaPaintCard)
            paintCard(&p, card, 8, look.fill, look.border, look.shadow, look.borderWidth);
        else
            paintShapes(p, card, 8, look);
    }
    p.end();
    return image;
}

// Compositing a card into its own image first and then onto the canvas rounds differently from
// painting it onto the canvas: up to this much per 8-bit channel. A misplaced card, or one with
// another card's look, differs by far more.
constexpr int kRounding = 2;

// The largest difference of one colour channel between `a` and `b`.
int largestDifference(const QImage &a, const QImage &b) {
    int largest = 0;
    for (int y = 0; y < a.height(); ++y) {
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y);
            const QRgb q = b.pixel(x, y);
            largest =
                std::max({largest, std::abs(qRed(p) - qRed(q)), std::abs(qGreen(p) - qGreen(q)),
                          std::abs(qBlue(p) - qBlue(q)), std::abs(qAlpha(p) - qAlpha(q))});
        }
    }
    return largest;
}

// A widget placed inside a window, painting cards like a canvas viewport does: the window's
// painter reaches it through an offset of its own.
class CardWidget : public QWidget {
public:
    CardWidget(bool viaPaintCard, QWidget *parent)
        : QWidget(parent)
        , m_viaPaintCard(viaPaintCard) {}

protected:
    void paintEvent(QPaintEvent *) override {
        QPainter p(this);
        p.fillRect(rect(), QColor(244, 246, 249));
        p.setRenderHint(QPainter::Antialiasing);
        p.scale(0.5, 0.5);
        for (const QRectF &card : {QRectF(22, 11, 190, 52), QRectF(22, 81, 190, 52)}) {
            if (m_viaPaintCard)
                paintCard(&p, card, 8, kPlain.fill, kPlain.border, kPlain.shadow,
                          kPlain.borderWidth);
            else
                paintShapes(p, card, 8, kPlain);
        }
    }

private:
    bool m_viaPaintCard;
};

QImage windowWithCards(bool viaPaintCard) {
    QWidget window;
    window.resize(320, 200);
    auto *cards = new CardWidget(viaPaintCard, &window);
    cards->setGeometry(57, 31, 200, 120);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return {};
    return window.grab().toImage().convertToFormat(QImage::Format_ARGB32_Premultiplied);
}

} // namespace

class TestCardPaint : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void copiesArePaintedPixels_data();
    void copiesArePaintedPixels();
    void looksDoNotShareACopy();
    void rotatedCardsArePaintedDirectly();
    void cardsLandInPlaceInsideAWindow();
};

void TestCardPaint::copiesArePaintedPixels_data() {
    QTest::addColumn<qreal>("ratio");
    QTest::addColumn<QPointF>("offset");
    QTest::addColumn<qreal>("scale");
    QTest::addColumn<QList<QRectF>>("cards");
    // Card corners are chosen so that each card's image starts on a device pixel; there the copy
    // and the painting must agree. (Elsewhere the copy lands on the nearest pixel.)
    const QList<QRectF> column = {QRectF(22, 11, 190, 52), QRectF(22, 81, 190, 52),
                                  QRectF(22, 151, 190, 52), QRectF(232, 11, 190, 52)};
    QTest::newRow("100 %") << 1.0 << QPointF(0, 0) << 1.0 << column;
    QTest::newRow("50 %, fit-like") << 1.0 << QPointF(0, 0) << 0.5 << column;
    QTest::newRow("50 % behind a view's offset") << 1.0 << QPointF(37, 12) << 0.5 << column;
    QTest::newRow("150 %") << 1.0 << QPointF(0, 0) << 1.5 << QList<QRectF>{QRectF(4, 3, 190, 52)};
    QTest::newRow("high-DPI, 100 %") << 2.0 << QPointF(0, 0) << 1.0 << column;
    QTest::newRow("high-DPI, 50 %") << 2.0 << QPointF(3, 1) << 0.5 << column;
}

void TestCardPaint::copiesArePaintedPixels() {
    QFETCH(qreal, ratio);
    QFETCH(QPointF, offset);
    QFETCH(qreal, scale);
    QFETCH(QList<QRectF>, cards);
    for (const Look &look : {kPlain, kSelected, kDark}) {
        const QImage painted = render(ratio, offset, scale, cards, look, false);
        const QImage copied = render(ratio, offset, scale, cards, look, true);
        QVERIFY(painted != canvasImage(ratio)); // the reference did paint the cards
        QVERIFY2(
            largestDifference(copied, painted) <= kRounding,
            qPrintable(QStringLiteral("differs by %1").arg(largestDifference(copied, painted))));
    }
}

void TestCardPaint::looksDoNotShareACopy() {
    // Same size and scale, different colours and borders, painted one after the other: each card
    // must show its own look, not the copy made for the one before.
    const QList<QRectF> one = {QRectF(22, 11, 190, 52)};
    for (const Look &look : {kPlain, kSelected, kDark, kPlain}) {
        QVERIFY(largestDifference(render(1.0, QPointF(), 0.5, one, look, true),
                                  render(1.0, QPointF(), 0.5, one, look, false)) <= kRounding);
    }
}

void TestCardPaint::rotatedCardsArePaintedDirectly() {
    // A rotated painter cannot take a copy: the card is painted as shapes, so it is the same.
    const auto draw = [](bool viaPaintCard) {
        QImage image = canvasImage(1.0);
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        p.translate(200, 20);
        p.rotate(30);
        const QRectF card(0, 0, 190, 52);
        if (viaPaintCard)
            paintCard(&p, card, 8, kPlain.fill, kPlain.border, kPlain.shadow, kPlain.borderWidth);
        else
            paintShapes(p, card, 8, kPlain);
        return image;
    };
    QCOMPARE(largestDifference(draw(true), draw(false)), 0);
}

void TestCardPaint::cardsLandInPlaceInsideAWindow() {
    const QImage painted = windowWithCards(false);
    const QImage copied = windowWithCards(true);
    QVERIFY(!painted.isNull());
    QCOMPARE(copied.size(), painted.size());
    QVERIFY2(largestDifference(copied, painted) <= kRounding,
             qPrintable(QStringLiteral("differs by %1").arg(largestDifference(copied, painted))));
}

QTEST_MAIN(TestCardPaint)
#include "tst_cardpaint.moc"
