#pragma once

// Checks of the inspector's fields as the user types. Each returns why the text is not
// acceptable, or an empty string when it is. The rules are Kubernetes' and Argo CD's, so what
// passes here also passes the API server.

#include <QString>

#include <optional>

namespace wavesmith {

// DNS-1123 label: lower-case letters, digits and '-', starting and ending alphanumeric, ≤ 63.
QString dnsLabelProblem(const QString &text, const QString &what);
QString namespaceProblem(const QString &text);
// An AppProject name: a DNS-1123 subdomain (labels joined by '.', ≤ 253 characters).
QString projectProblem(const QString &text);
// https://, http://, ssh://, oci://, file:// or scp-like git@host:path; no spaces.
QString repoUrlProblem(const QString &text);
// Git sources: a ref name (branch, tag, commit, HEAD) as git check-ref-format allows it. Helm
// sources: a chart version or range, only non-empty.
QString targetRevisionProblem(const QString &text, bool helm);
// A folder inside the repository: relative, no '..', no backslashes.
QString sourcePathProblem(const QString &text);
// A sync wave: an integer, negative allowed, as Argo CD parses the annotation.
QString waveProblem(const QString &text);
std::optional<int> parseWave(const QString &text);

} // namespace wavesmith
