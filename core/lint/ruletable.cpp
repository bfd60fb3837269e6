// The rule table: ids, severities and the one-sentence explanations users read. Ids are part of
// the interface (suppressions and CI configurations name them); never renumber.

#include <wavesmith/lint.h>

namespace wavesmith {

namespace {

using S = Diagnostic::Severity;

LintRule rule(const char *id, S severity, const char *title, const char *why, const char *fix) {
    return {QLatin1String(id), severity, QString::fromUtf8(title), QString::fromUtf8(why),
            QString::fromUtf8(fix)};
}

} // namespace

const QList<LintRule> &lintRules() {
    static const QList<LintRule> rules = {
        rule("WS001", S::Error, "dependency not in a lower wave",
             "Argo CD only orders by sync wave, so a component whose dependency sits in the same "
             "or a later wave starts before what it needs is ready.",
             "Move the dependency to a lower wave, or the dependent component to a higher one."),
        rule("WS002", S::Error, "dependency cycle",
             "Components that need each other in a circle can never all be placed in strictly "
             "increasing waves, so one of them always starts too early.",
             "Break the cycle by removing one of the wavesmith.dev/depends-on entries."),
        rule("WS003", S::Error, "no Application health check",
             "Since Argo CD 1.8 an Application has no health of its own, so without a health "
             "customization for argoproj.io/Application the root applies every wave at once "
             "(argo-cd #3781).",
             "Add resource.customizations.health.argoproj.io_Application to argocd-cm (the "
             "wait-for-child template)."),
        rule("WS004", S::Error, "broken health script",
             "A health script that does not compile, or fails its own test samples, makes Argo "
             "CD report the resource as Unknown or wrong, and the wave gate never opens or opens "
             "too early.",
             "Fix the Lua error or the script's logic until its health_test.yaml samples pass."),
        rule("WS005", S::Warning, "server-side apply without server-side diff",
             "With ServerSideApply=true but client-side diff, Argo CD compares against a "
             "different object than the one it applied and shows endless OutOfSync drift.",
             "Set controller.diff.server.side: \"true\" in argocd-cmd-params-cm (configs.params), "
             "or annotate the Application argocd.argoproj.io/compare-options: "
             "ServerSideDiff=true."),
        rule("WS006", S::Error, "ApplyOutOfSyncOnly",
             "ApplyOutOfSyncOnly=true skips resources Argo CD believes are in sync, so real "
             "changes (and resources changed behind its back) are never re-applied.",
             "Remove ApplyOutOfSyncOnly=true from the sync options."),
        rule("WS007", S::Error, "IgnoreMissingTemplate",
             "IgnoreMissingTemplate=true lets an ApplicationSet generate Applications from "
             "templates with missing values instead of failing, so broken children reach the "
             "cluster silently.",
             "Remove IgnoreMissingTemplate=true and fix the template values it hid."),
        rule("WS008", S::Error, "root project is not default",
             "On a fresh cluster only the default project exists; a root in a project it creates "
             "itself can never sync, so bootstrap deadlocks.",
             "Set the root Application's spec.project to default."),
        rule("WS009", S::Error, "root deploys itself",
             "A root Application that is part of what it renders manages its own definition, so "
             "a bad commit can delete or rewrite the root and orphan every child.",
             "Keep root.yaml outside the folder the root renders and out of its "
             "kustomization.yaml."),
        rule("WS010", S::Warning, "dependency on an ApplicationSet member",
             "An ApplicationSet's health does not wait for the Applications it generates, so a "
             "wave gate on it opens before the member you depend on is healthy.",
             "Depend on a standalone Application, or make the member a standalone Application "
             "in a lower wave."),
        rule("WS011", S::Warning, "resource.server-side-diff in argocd-cm",
             "The application controller never reads resource.server-side-diff from argocd-cm, "
             "so server-side diff stays off.",
             "Set controller.diff.server.side: \"true\" in argocd-cmd-params-cm (configs.params) "
             "instead."),
        rule("WS012", S::Error, "health script uses a missing library",
             "Argo CD runs health scripts with only the base, table and a safe os (time, date) "
             "library unless useOpenLibs is set, so a call into string, math or io fails at run "
             "time and the resource turns Unknown.",
             "Set resource.customizations.useOpenLibs.<group_kind>: \"true\" (string, math, "
             "coroutine), or rewrite the script without the library; io, debug, package and "
             "other os functions are never available."),
        rule("WS013", S::Error, "duplicate Application name",
             "Applications share one namespace, so two with the same name (generated names "
             "included) overwrite each other and one component silently disappears.",
             "Rename one of them, or change the ApplicationSet's name template."),
        rule("WS014", S::Error, "path deployed twice",
             "A folder deployed by both an ApplicationSet member and a standalone Application "
             "has two owners that fight over the same resources.",
             "Exclude the path from the ApplicationSet's generator, or delete the standalone "
             "Application."),
        rule("WS015", S::Error, "sync wave is not an integer string",
             "Argo CD parses argocd.argoproj.io/sync-wave as an integer and Kubernetes only "
             "accepts string annotation values, so anything else fails the sync or lands in the "
             "wrong wave.",
             "Write the wave as a quoted integer: argocd.argoproj.io/sync-wave: \"2\"."),
        rule("WS016", S::Warning, "generator path matches nothing",
             "A git generator path that matches no folder generates no Application, usually "
             "because of a typo or a moved folder, and the component is silently missing.",
             "Fix the path, or remove it from the generator."),
        rule("WS017", S::Error, "Application without destination or source",
             "Argo CD refuses an Application without a destination server or name, or without a "
             "source, so the component is never deployed.",
             "Add spec.destination (server or name, and namespace) and spec.source (or "
             "spec.sources)."),
        rule("WS018", S::Warning, "unbounded sync retry",
             "With retry limit -1 a failing child keeps its sync operation alive forever, and "
             "later waves wait behind it.",
             "Give syncPolicy.retry a positive limit (5 is common) with backoff."),
        rule("WS019", S::Info, "weak Application health gate",
             "The Application health script reports a child Healthy while it is OutOfSync "
             "(argo-cd #10550) or before Argo CD compared it with its new spec (argo-cd PR "
             "#29649), so a wave can open on a stale verdict.",
             "Use the wait-for-child-fresh template, which also checks status.sync and "
             "status.sync.comparedTo."),
        rule("WS020", S::Warning, "custom resource before its CRD",
             "A resource whose CustomResourceDefinition is installed by a component in the same "
             "or a later wave fails its dry run on a fresh cluster until that component is "
             "healthy.",
             "Move the component after the wave of the component that installs the CRD."),
        rule("WS021", S::Info, "ServerSideApply on the root",
             "With ServerSideApply=true on the root, child sync waves have been reported "
             "ignored (argo-cd #13320); watch the first bootstrap for children starting out of "
             "order.",
             "If waves are ignored, drop ServerSideApply=true from the root (keep it on the "
             "children)."),
        rule("WS022", S::Error, "plain-text Secret",
             "A Secret with data or stringData in git is readable by everyone with access to "
             "the repository, forever.",
             "Store the value in your secret manager and use an ExternalSecret (External "
             "Secrets), as the seed does."),
        rule("WS023", S::Warning, "root finalizer deletes Argo CD",
             "The root carries resources-finalizer.argocd.argoproj.io and also manages Argo CD, "
             "so deleting the root cascades into deleting Argo CD itself (argo-cd #4680).",
             "Remove the finalizer from the root, or manage Argo CD outside the root."),
    };
    return rules;
}

const LintRule *findLintRule(const QString &id) {
    for (const LintRule &r : lintRules()) {
        if (r.id == id)
            return &r;
    }
    return nullptr;
}

} // namespace wavesmith
