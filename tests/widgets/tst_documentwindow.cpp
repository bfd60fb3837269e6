// The main window around a DesignDocument: palette drop, inspector edits and validation, the
// YAML preview, Save's one-line diff, the unsaved-edits prompt, autosave and crash recovery,
// recent repositories and the theme. Real repositories written from the homelab template and
// opened through File → Open (DesignDocument::load on a worker); simulated keyboard and
// drag-and-drop events on the real widgets.

#include "window/mainwindow.h"

#include <bootstrap/bootstrapdock.h>
#include <canvas/componentnodeitem.h>
#include <canvas/designscene.h>
#include <canvas/designview.h>
#include <canvas/wavelaneitem.h>
#include <luaeditor/luaeditordock.h>
#include <panels/catalogdrophandler.h>
#include <panels/diagnosticsdock.h>
#include <panels/inspectordock.h>
#include <panels/palettedock.h>
#include <panels/recentrepositories.h>
#include <panels/theme.h>
#include <panels/yamlpreviewdock.h>
#include <wavesmith/atomicwrite.h>
#include <wavesmith/autosave.h>
#include <wavesmith/catalog.h>
#include <wavesmith/document.h>
#include <wavesmith/render.h>
#include <wavesmith/templates.h>

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QFile>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolBar>
#include <QTreeWidget>
#include <QUndoStack>
#include <QtTest>

using namespace wavesmith;

namespace {

const QString kCiliumFile = QStringLiteral("infrastructure/controllers/argocd/apps/cilium.yaml");

QByteArray readFile(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Lines that differ between two texts of the same line count.
QList<QByteArray> differingLines(const QByteArray &before, const QByteArray &after) {
    const QList<QByteArray> a = before.split('\n');
    const QList<QByteArray> b = after.split('\n');
    if (a.size() != b.size())
        return {"<line count differs>"};
    QList<QByteArray> changed;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a.at(i) != b.at(i))
            changed << b.at(i);
    }
    return changed;
}

// The lightness of the most opaque pixel of the toolbar's Zoom In icon, as the toolbar draws it.
int toolbarIconLightness(const QMainWindow &window) {
    const auto toolbars = window.findChildren<QToolBar *>();
    for (const QToolBar *toolbar : toolbars) {
        for (QAction *action : toolbar->actions()) {
            if (!action->text().contains(QStringLiteral("Zoom &In")))
                continue;
            const QImage image = action->icon().pixmap(toolbar->iconSize()).toImage();
            QColor strongest(0, 0, 0, 0);
            for (int y = 0; y < image.height(); ++y) {
                for (int x = 0; x < image.width(); ++x) {
                    const QColor pixel = image.pixelColor(x, y);
                    if (pixel.alpha() > strongest.alpha())
                        strongest = pixel;
                }
            }
            return strongest.lightness();
        }
    }
    return -1;
}

} // namespace

class TestDocumentWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void titleShowsTheFolderAndTheModifiedMarker();
    void paletteDropOnALaneCreatesTheComponent();
    void paletteSearchAndEnterAddAtTheDefaultWave();
    void inspectorEditUpdatesNodeAndYamlPreview();
    void invalidInspectorInputCommitsNothing();
    void refusedSyncOptionExplainsAndCommitsNothing();
    void saveWritesExactlyOneChangedLine();
    void closingWithUnsavedEditsAsks();
    void crashLeavesAnAutosaveThatIsRecovered();
    void recoveryOverAChangedFileKeepsTheAutosave();
    void openingCanBeCancelled();
    void recentRepositoriesKeepTenExistingFolders();
    void diagnosticsDockListsImportDiagnostics();
    void darkThemeReachesTheCanvas();
    void hiddenDocksAreBuiltWhenFirstShownAndReopenAtStart();
    void paletteIconsRenderWhenPainted();

private:
    // A homelab repository written from the template into a fresh folder.
    QString writeHomelab(const QString &name);
    // A shown window with `dir` opened through File → Open.
    std::unique_ptr<MainWindow> openWindow(const QString &dir);
    static void typeInto(QLineEdit *field, const QString &text);

    Catalog m_catalog = Catalog::builtin();
    std::unique_ptr<QTemporaryDir> m_root;
};

void TestDocumentWindow::initTestCase() {
    // Settings and autosaves go to ~/.qttest, never into the user's own data folder.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("WavesmithTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_documentwindow"));
}

void TestDocumentWindow::init() {
    m_root = std::make_unique<QTemporaryDir>();
    QDir(AutosaveStore::defaultFolder()).removeRecursively();
    QSettings().clear();
}

QString TestDocumentWindow::writeHomelab(const QString &name) {
    const QString dir = m_root->filePath(name);
    const Status written =
        writeFilesAtomically(dir, renderDesign(homelabTemplate(m_catalog), m_catalog));
    if (!written)
        qWarning("%s", qPrintable(written.error().toString()));
    return QDir::cleanPath(dir);
}

std::unique_ptr<MainWindow> TestDocumentWindow::openWindow(const QString &dir) {
    auto window = std::make_unique<MainWindow>(m_catalog);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    QSignalSpy opened(window.get(), &MainWindow::repositoryOpened);
    window->openRepositoryAt(dir);
    if (!opened.wait(20000))
        return nullptr;
    return window;
}

void TestDocumentWindow::typeInto(QLineEdit *field, const QString &text) {
    field->setFocus();
    field->selectAll();
    QTest::keyClick(field, Qt::Key_Backspace);
    QTest::keyClicks(field, text);
}

void TestDocumentWindow::titleShowsTheFolderAndTheModifiedMarker() {
    const QString dir = writeHomelab(QStringLiteral("homelab-gitops"));
    auto window = openWindow(dir);
    QVERIFY(window);
    QCOMPARE(window->windowTitle(), QStringLiteral("homelab-gitops[*] — Wavesmith"));
    QVERIFY(!window->isWindowModified());
    QVERIFY(window->document()->setWave(QStringLiteral("cilium"), 1));
    QVERIFY(window->isWindowModified());
    window->document()->undoStack()->undo();
    QVERIFY(!window->isWindowModified());
    // The folder went into File → Open Recent.
    QCOMPARE(window->recentRepositories()->folders(), QStringList{dir});
}

void TestDocumentWindow::paletteDropOnALaneCreatesTheComponent() {
    const QString dir = writeHomelab(QStringLiteral("repo"));
    auto window = openWindow(dir);
    QVERIFY(window);
    DesignScene *scene = window->designScene();
    DesignView *view = window->designView();
    QVERIFY(window->document()->design().component(QStringLiteral("cert-manager")));

    // The palette row's own drag payload.
    PaletteDock *palette = window->paletteDock();
    QTreeWidget *list = palette->list();
    QTreeWidgetItem *row = nullptr;
    for (QTreeWidgetItemIterator it(list); *it; ++it) {
        if ((*it)->data(0, Qt::UserRole + 1).toString() == QLatin1String("cert-manager"))
            row = *it;
    }
    QVERIFY(row);
    std::unique_ptr<QMimeData> mime(list->model()->mimeData({list->indexFromItem(row)}));
    QVERIFY(mime);
    QCOMPARE(mime->data(PaletteDock::mimeType()), QByteArray("cert-manager"));

    WaveLaneItem *lane = scene->laneItem(1);
    QVERIFY(lane);
    view->centerOn(lane);
    const QPoint target = view->mapFromScene(lane->sceneBoundingRect().center());
    QVERIFY(view->viewport()->rect().contains(target));

    QDragEnterEvent enter(target, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view->viewport(), &enter);
    QVERIFY(enter.isAccepted());
    QDragMoveEvent move(target, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view->viewport(), &move);
    QVERIFY(move.isAccepted());
    QDropEvent drop(QPointF(target), Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view->viewport(), &drop);
    QVERIFY(drop.isAccepted());

    // The name was taken by the infrastructure set's member: the new one is cert-manager-2.
    const Component *added =
        window->document()->design().component(QStringLiteral("cert-manager-2"));
    QVERIFY(added);
    QCOMPARE(added->wave, 1);
    QCOMPARE(added->kind, ComponentKind::Application);
    QCOMPARE(added->namespace_, m_catalog.find(QStringLiteral("cert-manager"))->namespace_);
    QVERIFY(scene->componentItem(QStringLiteral("cert-manager-2")));
    QCOMPARE(scene->selectedComponent(), QStringLiteral("cert-manager-2"));
    QCOMPARE(window->document()->undoStack()->count(), 1);

    QStringList changed;
    for (const FileChange &change : window->document()->pendingChanges())
        changed << change.path;
    const QString appFile =
        QStringLiteral("infrastructure/controllers/argocd/apps/cert-manager-2.yaml");
    QVERIFY2(changed.contains(appFile), qPrintable(changed.join(QLatin1Char(' '))));
    const QByteArray text = window->document()->currentText(appFile);
    QVERIFY(text.contains("name: cert-manager-2"));
    QVERIFY(text.contains("argocd.argoproj.io/sync-wave: \"1\""));
    QVERIFY(window->document()
                ->currentText(
                    QStringLiteral("infrastructure/controllers/argocd/apps/kustomization.yaml"))
                .contains("cert-manager-2.yaml"));

    // Outside every lane the drop is refused and nothing changes.
    const QPoint outside =
        view->mapFromScene(scene->itemsBoundingRect().topLeft() - QPointF(200, 200));
    QDragMoveEvent moveOutside(outside, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view->viewport(), &moveOutside);
    QVERIFY(!moveOutside.isAccepted());
}

void TestDocumentWindow::paletteSearchAndEnterAddAtTheDefaultWave() {
    auto window = openWindow(writeHomelab(QStringLiteral("repo")));
    QVERIFY(window);
    window->designScene()->clearSelection();
    PaletteDock *palette = window->paletteDock();
    palette->searchField()->setFocus();
    QTest::keyClicks(palette->searchField(), QStringLiteral("metallb"));
    QCOMPARE(palette->visibleIds(), QStringList{QStringLiteral("metallb")});
    // Matches descriptions and categories too.
    palette->searchField()->clear();
    QTest::keyClicks(palette->searchField(), QStringLiteral("backup"));
    QVERIFY(palette->visibleIds().contains(QStringLiteral("velero")));
    palette->searchField()->clear();
    QTest::keyClicks(palette->searchField(), QStringLiteral("metallb"));

    QTest::keyClick(palette->searchField(), Qt::Key_Down);
    QVERIFY(palette->list()->hasFocus());
    QCOMPARE(palette->currentId(), QStringLiteral("metallb"));
    QTest::keyClick(palette->list(), Qt::Key_Return);

    const Component *added = window->document()->design().component(QStringLiteral("metallb"));
    QVERIFY(added);
    QCOMPARE(added->wave, m_catalog.find(QStringLiteral("metallb"))->defaultWave);
}

void TestDocumentWindow::inspectorEditUpdatesNodeAndYamlPreview() {
    auto window = openWindow(writeHomelab(QStringLiteral("repo")));
    QVERIFY(window);
    InspectorDock *inspector = window->inspectorDock();
    YamlPreviewDock *preview = window->yamlPreviewDock();
    QVERIFY(inspector->isEmptyStateShown());
    QVERIFY(preview->isEmptyStateShown());

    QVERIFY(window->designScene()->selectComponent(QStringLiteral("cilium")));
    QVERIFY(!inspector->isEmptyStateShown());
    QCOMPARE(inspector->field(QStringLiteral("namespace"))->text(), QStringLiteral("kube-system"));
    QVERIFY(preview->files().contains(kCiliumFile));
    QCOMPARE(preview->currentFile(), kCiliumFile);
    QVERIFY(preview->text().contains(QLatin1String("namespace: kube-system")));

    typeInto(inspector->field(QStringLiteral("namespace")), QStringLiteral("cilium-system"));
    QVERIFY(inspector->fieldProblem(QStringLiteral("namespace")).isEmpty());
    QTest::keyClick(inspector->field(QStringLiteral("namespace")), Qt::Key_Return);

    QCOMPARE(window->document()->design().component(QStringLiteral("cilium"))->namespace_,
             QStringLiteral("cilium-system"));
    QCOMPARE(window->document()->undoStack()->count(), 1);
    ComponentNodeItem *node = window->designScene()->componentItem(QStringLiteral("cilium"));
    QVERIFY(node);
    QCOMPARE(node->namespaceText(), QStringLiteral("cilium-system"));
    QVERIFY(preview->text().contains(QLatin1String("namespace: cilium-system")));
    QVERIFY(!preview->text().contains(QLatin1String("namespace: kube-system")));

    // Undo: the inspector, the node and the preview all follow.
    window->document()->undoStack()->undo();
    QCOMPARE(inspector->field(QStringLiteral("namespace"))->text(), QStringLiteral("kube-system"));
    QCOMPARE(window->designScene()->componentItem(QStringLiteral("cilium"))->namespaceText(),
             QStringLiteral("kube-system"));
    QVERIFY(preview->text().contains(QLatin1String("namespace: kube-system")));

    // The project and the repository URL are fields like the others.
    const QString project =
        window->document()->design().component(QStringLiteral("cilium"))->project;
    QCOMPARE(inspector->field(QStringLiteral("project"))->text(), project);
    typeInto(inspector->field(QStringLiteral("project")), QStringLiteral("networking"));
    QTest::keyClick(inspector->field(QStringLiteral("project")), Qt::Key_Return);
    const QString url = QStringLiteral("https://git.example.org/platform/homelab.git");
    typeInto(inspector->field(QStringLiteral("repoURL")), url);
    QVERIFY(inspector->fieldProblem(QStringLiteral("repoURL")).isEmpty());
    QTest::keyClick(inspector->field(QStringLiteral("repoURL")), Qt::Key_Return);
    const Component *cilium = window->document()->design().component(QStringLiteral("cilium"));
    QCOMPARE(cilium->project, QStringLiteral("networking"));
    QCOMPARE(cilium->primarySource()->repoURL, url);
    QCOMPARE(window->document()->undoStack()->undoText(),
             QStringLiteral("Set repository of cilium"));
    QVERIFY(preview->text().contains(QLatin1String("project: networking")));
    QVERIFY(preview->text().contains(QLatin1String("repoURL: ") + url));
    window->document()->undoStack()->undo();
    window->document()->undoStack()->undo();
    QCOMPARE(inspector->field(QStringLiteral("project"))->text(), project);
    QVERIFY(!window->document()->isModified());

    // Renaming: the node, the selection, the inspector and the YAML preview follow the new name;
    // undo brings the old one back, still selected.
    typeInto(inspector->field(QStringLiteral("name")), QStringLiteral("cilium-cni"));
    QVERIFY(inspector->fieldProblem(QStringLiteral("name")).isEmpty());
    QTest::keyClick(inspector->field(QStringLiteral("name")), Qt::Key_Return);
    QCOMPARE(window->document()->undoStack()->undoText(),
             QStringLiteral("Rename cilium to cilium-cni"));
    QVERIFY(!window->designScene()->componentItem(QStringLiteral("cilium")));
    QVERIFY(window->designScene()->componentItem(QStringLiteral("cilium-cni")));
    QCOMPARE(window->designScene()->selectedComponent(), QStringLiteral("cilium-cni"));
    QCOMPARE(inspector->field(QStringLiteral("name"))->text(), QStringLiteral("cilium-cni"));
    QVERIFY(preview->text().contains(QLatin1String("name: cilium-cni")));
    window->document()->undoStack()->undo();
    QCOMPARE(window->designScene()->selectedComponent(), QStringLiteral("cilium"));
    QCOMPARE(inspector->field(QStringLiteral("name"))->text(), QStringLiteral("cilium"));
    // A name another component has is refused where it was typed.
    typeInto(inspector->field(QStringLiteral("name")), QStringLiteral("longhorn"));
    QTest::keyClick(inspector->field(QStringLiteral("name")), Qt::Key_Return);
    QVERIFY2(inspector->fieldProblem(QStringLiteral("name")).contains(QLatin1String("exists")),
             qPrintable(inspector->fieldProblem(QStringLiteral("name"))));
    QVERIFY(!window->document()->isModified());
}

void TestDocumentWindow::invalidInspectorInputCommitsNothing() {
    auto window = openWindow(writeHomelab(QStringLiteral("repo")));
    QVERIFY(window);
    InspectorDock *inspector = window->inspectorDock();
    QVERIFY(window->designScene()->selectComponent(QStringLiteral("cilium")));

    const struct {
        const char *field;
        const char *text;
        const char *reason;
    } cases[] = {
        {"namespace", "Kube_System", "lower-case"},
        {"namespace", "-edge", "start and end"},
        {"wave", "two", "whole number"},
        {"wave", "1.5", "whole number"},
        {"targetRevision", "main..dev", "'..'"},
        {"name", "Cilium", "lower-case"},
        {"project", "Platform", "lower-case"},
        {"project", "infra..structure", "between dots"},
        {"repoURL", "github.com/example/homelab", "https://"},
        {"repoURL", "https://example.com/my repo.git", "spaces"},
    };
    for (const auto &c : cases) {
        const QString key = QString::fromLatin1(c.field);
        QLineEdit *field = inspector->field(key);
        QVERIFY(field);
        typeInto(field, QString::fromLatin1(c.text));
        QVERIFY2(inspector->fieldProblem(key).contains(QString::fromLatin1(c.reason)),
                 qPrintable(inspector->fieldProblem(key)));
        QTest::keyClick(field, Qt::Key_Return);
        QCOMPARE(window->document()->undoStack()->count(), 0);
        QVERIFY(window->document()->pendingChanges().isEmpty());
    }
    // A name longer than a DNS label allows.
    typeInto(inspector->field(QStringLiteral("namespace")), QString(64, QLatin1Char('a')));
    QVERIFY(inspector->fieldProblem(QStringLiteral("namespace")).contains(QLatin1String("63")));
    // A negative wave is valid, and committed.
    typeInto(inspector->field(QStringLiteral("wave")), QStringLiteral("-1"));
    QVERIFY(inspector->fieldProblem(QStringLiteral("wave")).isEmpty());
    QTest::keyClick(inspector->field(QStringLiteral("wave")), Qt::Key_Return);
    QCOMPARE(window->document()->design().component(QStringLiteral("cilium"))->wave, -1);
}

void TestDocumentWindow::refusedSyncOptionExplainsAndCommitsNothing() {
    auto window = openWindow(writeHomelab(QStringLiteral("repo")));
    QVERIFY(window);
    InspectorDock *inspector = window->inspectorDock();
    QVERIFY(window->designScene()->selectComponent(QStringLiteral("cilium")));
    QVERIFY(inspector->syncOption(QStringLiteral("CreateNamespace"))->isChecked());
    QVERIFY(inspector->syncOption(QStringLiteral("ServerSideApply"))->isChecked());

    QCheckBox *outOfSync = inspector->syncOption(QStringLiteral("ApplyOutOfSyncOnly"));
    QTest::mouseClick(outOfSync, Qt::LeftButton, {}, QPoint(8, outOfSync->height() / 2));
    QVERIFY(!outOfSync->isChecked());
    QVERIFY2(inspector->notice().contains(QLatin1String("drift")), qPrintable(inspector->notice()));
    QCOMPARE(window->document()->undoStack()->count(), 0);

    // An accepted option is one command, and checking it again restores the bytes.
    QCheckBox *pruneLast = inspector->syncOption(QStringLiteral("PruneLast"));
    QTest::mouseClick(pruneLast, Qt::LeftButton, {}, QPoint(8, pruneLast->height() / 2));
    QCOMPARE(window->document()->undoStack()->count(), 1);
    QVERIFY(window->document()
                ->design()
                .component(QStringLiteral("cilium"))
                ->syncOptions.contains(QStringLiteral("PruneLast=true")));
    QVERIFY(inspector->notice().isEmpty());
}

void TestDocumentWindow::saveWritesExactlyOneChangedLine() {
    const QString dir = writeHomelab(QStringLiteral("repo"));
    const QByteArray original = readFile(QDir(dir).filePath(kCiliumFile));
    QVERIFY(!original.isEmpty());
    auto window = openWindow(dir);
    QVERIFY(window);
    QVERIFY(window->designScene()->selectComponent(QStringLiteral("cilium")));
    typeInto(window->inspectorDock()->field(QStringLiteral("wave")), QStringLiteral("2"));
    QTest::keyClick(window->inspectorDock()->field(QStringLiteral("wave")), Qt::Key_Return);
    QVERIFY(window->isWindowModified());

    QAction *save = window->findChild<QAction *>(QStringLiteral("fileSaveAction"));
    QVERIFY(save);
    QCOMPARE(save->shortcut(), QKeySequence(QKeySequence::Save));
    QSignalSpy saved(window->document(), &DesignDocument::saved);
    save->trigger();
    QVERIFY(saved.wait(10000));
    QVERIFY(!window->isWindowModified());

    const QList<QByteArray> changed =
        differingLines(original, readFile(QDir(dir).filePath(kCiliumFile)));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().trimmed(), QByteArray("argocd.argoproj.io/sync-wave: \"2\""));
}

void TestDocumentWindow::closingWithUnsavedEditsAsks() {
    const QString dir = writeHomelab(QStringLiteral("repo"));
    auto window = openWindow(dir);
    QVERIFY(window);
    int asked = 0;
    MainWindow::UnsavedChoice answer = MainWindow::UnsavedChoice::Cancel;
    window->setUnsavedChangesPrompt([&] {
        ++asked;
        return answer;
    });
    // Cancel: the window stays, with its edits.
    QVERIFY(window->document()->setWave(QStringLiteral("cilium"), 1));
    QVERIFY(!window->close());
    QCOMPARE(asked, 1);
    QVERIFY(window->isVisible());
    QVERIFY(window->document()->isModified());

    // Save: written, then closed once the worker reports back.
    answer = MainWindow::UnsavedChoice::Save;
    QSignalSpy saved(window->document(), &DesignDocument::saved);
    window->close();
    QCOMPARE(asked, 2);
    QVERIFY(saved.wait(10000) || saved.count() == 1);
    QTRY_VERIFY(!window->isVisible());
    QVERIFY(readFile(QDir(dir).filePath(kCiliumFile)).contains("sync-wave: \"1\""));

    // Discard: closes, the file stays as saved, no autosave remains.
    auto second = openWindow(dir);
    QVERIFY(second);
    second->setUnsavedChangesPrompt([&] {
        ++asked;
        return MainWindow::UnsavedChoice::Discard;
    });
    QVERIFY(second->document()->setWave(QStringLiteral("cilium"), 3));
    QSignalSpy written(second->autosaver(), &Autosaver::written);
    QVERIFY(written.wait(10000)); // becoming modified wrote the autosave at once
    QVERIFY(second->autosaver()->store().exists(dir));
    QVERIFY(second->close());
    QCOMPARE(asked, 3);
    second->autosaver()->waitForWrite();
    QVERIFY(!second->autosaver()->store().exists(dir));
    QVERIFY(readFile(QDir(dir).filePath(kCiliumFile)).contains("sync-wave: \"1\""));
}

void TestDocumentWindow::crashLeavesAnAutosaveThatIsRecovered() {
    const QString dir = writeHomelab(QStringLiteral("repo"));
    QByteArray expected;
    {
        auto window = openWindow(dir);
        QVERIFY(window);
        QVERIFY(window->document()->setNamespace(QStringLiteral("cilium"),
                                                 QStringLiteral("cilium-system")));
        QVERIFY(window->document()->setWave(QStringLiteral("cilium"), 2));
        expected = window->document()->currentText(kCiliumFile);
        QSignalSpy written(window->autosaver(), &Autosaver::written);
        window->autosaver()->autosaveNow();
        QVERIFY(written.wait(10000));
        // The crash: the window goes without closeEvent, so nothing is saved or discarded.
    }
    QVERIFY(AutosaveStore().exists(dir));
    QVERIFY(readFile(QDir(dir).filePath(kCiliumFile)) != expected);

    auto window = std::make_unique<MainWindow>(m_catalog);
    QList<QDateTime> offered;
    window->setRecoveryPrompt([&](const QDateTime &when) {
        offered << when;
        return true;
    });
    window->show();
    QSignalSpy recovered(window.get(), &MainWindow::recoveryFinished);
    window->openRepositoryAt(dir);
    QVERIFY(recovered.wait(20000));
    QCOMPARE(recovered.first().at(0).toBool(), true);
    QCOMPARE(offered.size(), 1);
    QVERIFY(offered.first().secsTo(QDateTime::currentDateTimeUtc()) < 120);

    QVERIFY(window->document()->isModified());
    QVERIFY(window->isWindowModified());
    QCOMPARE(window->document()->design().component(QStringLiteral("cilium"))->wave, 2);
    QSignalSpy saved(window->document(), &DesignDocument::saved);
    window->save();
    QVERIFY(saved.wait(10000));
    QCOMPARE(readFile(QDir(dir).filePath(kCiliumFile)), expected);
    // Saved: the autosave is gone.
    window->autosaver()->waitForWrite();
    QTRY_VERIFY(!AutosaveStore().exists(dir));
}

void TestDocumentWindow::recoveryOverAChangedFileKeepsTheAutosave() {
    const QString dir = writeHomelab(QStringLiteral("repo"));
    {
        auto window = openWindow(dir);
        QVERIFY(window);
        QVERIFY(window->document()->setWave(QStringLiteral("cilium"), 2));
        window->autosaver()->waitForWrite();
        QVERIFY(window->autosaver()->store().exists(dir));
    }
    // Someone edits the file meanwhile (git pull, another editor).
    QFile file(QDir(dir).filePath(kCiliumFile));
    QVERIFY(file.open(QIODevice::Append));
    file.write("# edited elsewhere\n");
    file.close();

    auto window = std::make_unique<MainWindow>(m_catalog);
    window->setRecoveryPrompt([](const QDateTime &) { return true; });
    window->show();
    QSignalSpy recovered(window.get(), &MainWindow::recoveryFinished);
    window->openRepositoryAt(dir);
    QVERIFY(recovered.wait(20000));
    QCOMPARE(recovered.first().at(0).toBool(), false);
    QVERIFY2(recovered.first().at(1).toString().contains(QLatin1String("cilium.yaml")),
             qPrintable(recovered.first().at(1).toString()));
    QVERIFY(!window->document()->isModified());
    QVERIFY(AutosaveStore().exists(dir));
    const auto dialogs = window->findChildren<QMessageBox *>();
    QCOMPARE(dialogs.size(), 1); // the explanation, not modal-blocking
    QVERIFY(dialogs.first()->text().contains(QLatin1String("cilium.yaml")));
}

void TestDocumentWindow::openingCanBeCancelled() {
    const QString first = writeHomelab(QStringLiteral("first"));
    const QString second = writeHomelab(QStringLiteral("second"));
    auto window = openWindow(first);
    QVERIFY(window);
    QSignalSpy opened(window.get(), &MainWindow::repositoryOpened);
    window->openRepositoryAt(second);
    QVERIFY(window->isOpening());
    window->cancelOpening();
    QVERIFY(!window->isOpening());
    // The second folder's result is dropped; a later open wins.
    window->openRepositoryAt(first);
    QVERIFY(opened.wait(20000));
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.first().at(0).toString(), first);
    QCOMPARE(window->document()->directory(), first);
}

void TestDocumentWindow::recentRepositoriesKeepTenExistingFolders() {
    QSettings settings(m_root->filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    RecentRepositories recents(&settings);
    QStringList made;
    for (int i = 0; i < 12; ++i) {
        const QString dir = m_root->filePath(QStringLiteral("r%1").arg(i));
        QVERIFY(QDir().mkpath(dir));
        recents.add(dir);
        made.prepend(QDir::cleanPath(dir));
    }
    QCOMPARE(recents.folders(), made.mid(0, 10));
    // Opening one again moves it to the top without duplicating it.
    recents.add(made.at(4));
    QCOMPARE(recents.folders().first(), made.at(4));
    QCOMPARE(recents.folders().size(), 10);
    // A folder that went away is pruned, from the settings too.
    QVERIFY(QDir(made.at(0)).removeRecursively());
    QVERIFY(!recents.folders().contains(made.at(0)));
    QVERIFY(
        !settings.value(QStringLiteral("recentRepositories")).toStringList().contains(made.at(0)));

    QMenu menu;
    QSignalSpy requested(&recents, &RecentRepositories::openRequested);
    recents.fillMenu(&menu);
    const QList<QAction *> actions = menu.actions();
    QCOMPARE(actions.size(), 9 + 2); // folders, separator, Clear Menu
    actions.first()->trigger();
    QCOMPARE(requested.first().at(0).toString(), made.at(4));
    actions.last()->trigger(); // Clear Menu
    QVERIFY(recents.folders().isEmpty());
    recents.fillMenu(&menu);
    QVERIFY(!menu.isEnabled());
}

void TestDocumentWindow::diagnosticsDockListsImportDiagnostics() {
    Design design = homelabTemplate(m_catalog);
    const Component *cilium = design.component(QStringLiteral("cilium"));
    Diagnostic diagnostic;
    diagnostic.severity = Diagnostic::Severity::Warning;
    diagnostic.file = cilium->location.file.isEmpty() ? kCiliumFile : cilium->location.file;
    diagnostic.line = qMax(cilium->location.line, 1) + 2;
    diagnostic.message = QStringLiteral("matrix generator kept as is");
    design.components.first().location = {diagnostic.file, diagnostic.line - 2};
    design.diagnostics << diagnostic;
    const QString owner = design.components.first().name;

    DiagnosticsDock dock;
    dock.setDesign(design);
    QCOMPARE(dock.list()->topLevelItemCount(), 1);
    QTreeWidgetItem *row = dock.list()->topLevelItem(0);
    QCOMPARE(row->text(1), QStringLiteral("%1:%2").arg(diagnostic.file).arg(diagnostic.line));
    QCOMPARE(row->text(2), diagnostic.message);
    QVERIFY(!row->icon(0).isNull());
    QSignalSpy activated(&dock, &DiagnosticsDock::diagnosticActivated);
    Q_EMIT dock.list()->itemActivated(row, 0);
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first().at(0).toString(), owner);
    QCOMPARE(activated.first().at(2).toInt(), diagnostic.line);
}

void TestDocumentWindow::darkThemeReachesTheCanvas() {
    MainWindow window(m_catalog);
    window.showDesign(homelabTemplate(m_catalog), QString());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QAction *dark = window.findChild<QAction *>(QStringLiteral("darkThemeAction"));
    QVERIFY(dark);
    dark->trigger();
    QTRY_VERIFY(window.designScene()->palette().color(QPalette::Window).lightness() < 80);
    QCOMPARE(QSettings().value(QStringLiteral("window/theme")).toString(), QStringLiteral("dark"));
    QTRY_VERIFY(window.yamlPreviewDock()->palette().color(QPalette::Base).lightness() < 80);
    // The toolbar's drawn icons take the new text colour too: light strokes on the dark toolbar.
    QCOMPARE(toolbarIconLightness(window),
             QApplication::palette().color(QPalette::ButtonText).lightness());
    QVERIFY(toolbarIconLightness(window) > 150);
    window.findChild<QAction *>(QStringLiteral("lightThemeAction"))->trigger();
    QTRY_VERIFY(window.designScene()->palette().color(QPalette::Window).lightness() > 200);
    QVERIFY(toolbarIconLightness(window) < 100);
    applyTheme(Theme::System);
}

void TestDocumentWindow::hiddenDocksAreBuiltWhenFirstShownAndReopenAtStart() {
    const Design homelab = homelabTemplate(m_catalog);
    QString applicationCheck;
    for (const HealthCustomization &check : homelab.healthChecks) {
        if (check.group == QStringLiteral("argoproj.io") &&
            check.kind == QStringLiteral("Application"))
            applicationCheck = check.lua;
    }
    QVERIFY(!applicationCheck.isEmpty());
    {
        MainWindow window(m_catalog);
        window.showDesign(homelab, QString());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // The window starts without the docks nobody asked for (they cost start-up time).
        QVERIFY(window.findChildren<LuaEditorDock *>().isEmpty());
        QVERIFY(window.findChildren<BootstrapDock *>().isEmpty());
        QVERIFY(!window.findChild<QDockWidget *>(QStringLiteral("undoHistoryDock")));

        // View → Health Check Editor builds it, on the check the design was shown with.
        QAction *toggle = nullptr;
        for (QAction *action : window.findChildren<QAction *>()) {
            if (action->text().remove(QLatin1Char('&')) == QStringLiteral("Health Check Editor"))
                toggle = action;
        }
        QVERIFY(toggle);
        QVERIFY(!toggle->isChecked());
        toggle->trigger();
        const QList<LuaEditorDock *> built = window.findChildren<LuaEditorDock *>();
        QCOMPARE(built.size(), 1);
        QVERIFY(built.first()->isVisible());
        QVERIFY(toggle->isChecked());
        QCOMPARE(window.dockWidgetArea(built.first()), Qt::BottomDockWidgetArea);
        QCOMPARE(built.first()->script(), applicationCheck);
        QCOMPARE(window.healthCheckEditor(), built.first()); // the accessor finds the same one
        QVERIFY(window.close());                             // stores the window state
    }
    // The next start opens it again (and still builds no bootstrap dock).
    MainWindow window(m_catalog);
    window.showDesign(homelab, QString());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QList<LuaEditorDock *> reopened = window.findChildren<LuaEditorDock *>();
    QCOMPARE(reopened.size(), 1);
    QVERIFY(reopened.first()->isVisible());
    QCOMPARE(window.dockWidgetArea(reopened.first()), Qt::BottomDockWidgetArea);
    QCOMPARE(reopened.first()->script(), applicationCheck);
    QVERIFY(window.findChildren<BootstrapDock *>().isEmpty());
    // Shown, then closed: the next start leaves it unbuilt again.
    reopened.first()->close();
    QVERIFY(window.close());
    MainWindow third(m_catalog);
    QVERIFY(third.findChildren<LuaEditorDock *>().isEmpty());
}

void TestDocumentWindow::paletteIconsRenderWhenPainted() {
    // Catalog icons are parsed when a row is painted, not when the palette is filled: each
    // still renders the entry's SVG at the size asked for.
    PaletteDock dock;
    dock.setCatalog(m_catalog);
    int icons = 0;
    for (QTreeWidgetItemIterator it(dock.list()); *it; ++it) {
        const QIcon icon = (*it)->icon(0);
        if (icon.isNull())
            continue;
        ++icons;
        QCOMPARE(icon.actualSize(QSize(24, 24)), QSize(24, 24));
        const QImage image = icon.pixmap(QSize(24, 24), 1.0).toImage();
        QCOMPARE(image.size(), QSize(24, 24));
        // Drawn: some pixel is opaque (an unreadable file would leave it empty).
        bool drawn = false;
        for (int y = 0; y < image.height() && !drawn; ++y) {
            for (int x = 0; x < image.width() && !drawn; ++x)
                drawn = qAlpha(image.pixel(x, y)) == 255;
        }
        QVERIFY2(drawn, qPrintable((*it)->text(0)));
    }
    QCOMPARE(icons, int(m_catalog.entries().size()));
}

QTEST_MAIN(TestDocumentWindow)
#include "tst_documentwindow.moc"
