#include "pathtemplate.h"

#include <QRegularExpression>
#include <QStringList>

namespace wavesmith {

QString expandPathTemplate(const QString &text, const QString &path) {
    static const QRegularExpression expression(QStringLiteral(
        "\\{\\{\\s*(?:index\\s+\\.path\\.segments\\s+(\\d+)|\\.?path(?:\\.(path|basename|"
        "basenameNormalized|filename)|\\[(\\d+)\\]|\\.segments\\[(\\d+)\\])?)\\s*\\}\\}"));
    if (!text.contains(QLatin1String("{{")))
        return text;
    const QStringList segments = path.split(QLatin1Char('/'));
    QString result;
    qsizetype last = 0;
    auto it = expression.globalMatch(text);
    while (it.hasNext()) {
        const auto match = it.next();
        result += text.mid(last, match.capturedStart() - last);
        QString index = match.captured(1);
        if (index.isEmpty())
            index = match.captured(3);
        if (index.isEmpty())
            index = match.captured(4);
        const QString field = match.captured(2);
        if (!index.isEmpty()) {
            result += segments.value(index.toInt());
        } else if (field == QLatin1String("basename")) {
            result += segments.last();
        } else if (field == QLatin1String("basenameNormalized")) {
            result += segments.last().toLower().replace(
                QRegularExpression(QStringLiteral("[^a-z0-9-.]")), QStringLiteral("-"));
        } else {
            result += path;
        }
        last = match.capturedEnd();
    }
    return result + text.mid(last);
}

} // namespace wavesmith
