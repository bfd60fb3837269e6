#pragma once

// The Lua text editor: QScintilla with Lua highlighting, line numbers, folding, brace
// matching, an error marker with the message under the failing line, and completion of
// `obj.` paths and health statuses.

#include "qsci.h"

#include <QStringList>

class QsciLexerLua;

namespace wavesmith {

class LuaCodeEditor : public QsciScintilla {
    Q_OBJECT

public:
    explicit LuaCodeEditor(QWidget *parent = nullptr);

    // Marks 1-based `line` and shows `message` under it; replaces any earlier error.
    void showError(int line, const QString &message);
    void clearError();
    int errorLine() const { return m_errorLine; } // 0 when none
    QString errorMessage() const { return m_errorMessage; }

    // Replaces the completion list (health statuses are always in it).
    void setCompletionWords(const QStringList &words);
    QStringList completionWords() const { return m_words; }
    // Whether typing pops up the completion list (on by default).
    void setCompletionEnabled(bool enabled) { m_completionEnabled = enabled; }

    static constexpr int kErrorMarker = 1;

private:
    // Shows the words that extend the `obj.`-style word left of the cursor.
    void offerCompletion();

    QsciLexerLua *m_lexer = nullptr;
    QStringList m_words;
    bool m_completionEnabled = true;
    int m_errorLine = 0;
    QString m_errorMessage;
    int m_errorStyle = 0;
};

} // namespace wavesmith
