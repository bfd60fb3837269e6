#include "luaerror.h"

#include <QRegularExpression>
#include <QStringList>

namespace wavesmith {

namespace {

QString sandboxHint(const QString &message, bool openLibs) {
    static const QRegularExpression missing(QStringLiteral(
        "attempt to (?:call|index) (global|field|method) '(\\w+)' \\(a nil value\\)"));
    const QRegularExpressionMatch m = missing.match(message);
    if (m.hasMatch()) {
        const QString scope = m.captured(1);
        const QString name = m.captured(2);
        static const QStringList globals = {
            QStringLiteral("io"),       QStringLiteral("debug"),  QStringLiteral("package"),
            QStringLiteral("loadfile"), QStringLiteral("dofile"), QStringLiteral("module"),
            QStringLiteral("newproxy"), QStringLiteral("gcinfo"), QStringLiteral("loadlib")};
        static const QStringList osFunctions = {
            QStringLiteral("execute"), QStringLiteral("remove"),   QStringLiteral("rename"),
            QStringLiteral("exit"),    QStringLiteral("getenv"),   QStringLiteral("tmpname"),
            QStringLiteral("clock"),   QStringLiteral("difftime"), QStringLiteral("setlocale")};
        static const QStringList openOnly = {QStringLiteral("string"), QStringLiteral("math"),
                                             QStringLiteral("coroutine")};
        if (scope == QLatin1String("global") && globals.contains(name))
            return QStringLiteral("'%1' is not available to health scripts (Argo CD sandbox)")
                .arg(name);
        if (scope == QLatin1String("field") && osFunctions.contains(name))
            return QStringLiteral("os.%1 is not available to health scripts: the sandbox's os "
                                  "holds only time and date")
                .arg(name);
        if (scope == QLatin1String("field") && name == QLatin1String("dump"))
            return QStringLiteral("string.dump is not available to health scripts");
        if (scope == QLatin1String("global") && !openLibs && openOnly.contains(name))
            return QStringLiteral("'%1' needs open libs (useOpenLibs: true)").arg(name);
    }
    if (!openLibs && message.contains(QLatin1String("a string value")) &&
        message.contains(QLatin1String("attempt to index")))
        return QStringLiteral("string methods need open libs (useOpenLibs: true)");
    return {};
}

} // namespace

Error luaError(const QString &message, const QString &chunkName, bool openLibs) {
    Error error;
    error.message = message;
    // "chunk:line: text"; the chunk may be ours or one made by loadstring ([string "..."]).
    static const QRegularExpression located(QStringLiteral("^(.*?):(\\d+): (.*)$"),
                                            QRegularExpression::DotMatchesEverythingOption);
    const QString prefix = chunkName + QLatin1Char(':');
    QRegularExpressionMatch m;
    if (message.startsWith(prefix))
        m = located.match(message, 0, QRegularExpression::NormalMatch);
    if (!m.hasMatch())
        m = located.match(message);
    if (m.hasMatch() && !m.captured(1).contains(QLatin1Char('\n'))) {
        // Lua cuts chunk names at LUA_IDSIZE (60 bytes): give long paths back in full.
        const QString file = m.captured(1);
        error.file = !file.isEmpty() && chunkName.startsWith(file) ? chunkName : file;
        error.line = m.captured(2).toInt();
        error.message = m.captured(3);
    } else {
        error.file = chunkName;
    }
    const QString hint = sandboxHint(error.message, openLibs);
    if (!hint.isEmpty())
        error.message += QStringLiteral(" (%1)").arg(hint);
    return error;
}

} // namespace wavesmith
