#include "luasamplespanel.h"

#include "luasampleevaluator.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

namespace wavesmith {

namespace {

QString describe(const HealthResult &result) {
    if (result.status.isEmpty())
        return QStringLiteral("(empty result)");
    return result.message.isEmpty() ? result.status
                                    : QStringLiteral("%1: %2").arg(result.status, result.message);
}

} // namespace

LuaSampleCard::LuaSampleCard(const HealthSample &sample, QWidget *parent)
    : QWidget(parent) {
    auto *frame = new QFrame(this);
    frame->setFrameShape(QFrame::StyledPanel);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(frame);

    m_name = new QLineEdit(sample.name, frame);
    m_name->setPlaceholderText(tr("sample name"));
    auto *remove = new QToolButton(frame);
    remove->setText(tr("Remove"));
    remove->setAutoRaise(true);
    auto *header = new QHBoxLayout;
    header->addWidget(m_name, 1);
    header->addWidget(remove);

    m_status = new QComboBox(frame);
    m_status->setEditable(true); // Argo CD accepts any string in a test; Unknown catches typos
    m_status->addItems(healthStatuses());
    m_status->setCurrentText(sample.expected.status);
    m_message = new QLineEdit(sample.expected.message, frame);
    m_message->setPlaceholderText(tr("expected message"));
    m_yaml = new QPlainTextEdit(QString::fromUtf8(sample.yaml), frame);
    m_yaml->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_yaml->setPlaceholderText(tr("the object as YAML or JSON"));
    m_yaml->setMinimumHeight(120);
    m_result = new QLabel(frame);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    form->addRow(tr("Expected status"), m_status);
    form->addRow(tr("Expected message"), m_message);
    auto *layout = new QVBoxLayout(frame);
    layout->addLayout(header);
    layout->addLayout(form);
    layout->addWidget(m_yaml, 1);
    layout->addWidget(m_result);
    showPending();

    connect(m_name, &QLineEdit::textChanged, this, &LuaSampleCard::changed);
    connect(m_status, &QComboBox::currentTextChanged, this, &LuaSampleCard::changed);
    connect(m_message, &QLineEdit::textChanged, this, &LuaSampleCard::changed);
    connect(m_yaml, &QPlainTextEdit::textChanged, this, &LuaSampleCard::changed);
    connect(remove, &QToolButton::clicked, this, &LuaSampleCard::removeRequested);
}

HealthSample LuaSampleCard::sample() const {
    return {m_name->text(),
            m_yaml->toPlainText().toUtf8(),
            {m_status->currentText(), m_message->text()}};
}

void LuaSampleCard::showResult(const LuaSampleResult &result) {
    m_passed = result.passed;
    QString text;
    if (result.error)
        text = (result.objectError ? tr("Sample YAML: %1") : tr("Error: %1"))
                   .arg(result.error->toString());
    else if (result.passed)
        text = tr("✔ %1").arg(describe(result.actual));
    else
        text =
            tr("✘ got %1, expected %2").arg(describe(result.actual), describe(sample().expected));
    m_result->setText(text);
    m_result->setStyleSheet(result.passed ? QStringLiteral("color: #1a7f37; font-weight: bold;")
                                          : QStringLiteral("color: #c62828; font-weight: bold;"));
}

void LuaSampleCard::showPending() {
    m_passed = false;
    m_result->setText(tr("…"));
    m_result->setStyleSheet(QString());
}

QString LuaSampleCard::resultText() const {
    return m_result->text();
}

LuaSamplesPanel::LuaSamplesPanel(QWidget *parent)
    : QWidget(parent) {
    auto *content = new QWidget;
    m_cardLayout = new QVBoxLayout(content);
    m_cardLayout->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(content);

    auto *add = new QPushButton(tr("Add sample"), this);
    m_summary = new QLabel(this);
    auto *footer = new QHBoxLayout;
    footer->addWidget(m_summary, 1);
    footer->addWidget(add);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll, 1);
    layout->addLayout(footer);
    connect(add, &QPushButton::clicked, this, &LuaSamplesPanel::addSample);
}

void LuaSamplesPanel::setSamples(const QList<HealthSample> &samples) {
    for (LuaSampleCard *card : std::as_const(m_cards))
        delete card;
    m_cards.clear();
    for (const HealthSample &sample : samples)
        appendCard(sample);
    m_summary->clear();
    Q_EMIT samplesChanged();
}

QList<HealthSample> LuaSamplesPanel::samples() const {
    QList<HealthSample> samples;
    for (const LuaSampleCard *card : m_cards)
        samples.append(card->sample());
    return samples;
}

void LuaSamplesPanel::showResults(const QList<LuaSampleResult> &results) {
    int passed = 0;
    for (qsizetype i = 0; i < m_cards.size() && i < results.size(); ++i) {
        m_cards.at(i)->showResult(results.at(i));
        passed += results.at(i).passed ? 1 : 0;
    }
    m_summary->setText(tr("%1 of %2 samples pass").arg(passed).arg(m_cards.size()));
}

void LuaSamplesPanel::addSample() {
    const HealthSample sample{tr("sample %1").arg(m_cards.size() + 1),
                              "apiVersion: v1\nkind: Example\nmetadata:\n  name: example\n"
                              "status: {}\n",
                              {QStringLiteral("Healthy"), QString()}};
    appendCard(sample);
    Q_EMIT samplesChanged();
}

LuaSampleCard *LuaSamplesPanel::appendCard(const HealthSample &sample) {
    auto *card = new LuaSampleCard(sample);
    m_cardLayout->insertWidget(m_cardLayout->count() - 1, card); // before the stretch
    m_cards.append(card);
    connect(card, &LuaSampleCard::changed, this, &LuaSamplesPanel::samplesChanged);
    connect(card, &LuaSampleCard::removeRequested, this, [this, card] { removeCard(card); });
    return card;
}

void LuaSamplesPanel::removeCard(LuaSampleCard *card) {
    m_cards.removeOne(card);
    card->deleteLater();
    Q_EMIT samplesChanged();
}

} // namespace wavesmith
