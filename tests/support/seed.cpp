#include "seed.h"

#include "resourceregistry.h"
#include "store.h"

#include <QDateTime>
#include <QJsonArray>

void Seed::populate(Store *store, ResourceRegistry *registry) {
    Store::WriteOptions options;
    options.manager = QStringLiteral("kube-apiserver");
    const ResourceType namespaces = *registry->findByGroupResource(QStringLiteral("namespaces"));
    for (const QString &name : {QStringLiteral("default"), QStringLiteral("kube-system"),
                                QStringLiteral("kube-public"), QStringLiteral("kube-node-lease")}) {
        store->create(
            namespaces,
            {{QStringLiteral("metadata"),
              QJsonObject{{QStringLiteral("name"), name},
                          {QStringLiteral("labels"),
                           QJsonObject{{QStringLiteral("kubernetes.io/metadata.name"), name}}}}}},
            options);
    }
    const ResourceType nodes = *registry->findByGroupResource(QStringLiteral("nodes"));
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    store->create(
        nodes,
        {{QStringLiteral("metadata"),
          QJsonObject{
              {QStringLiteral("name"), QStringLiteral("node-1")},
              {QStringLiteral("labels"),
               QJsonObject{{QStringLiteral("kubernetes.io/hostname"), QStringLiteral("node-1")},
                           {QStringLiteral("kubernetes.io/os"), QStringLiteral("linux")}}}}},
         {QStringLiteral("status"),
          QJsonObject{
              {QStringLiteral("conditions"),
               QJsonArray{QJsonObject{
                   {QStringLiteral("type"), QStringLiteral("Ready")},
                   {QStringLiteral("status"), QStringLiteral("True")},
                   {QStringLiteral("reason"), QStringLiteral("KubeletReady")},
                   {QStringLiteral("message"), QStringLiteral("kubelet is posting ready status")},
                   {QStringLiteral("lastHeartbeatTime"), now},
                   {QStringLiteral("lastTransitionTime"), now}}}},
              {QStringLiteral("nodeInfo"),
               QJsonObject{{QStringLiteral("kubeletVersion"), QStringLiteral("v1.32.0")},
                           {QStringLiteral("architecture"), QStringLiteral("amd64")},
                           {QStringLiteral("operatingSystem"), QStringLiteral("linux")}}}}}},
        options);
}
