#include "luacodeeditor.h"

#include <wavesmith/luaengine.h>

#include <QFontDatabase>
#include <QGuiApplication>
#include <QScreen>

namespace wavesmith {

namespace {

// Annotation styles live after the lexer's own styles; pick one well clear of Lua's.
constexpr int kAnnotationStyle = 100;

} // namespace

LuaCodeEditor::LuaCodeEditor(QWidget *parent)
    : QsciScintilla(parent) {
    const QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_lexer = new QsciLexerLua(this);
    m_lexer->setDefaultFont(font);
    m_lexer->setFoldCompact(false);
    setLexer(m_lexer);
    setUtf8(true);

    setMarginType(0, QsciScintilla::NumberMargin);
    setMarginWidth(0, QStringLiteral("0000"));
    setMarginLineNumbers(0, true);
    setMarginType(1, QsciScintilla::SymbolMargin);
    setMarginWidth(1, 14);
    setMarginMarkerMask(1, 1 << kErrorMarker);
    setFolding(QsciScintilla::BoxedTreeFoldStyle, 2);

    setBraceMatching(QsciScintilla::SloppyBraceMatch);
    setAutoIndent(true);
    setIndentationsUseTabs(false);
    setIndentationWidth(2); // Argo CD's own scripts use two spaces
    setTabWidth(2);
    setCaretLineVisible(true);

    markerDefine(QsciScintilla::Circle, kErrorMarker);
    setMarkerBackgroundColor(QColor(0xd0, 0x30, 0x30), kErrorMarker);
    setMarkerForegroundColor(QColor(0x90, 0x10, 0x10), kErrorMarker);
    m_errorStyle = kAnnotationStyle;
    SendScintilla(SCI_STYLESETFORE, m_errorStyle, QColor(0x90, 0x10, 0x10));
    SendScintilla(SCI_STYLESETBACK, m_errorStyle, QColor(0xfd, 0xe4, 0xe4));
    setAnnotationDisplay(QsciScintilla::AnnotationBoxed);

    // Our own list instead of QsciAPIs: its background preparation thread outlives quick
    // editor lifetimes, and dotted paths are whole words here.
    setAutoCompletionSource(QsciScintilla::AcsNone);
    SendScintilla(SCI_AUTOCSETIGNORECASE, 0L);
    connect(this, &QsciScintillaBase::SCN_CHARADDED, this, [this](int) { offerCompletion(); });
    setCompletionWords({});
}

void LuaCodeEditor::showError(int line, const QString &message) {
    clearError();
    if (line <= 0)
        return;
    m_errorLine = line;
    m_errorMessage = message;
    markerAdd(line - 1, kErrorMarker);
    annotate(line - 1, message, m_errorStyle);
}

void LuaCodeEditor::clearError() {
    if (m_errorLine <= 0)
        return;
    markerDeleteAll(kErrorMarker);
    clearAnnotations();
    m_errorLine = 0;
    m_errorMessage.clear();
}

void LuaCodeEditor::setCompletionWords(const QStringList &words) {
    QStringList all = words;
    for (const QString &status : healthStatuses())
        all.append(status);
    all.removeDuplicates();
    if (all == m_words)
        return;
    all.sort();
    m_words = all;
}

void LuaCodeEditor::offerCompletion() {
    if (!m_completionEnabled)
        return;
    // QScintilla places the list on the screen under the caret and crashes when there is none
    // (an off-screen or offscreen-platform window).
    const long position = SendScintilla(SCI_GETCURRENTPOS);
    const QPoint caret(int(SendScintilla(SCI_POINTXFROMPOSITION, 0UL, position)),
                       int(SendScintilla(SCI_POINTYFROMPOSITION, 0UL, position)));
    if (!QGuiApplication::screenAt(viewport()->mapToGlobal(caret)))
        return;
    int line = 0;
    int index = 0;
    getCursorPosition(&line, &index);
    const QString before = text(line).left(index);
    qsizetype start = before.size();
    while (start > 0) {
        const QChar c = before.at(start - 1);
        if (!c.isLetterOrNumber() && c != QLatin1Char('_') && c != QLatin1Char('.') &&
            c != QLatin1Char('[') && c != QLatin1Char(']'))
            break;
        --start;
    }
    const QString prefix = before.mid(start);
    if (prefix.size() < 2)
        return;
    QStringList matches;
    for (const QString &word : std::as_const(m_words)) {
        if (word.startsWith(prefix) && word != prefix)
            matches.append(word);
    }
    if (matches.isEmpty())
        return;
    const QByteArray list = matches.join(QLatin1Char(' ')).toUtf8();
    SendScintilla(SCI_AUTOCSHOW, static_cast<unsigned long>(prefix.toUtf8().size()),
                  list.constData());
}

} // namespace wavesmith
