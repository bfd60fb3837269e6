// The Lua editor dock: typing re-runs the samples off the UI thread, templates load, and a
// failing line gets the error marker and annotation.

#include "luaeditor/luacodeeditor.h"
#include "luaeditor/luaeditordock.h"
#include "luaeditor/luasamplespanel.h"

#include <wavesmith/luatemplates.h>

#include <QAction>
#include <QElapsedTimer>
#include <QFile>
#include <QMenu>
#include <QSignalSpy>
#include <QTest>

using namespace wavesmith;

Q_DECLARE_METATYPE(QList<wavesmith::LuaSampleResult>)

namespace {

QList<HealthSample> deploymentSamples() {
    return {
        {QStringLiteral("available"),
         "kind: Deployment\nspec:\n  replicas: 2\nstatus:\n  availableReplicas: 2\n",
         {QStringLiteral("Healthy"), QString()}},
        {QStringLiteral("rolling"),
         "kind: Deployment\nspec:\n  replicas: 2\nstatus:\n  availableReplicas: 1\n",
         {QStringLiteral("Progressing"), QStringLiteral("1 of 2")}},
    };
}

const QString kReplicaScript =
    QStringLiteral("local hs = {status = 'Healthy', message = ''}\n"
                   "if obj.status.availableReplicas < obj.spec.replicas then\n"
                   "  hs.status = 'Progressing'\n"
                   "  hs.message = obj.status.availableReplicas .. ' of ' .. obj.spec.replicas\n"
                   "end\n"
                   "return hs\n");

} // namespace

class TestLuaEditor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<QList<wavesmith::LuaSampleResult>>(); }
    void resultsFollowTyping();
    void templatesLoad();
    void errorMarkerOnFailingLine();
    void loopDoesNotBlockTheUi();
    void completionOffersObjectPaths();
    void saveIsRequested();
};

void TestLuaEditor::resultsFollowTyping() {
    LuaEditorDock dock;
    dock.setDebounceInterval(20);
    dock.setSamples(deploymentSamples());
    dock.setScript(QStringLiteral("return {status = 'Degraded'}\n"));
    QSignalSpy results(&dock, &LuaEditorDock::resultsUpdated);
    QTRY_VERIFY(!results.isEmpty());
    QCOMPARE(dock.results().size(), 2);
    QVERIFY(!dock.results().at(0).passed);
    QVERIFY(!dock.samplesPanel()->cards().at(0)->resultPassed());
    QVERIFY(dock.samplesPanel()->cards().at(0)->resultText().contains(QStringLiteral("Degraded")));

    // Type the real script into the editor, key by key.
    dock.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dock));
    LuaCodeEditor *editor = dock.editor();
    editor->setCompletionEnabled(false); // keep keystrokes literal
    editor->setAutoIndent(false);
    editor->selectAll();
    editor->removeSelectedText();
    editor->setFocus();
    QSignalSpy changed(&dock, &LuaEditorDock::scriptChanged);
    results.clear();
    for (const QString &line : kReplicaScript.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        QTest::keyClicks(editor, line);
        QTest::keyClick(editor, Qt::Key_Return);
    }
    QCOMPARE(dock.script(), kReplicaScript);
    QVERIFY(changed.size() >= kReplicaScript.size());
    // Debounced: far fewer runs than keystrokes, and the last one has the final text.
    QTRY_VERIFY(!results.isEmpty() && dock.results().size() == 2 && dock.results().at(0).passed &&
                dock.results().at(1).passed);
    QVERIFY(results.size() < kReplicaScript.size() / 2);
    QVERIFY(dock.samplesPanel()->cards().at(1)->resultText().contains(QStringLiteral("1 of 2")));
    QCOMPARE(dock.editor()->errorLine(), 0);
}

void TestLuaEditor::templatesLoad() {
    LuaEditorDock dock;
    const QList<QAction *> actions = dock.templatesMenu()->actions();
    QCOMPARE(actions.size(), luaTemplates().size());
    QVERIFY(dock.loadTemplate(QStringLiteral("wait-for-child")));
    QFile seed(QStringLiteral(":/wavesmith/lua/wait-for-child.lua"));
    QVERIFY(seed.open(QIODevice::ReadOnly));
    QCOMPARE(dock.script(), QString::fromUtf8(seed.readAll()));

    QSignalSpy changed(&dock, &LuaEditorDock::scriptChanged);
    for (QAction *action : actions) {
        if (action->data().toString() == QLatin1String("wait-for-child-fresh"))
            action->trigger();
    }
    QVERIFY(!changed.isEmpty());
    QVERIFY(dock.script().contains(QStringLiteral("comparedTo")));
    QVERIFY(!dock.loadTemplate(QStringLiteral("no-such-template")));
}

void TestLuaEditor::errorMarkerOnFailingLine() {
    LuaEditorDock dock;
    dock.setDebounceInterval(0);
    dock.setSamples(deploymentSamples());
    QSignalSpy results(&dock, &LuaEditorDock::resultsUpdated);
    dock.setScript(QStringLiteral("local hs = {}\nhs.status = 'Healthy'\n"
                                  "hs.message = obj.status.conditions[1].message\nreturn hs\n"));
    QTRY_COMPARE(dock.editor()->errorLine(), 3);
    QVERIFY(dock.editor()->markersAtLine(2) & (1 << LuaCodeEditor::kErrorMarker));
    QVERIFY(dock.editor()->annotation(2).contains(
        QStringLiteral("attempt to index field 'conditions'")));
    QVERIFY(!dock.results().at(0).passed);
    QVERIFY(
        dock.samplesPanel()->cards().at(0)->resultText().contains(QStringLiteral("health.lua:3")));

    // A syntax error is marked too, even though no sample could run.
    dock.setScript(QStringLiteral("local hs = {}\nif obj then\nreturn hs\n"));
    QTRY_VERIFY(dock.editor()->errorLine() == 4);
    QVERIFY(dock.editor()->errorMessage().contains(QStringLiteral("'end' expected")));

    // Fixing the script clears the marker.
    dock.setScript(kReplicaScript);
    QTRY_COMPARE(dock.editor()->errorLine(), 0);
    QCOMPARE(dock.editor()->markersAtLine(2) & (1 << LuaCodeEditor::kErrorMarker), 0u);
}

void TestLuaEditor::loopDoesNotBlockTheUi() {
    LuaEditorDock dock;
    dock.setDebounceInterval(0);
    dock.setSamples(deploymentSamples());
    QSignalSpy results(&dock, &LuaEditorDock::resultsUpdated);
    QElapsedTimer timer;
    timer.start();
    dock.setScript(QStringLiteral("while true do end\n"));
    dock.runNow();
    QVERIFY(timer.elapsed() < 200); // the UI thread went on at once
    QVERIFY(results.wait(10000));
    while (dock.results().isEmpty() || !dock.results().at(0).error)
        QVERIFY(results.wait(10000));
    QCOMPARE(dock.results().at(0).error->message,
             QStringLiteral("health script exceeded the 1 s time limit"));
}

void TestLuaEditor::completionOffersObjectPaths() {
    LuaEditorDock dock;
    dock.setDebounceInterval(0);
    dock.setSamples(deploymentSamples());
    dock.setScript(kReplicaScript);
    QTRY_VERIFY(
        dock.editor()->completionWords().contains(QStringLiteral("obj.status.availableReplicas")));
    QVERIFY(dock.editor()->completionWords().contains(QStringLiteral("obj.spec.replicas")));
    QVERIFY(dock.editor()->completionWords().contains(QStringLiteral("Progressing")));
}

void TestLuaEditor::saveIsRequested() {
    LuaEditorDock dock;
    QAction *action = dock.findChild<QAction *>(QStringLiteral("saveAction"));
    QVERIFY(action);
    QCOMPARE(action, dock.saveAction());
    // Nobody would answer a save yet: no button that silently does nothing.
    QVERIFY(!action->isVisible());
    int saves = 0;
    auto connection = connect(&dock, &LuaEditorDock::saveRequested, this, [&] { ++saves; });
    QTRY_VERIFY(action->isVisible());
    action->trigger();
    QCOMPARE(saves, 1);
    disconnect(connection);
    QTRY_VERIFY(!action->isVisible());
}

QTEST_MAIN(TestLuaEditor)
#include "tst_luaeditor.moc"
