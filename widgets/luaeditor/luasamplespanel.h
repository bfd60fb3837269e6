#pragma once

// The samples beside the Lua editor: one card per sample object (name, YAML, expected status
// and message) showing the last result in green or red.

#include <wavesmith/luatestrunner.h>

#include <QList>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QVBoxLayout;

namespace wavesmith {

struct LuaSampleResult;

// One sample's editors and its result line.
class LuaSampleCard : public QWidget {
    Q_OBJECT

public:
    explicit LuaSampleCard(const HealthSample &sample, QWidget *parent = nullptr);

    HealthSample sample() const;
    void showResult(const LuaSampleResult &result);
    void showPending();
    QString resultText() const;
    bool resultPassed() const { return m_passed; }

Q_SIGNALS:
    void changed();
    void removeRequested();

private:
    QLineEdit *m_name = nullptr;
    QComboBox *m_status = nullptr;
    QLineEdit *m_message = nullptr;
    QPlainTextEdit *m_yaml = nullptr;
    QLabel *m_result = nullptr;
    bool m_passed = false;
};

class LuaSamplesPanel : public QWidget {
    Q_OBJECT

public:
    explicit LuaSamplesPanel(QWidget *parent = nullptr);

    void setSamples(const QList<HealthSample> &samples);
    QList<HealthSample> samples() const;
    // Results in sample order; extra or missing entries are ignored.
    void showResults(const QList<LuaSampleResult> &results);
    QList<LuaSampleCard *> cards() const { return m_cards; }

public Q_SLOTS:
    void addSample();

Q_SIGNALS:
    void samplesChanged();

private:
    LuaSampleCard *appendCard(const HealthSample &sample);
    void removeCard(LuaSampleCard *card);

    QVBoxLayout *m_cardLayout = nullptr;
    QLabel *m_summary = nullptr;
    QList<LuaSampleCard *> m_cards;
};

} // namespace wavesmith
