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
    // The file tabs and the editor are built when the first file is shown (null until then):
    // the window starts on the empty state, and QScintilla costs start-up time.
    QsciScintilla *editor() const { return m_editor; }
    QTabBar *tabs() const { return m_tabs; }
    bool isEmptyStateShown() const;

    // The 1-based line marked by showLocation() in the shown file, 0 when none.
    int markedLine() const;

public Q_SLOTS:
    void setComponent(const QString &name);
    void showFile(int index);
    // Shows `file` (a tab of the component's files, or a tab of its own when the file is not
    // one of them) scrolled to `line` (1-based), with the line marked: where a lint finding or
    // an import diagnostic points.
    void showLocation(const QString &component, const QString &file, int line);

private:
    void reload();
    void createEditor();
    void applyColours();
    void showText(const QString &file);
    void applyMark();

    DesignDocument *m_document = nullptr;
    QString m_component;
    QStringList m_files;
    QHash<QString, int> m_firstLine; // scroll position per file while the component is shown
    QString m_shownFile;
    QString m_extraFile; // a located file that is not one of the component's
    QString m_markedFile;
    int m_markedLine = 0; // 1-based
    int m_marker = -1;
    QStackedWidget *m_pages = nullptr;
    QLabel *m_empty = nullptr;
    QTabBar *m_tabs = nullptr;
    QsciScintilla *m_editor = nullptr;

protected:
    void changeEvent(QEvent *event) override;
};

} // namespace wavesmith
