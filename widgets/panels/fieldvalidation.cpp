#include "fieldvalidation.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace wavesmith {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("FieldValidation", text);
}

} // namespace

QString dnsLabelProblem(const QString &text, const QString &what) {
    if (text.isEmpty())
        return tr("%1 is required").arg(what);
    if (text.size() > 63)
        return tr("%1 is %2 characters long; at most 63 are allowed").arg(what).arg(text.size());
    static const QRegularExpression allowed(QStringLiteral("^[a-z0-9-]+$"));
    if (!allowed.match(text).hasMatch())
        return tr("%1 may only hold lower-case letters, digits and '-'").arg(what);
    if (text.startsWith(QLatin1Char('-')) || text.endsWith(QLatin1Char('-')))
        return tr("%1 must start and end with a letter or digit").arg(what);
    return {};
}

QString namespaceProblem(const QString &text) {
    return dnsLabelProblem(text, tr("A namespace"));
}

QString projectProblem(const QString &text) {
    const QString what = tr("A project name");
    if (text.size() > 253)
        return tr("%1 is %2 characters long; at most 253 are allowed").arg(what).arg(text.size());
    for (const QString &label : text.split(QLatin1Char('.'))) {
        if (const QString problem = dnsLabelProblem(label, what); !problem.isEmpty())
            return text.contains(QLatin1Char('.')) ? problem + tr(" (between dots)") : problem;
    }
    return {};
}

QString repoUrlProblem(const QString &text) {
    if (text.isEmpty())
        return tr("A repository URL is required");
    if (text.contains(QRegularExpression(QStringLiteral("\\s"))))
        return tr("A repository URL cannot contain spaces");
    static const QRegularExpression url(QStringLiteral(
        "^(https?|ssh|oci|file|git)://[^/]+(/.*)?$|^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:.+$"));
    if (!url.match(text).hasMatch())
        return tr("Use https://host/path, ssh://host/path, oci://… or git@host:path");
    return {};
}

QString targetRevisionProblem(const QString &text, bool helm) {
    if (text.trimmed().isEmpty())
        return helm ? tr("A chart version is required (e.g. 1.16.5)")
                    : tr("A revision is required (a branch, tag, commit or HEAD)");
    if (helm)
        return {};
    // git check-ref-format's rules for what a ref name cannot hold.
    static const QRegularExpression forbidden(QStringLiteral("[\\s~^:?*\\[\\\\]|\\.\\.|@\\{"));
    if (forbidden.match(text).hasMatch())
        return tr("A git revision cannot contain spaces, '..', '@{' or any of ~ ^ : ? * [ \\");
    if (text.startsWith(QLatin1Char('/')) || text.endsWith(QLatin1Char('/')) ||
        text.endsWith(QLatin1Char('.')) || text.endsWith(QLatin1String(".lock")))
        return tr("A git revision cannot start or end with '/', or end with '.' or '.lock'");
    return {};
}

QString sourcePathProblem(const QString &text) {
    if (text.isEmpty())
        return tr("A path inside the repository is required");
    if (text.startsWith(QLatin1Char('/')))
        return tr("The path is relative to the repository root: drop the leading '/'");
    if (text.contains(QLatin1Char('\\')))
        return tr("Use '/' between folders");
    const QStringList parts = text.split(QLatin1Char('/'));
    if (parts.contains(QStringLiteral("..")))
        return tr("The path cannot leave the repository ('..')");
    return {};
}

std::optional<int> parseWave(const QString &text) {
    static const QRegularExpression integer(QStringLiteral("^[-+]?[0-9]+$"));
    if (!integer.match(text.trimmed()).hasMatch())
        return std::nullopt;
    bool ok = false;
    const int wave = text.trimmed().toInt(&ok);
    return ok ? std::optional<int>(wave) : std::nullopt;
}

QString waveProblem(const QString &text) {
    if (text.trimmed().isEmpty())
        return tr("A wave number is required");
    if (!parseWave(text))
        return tr("A wave is a whole number, e.g. 0, 4 or -1");
    return {};
}

} // namespace wavesmith
