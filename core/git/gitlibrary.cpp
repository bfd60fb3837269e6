#include "gitlibrary.h"

namespace wavesmith::git {

Error lastError(const QString &repo, const QString &operation) {
    const git_error *error = git_error_last();
    const QString detail = error && error->message ? QString::fromUtf8(error->message)
                                                   : QStringLiteral("unknown libgit2 error");
    return Error{repo, 0, QStringLiteral("%1 failed: %2").arg(operation, detail)};
}

QString oidToString(const git_oid &oid) {
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, &oid);
    return QString::fromLatin1(hex);
}

StringArray::StringArray(const QList<QByteArray> &strings)
    : m_strings(strings) {
    m_pointers.reserve(m_strings.size());
    for (QByteArray &string : m_strings)
        m_pointers.push_back(string.data());
    m_array.strings = m_pointers.data();
    m_array.count = m_pointers.size();
}

} // namespace wavesmith::git
