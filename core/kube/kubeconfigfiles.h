#pragma once

#include <wavesmith/kubeconfig.h>

#include <QMap>
#include <QString>
#include <QStringList>

#include <yaml-cpp/node/node.h>

namespace wavesmith {

// One named entry (cluster, user or context) and the file and line that defined it, so relative
// paths resolve against that file's folder and errors can name it.
struct KubeconfigEntry {
    YAML::Node body; // the "cluster" / "user" / "context" mapping (may be null)
    YAML::Node extensions;
    QString file;
    int line = 0;
};

// Several kubeconfig files merged with client-go's rules: for each cluster, user and context
// name the first file that defines it wins whole (no field merging); current-context comes from
// the first file that sets it.
struct MergedKubeconfig {
    QStringList files;
    QMap<QString, KubeconfigEntry> clusters;
    QMap<QString, KubeconfigEntry> users;
    QMap<QString, KubeconfigEntry> contexts;
    QString currentContext;
};

// The files `options` names (explicit ones must exist; $KUBECONFIG entries that are missing are
// skipped; ~/.kube/config when nothing else is set).
Result<QStringList> resolveKubeconfigFiles(const KubeconfigLoadOptions &options);

Result<MergedKubeconfig> loadMergedKubeconfig(const KubeconfigLoadOptions &options);

// The home folder `options` uses (its homeDir, else $HOME).
QString kubeconfigHome(const KubeconfigLoadOptions &options);

} // namespace wavesmith
