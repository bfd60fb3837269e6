#pragma once

// The Kubernetes object a health script sees as `obj`, parsed once and converted to Lua tables
// for every evaluation that could modify `obj` (each evaluation must see it as parsed); scripts
// that cannot modify it share one converted copy.

#include <wavesmith/result.h>

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>

namespace wavesmith {

struct LuaNode; // core/lua/luanode.h

// An immutable, cheaply copyable JSON-like tree. Parsing follows what Argo CD does to an object
// it reads from YAML (sigs.k8s.io/yaml: YAML 1.1 resolution, then a JSON round trip): plain
// scalars that look like numbers or booleans become numbers or booleans, quoted scalars stay
// strings, null becomes nil, map keys are strings.
class HealthObject {
public:
    HealthObject(); // null: the script sees `obj == nil`
    static Result<HealthObject> fromYaml(const QByteArray &text, const QString &fileName = {});
    // JSON is YAML, but a separate entry point documents intent.
    static Result<HealthObject> fromJson(const QByteArray &text, const QString &fileName = {});

    bool isNull() const;
    // The object as QVariantMap/QVariantList/double/bool/QString (for display and tests).
    QVariant toVariant() const;
    // Every `obj.` path below the root ("status", "status.conditions", ...), lists as "[1]".
    // Used by the editor's autocompletion.
    QStringList fieldPaths(int maxDepth = 6) const;

    const LuaNode *root() const { return m_root.get(); }
    // Unique per parse: engines cache a compiled constructor of the object under it.
    quint64 id() const { return m_id; }

private:
    explicit HealthObject(std::shared_ptr<const LuaNode> root);
    std::shared_ptr<const LuaNode> m_root;
    quint64 m_id = 0;
};

} // namespace wavesmith
