#pragma once

// The main window: the design canvas in the middle, zoom in the toolbar, where the design came
// from and what it holds in the status bar. Read-only for now; editing arrives with Document.

#include <canvas/iconcache.h>
#include <wavesmith/catalog.h>
#include <wavesmith/model.h>

#include <QMainWindow>
#include <QPointer>
#include <QString>

#include <functional>

class QAction;
class QDateTime;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QSettings;
class QThread;
class QToolButton;

namespace wavesmith {

class Autosaver;
class BootstrapDock;
struct AutosaveRecord;
class BranchStatusLabel;
class CatalogDropHandler;
class CommitDialog;
class DiagnosticsDock;
class InspectorDock;
class PaletteDock;
class RecentRepositories;
class YamlPreviewDock;
class DesignDocument;
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
    // start-up can parse it while the window is being built. `icons`, parsed on that worker too,
    // spare the canvas and the palette parsing those SVGs again at their first paint.
    void setCatalog(Catalog catalog, const ParsedSvgIcons &icons = {});

    // Shows `design`; `repositoryDir` is where it was imported from, empty for the built-in
    // homelab example.
    void showDesign(const Design &design, const QString &repositoryDir);
    // Shows `design` for a window that is only rendered once (`gui --screenshot`): the same
    // picture as showDesign(), without loading the editable document no one will use, whose
    // worker would otherwise delay the exit.
    void showDesignForRendering(const Design &design, const QString &repositoryDir);

    // The editable design: every edit goes through it (undo stack, write-back, save). It is
    // loaded off the UI thread after showDesign(); edits are refused until then.
    DesignDocument *document() const { return m_document; }
    DesignScene *designScene() const { return m_scene; }
    // Docks around the canvas and the document helpers (File menu, autosave).
    PaletteDock *paletteDock() const { return m_paletteDock; }
    InspectorDock *inspectorDock() const { return m_inspectorDock; }
    YamlPreviewDock *yamlPreviewDock() const { return m_yamlPreviewDock; }
    DiagnosticsDock *diagnosticsDock() const { return m_diagnosticsDock; }
    CatalogDropHandler *catalogDropHandler() const { return m_catalogDrop; }
    Autosaver *autosaver() const { return m_autosaver; }
    RecentRepositories *recentRepositories() const { return m_recents; }
    // The title's name: the repository folder's name, or "Homelab example" while untitled.
    QString documentName() const;
    // A repository is being read for File → Open (cancellable from the status bar).
    bool isOpening() const;

    // What closing (or opening another design) over unsaved edits asks.
    enum class UnsavedChoice { Save, Discard, Cancel };
    // Test hooks replacing the modal questions: the unsaved-changes prompt and the
    // "Recover unsaved edits from <time>?" offer.
    void setUnsavedChangesPrompt(std::function<UnsavedChoice()> prompt);
    void setRecoveryPrompt(std::function<bool(const QDateTime &)> prompt);
    DesignView *designView() const { return m_view; }
    // Edit → Undo History: the document's undo stack as a list, hidden until asked for. Built
    // on first use (so are the health check editor and the bootstrap dock): the window starts
    // without them.
    QDockWidget *undoHistoryDock();
    // Branch, ahead/behind and dirty marker of the open repository (permanent status widget).
    BranchStatusLabel *branchStatusLabel() const { return m_branchStatus; }
    // Repository → Commit…: enabled once the shown folder is known to be a git repository.
    QAction *commitAction() const { return m_commitAction; }
    // The Lua health check editor (View → Health Check Editor), hidden until asked for.
    LuaEditorDock *healthCheckEditor();
    // The lint findings of the shown design (View → Lint), re-run off the UI thread whenever
    // the design changes.
    LintPanel *lintPanel() const { return m_lintPanel; }
    LintRunner *lintRunner() const { return m_lintRunner; }
    // The open commit dialog, if any.
    CommitDialog *commitDialog() const;
    // View → Bootstrap…: runs the bootstrap plan of the shown design against a kubeconfig
    // context and colours the canvas live (hidden until asked for).
    BootstrapDock *bootstrapDock();
    QAction *bootstrapAction() const { return m_bootstrapAction; }
    // What closing the window while a bootstrap runs asks.
    enum class RunningBootstrapChoice { CancelAndClose, KeepRunning };
    // Test hook replacing the modal question.
    void setRunningBootstrapPrompt(std::function<RunningBootstrapChoice()> prompt);
    // "Homelab example" or the repository folder, as the title and status bar show it.
    QString sourceLabel() const;
    // "19 components · 6 waves · 3 ApplicationSets"
    static QString countsText(const Design &design);

public Q_SLOTS:
    void openRepository();
    // Imports `dir` off the UI thread and shows it, or explains why it could not.
    void openRepositoryAt(const QString &dir);
    void showHomelabExample();
    // File → Save: writes the pending changes on a worker (Save As… while untitled).
    void save();
    // File → Save As…: asks for an empty folder, then saveAsTo().
    void saveAs();
    void saveAsTo(const QString &dir);
    // Ignores the repository being read; the shown document stays.
    void cancelOpening();
    // Opens the commit dialog for the shown repository (non-modal; one at a time).
    void commitChanges();

Q_SIGNALS:
    void repositoryOpened(const QString &dir);
    void repositoryFailed(const QString &dir, const QString &message);
    // The answer to a recovery offer was carried out: `recovered` false when declined or failed
    // (`message` then says why, naming the file).
    void recoveryFinished(bool recovered, const QString &message);

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    QMenu *createRepositoryMenu();
    // Edit: undo/redo from the document's stack, Undo History, Delete, Select All, Find
    // Component, Auto-Arrange; also hands the document to the canvas.
    QMenu *createEditMenu();
    void createHealthCheckEditor(QMenu *viewMenu);
    void createLintPanel(QMenu *viewMenu);
    void createBootstrapDock(QMenu *viewMenu);
    // Adds a dock built on first use where the saved window state had it, else to `area`
    // (hidden).
    void placeLazyDock(QDockWidget *dock, Qt::DockWidgetArea area);
    // Puts the customization loadHealthCheck() chose into the editor, if it is built yet.
    void applyHealthCheck();
    RunningBootstrapChoice askAboutRunningBootstrap();
    // A lint row was activated: select the component's node and show where the finding is.
    void showFinding(const QString &component, const QString &file, int line);
    // Puts one of the design's health customizations (by default the Application check the
    // root waits with) into the editor, if it has it; Save writes that one back.
    void loadHealthCheck(const Design &design, const QString &group = QStringLiteral("argoproj.io"),
                         const QString &kind = QStringLiteral("Application"));
    // The editor's Save: the script becomes an undoable edit of the design, the repository is
    // saved, and the samples are exported beside it as an Argo CD test folder.
    void saveHealthCheck();
    void repositoryStatusKnown(bool isGitRepository, const QString &reason);
    // Puts `design` on the canvas, status bar, lint and health check editor at once.
    void presentDesign(const Design &design, const QString &repositoryDir);
    // Reads the editable document for what showDesign() presented, on a worker thread.
    void loadDocument(const Design &design, const QString &repositoryDir);
    // The document changed (an edit, undo or redo): canvas, counts and lint follow.
    void documentChanged();
    // Lints what the canvas shows, unsaved edits included, off the UI thread.
    void requestLint();
    void updateZoomLabel(qreal zoom);
    void about();
    // File menu, docks, theme and settings (documents, issue 4).
    void createDocumentActions(QMenu *fileMenu, QAction *before);
    void createStatusBar();
    void createDocks(QMenu *viewMenu);
    void createThemeMenu(QMenu *viewMenu);
    void connectDocument();
    void selectionChanged();
    void addFromPalette(const QString &catalogId);
    void updateTitle();
    void setBusy(const QString &message, bool cancellable);
    void clearBusy();
    void startOpening(const QString &dir);
    // Runs `then` once unsaved edits are saved or discarded; not at all when the user cancels.
    void runAfterUnsavedCheck(std::function<void()> then);
    UnsavedChoice askAboutUnsavedChanges();
    void checkForAutosave(const QString &dir);
    void offerRecovery(const AutosaveRecord &record);
    void recover(const AutosaveRecord &record, bool accepted);
    void showError(const QString &title, const QString &text);
    void restoreSettings();
    void storeSettings();

    Catalog m_catalog;
    QString m_repositoryDir;
    DesignScene *m_scene = nullptr;
    DesignView *m_view = nullptr;
    QDockWidget *m_undoHistoryDock = nullptr;
    QLabel *m_sourceStatus = nullptr;
    QLabel *m_countsStatus = nullptr;
    QLabel *m_zoomStatus = nullptr;
    QPointer<QThread> m_importThread;
    QPointer<QThread> m_documentThread;
    int m_documentGeneration = 0; // a newer showDesign() outdates a load still running
    DesignDocument *m_document = nullptr;
    BranchStatusLabel *m_branchStatus = nullptr;
    QAction *m_commitAction = nullptr;
    LuaEditorDock *m_healthCheckDock = nullptr;
    QString m_healthGroup = QStringLiteral("argoproj.io"); // the customization being edited
    QString m_healthKind = QStringLiteral("Application");
    QString m_healthScript; // what the editor shows (or will show once built)
    bool m_healthOpenLibs = false;
    QString m_healthTitle;
    QAction *m_healthCheckToggle = nullptr;
    QAction *m_undoHistoryToggle = nullptr;
    LintPanel *m_lintPanel = nullptr;
    LintRunner *m_lintRunner = nullptr;
    QPointer<CommitDialog> m_commitDialog;

    QSettings *m_settings = nullptr;
    PaletteDock *m_paletteDock = nullptr;
    InspectorDock *m_inspectorDock = nullptr;
    YamlPreviewDock *m_yamlPreviewDock = nullptr;
    DiagnosticsDock *m_diagnosticsDock = nullptr;
    CatalogDropHandler *m_catalogDrop = nullptr;
    Autosaver *m_autosaver = nullptr;
    RecentRepositories *m_recents = nullptr;
    QMenu *m_recentMenu = nullptr;
    QAction *m_saveAction = nullptr;
    QProgressBar *m_busyBar = nullptr;
    QToolButton *m_cancelButton = nullptr;
    QList<QPointer<QThread>> m_workers; // opening, autosave checks, recovery: waited for on exit
    int m_openGeneration = 0;           // a cancelled or newer open outdates a running one
    bool m_opening = false;
    bool m_closeWhenSaved = false;
    bool m_closeApproved = false;
    std::function<void()> m_afterSave;
    std::function<UnsavedChoice()> m_unsavedPrompt;
    std::function<bool(const QDateTime &)> m_recoveryPrompt;
    BootstrapDock *m_bootstrapDock = nullptr;
    QAction *m_bootstrapAction = nullptr;
    bool m_closeAfterBootstrap = false; // the user chose "Cancel bootstrap and close"
    std::function<RunningBootstrapChoice()> m_runningBootstrapPrompt;
};

} // namespace wavesmith
