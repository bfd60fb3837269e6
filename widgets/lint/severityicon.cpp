#include "severityicon.h"

#include <QApplication>
#include <QStyle>

namespace wavesmith {

QIcon severityIcon(Diagnostic::Severity severity) {
    QStyle *style = QApplication::style();
    switch (severity) {
    case Diagnostic::Severity::Error:
        return style->standardIcon(QStyle::SP_MessageBoxCritical);
    case Diagnostic::Severity::Warning:
        return style->standardIcon(QStyle::SP_MessageBoxWarning);
    case Diagnostic::Severity::Info:
        break;
    }
    return style->standardIcon(QStyle::SP_MessageBoxInformation);
}

} // namespace wavesmith
