// A wave's bootstrap time budget lives in the layout sidecar next to its phase name: set through
// the document (one undoable command that touches only the sidecar), saved, and read back by the
// importer; a budget that is not a positive number of seconds is reported naming file and line.

#include <wavesmith/atomicwrite.h>
#include <wavesmith/catalog.h>
#include <wavesmith/document.h>
#include <wavesmith/edit.h>
#include <wavesmith/render.h>
#include <wavesmith/repo.h>
#include <wavesmith/templates.h>

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace wavesmith;

namespace {

const QString kSidecar = QString::fromUtf16(kLayoutSidecar);

QByteArray readFile(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool waitForSave(DesignDocument &document) {
    QSignalSpy saved(&document, &DesignDocument::saved);
    QSignalSpy failed(&document, &DesignDocument::saveFailed);
    return QTest::qWaitFor([&] { return !saved.isEmpty() || !failed.isEmpty(); }, 10000) &&
           !saved.isEmpty();
}

Status setBudget(DesignDocument &document, int wave, int seconds) {
    return document.applyEdit(QStringLiteral("Set wave %1 time budget").arg(wave),
                              [=](RepoEditor &e) { return e.setWaveBudget(wave, seconds); });
}

} // namespace

class TestWaveBudget : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_repo;
    Catalog m_catalog = Catalog::builtin();

    void openRepo(DesignDocument &document) {
        auto source = DesignDocument::load(m_repo.path(), m_catalog);
        QVERIFY2(source, qPrintable(source ? QString() : source.error().toString()));
        document.open(std::move(source).value());
    }

private Q_SLOTS:
    void init() {
        QVERIFY(m_repo.isValid());
        QDir(m_repo.path()).removeRecursively();
        const Status written = writeFilesAtomically(
            m_repo.path(), renderDesign(homelabTemplate(m_catalog), m_catalog));
        QVERIFY2(written, qPrintable(written ? QString() : written.error().toString()));
    }

    void budgetRoundTripsThroughSaveAndImport() {
        DesignDocument document(m_catalog);
        openRepo(document);
        QCOMPARE(document.design().waveBudgetSeconds(4), 0);
        const QByteArray before = readFile(m_repo.filePath(kSidecar));
        QVERIFY(!before.isEmpty());
        QVERIFY(!before.contains("budget"));

        QVERIFY(setBudget(document, 4, 600));
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("Set wave 4 time budget"));
        QCOMPARE(document.design().waveBudgetSeconds(4), 600);
        QCOMPARE(document.design().phaseName(4), QStringLiteral("Infrastructure"));
        // Only the sidecar changes, and only by the budget line under wave 4.
        const QList<FileChange> pending = document.pendingChanges();
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending.first().path, kSidecar);
        QVERIFY2(pending.first().after.contains("phase: Infrastructure\n    budget: 600\n"),
                 pending.first().after.constData());
        QCOMPARE(pending.first().after.count("budget:"), 1);

        // Undo gives the sidecar back byte for byte; redo brings the budget back.
        document.undoStack()->undo();
        QCOMPARE(document.design().waveBudgetSeconds(4), 0);
        QVERIFY(document.pendingChanges().isEmpty());
        document.undoStack()->redo();
        QCOMPARE(document.design().waveBudgetSeconds(4), 600);

        document.save();
        QVERIFY(waitForSave(document));
        const QByteArray saved = readFile(m_repo.filePath(kSidecar));
        auto reread = importRepository(m_repo.path(), m_catalog);
        QVERIFY2(reread, qPrintable(reread ? QString() : reread.error().toString()));
        QCOMPARE(reread->waveBudgetSeconds(4), 600);
        QCOMPARE(reread->waveBudgetSeconds(5), 0);
        QCOMPARE(reread->phaseName(4), QStringLiteral("Infrastructure"));
        QCOMPARE(renderLayoutSidecar(reread.value()), saved);

        // Renumbering the lane keeps its budget; 0 removes it from the sidecar again.
        DesignDocument reopened(m_catalog);
        openRepo(reopened);
        QCOMPARE(reopened.design().waveBudgetSeconds(4), 600);
        QVERIFY(reopened.renumberWave(4, 3));
        QCOMPARE(reopened.design().waveBudgetSeconds(3), 600);
        QCOMPARE(reopened.design().waveBudgetSeconds(4), 0);
        QVERIFY(setBudget(reopened, 3, 0));
        QVERIFY(!reopened.currentText(kSidecar).contains("budget"));
    }

    void refusedBudgetsChangeNothing() {
        DesignDocument document(m_catalog);
        openRepo(document);
        const int commands = document.undoStack()->count();
        const Status missing = setBudget(document, 42, 60);
        QVERIFY(!missing);
        QCOMPARE(missing.error().message, QStringLiteral("there is no wave 42"));
        QVERIFY(!setBudget(document, 1, -5));
        QCOMPARE(document.undoStack()->count(), commands);
        QVERIFY(document.pendingChanges().isEmpty());
    }

    void badBudgetIsReportedWithFileAndLine() {
        QByteArray sidecar = readFile(m_repo.filePath(kSidecar));
        const QByteArray anchor = "phase: Storage\n";
        const qsizetype at = sidecar.indexOf(anchor);
        QVERIFY(at >= 0);
        sidecar.insert(at + anchor.size(), "    budget: soon\n");
        const int line = int(sidecar.left(at + anchor.size()).count('\n')) + 1;
        QFile f(m_repo.filePath(kSidecar));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(sidecar);
        f.close();

        auto design = importRepository(m_repo.path(), m_catalog);
        QVERIFY2(design, qPrintable(design ? QString() : design.error().toString()));
        QCOMPARE(design->waveBudgetSeconds(1), 0);
        QCOMPARE(design->phaseName(1), QStringLiteral("Storage")); // the rest of the lane stays
        const auto it = std::find_if(
            design->diagnostics.cbegin(), design->diagnostics.cend(),
            [](const Diagnostic &d) { return d.message.contains(QLatin1String("wave budget")); });
        QVERIFY(it != design->diagnostics.cend());
        QCOMPARE(it->file, kSidecar);
        QCOMPARE(it->line, line);
        QCOMPARE(it->message,
                 QStringLiteral("wave budget \"soon\" is not a positive number of seconds "
                                "(ignored)"));
    }
};

QTEST_GUILESS_MAIN(TestWaveBudget)
#include "tst_wavebudget.moc"
