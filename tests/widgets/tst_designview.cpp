// Zoom and pan helpers of the canvas view: fixed steps, clamped range, fit, 100 %, Ctrl+wheel.

#include <canvas/designscene.h>
#include <canvas/designview.h>
#include <wavesmith/catalog.h>
#include <wavesmith/templates.h>

#include <QScrollBar>
#include <QSignalSpy>
#include <QWheelEvent>
#include <QtTest>

using namespace wavesmith;

class TestDesignView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void fitShowsEverything();
    void stepsAreClamped();
    void ctrlWheelZoomsAroundTheCursor();
    void plainWheelScrolls();
    void middleButtonPans();

private:
    void sendWheel(const QPoint &at, int delta, Qt::KeyboardModifiers modifiers);

    DesignScene *m_scene = nullptr;
    DesignView *m_view = nullptr;
};

void TestDesignView::init() {
    m_scene = new DesignScene(Catalog::builtin());
    m_scene->setDesign(homelabTemplate(Catalog::builtin()));
    m_view = new DesignView;
    m_view->setScene(m_scene);
    m_view->resize(900, 600);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view));
}

void TestDesignView::cleanup() {
    delete m_view;
    delete m_scene;
}

void TestDesignView::sendWheel(const QPoint &at, int delta, Qt::KeyboardModifiers modifiers) {
    QWheelEvent event(QPointF(at), QPointF(m_view->viewport()->mapToGlobal(at)), QPoint(),
                      QPoint(0, delta), Qt::NoButton, modifiers, Qt::NoScrollPhase, false);
    QApplication::sendEvent(m_view->viewport(), &event);
}

void TestDesignView::fitShowsEverything() {
    m_view->fitToContents();
    QVERIFY(m_view->isFitting());
    QVERIFY(m_view->zoom() < 1.0); // the homelab is wider than 900 px at 100 %
    const QRectF visible = m_view->mapToScene(m_view->viewport()->rect()).boundingRect();
    QVERIFY(visible.adjusted(-1, -1, 1, 1).contains(m_scene->itemsBoundingRect()));

    // A fitted view refits when resized; a zoomed one keeps its zoom.
    const qreal fitted = m_view->zoom();
    m_view->resize(1800, 1200);
    QTRY_VERIFY(m_view->zoom() > fitted);
    QVERIFY(m_view->zoom() <= 1.0); // never blown up beyond 100 %
    m_view->resetZoom();
    QVERIFY(!m_view->isFitting());
    QCOMPARE(m_view->zoom(), 1.0);
    m_view->resize(900, 600);
    QCOMPARE(m_view->zoom(), 1.0);
}

void TestDesignView::stepsAreClamped() {
    QSignalSpy zooms(m_view, &DesignView::zoomChanged);
    m_view->resetZoom();
    m_view->zoomIn();
    QCOMPARE(m_view->zoom(), 1.25);
    m_view->zoomOut();
    m_view->zoomOut();
    QCOMPARE(m_view->zoom(), 0.9);
    for (int i = 0; i < 40; ++i)
        m_view->zoomOut();
    QCOMPARE(m_view->zoom(), DesignView::minimumZoom());
    for (int i = 0; i < 40; ++i)
        m_view->zoomIn();
    QCOMPARE(m_view->zoom(), DesignView::maximumZoom());
    m_view->setZoom(100);
    QCOMPARE(m_view->zoom(), DesignView::maximumZoom());
    QVERIFY(!zooms.isEmpty());
    QCOMPARE(zooms.last().first().toReal(), DesignView::maximumZoom());
}

void TestDesignView::ctrlWheelZoomsAroundTheCursor() {
    m_view->resetZoom();
    const QPoint cursor(200, 150);
    const QPointF underCursor = m_view->mapToScene(cursor);
    sendWheel(cursor, 120, Qt::ControlModifier);
    QCOMPARE(m_view->zoom(), 1.25);
    // The scene point under the cursor stays there (within a pixel of scroll rounding).
    const QPointF after = m_view->mapFromScene(underCursor);
    QVERIFY2((after - QPointF(cursor)).manhattanLength() <= 2,
             qPrintable(QStringLiteral("%1,%2").arg(after.x()).arg(after.y())));
    sendWheel(cursor, -120, Qt::ControlModifier);
    QCOMPARE(m_view->zoom(), 1.0);
    // Half notches (touchpads) add up to one step.
    sendWheel(cursor, 60, Qt::ControlModifier);
    QCOMPARE(m_view->zoom(), 1.0);
    sendWheel(cursor, 60, Qt::ControlModifier);
    QCOMPARE(m_view->zoom(), 1.25);
}

void TestDesignView::plainWheelScrolls() {
    m_view->resetZoom();
    QScrollBar *bar = m_view->verticalScrollBar();
    bar->setValue(bar->minimum());
    QVERIFY(bar->maximum() > bar->minimum());
    sendWheel(QPoint(200, 150), -120, Qt::NoModifier);
    QCOMPARE(m_view->zoom(), 1.0);
    QVERIFY(bar->value() > bar->minimum());
}

void TestDesignView::middleButtonPans() {
    m_view->resetZoom();
    QScrollBar *bar = m_view->horizontalScrollBar();
    bar->setValue(bar->minimum());
    QWidget *viewport = m_view->viewport();
    QTest::mousePress(viewport, Qt::MiddleButton, Qt::NoModifier, QPoint(400, 300));
    QMouseEvent move(QEvent::MouseMove, QPointF(300, 300), viewport->mapToGlobal(QPointF(300, 300)),
                     Qt::NoButton, Qt::MiddleButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &move);
    QTest::mouseRelease(viewport, Qt::MiddleButton, Qt::NoModifier, QPoint(300, 300));
    QCOMPARE(bar->value(), bar->minimum() + 100);
}

QTEST_MAIN(TestDesignView)
#include "tst_designview.moc"
