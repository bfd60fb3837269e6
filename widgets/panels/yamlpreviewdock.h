#pragma once

// The YAML preview dock: the repository files the selected component maps to, as they read
// with every edit applied (DesignDocument::currentText), read-only with YAML highlighting. One
// tab per file; the text follows edits and undo without losing the scroll position.

#include <QDockWidget>
#include <QHash>
#include <QString>
#include <QStringList>

class QLabel;
class QStackedWidget;
class QTabBar;
class QsciScintilla;

namespace wavesmith {

class DesignDocument;

class YamlPreviewDock : public QDockWidget {
    Q_OBJECT

public:
    explicit YamlPreviewDock(DesignDocument *document, QWidget *parent = nullptr);

    QString component() const { return m_component; }
    QStringList files() const { return m_files; }
    QString currentFile() const;
    QString text() const;
    QsciScintilla *editor() const { return m_editor; }
    QTabBar *tabs() const { return m_tabs; }
    bool isEmptyStateShown() const;

public Q_SLOTS:
    void setComponent(const QString &name);
    void showFile(int index);

private:
    void reload();
    void applyColours();
    void showText(const QString &file);

    DesignDocument *m_document = nullptr;
    QString m_component;
    QStringList m_files;
    QHash<QString, int> m_firstLine; // scroll position per file while the component is shown
    QString m_shownFile;
    QStackedWidget *m_pages = nullptr;
    QLabel *m_empty = nullptr;
    QTabBar *m_tabs = nullptr;
    QsciScintilla *m_editor = nullptr;

protected:
    void changeEvent(QEvent *event) override;
};

} // namespace wavesmith
