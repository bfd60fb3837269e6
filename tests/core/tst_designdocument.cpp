// DesignDocument: every edit is one undoable command whose text follows surgically; undo gives
// back every byte; save writes on a worker thread, refuses to overwrite a file changed on disk;
// untitled designs save into a new folder; an autosave's edits are recovered over the disk.
// Runs on the hand-written corpus repository (comments, odd quoting) copied into a temporary
// folder.

#include <wavesmith/catalog.h>
#include <wavesmith/document.h>
#include <wavesmith/edit.h>
#include <wavesmith/render.h>
#include <wavesmith/repo.h>
#include <wavesmith/templates.h>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace wavesmith;

namespace {

const QString kCorpus = QStringLiteral(WAVESMITH_SOURCE_DIR "/tests/repo/corpus/commented");
const QString kCilium = QStringLiteral("infrastructure/controllers/argocd/apps/cilium.yaml");

QMap<QString, QByteArray> readTree(const QString &dir) {
    QMap<QString, QByteArray> tree;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    const QDir root(dir);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            tree.insert(root.relativeFilePath(path), f.readAll());
    }
    return tree;
}

bool copyTree(const QString &from, const QString &to) {
    const QMap<QString, QByteArray> tree = readTree(from);
    for (auto it = tree.cbegin(); it != tree.cend(); ++it) {
        const QString path = QDir(to).filePath(it.key());
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(it.value()) != it.value().size())
            return false;
    }
    return true;
}

// Lines of `after` that are not at the same position in `before` (both the same length).
QList<QByteArray> changedLines(const QByteArray &before, const QByteArray &after) {
    const QList<QByteArray> a = before.split('\n');
    const QList<QByteArray> b = after.split('\n');
    QList<QByteArray> changed;
    if (a.size() != b.size())
        return {"<line count differs>"};
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a.at(i) != b.at(i))
            changed.append(b.at(i));
    }
    return changed;
}

} // namespace

class TestDesignDocument : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_repo;
    Catalog m_catalog = Catalog::builtin();
    QMap<QString, QByteArray> m_original;

    void openCorpus(DesignDocument &document) {
        auto source = DesignDocument::load(m_repo.path(), m_catalog);
        QVERIFY2(source, qPrintable(source ? QString() : source.error().toString()));
        document.open(std::move(source).value());
    }

    static bool waitForSave(DesignDocument &document) {
        QSignalSpy saved(&document, &DesignDocument::saved);
        QSignalSpy failed(&document, &DesignDocument::saveFailed);
        return QTest::qWaitFor([&] { return !saved.isEmpty() || !failed.isEmpty(); }, 10000) &&
               !saved.isEmpty();
    }

private Q_SLOTS:
    void init() {
        QVERIFY(m_repo.isValid());
        QDir(m_repo.path()).removeRecursively();
        QDir().mkpath(m_repo.path());
        QVERIFY(copyTree(kCorpus, m_repo.path()));
        m_original = readTree(m_repo.path());
    }

    void waveEditIsOneLineAndUndoGivesBackEveryByte() {
        DesignDocument document(m_catalog);
        openCorpus(document);
        QSignalSpy changed(&document, &DesignDocument::designChanged);
        QSignalSpy modified(&document, &DesignDocument::modifiedChanged);

        QVERIFY(document.setWave(QStringLiteral("cilium"), 2));
        QCOMPARE(document.undoStack()->count(), 1);
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("Move cilium to wave 2"));
        QCOMPARE(document.design().component(QStringLiteral("cilium"))->wave, 2);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().toStringList(), QStringList{QStringLiteral("cilium")});
        QVERIFY(document.isModified());
        QCOMPARE(modified.size(), 1);

        const QList<FileChange> pending = document.pendingChanges();
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending.first().path, kCilium);
        QCOMPARE(pending.first().before, m_original.value(kCilium));
        const QList<QByteArray> lines =
            changedLines(m_original.value(kCilium), pending.first().after);
        QCOMPARE(lines.size(), 1);
        // The comment on the line and its quoting survive.
        QVERIFY2(lines.first().contains("\"2\"") && lines.first().contains("# keep in sync"),
                 lines.first().constData());
        QCOMPARE(document.currentText(kCilium), pending.first().after);

        document.undoStack()->undo();
        QCOMPARE(document.design().component(QStringLiteral("cilium"))->wave, 0);
        QVERIFY(document.pendingChanges().isEmpty());
        QCOMPARE(document.currentText(kCilium), m_original.value(kCilium));
        QVERIFY(!document.isModified());
        QCOMPARE(modified.size(), 2);

        document.undoStack()->redo();
        QCOMPARE(document.design().component(QStringLiteral("cilium"))->wave, 2);
        QCOMPARE(document.currentText(kCilium), pending.first().after);
    }

    void refusedEditPushesNothing() {
        DesignDocument document(m_catalog);
        openCorpus(document);
        const Status status = document.setWave(QStringLiteral("no-such-component"), 3);
        QVERIFY(!status);
        QVERIFY(status.error().message.contains(QLatin1String("no-such-component")));
        QCOMPARE(document.undoStack()->count(), 0);
        QVERIFY(!document.isModified());
        // A compound edit that fails half-way leaves nothing of its first half.
        QVERIFY(!document.removeComponents({QStringLiteral("cilium"), QStringLiteral("ghost")}));
        QVERIFY(document.design().component(QStringLiteral("cilium")));
        QVERIFY(document.pendingChanges().isEmpty());
    }

    void deleteAndUndoRestoresFiles() {
        DesignDocument document(m_catalog);
        openCorpus(document);
        QVERIFY(document.removeComponents({QStringLiteral("cilium"), QStringLiteral("longhorn")}));
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("Delete 2 components"));
        QVERIFY(!document.design().component(QStringLiteral("cilium")));
        QVERIFY(!document.pendingChanges().isEmpty());
        document.undoStack()->undo();
        QVERIFY(document.design().component(QStringLiteral("cilium")));
        QVERIFY(document.pendingChanges().isEmpty());
    }

    void undoAcrossSeveralEditsReplaysInOrder() {
        DesignDocument document(m_catalog);
        openCorpus(document);
        QVERIFY(document.setWave(QStringLiteral("cilium"), 2));
        QVERIFY(document.setNamespace(QStringLiteral("cilium"), QStringLiteral("network")));
        QVERIFY(!document.addDependency(QStringLiteral("longhorn"), QStringLiteral("cilium")));
        QVERIFY(document.addDependency(QStringLiteral("pvc-plumber"), QStringLiteral("cilium")));
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("Make pvc-plumber need cilium"));
        document.undoStack()->undo();
        document.undoStack()->undo();
        QCOMPARE(document.design().component(QStringLiteral("cilium"))->wave, 2);
        QCOMPARE(document.design().component(QStringLiteral("cilium"))->namespace_,
                 QStringLiteral("kube-system"));
        // A new edit after undo drops the undone ones.
        QVERIFY(document.setWave(QStringLiteral("cilium"), 0));
        QCOMPARE(document.undoStack()->count(), 2);
        QVERIFY(document.pendingChanges().isEmpty());
        QVERIFY(!document.undoStack()->canRedo());
    }

    void lanesLiveInTheSidecar() {
        DesignDocument document(m_catalog);
        openCorpus(document);
        QVERIFY(document.insertWave(9, QStringLiteral("Extras")));
        QVERIFY(document.design().waveNumbers().contains(9));
        QCOMPARE(document.design().phaseName(9), QStringLiteral("Extras"));
        const QByteArray sidecar = document.currentText(QStringLiteral(".wavesmith/layout.yaml"));
        QVERIFY2(sidecar.contains("Extras"), sidecar.constData());
        QVERIFY(!document.removeWave(0)); // cilium lives there
        QVERIFY(document.removeWave(9));
        QVERIFY(!document.design().waveNumbers().contains(9));
        QVERIFY(document.setPhaseName(0, QStringLiteral("Network")));
        QCOMPARE(document.design().phaseName(0), QStringLiteral("Network"));
    }

    void arrangedLaneOrderIsSavedInTheSidecarAndReadBack() {
        DesignDocument document(m_catalog);
        openCorpus(document);
        const QString sidecar = QString::fromUtf16(kLayoutSidecar);
        QVERIFY(!m_original.contains(sidecar)); // the corpus has none: the edit creates it
        // Wave 0 bottom to top: an order the model alone would never give.
        QStringList order;
        for (const Component *c : document.design().componentsInWave(0))
            order.prepend(c->name);
        QVERIFY(order.size() >= 2);
        QVERIFY(document.applyEdit(QStringLiteral("Auto-arrange lanes"), [&](RepoEditor &editor) {
            return editor.setLaneOrders({{0, order}});
        }));
        QCOMPARE(document.undoStack()->undoText(), QStringLiteral("Auto-arrange lanes"));
        QCOMPARE(document.design().laneOrders.value(0), order);
        // Only the sidecar changes; no Argo CD manifest is touched.
        const QList<FileChange> pending = document.pendingChanges();
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending.first().path, sidecar);
        QVERIFY(pending.first().created);
        QByteArray expected = "    order:\n";
        for (const QString &name : std::as_const(order))
            expected += "      - " + name.toUtf8() + '\n';
        QVERIFY2(pending.first().after.contains(expected), pending.first().after.constData());

        document.save();
        QVERIFY(waitForSave(document));
        const QMap<QString, QByteArray> saved = readTree(m_repo.path());
        QCOMPARE(saved.size(), m_original.size() + 1);
        for (auto it = m_original.cbegin(); it != m_original.cend(); ++it)
            QCOMPARE(saved.value(it.key()), it.value());
        // Reopened, the repository says the same order, and renders the sidecar unchanged.
        auto reread = importRepository(m_repo.path(), m_catalog);
        QVERIFY2(reread, qPrintable(reread ? QString() : reread.error().toString()));
        QCOMPARE(reread->laneOrders.value(0), order);
        QCOMPARE(renderLayoutSidecar(reread.value()), saved.value(sidecar));
        DesignDocument reopened(m_catalog);
        openCorpus(reopened);
        QCOMPARE(reopened.design().laneOrders.value(0), order);
        // Renumbering the lane carries its order along.
        QVERIFY(reopened.renumberWave(0, -5));
        QCOMPARE(reopened.design().laneOrders.value(-5), order);
        QVERIFY(!reopened.design().laneOrders.contains(0));

        // Undo takes the order away again; saved, the tree is the original, byte for byte.
        document.undoStack()->undo();
        QVERIFY(document.design().laneOrders.isEmpty());
        document.save();
        QVERIFY(waitForSave(document));
        QCOMPARE(readTree(m_repo.path()), m_original);
    }

    void handWrittenLaneOrderIsRead() {
        // A sidecar as a user might keep it: comments, flow style, a name that is gone.
        QFile f(QDir(m_repo.path()).filePath(QString::fromUtf16(kLayoutSidecar)));
        QVERIFY(QDir(m_repo.path()).mkpath(QStringLiteral(".wavesmith")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# arranged by hand\n"
                "waves:\n"
                "  - wave: 0\n"
                "    phase: Foundation   # the basics\n"
                "    order: [projects, gone-component, cilium]\n");
        f.close();
        auto design = importRepository(m_repo.path(), m_catalog);
        QVERIFY2(design, qPrintable(design ? QString() : design.error().toString()));
        QCOMPARE(design->phaseName(0), QStringLiteral("Foundation"));
        QCOMPARE(design->laneOrders.value(0),
                 (QStringList{QStringLiteral("projects"), QStringLiteral("gone-component"),
                              QStringLiteral("cilium")}));
        QVERIFY(!design->laneOrders.contains(1));
    }

    void healthCheckIsWrittenAsABlockWhereTheRepoKeepsIt() {
        DesignDocument document(m_catalog);
        openCorpus(document);
        const QString values = QStringLiteral("infrastructure/controllers/argocd/values.yaml");
        HealthCustomization check = document.design().healthChecks.first();
        QCOMPARE(check.kind, QStringLiteral("Application"));
        check.lua = QStringLiteral("hs = {status = \"Healthy\"}\n\n-- blank line above\n"
                                   "return hs\n");
        check.useOpenLibs = true;
        QVERIFY(document.setHealthCheck(check));
        QCOMPARE(document.undoStack()->undoText(),
                 QStringLiteral("Edit health check for argoproj.io/Application"));
        const QByteArray after = document.currentText(values);
        // The comment above the script, the next key and the params block are untouched.
        const QByteArray before = m_original.value(values);
        for (const char *kept : {"    # Without this the root Application does not wait",
                                 "    timeout.reconciliation: 180s\n",
                                 "controller.diff.server.side: \"true\"   # matches"}) {
            QVERIFY2(after.contains(kept), kept);
        }
        QVERIFY2(after.contains("argoproj.io_Application: |\n      hs = {status = \"Healthy\"}\n"
                                "\n      -- blank line above\n      return hs\n"),
                 after.constData());
        QVERIFY2(after.contains("resource.customizations.useOpenLibs.argoproj.io_Application: "
                                "\"true\""),
                 after.constData());
        QCOMPARE(document.design().healthChecks.first().lua, check.lua);

        // Written to disk and read back by the importer, it is the same script.
        document.save();
        QVERIFY(waitForSave(document));
        auto reread = importRepository(m_repo.path(), m_catalog);
        QVERIFY(reread);
        QCOMPARE(reread->healthChecks.size(), 1);
        QCOMPARE(reread->healthChecks.first().lua, check.lua);
        QVERIFY(reread->healthChecks.first().useOpenLibs);

        // Undo gives back the original block byte for byte.
        document.undoStack()->undo();
        QCOMPARE(document.currentText(values), before);

        // A customization for another kind lands beside the existing ones.
        HealthCustomization certificate;
        certificate.group = QStringLiteral("cert-manager.io");
        certificate.kind = QStringLiteral("Certificate");
        certificate.lua = QStringLiteral("return {status = \"Healthy\"}");
        QVERIFY(document.setHealthCheck(certificate));
        QVERIFY2(document.currentText(values).contains(
                     "    resource.customizations.health.cert-manager.io_Certificate: |-\n"
                     "      return {status = \"Healthy\"}"),
                 document.currentText(values).constData());
        QCOMPARE(document.design().healthChecks.size(), 2);
    }

    void saveWritesOnlyTheEditedLine() {
        DesignDocument document(m_catalog);
        openCorpus(document);
        QVERIFY(document.setWave(QStringLiteral("cilium"), 2));
        document.save();
        QVERIFY(document.isSaving());
        QVERIFY(!document.setWave(QStringLiteral("cilium"), 3)); // refused while saving
        QVERIFY(waitForSave(document));
        QVERIFY(!document.isModified());
        const QMap<QString, QByteArray> after = readTree(m_repo.path());
        QCOMPARE(after.keys(), m_original.keys());
        for (auto it = after.cbegin(); it != after.cend(); ++it) {
            if (it.key() != kCilium)
                QCOMPARE(it.value(), m_original.value(it.key()));
        }
        QCOMPARE(changedLines(m_original.value(kCilium), after.value(kCilium)).size(), 1);
        QCOMPARE(
            importRepository(m_repo.path(), m_catalog)->component(QStringLiteral("cilium"))->wave,
            2);

        // Undo after save is an unsaved change again; saving it restores the original bytes.
        document.undoStack()->undo();
        QVERIFY(document.isModified());
        document.save();
        QVERIFY(waitForSave(document));
        QCOMPARE(readTree(m_repo.path()), m_original);
    }

    void saveRefusesAFileChangedOnDisk() {
        DesignDocument document(m_catalog);
        openCorpus(document);
        QVERIFY(document.setWave(QStringLiteral("cilium"), 2));
        QFile f(QDir(m_repo.path()).filePath(kCilium));
        QVERIFY(f.open(QIODevice::Append));
        f.write("# edited elsewhere\n");
        f.close();
        const QByteArray theirs = readTree(m_repo.path()).value(kCilium);
        QSignalSpy failed(&document, &DesignDocument::saveFailed);
        document.save();
        QVERIFY(failed.wait(10000));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(kCilium) && message.contains(QLatin1String("changed on disk")),
                 qPrintable(message));
        QCOMPARE(readTree(m_repo.path()).value(kCilium), theirs);
        QVERIFY(document.isModified());
    }

    void untitledSavesAsANewRepository() {
        auto source = DesignDocument::untitled(homelabTemplate(m_catalog), m_catalog);
        QVERIFY2(source, qPrintable(source ? QString() : source.error().toString()));
        DesignDocument document(m_catalog);
        document.open(std::move(source).value());
        QVERIFY(document.isUntitled());
        QVERIFY(document.setWave(QStringLiteral("longhorn"), 3));
        QSignalSpy failed(&document, &DesignDocument::saveFailed);
        document.save(); // no folder yet
        QCOMPARE(failed.size(), 1);

        QTemporaryDir target;
        const QString dir = target.filePath(QStringLiteral("homelab"));
        QSignalSpy moved(&document, &DesignDocument::directoryChanged);
        document.saveAs(dir);
        QVERIFY(waitForSave(document));
        QCOMPARE(moved.size(), 1);
        QCOMPARE(document.directory(), QFileInfo(dir).absoluteFilePath());
        QVERIFY(!document.isModified());
        auto reread = importRepository(dir, m_catalog);
        QVERIFY(reread);
        QCOMPARE(reread->component(QStringLiteral("longhorn"))->wave, 3);
        QCOMPARE(reread->components.size(), document.design().components.size());

        // Save As refuses a folder that holds something.
        document.saveAs(m_repo.path());
        QVERIFY(failed.wait(10000));
        QVERIFY(failed.last().first().toString().contains(QLatin1String("not empty")));
    }

    void recoveredEditsOpenModifiedAndSave() {
        QList<FileChange> kept;
        {
            DesignDocument document(m_catalog);
            openCorpus(document);
            QVERIFY(document.setNamespace(QStringLiteral("cilium"), QStringLiteral("network")));
            kept = document.pendingChanges();
        } // "crash": nothing saved
        QCOMPARE(readTree(m_repo.path()), m_original);

        auto recovered = DesignDocument::recover(m_repo.path(), m_catalog, kept);
        QVERIFY2(recovered, qPrintable(recovered ? QString() : recovered.error().toString()));
        DesignDocument document(m_catalog);
        document.open(std::move(recovered).value());
        QVERIFY(document.isModified());
        QCOMPARE(document.undoStack()->count(), 0);
        QCOMPARE(document.design().component(QStringLiteral("cilium"))->namespace_,
                 QStringLiteral("network"));
        document.save();
        QVERIFY(waitForSave(document));
        QCOMPARE(readTree(m_repo.path()).value(kCilium), kept.first().after);

        // Once the disk moved on, the same autosave no longer applies, and says which file.
        auto stale = DesignDocument::recover(m_repo.path(), m_catalog, kept);
        QVERIFY(!stale);
        QCOMPARE(stale.error().file, kCilium);
    }
};

QTEST_GUILESS_MAIN(TestDesignDocument)
#include "tst_designdocument.moc"
