#include <wavesmith/sim.h>

#include <algorithm>
#include <map>

namespace wavesmith {

namespace {

QJsonObject annotationsOf(const QJsonObject &object) {
    return object.value(QStringLiteral("metadata"))
        .toObject()
        .value(QStringLiteral("annotations"))
        .toObject();
}

// gitops-engine's kind order inside one wave (kubectl's install order); unknown kinds last.
int kindRank(const QString &kind) {
    static const QStringList order = {QStringLiteral("Namespace"),
                                      QStringLiteral("NetworkPolicy"),
                                      QStringLiteral("ResourceQuota"),
                                      QStringLiteral("LimitRange"),
                                      QStringLiteral("PodSecurityPolicy"),
                                      QStringLiteral("PodDisruptionBudget"),
                                      QStringLiteral("ServiceAccount"),
                                      QStringLiteral("Secret"),
                                      QStringLiteral("SecretList"),
                                      QStringLiteral("ConfigMap"),
                                      QStringLiteral("StorageClass"),
                                      QStringLiteral("PersistentVolume"),
                                      QStringLiteral("PersistentVolumeClaim"),
                                      QStringLiteral("CustomResourceDefinition"),
                                      QStringLiteral("ClusterRole"),
                                      QStringLiteral("ClusterRoleList"),
                                      QStringLiteral("ClusterRoleBinding"),
                                      QStringLiteral("ClusterRoleBindingList"),
                                      QStringLiteral("Role"),
                                      QStringLiteral("RoleList"),
                                      QStringLiteral("RoleBinding"),
                                      QStringLiteral("RoleBindingList"),
                                      QStringLiteral("Service"),
                                      QStringLiteral("DaemonSet"),
                                      QStringLiteral("Pod"),
                                      QStringLiteral("ReplicationController"),
                                      QStringLiteral("ReplicaSet"),
                                      QStringLiteral("Deployment"),
                                      QStringLiteral("HorizontalPodAutoscaler"),
                                      QStringLiteral("StatefulSet"),
                                      QStringLiteral("Job"),
                                      QStringLiteral("CronJob"),
                                      QStringLiteral("IngressClass"),
                                      QStringLiteral("Ingress"),
                                      QStringLiteral("APIService")};
    const qsizetype index = order.indexOf(kind);
    return index < 0 ? int(order.size()) : int(index);
}

// The phase an object syncs in; std::nullopt for hooks that never run during a sync.
std::optional<SyncPhase> phaseOf(const QJsonObject &object) {
    const QJsonObject annotations = annotationsOf(object);
    const QString argoHook =
        annotations.value(QStringLiteral("argocd.argoproj.io/hook")).toString();
    if (!argoHook.isEmpty()) {
        const QStringList hooks = argoHook.split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &hook : hooks) {
            const QString h = hook.trimmed();
            if (h == QLatin1String("PreSync"))
                return SyncPhase::PreSync;
            if (h == QLatin1String("Sync"))
                return SyncPhase::Sync;
            if (h == QLatin1String("PostSync"))
                return SyncPhase::PostSync;
        }
        return std::nullopt; // Skip, SyncFail, PostDelete
    }
    const QString helmHook = annotations.value(QStringLiteral("helm.sh/hook")).toString();
    if (helmHook.contains(QLatin1String("pre-install")) ||
        helmHook.contains(QLatin1String("pre-upgrade")))
        return SyncPhase::PreSync;
    if (helmHook.contains(QLatin1String("post-install")) ||
        helmHook.contains(QLatin1String("post-upgrade")))
        return SyncPhase::PostSync;
    return SyncPhase::Sync;
}

QString nameOf(const QJsonObject &object) {
    return object.value(QStringLiteral("metadata"))
        .toObject()
        .value(QStringLiteral("name"))
        .toString();
}

} // namespace

QString syncPhaseName(SyncPhase phase) {
    switch (phase) {
    case SyncPhase::PreSync:
        return QStringLiteral("PreSync");
    case SyncPhase::Sync:
        return QStringLiteral("Sync");
    case SyncPhase::PostSync:
        return QStringLiteral("PostSync");
    }
    return QStringLiteral("Sync");
}

int syncWaveOf(const QJsonObject &object) {
    const QJsonValue value =
        annotationsOf(object).value(QStringLiteral("argocd.argoproj.io/sync-wave"));
    bool ok = false;
    const int wave = value.isDouble() ? value.toInt() : value.toString().trimmed().toInt(&ok);
    return value.isDouble() || ok ? wave : 0;
}

QList<SyncStep> syncSteps(const QList<QJsonObject> &objects) {
    std::map<std::pair<int, int>, QList<QJsonObject>> steps;
    for (const QJsonObject &object : objects) {
        const auto phase = phaseOf(object);
        if (!phase)
            continue;
        steps[{int(*phase), syncWaveOf(object)}].append(object);
    }
    QList<SyncStep> result;
    for (auto &[key, list] : steps) {
        std::stable_sort(list.begin(), list.end(), [](const QJsonObject &a, const QJsonObject &b) {
            const QString kindA = a.value(QStringLiteral("kind")).toString();
            const QString kindB = b.value(QStringLiteral("kind")).toString();
            const int rankA = kindRank(kindA);
            const int rankB = kindRank(kindB);
            if (rankA != rankB)
                return rankA < rankB;
            if (kindA != kindB)
                return kindA < kindB;
            return nameOf(a) < nameOf(b);
        });
        result.append(SyncStep{SyncPhase(key.first), key.second, list});
    }
    return result;
}

} // namespace wavesmith
