#include "scenario.h"

#include <QFile>
#include <QJsonDocument>

std::optional<Scenario> Scenario::load(const QString &path, QString *error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!doc.isObject()) {
        *error = QStringLiteral("%1: not a JSON object (%2 at offset %3)")
                     .arg(path, parseError.errorString())
                     .arg(parseError.offset);
        return std::nullopt;
    }
    Scenario s;
    s.document = doc.object();
    const QJsonObject faults = s.document.value(QStringLiteral("faults")).toObject();
    s.faults.dropWatchEvery = faults.value(QStringLiteral("dropWatchEvery")).toInt();
    s.faults.errorRate = faults.value(QStringLiteral("errorRate")).toDouble();
    s.faults.latencyMs = faults.value(QStringLiteral("latencyMs")).toInt();
    s.faults.seed = quint32(faults.value(QStringLiteral("seed")).toInt(1));
    const QJsonObject deployments = s.document.value(QStringLiteral("deployments")).toObject();
    s.deploymentsAvailable = deployments.value(QStringLiteral("autoAvailable")).toBool(true);
    s.deploymentAvailableAfterMs = deployments.value(QStringLiteral("availableAfterMs")).toInt(100);
    return s;
}
