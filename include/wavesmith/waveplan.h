#pragma once

// The wave plan: what `wavesmith waves` prints and the canvas lanes show.

#include <wavesmith/model.h>

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace wavesmith {

struct WavePlanRow {
    struct AppSetGroup {
        QString name;
        QStringList members;
    };
    int wave = 0;
    QString phase;
    QStringList components; // standalone Applications and the projects bundle, model order
    QList<AppSetGroup> applicationSets;
};

QList<WavePlanRow> wavePlan(const Design &design);
// A fixed-width table: WAVE, PHASE, COMPONENTS.
QString formatWavePlan(const Design &design);
// {"waves": [{"wave", "phase", "components", "applicationSets": [{"name", "members"}]}]}
QJsonObject wavePlanJson(const Design &design);

} // namespace wavesmith
