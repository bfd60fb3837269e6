#include <wavesmith/atomicwrite.h>
#include <wavesmith/luatestrunner.h>

#include <QRegularExpression>
#include <QSet>

#include <yaml-cpp/yaml.h>

namespace wavesmith {

namespace {

// File-name stem for a sample: lower case, [a-z0-9._-], unique within the suite.
QString fileStem(const QString &name, int index, QSet<QString> &used) {
    static const QRegularExpression unsafe(QStringLiteral("[^a-z0-9._-]+"));
    QString stem = name.toLower().replace(unsafe, QStringLiteral("-"));
    while (stem.startsWith(QLatin1Char('-')) || stem.startsWith(QLatin1Char('.')))
        stem.remove(0, 1);
    while (stem.endsWith(QLatin1Char('-')))
        stem.chop(1);
    if (stem.isEmpty())
        stem = QStringLiteral("sample-%1").arg(index + 1);
    QString unique = stem;
    for (int n = 2; used.contains(unique); ++n)
        unique = QStringLiteral("%1-%2").arg(stem).arg(n);
    used.insert(unique);
    return unique;
}

} // namespace

Status exportHealthTestFolder(const QString &folder, const QString &script,
                              const QList<HealthSample> &samples) {
    QList<FileContent> files;
    files.append({QStringLiteral("health.lua"), script.toUtf8()});

    YAML::Emitter out;
    out << YAML::BeginMap << YAML::Key << "tests" << YAML::Value << YAML::BeginSeq;
    QSet<QString> used;
    for (int i = 0; i < samples.size(); ++i) {
        const HealthSample &sample = samples.at(i);
        const QString inputPath =
            QStringLiteral("testdata/%1.yaml").arg(fileStem(sample.name, i, used));
        QByteArray yaml = sample.yaml;
        if (!yaml.endsWith('\n'))
            yaml.append('\n');
        files.append({inputPath, yaml});

        out << YAML::BeginMap << YAML::Key << "healthStatus" << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "status" << YAML::Value << sample.expected.status.toStdString();
        out << YAML::Key << "message" << YAML::Value << YAML::DoubleQuoted
            << sample.expected.message.toStdString();
        out << YAML::EndMap;
        out << YAML::Key << "inputPath" << YAML::Value << inputPath.toStdString();
        out << YAML::EndMap;
    }
    out << YAML::EndSeq << YAML::EndMap;
    if (!out.good())
        return Error{QStringLiteral("health_test.yaml"), 0,
                     QString::fromStdString(out.GetLastError())};
    QByteArray tests(out.c_str(), qsizetype(out.size()));
    tests.append('\n');
    files.append({QStringLiteral("health_test.yaml"), tests});
    return writeFilesAtomically(folder, files);
}

} // namespace wavesmith
