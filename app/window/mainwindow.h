#pragma once

// The main window: the design canvas in the middle, zoom in the toolbar, where the design came
// from and what it holds in the status bar. Read-only for now; editing arrives with Document.

#include <wavesmith/catalog.h>
#include <wavesmith/model.h>

#include <QMainWindow>
#include <QPointer>
#include <QString>

class QAction;
class QLabel;
class QThread;

namespace wavesmith {

class BranchStatusLabel;
class CommitDialog;
class DesignScene;
class DesignView;
class LintPanel;
class LintRunner;
class LuaEditorDock;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(Catalog catalog = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    // The catalog for icons and for repositories opened later. Separate from the constructor so
    // start-up can parse it while the window is being built.
    void setCatalog(Catalog catalog);

    // Shows `design`; `repositoryDir` is where it was imported from, empty for the built-in
    // homelab example.
    void showDesign(const Design &design, const QString &repositoryDir);

    DesignScene *designScene() const { return m_scene; }
    DesignView *designView() const { return m_view; }
    // Branch, ahead/behind and dirty marker of the open repository (permanent status widget).
    BranchStatusLabel *branchStatusLabel() const { return m_branchStatus; }
    // Repository → Commit…: enabled once the shown folder is known to be a git repository.
    QAction *commitAction() const { return m_commitAction; }
    // The Lua health check editor (View → Health Check Editor), hidden until asked for.
    LuaEditorDock *healthCheckEditor() const { return m_healthCheckDock; }
    // The lint findings of the shown design (View → Lint), re-run off the UI thread whenever
    // the design changes.
    LintPanel *lintPanel() const { return m_lintPanel; }
    LintRunner *lintRunner() const { return m_lintRunner; }
    // The open commit dialog, if any.
    CommitDialog *commitDialog() const;
    // "Homelab example" or the repository folder, as the title and status bar show it.
    QString sourceLabel() const;
    // "19 components · 6 waves · 3 ApplicationSets"
    static QString countsText(const Design &design);

public Q_SLOTS:
    void openRepository();
    // Imports `dir` off the UI thread and shows it, or explains why it could not.
    void openRepositoryAt(const QString &dir);
    void showHomelabExample();
    // Opens the commit dialog for the shown repository (non-modal; one at a time).
    void commitChanges();

Q_SIGNALS:
    void repositoryOpened(const QString &dir);
    void repositoryFailed(const QString &dir, const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void createRepositoryMenu();
    void createHealthCheckEditor(QMenu *viewMenu);
    void createLintPanel(QMenu *viewMenu);
    // A lint row was activated: select the component's node and show where the finding is.
    void showFinding(const QString &component, const QString &file, int line);
    // Puts the design's Application health customization into the editor, if it has one.
    void loadHealthCheck(const Design &design);
    void repositoryStatusKnown(bool isGitRepository, const QString &reason);
    void updateZoomLabel(qreal zoom);
    void about();

    Catalog m_catalog;
    QString m_repositoryDir;
    DesignScene *m_scene = nullptr;
    DesignView *m_view = nullptr;
    QLabel *m_sourceStatus = nullptr;
    QLabel *m_countsStatus = nullptr;
    QLabel *m_zoomStatus = nullptr;
    QPointer<QThread> m_importThread;
    BranchStatusLabel *m_branchStatus = nullptr;
    QAction *m_commitAction = nullptr;
    LuaEditorDock *m_healthCheckDock = nullptr;
    LintPanel *m_lintPanel = nullptr;
    LintRunner *m_lintRunner = nullptr;
    QPointer<CommitDialog> m_commitDialog;
};

} // namespace wavesmith
