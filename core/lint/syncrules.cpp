#include "lintcontext.h"
#include "rules.h"

#include <algorithm>

namespace wavesmith::lint {

namespace {

bool isApplicationKind(const QString &kind) {
    return kind == QLatin1String("Application") || kind == QLatin1String("ApplicationSet");
}

const YamlNode *syncOption(const YamlNode *options, QLatin1String wanted) {
    if (!options)
        return nullptr;
    const QByteArrayView wantedBytes(wanted.data(), wanted.size());
    for (const YamlNode &item : options->children) {
        if (!item.isScalar())
            continue;
        // Compared as bytes (every option of every Application is looked at); only text with
        // non-ASCII bytes, which may be Unicode blanks, is trimmed as a string.
        const bool ascii = std::all_of(item.value.begin(), item.value.end(),
                                       [](char c) { return uchar(c) < 0x80; });
        if (ascii ? QByteArrayView(item.value).trimmed() == wantedBytes
                  : item.text().trimmed() == wanted)
            return &item;
    }
    return nullptr;
}

// controller.diff.server.side from the model (values.yaml) or an argocd-cmd-params-cm manifest.
bool serverSideDiffEnabled(const LintContext &context) {
    if (context.design().serverSideDiffEnabled())
        return true;
    for (const DocumentRef &ref : context.documentsOfKind(QStringLiteral("ConfigMap"))) {
        if (!ref.document->isNamed("argocd-cmd-params-cm"))
            continue;
        const YamlNode *value = ref.document->root.at({"data", "controller.diff.server.side"});
        if (value && value->value == "true")
            return true;
    }
    return false;
}

// The annotations an Application gets: its own, or those of an ApplicationSet's template.
const YamlNode *applicationAnnotation(const YamlDocument &doc, const char *name) {
    if (doc.kind() == QLatin1String("ApplicationSet"))
        return doc.root.at({"spec", "template", "metadata", "annotations", name});
    return doc.annotation(name);
}

} // namespace

void checkSyncOptions(LintContext &context) {
    const bool serverSideDiff = serverSideDiffEnabled(context);
    const DocumentRef root = context.rootDocument();
    for (const ParsedFile &file : context.parsedFiles()) {
        for (const YamlDocument &doc : file.documents) {
            const DocumentRef ref{&file, &doc};
            // Only read for a finding: most documents have none.
            const auto name = [&doc] { return doc.name(); };
            // Resource-level sync options apply to any manifest.
            if (const YamlNode *annotation = doc.annotation("argocd.argoproj.io/sync-options");
                annotation &&
                annotation->text().contains(QLatin1String("ApplyOutOfSyncOnly=true"))) {
                context.report(QStringLiteral("WS006"), ref, annotation, name(),
                               QStringLiteral("%1 sets ApplyOutOfSyncOnly=true in its sync-options "
                                              "annotation")
                                   .arg(name()));
            }
            const QString kind = doc.kind();
            if (!isApplicationKind(kind))
                continue;
            const YamlNode *spec = applicationSpec(doc);
            const YamlNode *policy = spec ? spec->child("syncPolicy") : nullptr;
            const YamlNode *options = policy ? policy->child("syncOptions") : nullptr;
            const YamlNode *setOptions = kind == QLatin1String("ApplicationSet")
                                             ? doc.root.at({"spec", "syncPolicy", "syncOptions"})
                                             : nullptr;

            for (const YamlNode *list : {options, setOptions}) {
                if (const YamlNode *o = syncOption(list, QLatin1String("ApplyOutOfSyncOnly=true")))
                    context.report(
                        QStringLiteral("WS006"), ref, o, name(),
                        QStringLiteral("%1 %2 uses ApplyOutOfSyncOnly=true").arg(kind, name()));
                if (kind == QLatin1String("ApplicationSet")) {
                    if (const YamlNode *o =
                            syncOption(list, QLatin1String("IgnoreMissingTemplate=true")))
                        context.report(QStringLiteral("WS007"), ref, o, name(),
                                       QStringLiteral("ApplicationSet %1 uses "
                                                      "IgnoreMissingTemplate=true")
                                           .arg(name()));
                }
            }

            const YamlNode *serverSideApply =
                syncOption(options, QLatin1String("ServerSideApply=true"));
            if (serverSideApply && !serverSideDiff) {
                const YamlNode *compare =
                    applicationAnnotation(doc, "argocd.argoproj.io/compare-options");
                if (!compare || !compare->text().contains(QLatin1String("ServerSideDiff=true"))) {
                    context.report(QStringLiteral("WS005"), ref, serverSideApply, name(),
                                   QStringLiteral("%1 %2 uses ServerSideApply=true but "
                                                  "server-side diff is off")
                                       .arg(kind, name()));
                }
            }
            if (serverSideApply && root.document == &doc) {
                context.report(QStringLiteral("WS021"), ref, serverSideApply, name(),
                               QStringLiteral("the root Application %1 uses ServerSideApply=true: "
                                              "watch the first bootstrap for children that "
                                              "ignore their sync waves (argo-cd #13320)")
                                   .arg(name()));
            }

            const YamlNode *automated = policy ? policy->child("automated") : nullptr;
            const YamlNode *limit = policy ? policy->at({"retry", "limit"}) : nullptr;
            bool numeric = false;
            const int limitValue = limit ? limit->text().toInt(&numeric) : 0;
            if (automated && automated->type != YamlNode::Type::Null && numeric && limitValue < 0) {
                context.report(QStringLiteral("WS018"), ref, limit, name(),
                               QStringLiteral("%1 %2 retries a failed automated sync without "
                                              "limit (retry.limit: %3)")
                                   .arg(kind, name())
                                   .arg(limitValue));
            }
        }
    }
}

void checkServerSideDiffConfig(LintContext &context) {
    if (serverSideDiffEnabled(context))
        return;
    const QString message =
        QStringLiteral("resource.server-side-diff in argocd-cm has no effect: the controller "
                       "reads controller.diff.server.side from argocd-cmd-params-cm");
    const QString valuesFile = context.design().layout.valuesFile();
    if (const ParsedFile *values = context.parsedFile(valuesFile)) {
        for (const YamlDocument &doc : values->documents) {
            if (const YamlNode *key = doc.root.at({"configs", "cm", "resource.server-side-diff"}))
                context.report(QStringLiteral("WS011"), {values, &doc}, key, QString(), message);
        }
    }
    for (const DocumentRef &ref : context.documentsOfKind(QStringLiteral("ConfigMap"))) {
        if (!ref.document->isNamed("argocd-cm"))
            continue;
        if (const YamlNode *key = ref.document->root.at({"data", "resource.server-side-diff"}))
            context.report(QStringLiteral("WS011"), ref, key, QString(), message);
    }
}

} // namespace wavesmith::lint
