#include "yamlpreviewdock.h"

#include <luaeditor/qsci.h>
#include <wavesmith/document.h>

#define signals Q_SIGNALS
#define slots Q_SLOTS
#include <Qsci/qscilexeryaml.h>
#undef signals
#undef slots

#include <QEvent>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QStackedWidget>
#include <QTabBar>
#include <QVBoxLayout>

namespace wavesmith {

YamlPreviewDock::YamlPreviewDock(DesignDocument *document, QWidget *parent)
    : QDockWidget(tr("YAML Preview"), parent)
    , m_document(document) {
    setObjectName(QStringLiteral("yamlPreviewDock"));
    m_pages = new QStackedWidget(this);

    m_empty = new QLabel(tr("Select a component to see its YAML"), m_pages);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setEnabled(false);
    m_empty->setContentsMargins(16, 16, 16, 16);
    m_pages->addWidget(m_empty);
    setWidget(m_pages);

    connect(m_document, &DesignDocument::designReset, this, [this] {
        m_component.clear();
        reload();
    });
    connect(m_document, &DesignDocument::designChanged, this, [this] { reload(); });
    reload();
}

void YamlPreviewDock::createEditor() {
    auto *content = new QWidget(m_pages);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_tabs = new QTabBar(content);
    m_tabs->setObjectName(QStringLiteral("yamlPreviewTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->setExpanding(false);
    m_tabs->setElideMode(Qt::ElideMiddle);
    layout->addWidget(m_tabs);
    m_editor = new QsciScintilla(content);
    m_editor->setObjectName(QStringLiteral("yamlPreviewEditor"));
    m_editor->setReadOnly(true);
    m_editor->setUtf8(true);
    m_editor->setLexer(new QsciLexerYAML(m_editor));
    m_editor->setMarginType(0, QsciScintilla::NumberMargin);
    m_editor->setMarginWidth(0, QStringLiteral("0000"));
    m_editor->setWrapMode(QsciScintilla::WrapNone);
    m_editor->setCaretLineVisible(false);
    m_marker = m_editor->markerDefine(QsciScintilla::Background);
    layout->addWidget(m_editor, 1);
    m_pages->addWidget(content);
    applyColours();
    connect(m_tabs, &QTabBar::currentChanged, this, &YamlPreviewDock::showFile);
}

QString YamlPreviewDock::currentFile() const {
    return m_shownFile;
}

QString YamlPreviewDock::text() const {
    return m_editor ? m_editor->text() : QString();
}

bool YamlPreviewDock::isEmptyStateShown() const {
    return m_pages->currentIndex() == 0;
}

void YamlPreviewDock::setComponent(const QString &name) {
    if (name == m_component)
        return;
    m_component = name;
    m_firstLine.clear();
    m_shownFile.clear();
    m_extraFile.clear();
    m_markedFile.clear();
    m_markedLine = 0;
    reload();
}

void YamlPreviewDock::showLocation(const QString &component, const QString &file, int line) {
    setComponent(component);
    m_extraFile.clear();
    if (!file.isEmpty() && !m_document->filesOf(component).contains(file) &&
        !m_document->currentText(file).isEmpty())
        m_extraFile = file;
    m_markedFile = file;
    m_markedLine = qMax(0, line);
    reload();
    if (const int index = m_files.indexOf(file); index >= 0) {
        {
            const QSignalBlocker blocker(m_tabs);
            m_tabs->setCurrentIndex(index);
        }
        showText(file);
        // A few lines of context above the located line.
        if (m_markedLine > 0)
            m_editor->setFirstVisibleLine(qMax(0, m_markedLine - 4));
    }
    show();
    raise();
}

int YamlPreviewDock::markedLine() const {
    return m_shownFile == m_markedFile && !m_markedFile.isEmpty() ? m_markedLine : 0;
}

void YamlPreviewDock::reload() {
    const bool known = !m_component.isEmpty() && m_document->design().component(m_component);
    QStringList files = known ? m_document->filesOf(m_component) : QStringList();
    if (!m_extraFile.isEmpty() && !files.contains(m_extraFile))
        files.append(m_extraFile);
    if (files.isEmpty()) {
        m_empty->setText(known ? tr("%1 maps to no file of the repository").arg(m_component)
                               : tr("Select a component to see its YAML"));
        m_pages->setCurrentIndex(0);
        m_files.clear();
        return;
    }
    if (!m_editor)
        createEditor();
    m_pages->setCurrentIndex(1);
    const QString keep = m_shownFile;
    if (files != m_files) {
        m_files = files;
        const QSignalBlocker blocker(m_tabs);
        while (m_tabs->count() > 0)
            m_tabs->removeTab(0);
        for (const QString &file : files) {
            // "apps/cilium.yaml": the last two segments tell the files apart.
            const int tab = m_tabs->addTab(file.section(QLatin1Char('/'), -2));
            m_tabs->setTabToolTip(tab, file);
        }
    }
    const int index = qMax(0, m_files.indexOf(keep));
    {
        const QSignalBlocker blocker(m_tabs);
        m_tabs->setCurrentIndex(index);
    }
    showText(m_files.at(index));
}

void YamlPreviewDock::showFile(int index) {
    if (index >= 0 && index < m_files.size())
        showText(m_files.at(index));
}

void YamlPreviewDock::showText(const QString &file) {
    if (!m_shownFile.isEmpty())
        m_firstLine.insert(m_shownFile, m_editor->firstVisibleLine());
    const QString text = QString::fromUtf8(m_document->currentText(file));
    if (text != m_editor->text())
        m_editor->setText(text);
    m_shownFile = file;
    // Edits change a line or two: the reader stays where they were.
    m_editor->setFirstVisibleLine(m_firstLine.value(file, 0));
    applyMark();
}

void YamlPreviewDock::applyMark() {
    m_editor->markerDeleteAll(m_marker);
    if (const int line = markedLine(); line > 0 && line <= m_editor->lines())
        m_editor->markerAdd(line - 1, m_marker);
}

void YamlPreviewDock::applyColours() {
    // QScintilla ignores the widget palette: give the lexer and margins the theme's colours so
    // the dark palette does not show a white page.
    if (!m_editor)
        return; // createEditor() colours it
    const QPalette pal = palette();
    auto *lexer = m_editor->lexer();
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    lexer->setDefaultFont(mono);
    lexer->setFont(mono, -1);
    lexer->setPaper(pal.color(QPalette::Base), -1);
    lexer->setDefaultPaper(pal.color(QPalette::Base));
    lexer->setDefaultColor(pal.color(QPalette::Text));
    lexer->setColor(pal.color(QPalette::Text), QsciLexerYAML::Default);
    lexer->setColor(pal.color(QPalette::Text), QsciLexerYAML::Operator);
    const bool dark = pal.color(QPalette::Base).lightness() < 128;
    lexer->setColor(dark ? QColor(0x7f, 0xb8, 0xff) : QColor(0x1f, 0x5f, 0xb0),
                    QsciLexerYAML::Identifier);
    lexer->setColor(dark ? QColor(0x8a, 0x93, 0x9d) : QColor(0x6a, 0x73, 0x7d),
                    QsciLexerYAML::Comment);
    lexer->setColor(dark ? QColor(0xe0, 0xa8, 0x6c) : QColor(0xa0, 0x50, 0x00),
                    QsciLexerYAML::Number);
    lexer->setColor(dark ? QColor(0xc3, 0x9a, 0xe8) : QColor(0x7a, 0x3e, 0x9d),
                    QsciLexerYAML::Keyword);
    lexer->setColor(dark ? QColor(0x9a, 0xd1, 0x8b) : QColor(0x2e, 0x7d, 0x32),
                    QsciLexerYAML::DocumentDelimiter);
    m_editor->setMarginsBackgroundColor(pal.color(QPalette::Window));
    m_editor->setMarginsForegroundColor(pal.color(QPalette::PlaceholderText));
    m_editor->setMarginsFont(mono);
    m_editor->SendScintilla(QsciScintilla::SCI_SETCARETFORE, pal.color(QPalette::Text));
    // The located line: the highlight colour, faint enough to keep the syntax colours readable.
    QColor mark = pal.color(QPalette::Highlight);
    mark.setAlpha(dark ? 90 : 60);
    const QColor base = pal.color(QPalette::Base);
    const auto blend = [&](int a, int b) {
        return (a * mark.alpha() + b * (255 - mark.alpha())) / 255;
    };
    m_editor->setMarkerBackgroundColor(QColor(blend(mark.red(), base.red()),
                                              blend(mark.green(), base.green()),
                                              blend(mark.blue(), base.blue())),
                                       m_marker);
}

void YamlPreviewDock::changeEvent(QEvent *event) {
    QDockWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyColours();
}

} // namespace wavesmith
