#pragma once

#include <wavesmith/kubeclient.h>

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace wavesmith {

// The Accept header of client-go's discovery: aggregated discovery v2 (and v2beta1), else the
// legacy APIVersions / APIGroupList documents.
extern const QByteArray aggregatedDiscoveryAccept;

// Whether a /api or /apis answer is aggregated discovery (decided by its Content-Type, as
// client-go does).
bool isAggregatedDiscovery(const QByteArray &contentType);

// Resources of an APIGroupDiscoveryList (/api with group "", /apis). Resources without a
// responseKind and subresources are left out.
QList<KubeResource> parseAggregatedDiscovery(const QJsonObject &list);

// Group-versions a legacy /api (APIVersions) or /apis (APIGroupList) answer lists, as paths
// to fetch ("/api/v1", "/apis/apps/v1").
QStringList legacyGroupVersionPaths(const QJsonObject &document);

// Resources of one legacy APIResourceList ("/api/v1", "/apis/G/V"), subresources left out.
QList<KubeResource> parseResourceList(const QJsonObject &list);

} // namespace wavesmith
