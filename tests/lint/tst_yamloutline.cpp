// The linter's YAML outline reader against yaml-cpp as the reference: same keys, values,
// sequence lengths and key positions, on tricky hand-written YAML, every fixture and the
// rendered homelab repository.

#include "yamloutline.h"

#include <wavesmith/catalog.h>
#include <wavesmith/render.h>
#include <wavesmith/templates.h>

#include <QDirIterator>
#include <QFile>
#include <QTest>

#include <yaml-cpp/yaml.h>

using namespace wavesmith;
using namespace wavesmith::lint;

namespace {

// Returns an empty string when `outline` matches `reference`, else where it differs.
QString compare(const YAML::Node &reference, const YamlNode &outline, const QString &path) {
    if (reference.IsNull())
        return outline.type == YamlNode::Type::Null ||
                       (outline.isScalar() && outline.value.isEmpty())
                   ? QString()
                   : path + QStringLiteral(": expected null");
    if (reference.IsScalar()) {
        if (!outline.isScalar())
            return path + QStringLiteral(": expected a scalar");
        const QByteArray expected = QByteArray::fromStdString(reference.Scalar());
        return expected == outline.value
                   ? QString()
                   : path + QStringLiteral(": expected \"%1\", got \"%2\"")
                                .arg(QString::fromUtf8(expected), outline.text());
    }
    if (reference.IsSequence()) {
        if (!outline.isSequence() || outline.children.size() != reference.size())
            return path + QStringLiteral(": expected a sequence of %1").arg(reference.size());
        for (size_t i = 0; i < reference.size(); ++i) {
            const QString diff =
                compare(reference[i], outline.children[i], path + QStringLiteral("[%1]").arg(i));
            if (!diff.isEmpty())
                return diff;
        }
        return {};
    }
    if (!outline.isMap() || outline.children.size() != reference.size())
        return path + QStringLiteral(": expected a map of %1").arg(reference.size());
    size_t i = 0;
    for (const auto &item : reference) {
        const YamlNode &child = outline.children[i++];
        const QString key = QString::fromStdString(item.first.Scalar());
        const QString childPath = path + QLatin1Char('.') + key;
        if (child.key != QByteArray::fromStdString(item.first.Scalar()))
            return childPath + QStringLiteral(": key is \"%1\"").arg(QString::fromUtf8(child.key));
        if (child.line != item.first.Mark().line + 1 ||
            child.column != item.first.Mark().column + 1)
            return childPath + QStringLiteral(": at %1:%2, expected %3:%4")
                                   .arg(child.line)
                                   .arg(child.column)
                                   .arg(item.first.Mark().line + 1)
                                   .arg(item.first.Mark().column + 1);
        const QString diff = compare(item.second, child, childPath);
        if (!diff.isEmpty())
            return diff;
    }
    return {};
}

QString compareFile(const QByteArray &content) {
    const std::vector<YAML::Node> reference = YAML::LoadAll(content.toStdString());
    const std::vector<YamlDocument> outline = parseYamlOutline(content);
    std::vector<YAML::Node> nonEmpty;
    for (const YAML::Node &doc : reference) {
        if (!doc.IsNull())
            nonEmpty.push_back(doc);
    }
    if (nonEmpty.size() != outline.size())
        return QStringLiteral("%1 documents, expected %2").arg(outline.size()).arg(nonEmpty.size());
    for (size_t i = 0; i < outline.size(); ++i) {
        const QString diff = compare(nonEmpty[i], outline[i].root, QStringLiteral("doc%1").arg(i));
        if (!diff.isEmpty())
            return diff;
    }
    return {};
}

const char kTricky[] = R"(# leading comment
apiVersion: v1
kind: ConfigMap
metadata:
  name: "quoted # not a comment"
  annotations:
    "quoted.key/with-colon": 'it''s: fine'
    plain: value # trailing comment
    url: https://example.com:8443/path
data:
  script: |
    local x = 1

    -- a blank line above is kept
    return x
  empty:
  list:
  - a
  - "b"
  - c: d
    e: f
  nested:
    - - x
      - y
    - name: one
      items: [1, "two", three]
  flow: {a: b, c: d}
  emptyMap: {}
---
kind: Second
spec:
  value: 'x'
...
)";

} // namespace

class TestYamlOutline : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void trickyYamlMatchesYamlCpp() {
        const QString diff = compareFile(QByteArray(kTricky));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        const std::vector<YamlDocument> docs = parseYamlOutline(QByteArray(kTricky));
        QCOMPARE(docs.size(), size_t(2));
        QCOMPARE(docs[0].firstLine, 1);
        QCOMPARE(docs[1].firstLine, 30);
        const YamlNode *script = docs[0].root.at({"data", "script"});
        QVERIFY(script);
        QCOMPARE(script->line, 11);
        QCOMPARE(script->valueLine, 12);
        QVERIFY(docs[0].annotation("plain")->quoted == false);
        QVERIFY(docs[0].annotation("quoted.key/with-colon")->quoted);
    }

    void fixturesMatchYamlCpp() {
        QDirIterator it(QStringLiteral(WAVESMITH_SOURCE_DIR "/tests/lint/fixtures"),
                        {QStringLiteral("*.yaml")}, QDir::Files, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            QFile file(it.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QString diff = compareFile(file.readAll());
            QVERIFY2(diff.isEmpty(), qPrintable(file.fileName() + QStringLiteral(": ") + diff));
            ++files;
        }
        QVERIFY(files > 40);
    }

    void homelabMatchesYamlCpp() {
        const Catalog catalog = Catalog::builtin();
        int files = 0;
        for (const FileContent &file : renderDesign(homelabTemplate(catalog), catalog)) {
            if (!file.path.endsWith(QLatin1String(".yaml")))
                continue;
            const QString diff = compareFile(file.content);
            QVERIFY2(diff.isEmpty(), qPrintable(file.path + QStringLiteral(": ") + diff));
            ++files;
        }
        QVERIFY(files > 20);
    }
};

QTEST_GUILESS_MAIN(TestYamlOutline)
#include "tst_yamloutline.moc"
