#include <wavesmith/catalog.h>

#include "compiledcatalog.h"

#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QtDebug>

#include <yaml-cpp/yaml.h>

#include <optional>
#include <utility>

namespace wavesmith {

namespace {

// yaml-cpp marks are 0-based and -1 when unknown; Error wants 1-based and 0 for unknown.
int lineOf(const YAML::Mark &mark) {
    return mark.line >= 0 ? mark.line + 1 : 0;
}
int lineOf(const YAML::Node &node) {
    return lineOf(node.Mark());
}

bool isDns1123Label(const QString &s) {
    static const QRegularExpression re(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
    return s.size() <= 63 && re.match(s).hasMatch();
}

// An API group is a DNS subdomain: "cert-manager.io", "volsync.backube".
bool isApiGroup(const QString &s) {
    static const QRegularExpression re(
        QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"));
    return s.size() <= 253 && re.match(s).hasMatch();
}

// A repository-relative folder: no leading slash, no "..", no empty segments.
bool isRelativeFolder(const QString &s) {
    if (s.isEmpty() || s.startsWith(QLatin1Char('/')) || s.endsWith(QLatin1Char('/')))
        return false;
    const QStringList segments = s.split(QLatin1Char('/'));
    for (const QString &segment : segments) {
        if (segment.isEmpty() || segment == QLatin1String(".") || segment == QLatin1String(".."))
            return false;
    }
    return true;
}

bool isChartRepo(const QString &s) {
    return s.startsWith(QLatin1String("https://")) || s.startsWith(QLatin1String("http://")) ||
           s.startsWith(QLatin1String("oci://"));
}

QString quoted(const QString &s) {
    return QLatin1Char('"') + s + QLatin1Char('"');
}

// The keys of one YAML mapping with their value nodes, in file order. Reading a mapping
// through this (rather than operator[]) never meets yaml-cpp's "zombie" nodes, and lets the
// reader reject unknown and repeated keys with their line.
struct Fields {
    QList<std::pair<QString, YAML::Node>> keys;

    YAML::Node value(const QString &key) const {
        for (const auto &[k, v] : keys) {
            if (k == key)
                return v;
        }
        return YAML::Node(YAML::NodeType::Undefined);
    }
    bool has(const QString &key) const {
        for (const auto &entry : keys) {
            if (entry.first == key)
                return true;
        }
        return false;
    }
};

// Reads one catalog file. Every error names the file, the line and, once known, the id of the
// entry it is about.
class Reader {
public:
    explicit Reader(const QString &fileName)
        : m_fileName(fileName) {}

    std::optional<Error> readComponents(const YAML::Node &root, QList<CatalogEntry> &entries);

private:
    std::optional<Error> readEntry(const YAML::Node &node, int index, CatalogEntry &entry);
    std::optional<Error> fields(const YAML::Node &map, const QStringList &allowed,
                                const QString &what, Fields &out) const;
    std::optional<Error> scalar(const Fields &fields, const QString &key, bool required,
                                int entryLine, QString &out) const;
    std::optional<Error> list(const Fields &fields, const QString &key, QStringList &out) const;
    std::optional<Error> readChart(const YAML::Node &node, HelmChart &chart) const;

    Error error(int line, const QString &message) const {
        return Error{m_fileName, line, m_context.isEmpty() ? message : m_context + message};
    }

    QString m_fileName;
    QString m_context; // "component \"cert-manager\": " while reading an entry
    int m_idLine = 0;  // line of the id of the entry read last
};

std::optional<Error> Reader::fields(const YAML::Node &map, const QStringList &allowed,
                                    const QString &what, Fields &out) const {
    if (!map.IsMap())
        return error(lineOf(map), QStringLiteral("%1 must be a mapping").arg(what));
    for (auto it = map.begin(); it != map.end(); ++it) {
        const YAML::Node key = it->first;
        if (!key.IsScalar())
            return error(lineOf(key),
                         QStringLiteral("%1 has a key that is not a string").arg(what));
        const QString name = QString::fromStdString(key.Scalar());
        if (!allowed.contains(name)) {
            return error(lineOf(key),
                         QStringLiteral("unknown field %1 in %2 (expected one of: %3)")
                             .arg(quoted(name), what, allowed.join(QLatin1String(", "))));
        }
        if (out.has(name))
            return error(lineOf(key), QStringLiteral("field %1 given twice").arg(quoted(name)));
        out.keys.append({name, it->second});
    }
    return std::nullopt;
}

std::optional<Error> Reader::scalar(const Fields &fields, const QString &key, bool required,
                                    int entryLine, QString &out) const {
    const YAML::Node node = fields.value(key);
    if (!node.IsDefined() || node.IsNull()) {
        if (required)
            return error(entryLine, QStringLiteral("missing required field %1").arg(quoted(key)));
        return std::nullopt;
    }
    if (!node.IsScalar())
        return error(lineOf(node),
                     QStringLiteral("field %1 must be a single value").arg(quoted(key)));
    out = QString::fromStdString(node.Scalar()).trimmed();
    if (out.isEmpty() && required)
        return error(lineOf(node), QStringLiteral("field %1 is empty").arg(quoted(key)));
    return std::nullopt;
}

std::optional<Error> Reader::list(const Fields &fields, const QString &key,
                                  QStringList &out) const {
    const YAML::Node node = fields.value(key);
    if (!node.IsDefined() || node.IsNull())
        return std::nullopt;
    if (!node.IsSequence())
        return error(lineOf(node), QStringLiteral("field %1 must be a list").arg(quoted(key)));
    for (const YAML::Node &item : node) {
        if (!item.IsScalar() || item.Scalar().empty()) {
            return error(lineOf(item),
                         QStringLiteral("field %1 must be a list of strings").arg(quoted(key)));
        }
        out.append(QString::fromStdString(item.Scalar()));
    }
    return std::nullopt;
}

std::optional<Error> Reader::readChart(const YAML::Node &node, HelmChart &chart) const {
    static const QStringList allowed = {QStringLiteral("repo"), QStringLiteral("name"),
                                        QStringLiteral("version"), QStringLiteral("releaseName")};
    Fields f;
    if (auto e = fields(node, allowed, QStringLiteral("chart"), f))
        return e;
    const int line = lineOf(node);
    for (const auto &[key, target] : {std::pair{QStringLiteral("repo"), &chart.repo},
                                      std::pair{QStringLiteral("name"), &chart.name},
                                      std::pair{QStringLiteral("version"), &chart.version}}) {
        if (!f.has(key))
            return error(line,
                         QStringLiteral("chart is missing required field %1").arg(quoted(key)));
        if (auto e = scalar(f, key, true, line, *target))
            return e;
    }
    if (auto e = scalar(f, QStringLiteral("releaseName"), false, line, chart.releaseName))
        return e;
    if (chart.releaseName.isEmpty())
        chart.releaseName = chart.name; // Helm's default as written by kustomize
    if (!isChartRepo(chart.repo)) {
        return error(lineOf(f.value(QStringLiteral("repo"))),
                     QStringLiteral("chart repo %1 is not an http(s):// or oci:// URL")
                         .arg(quoted(chart.repo)));
    }
    return std::nullopt;
}

std::optional<Error> Reader::readEntry(const YAML::Node &node, int index, CatalogEntry &entry) {
    static const QStringList allowed = {
        QStringLiteral("id"),          QStringLiteral("displayName"),
        QStringLiteral("category"),    QStringLiteral("defaultWave"),
        QStringLiteral("namespace"),   QStringLiteral("path"),
        QStringLiteral("chart"),       QStringLiteral("resources"),
        QStringLiteral("image"),       QStringLiteral("port"),
        QStringLiteral("description"), QStringLiteral("icon"),
        QStringLiteral("aliases"),     QStringLiteral("providesCrdGroups"),
    };
    const int line = lineOf(node);
    m_context = QStringLiteral("component #%1: ").arg(index + 1);
    m_idLine = line;

    // The id first, so that every later error can name the entry.
    Fields f;
    if (node.IsMap()) {
        const YAML::Node id = [&] {
            for (auto it = node.begin(); it != node.end(); ++it) {
                if (it->first.IsScalar() && it->first.Scalar() == "id")
                    return YAML::Node(it->second);
            }
            return YAML::Node(YAML::NodeType::Undefined);
        }();
        m_idLine = id.IsDefined() ? lineOf(id) : line;
        if (id.IsDefined() && id.IsScalar() && !id.Scalar().empty())
            m_context =
                QStringLiteral("component %1: ").arg(quoted(QString::fromStdString(id.Scalar())));
    }
    if (auto e = fields(node, allowed, QStringLiteral("a component"), f))
        return e;

    const auto required = [&](const char *key, QString &out) {
        return scalar(f, QLatin1String(key), true, line, out);
    };
    QString wave;
    if (auto e = required("id", entry.id))
        return e;
    if (auto e = required("displayName", entry.displayName))
        return e;
    if (auto e = required("category", entry.category))
        return e;
    if (auto e = required("defaultWave", wave))
        return e;
    if (auto e = required("namespace", entry.namespace_))
        return e;
    if (auto e = required("path", entry.path))
        return e;
    if (auto e = required("description", entry.description))
        return e;
    if (auto e = required("icon", entry.icon))
        return e;
    if (auto e = scalar(f, QStringLiteral("image"), false, line, entry.image))
        return e;
    if (auto e = list(f, QStringLiteral("aliases"), entry.aliases))
        return e;
    if (auto e = list(f, QStringLiteral("providesCrdGroups"), entry.providesCrdGroups))
        return e;
    if (auto e = list(f, QStringLiteral("resources"), entry.resources))
        return e;

    const auto at = [&](const char *key) { return lineOf(f.value(QLatin1String(key))); };
    if (!isDns1123Label(entry.id)) {
        return error(at("id"), QStringLiteral("id %1 is not a DNS-1123 label (lower-case letters, "
                                              "digits and '-', at most 63 characters)")
                                   .arg(quoted(entry.id)));
    }
    bool ok = false;
    entry.defaultWave = wave.toInt(&ok);
    if (!ok) {
        return error(at("defaultWave"),
                     QStringLiteral("defaultWave %1 is not a whole number").arg(quoted(wave)));
    }
    if (!isDns1123Label(entry.namespace_)) {
        return error(
            at("namespace"),
            QStringLiteral("namespace %1 is not a DNS-1123 label").arg(quoted(entry.namespace_)));
    }
    if (!isDns1123Label(entry.category)) {
        return error(
            at("category"),
            QStringLiteral("category %1 must be a lower-case word").arg(quoted(entry.category)));
    }
    if (!isRelativeFolder(entry.path)) {
        return error(at("path"), QStringLiteral("path %1 must be a folder relative to the "
                                                "repository root")
                                     .arg(quoted(entry.path)));
    }
    for (const QString &alias : std::as_const(entry.aliases)) {
        if (!isDns1123Label(alias)) {
            return error(at("aliases"),
                         QStringLiteral("alias %1 is not a DNS-1123 label").arg(quoted(alias)));
        }
    }
    for (const QString &group : std::as_const(entry.providesCrdGroups)) {
        if (!isApiGroup(group)) {
            return error(at("providesCrdGroups"),
                         QStringLiteral("%1 is not an API group").arg(quoted(group)));
        }
    }

    const YAML::Node chart = f.value(QStringLiteral("chart"));
    if (chart.IsDefined() && !chart.IsNull()) {
        if (auto e = readChart(chart, entry.chart))
            return e;
    }
    const YAML::Node port = f.value(QStringLiteral("port"));
    if (port.IsDefined() && !port.IsNull()) {
        entry.port = port.IsScalar() ? QString::fromStdString(port.Scalar()).toInt(&ok) : 0;
        if (!ok || entry.port < 1 || entry.port > 65535) {
            return error(lineOf(port), QStringLiteral("port must be a number from 1 to 65535"));
        }
        if (entry.image.isEmpty())
            return error(lineOf(port), QStringLiteral("port is only used together with image"));
    }
    // Render uses resources and image only when there is no chart; say so instead of
    // silently ignoring them.
    if (!entry.chart.isEmpty() && (!entry.image.isEmpty() || !entry.resources.isEmpty())) {
        return error(lineOf(chart), QStringLiteral("a component with a chart cannot also have "
                                                   "image or resources"));
    }
    m_context.clear();
    return std::nullopt;
}

std::optional<Error> Reader::readComponents(const YAML::Node &root, QList<CatalogEntry> &entries) {
    if (!root.IsDefined() || root.IsNull())
        return error(1, QStringLiteral("the catalog is empty (expected a \"components\" list)"));
    Fields top;
    if (auto e = fields(root, {QStringLiteral("components")}, QStringLiteral("the catalog"), top))
        return e;
    const YAML::Node components = top.value(QStringLiteral("components"));
    if (!components.IsDefined())
        return error(lineOf(root), QStringLiteral("missing the \"components\" list"));
    if (!components.IsSequence())
        return error(lineOf(components), QStringLiteral("\"components\" must be a list"));

    QHash<QString, int> idLines;       // id → line of its entry
    QHash<QString, QString> nameOwner; // id or alias → id of the entry that uses it
    int index = 0;
    for (const YAML::Node &node : components) {
        CatalogEntry entry;
        if (auto e = readEntry(node, index++, entry))
            return e;
        const int line = m_idLine;
        m_context = QStringLiteral("component %1: ").arg(quoted(entry.id));
        if (const auto first = idLines.constFind(entry.id); first != idLines.constEnd()) {
            return error(line,
                         QStringLiteral("duplicate id (first defined at line %1)").arg(*first));
        }
        if (const QString owner = nameOwner.value(entry.id); !owner.isEmpty()) {
            return error(line, QStringLiteral("id is already an alias of %1").arg(quoted(owner)));
        }
        for (const QString &alias : std::as_const(entry.aliases)) {
            const QString owner = nameOwner.value(alias);
            if (alias != entry.id && !owner.isEmpty() && owner != entry.id) {
                return error(line, QStringLiteral("alias %1 is already used by %2")
                                       .arg(quoted(alias), quoted(owner)));
            }
        }
        idLines.insert(entry.id, line);
        nameOwner.insert(entry.id, entry.id);
        for (const QString &alias : std::as_const(entry.aliases))
            nameOwner.insert(alias, entry.id);
        m_context.clear();
        entries.append(std::move(entry));
    }
    return std::nullopt;
}

} // namespace

Catalog Catalog::builtin() {
    // Read once; QList copies are cheap and the list is never written to afterwards.
    static const Catalog catalog = [] {
        // The build compiles resources/catalog.yaml into this form (see compiledcatalog.h).
        QFile compiled(QStringLiteral(":/wavesmith/catalog.bin"));
        if (compiled.open(QIODevice::ReadOnly)) {
            if (auto entries = readCompiledCatalog(compiled.readAll())) {
                Catalog read;
                read.m_entries = std::move(*entries);
                return read;
            }
        }
        Result<Catalog> loaded = load(QStringLiteral(":/wavesmith/catalog.yaml"));
        if (!loaded) {
            // tst_catalog keeps the compiled-in file valid; this only shows up in development.
            qCritical("built-in catalog: %s", qPrintable(loaded.error().toString()));
            return Catalog();
        }
        return std::move(loaded).value();
    }();
    return catalog;
}

Result<Catalog> Catalog::load(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{path, 0,
                     QStringLiteral("cannot read the catalog: %1").arg(file.errorString())};
    return parse(file.readAll(), path);
}

Result<Catalog> Catalog::parse(const QByteArray &yaml, const QString &fileName) {
    Catalog catalog;
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        if (auto e = Reader(fileName).readComponents(root, catalog.m_entries))
            return *e;
    } catch (const YAML::Exception &e) {
        return Error{fileName, lineOf(e.mark),
                     QStringLiteral("invalid YAML: %1").arg(QString::fromStdString(e.msg))};
    }
    return catalog;
}

const CatalogEntry *Catalog::find(const QString &id) const {
    for (const CatalogEntry &e : m_entries) {
        if (e.id == id)
            return &e;
    }
    return nullptr;
}

const CatalogEntry *Catalog::match(const QString &nameOrAlias) const {
    if (nameOrAlias.isEmpty())
        return nullptr;
    if (const CatalogEntry *e = find(nameOrAlias))
        return e;
    for (const CatalogEntry &e : m_entries) {
        if (e.aliases.contains(nameOrAlias))
            return &e;
    }
    for (const CatalogEntry &e : m_entries) {
        if (e.chart.name == nameOrAlias)
            return &e;
    }
    return nullptr;
}

QStringList Catalog::categories() const {
    QStringList result;
    for (const CatalogEntry &e : m_entries) {
        if (!result.contains(e.category))
            result.append(e.category);
    }
    return result;
}

} // namespace wavesmith
