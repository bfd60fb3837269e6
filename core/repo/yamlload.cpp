#include "yamlload.h"

#include <wavesmith/repo.h>

#include <QFile>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <sstream>

namespace wavesmith {

namespace {

// Counts the nodes a document expands to, remembering the size of each anchored subtree so an
// alias costs what it would cost to walk. Stops counting (and reports) once over the cap.
class ExpansionCounter : public YAML::EventHandler {
public:
    bool exceeded() const { return m_total > kMaxExpandedYamlNodes; }
    YAML::Mark where() const { return m_where; }

    void OnDocumentStart(const YAML::Mark &) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark &mark, YAML::anchor_t anchor) override { leaf(mark, anchor); }
    void OnAlias(const YAML::Mark &mark, YAML::anchor_t anchor) override {
        const auto it = m_anchorSizes.find(anchor);
        add(mark, it == m_anchorSizes.end() ? 1 : it->second);
    }
    void OnScalar(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                  const std::string &) override {
        leaf(mark, anchor);
    }
    void OnSequenceStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(mark, anchor);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(mark, anchor);
    }
    void OnMapEnd() override { close(); }

private:
    struct Open {
        YAML::anchor_t anchor;
        qint64 sizeAtStart;
    };

    void add(const YAML::Mark &mark, qint64 count) {
        // Saturate: past the cap the exact figure no longer matters, overflow would.
        m_total = std::min(m_total + count, 2 * kMaxExpandedYamlNodes);
        if (exceeded() && m_where.is_null())
            m_where = mark;
    }
    void leaf(const YAML::Mark &mark, YAML::anchor_t anchor) {
        add(mark, 1);
        if (anchor)
            m_anchorSizes[anchor] = 1;
    }
    void open(const YAML::Mark &mark, YAML::anchor_t anchor) {
        add(mark, 1);
        m_stack.push_back({anchor, m_total - 1});
    }
    void close() {
        if (m_stack.empty())
            return;
        const Open o = m_stack.back();
        m_stack.pop_back();
        if (o.anchor)
            m_anchorSizes[o.anchor] = m_total - o.sizeAtStart;
    }

    qint64 m_total = 0;
    YAML::Mark m_where = YAML::Mark::null_mark();
    std::vector<Open> m_stack;
    std::map<YAML::anchor_t, qint64> m_anchorSizes;
};

// Only documents that define anchors can hold aliases; the common case skips the extra pass.
bool mayHaveAnchors(const QByteArray &content) {
    for (qsizetype i = content.indexOf('&'); i >= 0; i = content.indexOf('&', i + 1)) {
        const char before = i > 0 ? content.at(i - 1) : ' ';
        if (before == ' ' || before == '\n' || before == '\t' || before == '[' || before == '{' ||
            before == ',')
            return true;
    }
    return false;
}

} // namespace

Result<std::vector<YAML::Node>> loadYamlDocuments(const QByteArray &content, const QString &file) {
    try {
        if (mayHaveAnchors(content)) {
            std::istringstream stream(content.toStdString());
            YAML::Parser parser(stream);
            ExpansionCounter counter;
            while (!counter.exceeded() && parser.HandleNextDocument(counter)) {
            }
            if (counter.exceeded()) {
                return Error{file, counter.where().line + 1,
                             QStringLiteral("refused: aliases expand this YAML to more than %1 "
                                            "nodes (an alias bomb?)")
                                 .arg(kMaxExpandedYamlNodes)};
            }
        }
        return YAML::LoadAll(content.toStdString());
    } catch (const YAML::Exception &e) {
        return Error{file, e.mark.line + 1,
                     QStringLiteral("malformed YAML: %1").arg(QString::fromStdString(e.msg))};
    }
}

Result<std::vector<YAML::Node>> loadYamlFile(const QString &absolutePath, const QString &file,
                                             QByteArray *contentOut) {
    QFile in(absolutePath);
    if (!in.open(QIODevice::ReadOnly))
        return Error{file, 0, QStringLiteral("cannot read: %1").arg(in.errorString())};
    if (in.size() > kMaxManifestBytes) {
        return Error{file, 0,
                     QStringLiteral("file is %1 MB; manifests over %2 MB are refused")
                         .arg(in.size() / (1024 * 1024))
                         .arg(kMaxManifestBytes / (1024 * 1024))};
    }
    const QByteArray content = in.readAll();
    if (contentOut)
        *contentOut = content;
    return loadYamlDocuments(content, file);
}

} // namespace wavesmith
