#include "lintcontext.h"
#include "rules.h"

#include <wavesmith/render.h>

#include <QHash>
#include <QRegularExpression>

#include <algorithm>

namespace wavesmith::lint {

namespace {

const QByteArray kSyncWave = QString::fromUtf16(kSyncWaveAnnotation).toUtf8();

// The node naming a component: metadata.name of its Application, or the name template of its
// ApplicationSet.
const YamlNode *nameNode(const DocumentRef &doc, const Component &c) {
    if (!doc)
        return nullptr;
    if (c.kind == ComponentKind::AppSetMember)
        return doc.document->root.at({"spec", "template", "metadata", "name"});
    return doc.document->root.at({"metadata", "name"});
}

QString normalizedRepo(QString url) {
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    if (url.endsWith(QLatin1String(".git")))
        url.chop(4);
    return url.toLower();
}

// path.Match semantics, as Argo CD's git generator uses: `*` and `?` never cross a `/`. Each
// segment is compiled once, since a pattern is matched against every folder of the repository.
class Glob {
public:
    explicit Glob(const QString &pattern) {
        for (const QString &part : pattern.split(QLatin1Char('/'))) {
            const bool wild = part.contains(QLatin1Char('*')) || part.contains(QLatin1Char('?')) ||
                              part.contains(QLatin1Char('['));
            m_parts.append(
                {part, wild ? QRegularExpression(QRegularExpression::anchoredPattern(
                                  QRegularExpression::wildcardToRegularExpression(
                                      part, QRegularExpression::UnanchoredWildcardConversion)))
                            : QRegularExpression()});
        }
    }

    bool matches(const QString &path) const {
        if (path.count(QLatin1Char('/')) + 1 != m_parts.size())
            return false;
        qsizetype start = 0;
        for (const Part &part : m_parts) {
            qsizetype end = path.indexOf(QLatin1Char('/'), start);
            if (end < 0)
                end = path.size();
            const QStringView segment = QStringView(path).mid(start, end - start);
            if (part.regex.pattern().isEmpty() ? segment != part.text
                                               : !part.regex.match(segment).hasMatch())
                return false;
            start = end + 1;
        }
        return true;
    }

private:
    struct Part {
        QString text;
        QRegularExpression regex;
    };
    QList<Part> m_parts;
};

// The check the regular expression "^[+-]?[0-9]+$" makes (its "$" also matches before one final
// newline, as a block scalar ends), on the bytes: this runs for every wave annotation.
bool isIntegerText(QByteArrayView text) {
    if (text.endsWith('\n'))
        text.chop(1);
    if (!text.isEmpty() && (text.front() == '+' || text.front() == '-'))
        text = text.sliced(1);
    return !text.isEmpty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void checkWaveValue(LintContext &context, const DocumentRef &ref, const YamlNode *value) {
    if (!value)
        return;
    // The name is only read for a finding: most documents have a valid wave.
    const auto name = [&] { return ref.document->name(); };
    if (value->type == YamlNode::Type::Scalar && !isIntegerText(value->value)) {
        context.report(
            QStringLiteral("WS015"), ref, value, name(),
            QStringLiteral("sync wave \"%1\" of %2 is not an integer").arg(value->text(), name()));
    } else if (value->type != YamlNode::Type::Scalar) {
        context.report(QStringLiteral("WS015"), ref, value, name(),
                       QStringLiteral("sync wave of %1 has no value").arg(name()));
    } else if (!value->quoted) {
        context.report(QStringLiteral("WS015"), ref, value, name(),
                       QStringLiteral("sync wave %1 of %2 is a YAML number, but annotation values "
                                      "must be strings; quote it")
                           .arg(value->text(), name()));
    }
}

} // namespace

void checkApplicationNames(LintContext &context) {
    const Design &design = context.design();
    QHash<QString, const Component *> seen;
    for (const Component &c : design.components) {
        if (c.kind == ComponentKind::Projects)
            continue;
        const QString where = [&] {
            if (c.name == design.root.name)
                return QStringLiteral("the root Application");
            const auto it = seen.constFind(c.name);
            if (it == seen.constEnd())
                return QString();
            return (*it)->kind == ComponentKind::AppSetMember
                       ? QStringLiteral("a member of ApplicationSet %1").arg((*it)->appSet)
                       : QStringLiteral("the Application in %1").arg((*it)->location.file);
        }();
        if (where.isEmpty()) {
            seen.insert(c.name, &c);
            continue;
        }
        const DocumentRef doc = context.documentOf(c);
        context.report(
            QStringLiteral("WS013"), doc, nameNode(doc, c), c.name,
            QStringLiteral("Application name %1 is already used by %2").arg(c.name, where));
    }
}

void checkDuplicatePaths(LintContext &context) {
    const Design &design = context.design();
    QHash<QString, const Component *> generated; // repo + path -> AppSet member
    auto keyOf = [&](const Source &s) {
        return normalizedRepo(s.repoURL.isEmpty() ? design.repoURL : s.repoURL) + QLatin1Char('|') +
               s.path;
    };
    for (const Component &c : design.components) {
        if (c.kind == ComponentKind::AppSetMember && c.primarySource())
            generated.insert(keyOf(*c.primarySource()), &c);
    }
    for (const Component &c : design.components) {
        if (c.kind != ComponentKind::Application)
            continue;
        for (const Source &s : c.sources) {
            if (s.isHelm() || s.path.isEmpty())
                continue;
            const Component *member = generated.value(keyOf(s));
            if (!member)
                continue;
            const DocumentRef doc = context.documentOf(c);
            const YamlNode *spec = doc ? doc.document->root.child("spec") : nullptr;
            context.report(QStringLiteral("WS014"), doc,
                           spec ? spec->at({"source", "path"}) : nullptr, c.name,
                           QStringLiteral("%1 deploys %2, which ApplicationSet %3 also deploys as "
                                          "%4")
                               .arg(c.name, s.path, member->appSet, member->name));
        }
    }
}

void checkSyncWaveAnnotations(LintContext &context) {
    for (const ParsedFile &file : context.parsedFiles()) {
        for (const YamlDocument &doc : file.documents) {
            const DocumentRef ref{&file, &doc};
            checkWaveValue(context, ref, doc.annotation(kSyncWave.constData()));
            if (doc.kind() == QLatin1String("ApplicationSet")) {
                checkWaveValue(context, ref,
                               doc.root.at({"spec", "template", "metadata", "annotations",
                                            kSyncWave.constData()}));
            }
        }
    }
}

void checkGeneratorPaths(LintContext &context) {
    const QStringList &folders = context.files().folders;
    for (const DocumentRef &ref : context.documentsOfKind(QStringLiteral("ApplicationSet"))) {
        const YamlNode *generators = ref.document->root.at({"spec", "generators"});
        if (!generators)
            continue;
        for (const YamlNode &generator : generators->children) {
            const YamlNode *directories = generator.at({"git", "directories"});
            if (!directories)
                continue;
            for (const YamlNode &entry : directories->children) {
                const YamlNode *path = entry.child("path");
                const YamlNode *exclude = entry.child("exclude");
                if (!path || (exclude && exclude->value == "true"))
                    continue;
                const QString pattern = path->text();
                const Glob glob(pattern);
                const bool matched =
                    std::any_of(folders.begin(), folders.end(),
                                [&](const QString &folder) { return glob.matches(folder); });
                if (!matched) {
                    context.report(QStringLiteral("WS016"), ref, path, ref.document->name(),
                                   QStringLiteral("git generator path \"%1\" of ApplicationSet %2 "
                                                  "matches no folder")
                                       .arg(pattern, ref.document->name()));
                }
            }
        }
    }
}

void checkApplicationShape(LintContext &context) {
    for (const QString &kind : {QStringLiteral("Application"), QStringLiteral("ApplicationSet")}) {
        for (const DocumentRef &ref : context.documentsOfKind(kind)) {
            const YamlNode *spec = applicationSpec(*ref.document);
            const QString name = ref.document->name();
            const YamlNode *destination = spec ? spec->child("destination") : nullptr;
            const YamlNode *server = destination ? destination->child("server") : nullptr;
            const YamlNode *destinationName = destination ? destination->child("name") : nullptr;
            const bool hasDestination = (server && !server->value.isEmpty()) ||
                                        (destinationName && !destinationName->value.isEmpty());
            const YamlNode *source = spec ? spec->child("source") : nullptr;
            const YamlNode *sources = spec ? spec->child("sources") : nullptr;
            const bool hasSource = (source && source->isMap() && !source->children.empty()) ||
                                   (sources && !sources->children.empty());
            QStringList missing;
            if (!hasDestination)
                missing.append(QStringLiteral("a destination server or name"));
            if (!hasSource)
                missing.append(QStringLiteral("a source"));
            if (missing.isEmpty())
                continue;
            context.report(QStringLiteral("WS017"), ref,
                           destination && !hasDestination ? destination : spec, name,
                           QStringLiteral("%1 %2 has no %3")
                               .arg(kind, name, missing.join(QStringLiteral(" and "))));
        }
    }
}

} // namespace wavesmith::lint
