#pragma once

// The Import diagnostics dock: what the importer could not model or found odd (severity icon,
// file:line, message). Double-clicking a row selects the component defined in that file, when
// there is one.

#include <wavesmith/model.h>

#include <QDockWidget>
#include <QList>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace wavesmith {

class DiagnosticsDock : public QDockWidget {
    Q_OBJECT

public:
    explicit DiagnosticsDock(QWidget *parent = nullptr);

    QTreeWidget *list() const { return m_list; }
    // The component a diagnostic is about: the one defined in its file, nearest above its line.
    static QString componentFor(const Design &design, const Diagnostic &diagnostic);

public Q_SLOTS:
    void setDesign(const wavesmith::Design &design);

Q_SIGNALS:
    // `component` is empty when the diagnostic is about no component.
    void diagnosticActivated(const QString &component, const QString &file, int line);

private:
    void activate(QTreeWidgetItem *item);

    QTreeWidget *m_list = nullptr;
    QLabel *m_empty = nullptr;
};

} // namespace wavesmith
