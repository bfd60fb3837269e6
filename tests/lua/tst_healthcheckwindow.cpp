// The health check editor inside the main window: its Save writes the script into the
// repository's Argo CD values surgically (through the document, so it is undoable), saves the
// repository, and exports the samples as an Argo CD test folder that `lua test` accepts.

#include "fixturerepo.h"

#include <luaeditor/luaeditordock.h>
#include <window/mainwindow.h>
#include <wavesmith/catalog.h>
#include <wavesmith/document.h>
#include <wavesmith/luaengine.h>
#include <wavesmith/luatestrunner.h>
#include <wavesmith/repo.h>

#include <QAction>
#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace wavesmith;
using wavesmith::test::FixtureRepo;

class TestHealthCheckWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void saveWritesTheScriptAndItsSamples() {
        FixtureRepo repo;
        QVERIFY(repo.ok());
        const QString valuesPath = QStringLiteral("infrastructure/controllers/argocd/values.yaml");
        QFile valuesFile(QDir(repo.path()).filePath(valuesPath));
        QVERIFY(valuesFile.open(QIODevice::ReadOnly));
        const QByteArray before = valuesFile.readAll();
        valuesFile.close();

        MainWindow window(Catalog::builtin());
        DesignDocument *document = window.document();
        QSignalSpy reset(document, &DesignDocument::designReset);
        window.openRepositoryAt(repo.path());
        QVERIFY(reset.wait(30000));

        LuaEditorDock *dock = window.healthCheckEditor();
        auto *save = dock->findChild<QAction *>(QStringLiteral("saveAction"));
        QVERIFY(save);
        QTRY_VERIFY(save->isVisible()); // someone answers it
        const QString script =
            QStringLiteral("hs = {status = \"Progressing\", message = \"\"}\n"
                           "if obj.status ~= nil and obj.status.health ~= nil then\n"
                           "  hs.status = obj.status.health.status\n"
                           "end\n"
                           "return hs\n");
        dock->setScript(script);
        HealthSample healthy;
        healthy.name = QStringLiteral("healthy");
        healthy.yaml = "apiVersion: argoproj.io/v1alpha1\nkind: Application\n"
                       "status:\n  health:\n    status: Healthy\n";
        healthy.expected.status = QStringLiteral("Healthy");
        dock->setSamples({healthy});

        QSignalSpy saved(document, &DesignDocument::saved);
        save->trigger();
        QVERIFY(saved.wait(30000));
        QCOMPARE(document->undoStack()->undoText(),
                 QStringLiteral("Edit health check for argoproj.io/Application"));

        auto reread = importRepository(repo.path(), Catalog::builtin());
        QVERIFY(reread);
        QVERIFY(reread->hasHealthCheckFor(QStringLiteral("argoproj.io"),
                                          QStringLiteral("Application")));
        for (const HealthCustomization &check : reread->healthChecks) {
            if (check.kind == QLatin1String("Application"))
                QCOMPARE(check.lua, script);
        }
        // Only the script's lines changed: everything before it in the file is as it was.
        QVERIFY(valuesFile.open(QIODevice::ReadOnly));
        const QByteArray after = valuesFile.readAll();
        const qsizetype key =
            before.indexOf("resource.customizations.health.argoproj.io_Application");
        QVERIFY(key > 0);
        QCOMPARE(after.left(key), before.left(key));

        // The samples land beside it in Argo CD's format, and pass there.
        const QString folder =
            QDir(repo.path())
                .filePath(QStringLiteral(
                    "infrastructure/controllers/argocd/health-checks/argoproj.io/Application"));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(folder + QStringLiteral("/health_test.yaml")),
                                 30000);
        HealthEngine engine;
        auto outcomes = runHealthTests(engine, folder);
        QVERIFY2(outcomes, qPrintable(outcomes ? QString() : outcomes.error().toString()));
        QCOMPARE(outcomes->size(), 1);
        QVERIFY(outcomes->first().passed);
    }
};

QTEST_MAIN(TestHealthCheckWindow)
#include "tst_healthcheckwindow.moc"
