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

class DesignScene;
class DesignView;

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
    // "Homelab example" or the repository folder, as the title and status bar show it.
    QString sourceLabel() const;
    // "19 components · 6 waves · 3 ApplicationSets"
    static QString countsText(const Design &design);

public Q_SLOTS:
    void openRepository();
    // Imports `dir` off the UI thread and shows it, or explains why it could not.
    void openRepositoryAt(const QString &dir);
    void showHomelabExample();

Q_SIGNALS:
    void repositoryOpened(const QString &dir);
    void repositoryFailed(const QString &dir, const QString &message);

private:
    void createActions();
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
};

} // namespace wavesmith
