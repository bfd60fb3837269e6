#pragma once

// Ctrl+F on the canvas: a small search field over the view's top-right corner. Typing selects
// the first component whose name contains the text and centres it; Enter goes to the next
// match, Escape closes.

#include <QFrame>

class QLabel;
class QLineEdit;

namespace wavesmith {

class DesignView;

class FindBar : public QFrame {
    Q_OBJECT

public:
    explicit FindBar(DesignView *view);

    QLineEdit *field() const { return m_field; }
    // Opens (or focuses) the bar with its text selected.
    void activate();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void search(bool next);
    void close();

    DesignView *m_view;
    QLineEdit *m_field;
    QLabel *m_status;
    QString m_current; // the component shown by the last search
};

} // namespace wavesmith
