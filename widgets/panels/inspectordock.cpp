#include "inspectordock.h"

#include "fieldvalidation.h"

#include <wavesmith/document.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace wavesmith {

namespace {

// The sync options offered as checkboxes, in the order Argo CD's documentation lists them.
struct SyncOptionInfo {
    const char *key;
    const char *tip;
};
constexpr SyncOptionInfo kSyncOptions[] = {
    {"CreateNamespace", "Create the destination namespace when it does not exist"},
    {"ServerSideApply", "Apply with server-side apply (needed for large CRDs)"},
    {"RespectIgnoreDifferences", "Keep ignored fields out of the sync as well as the diff"},
    {"PruneLast", "Delete pruned resources after everything else is healthy"},
    {"Replace", "Use kubectl replace/create instead of apply (destructive)"},
    {"FailOnSharedResource", "Fail when a resource already belongs to another Application"},
    {"ApplyOutOfSyncOnly", "Only apply resources Argo CD thinks are out of sync"},
    {"IgnoreMissingTemplate", "ApplicationSet: keep going when the template is missing"},
};

QString optionKey(const QString &option) {
    return option.section(QLatin1Char('='), 0, 0);
}

} // namespace

struct InspectorDock::Field {
    QString key;
    QLineEdit *edit = nullptr;
    QLabel *problem = nullptr;
    std::function<QString(const QString &)> validate;
    std::function<Status(const QString &)> commit;
    QString committed; // what the model says; an edit equal to it commits nothing
};

InspectorDock::InspectorDock(DesignDocument *document, QWidget *parent)
    : QDockWidget(tr("Inspector"), parent)
    , m_document(document) {
    setObjectName(QStringLiteral("inspectorDock"));
    m_pages = new QStackedWidget(this);

    auto *empty = new QLabel(tr("Select a component to see its fields"), m_pages);
    empty->setObjectName(QStringLiteral("inspectorEmptyState"));
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setEnabled(false); // the palette's dimmed text colour
    empty->setContentsMargins(16, 16, 16, 16);
    m_pages->addWidget(empty);

    // The form is built the first time a component is shown: the window opens on the empty state.
    setWidget(m_pages);

    connect(m_document, &DesignDocument::designReset, this, [this] { setComponent(QString()); });
    connect(m_document, &DesignDocument::designChanged, this, [this](const QStringList &touched) {
        if (touched.isEmpty() || touched.contains(m_component) || !current())
            refresh();
    });
    refresh();
}

InspectorDock::~InspectorDock() {
    qDeleteAll(m_fields);
}

void InspectorDock::ensureForm() {
    if (m_form)
        return;
    auto *scroll = new QScrollArea(m_pages);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_form = new QWidget(scroll);
    buildForm(m_form);
    scroll->setWidget(m_form);
    m_pages->addWidget(scroll);
}

void InspectorDock::buildForm(QWidget *form) {
    auto *layout = new QVBoxLayout(form);
    layout->setContentsMargins(10, 10, 10, 10);
    layout->setSpacing(10);

    m_title = new QLabel(form);
    m_title->setObjectName(QStringLiteral("inspectorTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setWeight(QFont::DemiBold);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_title);
    m_subtitle = new QLabel(form);
    m_subtitle->setWordWrap(true);
    m_subtitle->setEnabled(false);
    layout->addWidget(m_subtitle);

    auto *fields = new QFormLayout;
    fields->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    fields->setRowWrapPolicy(QFormLayout::WrapLongRows);
    fields->setLabelAlignment(Qt::AlignLeft);
    layout->addLayout(fields);

    const auto addRow = [&](const QString &key, const QString &label) {
        Field *field = m_fields.last();
        auto *box = new QWidget(form);
        auto *column = new QVBoxLayout(box);
        column->setContentsMargins(0, 0, 0, 0);
        column->setSpacing(2);
        field->edit = new QLineEdit(box);
        field->edit->setObjectName(key + QStringLiteral("Field"));
        field->problem = new QLabel(box);
        field->problem->setObjectName(key + QStringLiteral("Problem"));
        field->problem->setWordWrap(true);
        field->problem->setVisible(false);
        column->addWidget(field->edit);
        column->addWidget(field->problem);
        fields->addRow(label, box);
        connect(field->edit, &QLineEdit::textEdited, this, [this, field] { validate(*field); });
        // Enter and leaving the field commit; a refused or invalid text stays marked.
        connect(field->edit, &QLineEdit::editingFinished, this, [this, field] { commit(*field); });
    };

    addField(
        QStringLiteral("name"), tr("Name"),
        [](const QString &text) { return dnsLabelProblem(text, tr("A name")); },
        [this](const QString &text) {
            const QString from = m_component;
            const Status status = m_document->renameComponent(from, text);
            // The canvas selects the renamed node; follow it here too if nothing else does.
            if (status && m_component == from)
                setComponent(text);
            return status;
        });
    addRow(QStringLiteral("name"), tr("Name"));
    addField(QStringLiteral("wave"), tr("Sync wave"), waveProblem, [this](const QString &text) {
        return m_document->setWave(m_component, parseWave(text).value_or(0));
    });
    addRow(QStringLiteral("wave"), tr("Sync wave"));
    addField(QStringLiteral("namespace"), tr("Namespace"), namespaceProblem,
             [this](const QString &text) { return m_document->setNamespace(m_component, text); });
    addRow(QStringLiteral("namespace"), tr("Namespace"));
    addField(QStringLiteral("project"), tr("Project"), projectProblem,
             [this](const QString &text) { return m_document->setProject(m_component, text); });
    addRow(QStringLiteral("project"), tr("Project"));
    addField(QStringLiteral("repoURL"), tr("Repository"), repoUrlProblem,
             [this](const QString &text) { return m_document->setRepoURL(m_component, text); });
    addRow(QStringLiteral("repoURL"), tr("Repository"));
    addField(
        QStringLiteral("targetRevision"), tr("Revision"),
        [this](const QString &text) {
            const Component *c = current();
            return targetRevisionProblem(text,
                                         c && c->primarySource() && c->primarySource()->isHelm());
        },
        [this](const QString &text) { return m_document->setTargetRevision(m_component, text); });
    addRow(QStringLiteral("targetRevision"), tr("Revision"));
    addField(QStringLiteral("path"), tr("Path"), sourcePathProblem,
             [this](const QString &text) { return m_document->setSourcePath(m_component, text); });
    addRow(QStringLiteral("path"), tr("Path"));
    m_chart = new QLabel(form);
    m_chart->setWordWrap(true);
    m_chart->setTextInteractionFlags(Qt::TextSelectableByMouse);
    fields->addRow(tr("Helm chart"), m_chart);

    auto *syncBox = new QGroupBox(tr("Sync options"), form);
    auto *syncLayout = new QVBoxLayout(syncBox);
    syncLayout->setSpacing(4);
    for (const SyncOptionInfo &info : kSyncOptions) {
        const QString key = QString::fromLatin1(info.key);
        auto *check = new QCheckBox(key, syncBox);
        check->setObjectName(key + QStringLiteral("Option"));
        check->setToolTip(tr(info.tip));
        syncLayout->addWidget(check);
        m_syncOptions.insert(key, check);
        // clicked, not toggled: only the user's click commits, never a refresh.
        connect(check, &QCheckBox::clicked, this,
                [this, key](bool checked) { syncOptionToggled(key, checked); });
    }
    layout->addWidget(syncBox);

    m_notice = new QLabel(form);
    m_notice->setObjectName(QStringLiteral("inspectorNotice"));
    m_notice->setWordWrap(true);
    m_notice->setVisible(false);
    m_notice->setFrameShape(QFrame::StyledPanel);
    m_notice->setMargin(6);
    layout->addWidget(m_notice);

    auto *depsBox = new QGroupBox(tr("Depends on"), form);
    auto *depsLayout = new QVBoxLayout(depsBox);
    m_dependsOn = new QListWidget(depsBox);
    m_dependsOn->setObjectName(QStringLiteral("dependsOnList"));
    m_dependsOn->setMaximumHeight(110);
    depsLayout->addWidget(m_dependsOn);
    auto *addRowLayout = new QHBoxLayout;
    m_dependencyPicker = new QComboBox(depsBox);
    m_dependencyPicker->setObjectName(QStringLiteral("dependencyPicker"));
    m_addDependency = new QPushButton(tr("Add"), depsBox);
    m_removeDependency = new QPushButton(tr("Remove"), depsBox);
    addRowLayout->addWidget(m_dependencyPicker, 1);
    addRowLayout->addWidget(m_addDependency);
    addRowLayout->addWidget(m_removeDependency);
    depsLayout->addLayout(addRowLayout);
    layout->addWidget(depsBox);
    layout->addStretch(1);

    connect(m_addDependency, &QPushButton::clicked, this, [this] {
        const QString dependency = m_dependencyPicker->currentText();
        if (dependency.isEmpty())
            return;
        const Status status = m_document->addDependency(m_component, dependency);
        setNotice(status ? QString() : status.error().toString());
    });
    connect(m_removeDependency, &QPushButton::clicked, this, [this] {
        QListWidgetItem *item = m_dependsOn->currentItem();
        if (!item)
            return;
        const Status status = m_document->removeDependency(m_component, item->text());
        setNotice(status ? QString() : status.error().toString());
    });
    connect(m_dependsOn, &QListWidget::currentRowChanged, this,
            [this](int row) { m_removeDependency->setEnabled(row >= 0); });
}

void InspectorDock::addField(const QString &key, const QString &,
                             std::function<QString(const QString &)> validate,
                             std::function<Status(const QString &)> commit) {
    auto *field = new Field;
    field->key = key;
    field->validate = std::move(validate);
    field->commit = std::move(commit);
    m_fields.append(field);
}

QLineEdit *InspectorDock::field(const QString &name) const {
    for (Field *f : m_fields) {
        if (f->key == name)
            return f->edit;
    }
    return nullptr;
}

QString InspectorDock::fieldProblem(const QString &name) const {
    for (Field *f : m_fields) {
        if (f->key == name)
            return f->problem->isVisible() ? f->problem->text() : QString();
    }
    return {};
}

QCheckBox *InspectorDock::syncOption(const QString &key) const {
    return m_syncOptions.value(key);
}

QString InspectorDock::notice() const {
    return m_notice && m_notice->isVisible() ? m_notice->text() : QString();
}

bool InspectorDock::isEmptyStateShown() const {
    return m_pages->currentIndex() == 0;
}

const Component *InspectorDock::current() const {
    return m_component.isEmpty() ? nullptr : m_document->design().component(m_component);
}

void InspectorDock::setComponent(const QString &name) {
    if (name == m_component)
        return;
    m_component = name;
    setNotice(QString());
    refresh();
}

void InspectorDock::refresh() {
    const Component *c = current();
    if (!c) {
        m_pages->setCurrentIndex(0);
        return;
    }
    ensureForm();
    m_pages->setCurrentIndex(1);
    m_refreshing = true;
    m_title->setText(c->name);
    QString where = componentKindName(c->kind);
    if (c->kind == ComponentKind::AppSetMember)
        where = tr("Member of ApplicationSet %1 — its fields come from the set's template")
                    .arg(c->appSet);
    if (!c->location.file.isEmpty())
        where += QStringLiteral("\n%1:%2").arg(c->location.file).arg(c->location.line);
    m_subtitle->setText(where);

    const Source *source = c->primarySource();
    const QHash<QString, QString> values = {
        {QStringLiteral("name"), c->name},
        {QStringLiteral("wave"), QString::number(c->wave)},
        {QStringLiteral("namespace"), c->namespace_},
        {QStringLiteral("project"), c->project},
        {QStringLiteral("repoURL"), source ? source->repoURL : QString()},
        {QStringLiteral("targetRevision"), source ? source->targetRevision : QString()},
        {QStringLiteral("path"), source ? source->path : QString()}};
    const bool editable = c->kind == ComponentKind::Application;
    for (Field *f : m_fields) {
        f->committed = values.value(f->key);
        f->edit->setText(f->committed);
        f->edit->setReadOnly(!f->commit || (!editable && f->key != QLatin1String("wave")) ||
                             (f->key == QLatin1String("path") && source && source->isHelm()));
        f->edit->setEnabled(
            source || f->key == QLatin1String("name") || f->key == QLatin1String("wave") ||
            f->key == QLatin1String("namespace") || f->key == QLatin1String("project"));
        f->problem->setVisible(false);
        f->edit->setStyleSheet(QString());
    }
    if (!c->chart.isEmpty())
        m_chart->setText(tr("%1 %2 from %3").arg(c->chart.name, c->chart.version, c->chart.repo));
    else if (source && source->isHelm())
        m_chart->setText(
            tr("%1 %2 from %3").arg(source->chart, source->targetRevision, source->repoURL));
    else
        m_chart->setText(tr("none (plain manifests)"));

    for (auto it = m_syncOptions.cbegin(); it != m_syncOptions.cend(); ++it) {
        it.value()->setChecked(c->syncOptions.contains(it.key() + QStringLiteral("=true")));
        it.value()->setEnabled(editable || it.key() == QLatin1String("IgnoreMissingTemplate"));
    }
    m_syncOptions.value(QStringLiteral("IgnoreMissingTemplate"))
        ->setVisible(c->kind == ComponentKind::AppSetMember);

    const QString selectedDependency =
        m_dependsOn->currentItem() ? m_dependsOn->currentItem()->text() : QString();
    m_dependsOn->clear();
    m_dependsOn->addItems(c->dependsOn);
    const auto kept = m_dependsOn->findItems(selectedDependency, Qt::MatchExactly);
    if (!kept.isEmpty())
        m_dependsOn->setCurrentItem(kept.first());
    m_removeDependency->setEnabled(m_dependsOn->currentRow() >= 0);
    m_dependencyPicker->clear();
    for (const Component &other : m_document->design().components) {
        if (other.name != c->name && !c->dependsOn.contains(other.name))
            m_dependencyPicker->addItem(other.name);
    }
    m_addDependency->setEnabled(m_dependencyPicker->count() > 0);
    m_refreshing = false;
}

void InspectorDock::validate(Field &field) {
    const QString problem = field.validate ? field.validate(field.edit->text()) : QString();
    field.problem->setText(problem);
    field.problem->setVisible(!problem.isEmpty());
    // Red from the palette's own "negative" role would be nicer, but QPalette has none; a
    // border in the link-visited/red family reads as an error in both themes.
    field.edit->setStyleSheet(problem.isEmpty() ? QString()
                                                : QStringLiteral("QLineEdit { border: 1px solid "
                                                                 "#d64545; border-radius: 3px; "
                                                                 "padding: 2px; }"));
    if (!problem.isEmpty()) {
        QPalette pal = field.problem->palette();
        pal.setColor(QPalette::WindowText, QColor(0xd6, 0x45, 0x45));
        field.problem->setPalette(pal);
    }
}

void InspectorDock::commit(Field &field) {
    if (m_refreshing || !field.commit || field.edit->isReadOnly() || !current())
        return;
    validate(field);
    if (field.problem->isVisible())
        return; // invalid text is never committed
    const QString text = field.edit->text().trimmed();
    if (text == field.committed)
        return;
    const Status status = field.commit(text);
    if (!status) {
        field.problem->setText(status.error().toString());
        field.problem->setVisible(true);
        return;
    }
    // The document's designChanged refreshed the form already; keep the notice clear.
    setNotice(QString());
}

void InspectorDock::syncOptionToggled(const QString &key, bool checked) {
    const Component *c = current();
    if (!c)
        return;
    if (checked && key == QLatin1String("ApplyOutOfSyncOnly")) {
        m_syncOptions.value(key)->setChecked(false);
        setNotice(tr("ApplyOutOfSyncOnly is refused: Argo CD would then skip every resource it "
                     "thinks is in sync, so drift it cannot see (a field changed by hand, a "
                     "resource another tool patched) would never be repaired."));
        return;
    }
    if (checked && key == QLatin1String("IgnoreMissingTemplate")) {
        m_syncOptions.value(key)->setChecked(false);
        setNotice(tr("IgnoreMissingTemplate is refused: an ApplicationSet whose template goes "
                     "missing would then silently stop generating and updating its Applications "
                     "instead of failing where you can see it."));
        return;
    }
    // Toggle in place, so checking again gives back the original list (and the file's bytes).
    QStringList options = c->syncOptions;
    const QString value = key + (checked ? QStringLiteral("=true") : QStringLiteral("=false"));
    const auto found = std::find_if(options.begin(), options.end(),
                                    [&key](const QString &o) { return optionKey(o) == key; });
    if (found != options.end())
        *found = value;
    else if (checked)
        options.append(value);
    const Status status = m_document->setSyncOptions(m_component, options);
    if (!status) {
        m_syncOptions.value(key)->setChecked(!checked);
        setNotice(status.error().toString());
        return;
    }
    setNotice(QString());
}

void InspectorDock::setNotice(const QString &text) {
    if (!m_notice)
        return; // no form yet: nothing shown, nothing to clear
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

} // namespace wavesmith
