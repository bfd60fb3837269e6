#include <wavesmith/waveplan.h>

#include <QJsonArray>

#include <algorithm>

namespace wavesmith {

QList<WavePlanRow> wavePlan(const Design &design) {
    QList<WavePlanRow> rows;
    for (int wave : design.waveNumbers()) {
        WavePlanRow row;
        row.wave = wave;
        row.phase = design.phaseName(wave);
        for (const Component *c : design.componentsInWave(wave)) {
            if (c->kind != ComponentKind::AppSetMember)
                row.components.append(c->name);
        }
        for (const ApplicationSet &set : design.applicationSets) {
            if (set.wave == wave)
                row.applicationSets.append({set.name, set.members});
        }
        rows.append(row);
    }
    return rows;
}

QString formatWavePlan(const Design &design) {
    const QList<WavePlanRow> rows = wavePlan(design);
    qsizetype phaseWidth = 5;
    for (const WavePlanRow &row : rows)
        phaseWidth = std::max(phaseWidth, row.phase.size());

    QString text =
        QStringLiteral("WAVE  %1  COMPONENTS\n").arg(QStringLiteral("PHASE"), -int(phaseWidth));
    for (const WavePlanRow &row : rows) {
        QStringList parts;
        if (!row.components.isEmpty())
            parts.append(row.components.join(QStringLiteral(", ")));
        for (const WavePlanRow::AppSetGroup &set : row.applicationSets) {
            parts.append(QStringLiteral("ApplicationSet %1 (%2)")
                             .arg(set.name, set.members.isEmpty()
                                                ? QStringLiteral("no members")
                                                : set.members.join(QStringLiteral(", "))));
        }
        text += QStringLiteral("%1  %2  %3\n")
                    .arg(row.wave, -4)
                    .arg(row.phase, -int(phaseWidth))
                    .arg(parts.isEmpty() ? QStringLiteral("(empty)")
                                         : parts.join(QStringLiteral("; ")));
    }
    return text;
}

QJsonObject wavePlanJson(const Design &design) {
    QJsonArray waves;
    for (const WavePlanRow &row : wavePlan(design)) {
        QJsonArray sets;
        for (const WavePlanRow::AppSetGroup &set : row.applicationSets) {
            sets.append(
                QJsonObject{{QStringLiteral("name"), set.name},
                            {QStringLiteral("members"), QJsonArray::fromStringList(set.members)}});
        }
        waves.append(
            QJsonObject{{QStringLiteral("wave"), row.wave},
                        {QStringLiteral("phase"), row.phase},
                        {QStringLiteral("components"), QJsonArray::fromStringList(row.components)},
                        {QStringLiteral("applicationSets"), sets}});
    }
    return QJsonObject{{QStringLiteral("waves"), waves}};
}

} // namespace wavesmith
