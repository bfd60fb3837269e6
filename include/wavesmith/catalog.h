#pragma once

// The catalog of well-known components (resources/catalog.yaml): what a palette offers and
// what templates are built from.

#include <wavesmith/model.h>
#include <wavesmith/result.h>

#include <QList>
#include <QString>
#include <QStringList>

namespace wavesmith {

struct CatalogEntry {
    QString id;          // DNS-1123 name, also the default component name: "cert-manager"
    QString displayName; // "cert-manager"
    QString category;    // networking, secrets, storage, security, observability, ...
    int defaultWave = 0; // following the seed's phases
    QString namespace_;  // default destination namespace
    QString path;        // canonical component folder: "infrastructure/controllers/cert-manager"
    HelmChart chart;     // empty for plain-manifest components
    QString description; // one line
    QString icon;        // Qt resource path of the SVG icon
    QStringList aliases; // other names the component goes by in real repos ("databases", "cnpg")
    QStringList providesCrdGroups; // API groups whose CRDs it installs (for the linter)
    // Chart-less components: kustomize resources (remote URLs or files) and, for a small
    // service, the image and port of the Deployment + Service Wavesmith writes for it.
    QStringList resources;
    QString image;
    int port = 0;
    bool operator==(const CatalogEntry &) const = default;
};

class Catalog {
public:
    // The catalog compiled into the core library (:/wavesmith/catalog.yaml).
    static Catalog builtin();
    // Parses a catalog file; the error names the file and line.
    static Result<Catalog> load(const QString &path);
    static Result<Catalog> parse(const QByteArray &yaml, const QString &fileName);

    const QList<CatalogEntry> &entries() const { return m_entries; }
    const CatalogEntry *find(const QString &id) const;
    // Matches the id, then an alias, then a chart name.
    const CatalogEntry *match(const QString &nameOrAlias) const;
    QStringList categories() const;

private:
    QList<CatalogEntry> m_entries;
};

} // namespace wavesmith
