#include "compiledcatalog.h"

#include <QDataStream>
#include <QIODevice>

#include <algorithm>

namespace wavesmith {

namespace {

constexpr quint32 kMagic = 0x57534341; // "WSCA"
// Bump with every change to CatalogEntry or to the order below.
constexpr quint32 kFormat = 1;

void write(QDataStream &out, const CatalogEntry &e) {
    out << e.id << e.displayName << e.category << qint32(e.defaultWave) << e.namespace_ << e.path
        << e.chart.repo << e.chart.name << e.chart.version << e.chart.releaseName << e.description
        << e.icon << e.aliases << e.providesCrdGroups << e.resources << e.image << qint32(e.port);
}

void read(QDataStream &in, CatalogEntry &e) {
    qint32 wave = 0;
    qint32 port = 0;
    in >> e.id >> e.displayName >> e.category >> wave >> e.namespace_ >> e.path >> e.chart.repo >>
        e.chart.name >> e.chart.version >> e.chart.releaseName >> e.description >> e.icon >>
        e.aliases >> e.providesCrdGroups >> e.resources >> e.image >> port;
    e.defaultWave = wave;
    e.port = port;
}

} // namespace

QByteArray writeCompiledCatalog(const QList<CatalogEntry> &entries) {
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << kMagic << kFormat << quint32(entries.size());
    for (const CatalogEntry &e : entries)
        write(out, e);
    return bytes;
}

std::optional<QList<CatalogEntry>> readCompiledCatalog(const QByteArray &bytes) {
    QDataStream in(bytes);
    in.setVersion(QDataStream::Qt_6_4);
    quint32 magic = 0;
    quint32 format = 0;
    quint32 count = 0;
    in >> magic >> format >> count;
    if (in.status() != QDataStream::Ok || magic != kMagic || format != kFormat)
        return std::nullopt;
    QList<CatalogEntry> entries;
    entries.reserve(qsizetype(std::min<quint32>(count, 4096)));
    for (quint32 i = 0; i < count; ++i) {
        CatalogEntry e;
        read(in, e);
        if (in.status() != QDataStream::Ok)
            return std::nullopt;
        entries.append(std::move(e));
    }
    if (!in.atEnd())
        return std::nullopt;
    return entries;
}

} // namespace wavesmith
