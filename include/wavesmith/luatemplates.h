#pragma once

// The Lua health check templates shipped in resources/lua (":/wavesmith/lua/<id>.lua").

#include <QList>
#include <QString>

namespace wavesmith {

struct LuaTemplate {
    QString id;          // file stem, "wait-for-child"
    QString title;       // menu text
    QString description; // one sentence for tooltips
    QString group; // the Argo CD customization key it is written for, "argoproj.io/Application"
    QString script;
};

QList<LuaTemplate> luaTemplates();

} // namespace wavesmith
