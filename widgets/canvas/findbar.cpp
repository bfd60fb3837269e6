#include "findbar.h"

#include "designscene.h"
#include "designview.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>

#include <algorithm>

namespace wavesmith {

FindBar::FindBar(DesignView *view)
    : QFrame(view)
    , m_view(view)
    , m_field(new QLineEdit(this))
    , m_status(new QLabel(this)) {
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(6);
    m_field->setPlaceholderText(QStringLiteral("Find component"));
    m_field->setClearButtonEnabled(true);
    m_field->setMinimumWidth(180);
    m_field->installEventFilter(this);
    layout->addWidget(m_field);
    layout->addWidget(m_status);
    connect(m_field, &QLineEdit::textEdited, this, [this] { search(false); });
    connect(m_field, &QLineEdit::returnPressed, this, [this] { search(true); });
    hide();
}

void FindBar::activate() {
    show();
    raise();
    m_field->setFocus(Qt::ShortcutFocusReason);
    m_field->selectAll();
}

bool FindBar::eventFilter(QObject *watched, QEvent *event) {
    if (watched == m_field && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape) {
        close();
        return true;
    }
    return QFrame::eventFilter(watched, event);
}

void FindBar::search(bool next) {
    auto *scene = qobject_cast<DesignScene *>(m_view->scene());
    const QString text = m_field->text().trimmed();
    if (!scene || text.isEmpty()) {
        m_status->clear();
        return;
    }
    QStringList matches;
    for (const Component &c : scene->design().components) {
        if (c.name.contains(text, Qt::CaseInsensitive))
            matches.append(c.name);
    }
    // A name equal to the text wins over names that merely contain it.
    std::stable_sort(matches.begin(), matches.end(), [&](const QString &a, const QString &b) {
        return a.compare(text, Qt::CaseInsensitive) == 0 &&
               b.compare(text, Qt::CaseInsensitive) != 0;
    });
    if (matches.isEmpty()) {
        m_status->setText(QStringLiteral("No match"));
        return;
    }
    qsizetype at = 0;
    if (next && matches.contains(m_current))
        at = (matches.indexOf(m_current) + 1) % matches.size();
    m_current = matches.at(at);
    m_status->setText(QStringLiteral("%1 of %2").arg(at + 1).arg(matches.size()));
    // A match inside a collapsed group opens the group so it can be seen.
    if (const Component *c = scene->design().component(m_current); c && !c->appSet.isEmpty())
        scene->setAppSetCollapsed(c->appSet, false);
    scene->selectComponent(m_current);
    m_view->centerOn(scene->geometry().nodes.value(m_current).center());
}

void FindBar::close() {
    hide();
    m_view->setFocus(Qt::OtherFocusReason);
}

} // namespace wavesmith
