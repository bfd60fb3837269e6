#pragma once

// The Inspector dock: every field of the selected component, checked as the user types. An
// invalid field shows why and commits nothing; a valid one is committed on Enter or when focus
// leaves it, as one document command. Sync options are checkboxes; the two Argo CD options this
// project never uses (ApplyOutOfSyncOnly, IgnoreMissingTemplate) refuse to be checked and say
// why. The form re-reads the model whenever the document changes (undo included).

#include <wavesmith/result.h>

#include <QDockWidget>
#include <QHash>
#include <QList>
#include <QString>

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QStackedWidget;

namespace wavesmith {

class DesignDocument;
struct Component;

class InspectorDock : public QDockWidget {
    Q_OBJECT

public:
    explicit InspectorDock(DesignDocument *document, QWidget *parent = nullptr);
    ~InspectorDock() override;

    QString component() const { return m_component; }
    // Fields by name: "wave", "namespace", "repoURL", "targetRevision", "path".
    QLineEdit *field(const QString &name) const;
    // The reason shown under a field; empty when the field is valid.
    QString fieldProblem(const QString &name) const;
    // Sync option checkboxes by key ("CreateNamespace", "ApplyOutOfSyncOnly", …).
    QCheckBox *syncOption(const QString &key) const;
    // The explanation shown after a refused option or a failed commit.
    QString notice() const;
    QListWidget *dependsOnList() const { return m_dependsOn; }
    QComboBox *dependencyPicker() const { return m_dependencyPicker; }
    bool isEmptyStateShown() const;

public Q_SLOTS:
    // Shows `name`'s fields, or the empty state when it is empty or unknown.
    void setComponent(const QString &name);

private:
    struct Field;
    void ensureForm();
    void buildForm(QWidget *form);
    void addField(const QString &key, const QString &label,
                  std::function<QString(const QString &)> validate,
                  std::function<Status(const QString &)> commit);
    void refresh();
    void validate(Field &field);
    void commit(Field &field);
    void syncOptionToggled(const QString &key, bool checked);
    void setNotice(const QString &text);
    const Component *current() const;

    DesignDocument *m_document = nullptr;
    QString m_component;
    bool m_refreshing = false;
    QStackedWidget *m_pages = nullptr;
    QWidget *m_form = nullptr; // built on first use, see ensureForm()
    QLabel *m_title = nullptr;
    QLabel *m_subtitle = nullptr;
    QLabel *m_chart = nullptr;
    QLabel *m_notice = nullptr;
    QList<Field *> m_fields;
    QHash<QString, QCheckBox *> m_syncOptions;
    QListWidget *m_dependsOn = nullptr;
    QComboBox *m_dependencyPicker = nullptr;
    QPushButton *m_addDependency = nullptr;
    QPushButton *m_removeDependency = nullptr;
};

} // namespace wavesmith
