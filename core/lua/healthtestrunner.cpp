#include <wavesmith/luatestrunner.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <yaml-cpp/yaml.h>

namespace wavesmith {

namespace {

QString describe(const HealthResult &result) {
    const QString status = result.status.isEmpty() ? QStringLiteral("<none>") : result.status;
    return QStringLiteral("%1 \"%2\"").arg(status, result.message);
}

Result<QByteArray> readFile(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{path, 0, QStringLiteral("cannot read: %1").arg(file.errorString())};
    return file.readAll();
}

QString scalar(const YAML::Node &node) {
    return node && node.IsScalar() ? QString::fromStdString(node.Scalar()) : QString();
}

struct TestCase {
    QString inputPath;
    HealthResult expected;
    bool hasExpectation = true;
};

Result<QList<TestCase>> readTestFile(const QString &testFile) {
    const Result<QByteArray> text = readFile(testFile);
    if (!text)
        return text.error();
    QList<TestCase> cases;
    try {
        const YAML::Node root = YAML::Load(text->toStdString());
        const YAML::Node tests = root.IsMap() ? root["tests"] : YAML::Node();
        if (!tests || !tests.IsSequence())
            return Error{testFile, 0, QStringLiteral("expected a 'tests:' list")};
        for (const YAML::Node &test : tests) {
            if (!test.IsMap())
                return Error{testFile, test.Mark().line + 1,
                             QStringLiteral("each test must be a map")};
            TestCase c;
            c.inputPath = scalar(test["inputPath"]);
            if (c.inputPath.isEmpty())
                return Error{testFile, test.Mark().line + 1,
                             QStringLiteral("test without inputPath")};
            const YAML::Node status = test["healthStatus"];
            c.hasExpectation = status && status.IsMap();
            if (c.hasExpectation)
                c.expected = {scalar(status["status"]), scalar(status["message"])};
            cases.append(c);
        }
    } catch (const YAML::Exception &e) {
        return Error{testFile, e.mark.is_null() ? 0 : e.mark.line + 1,
                     QString::fromStdString(e.msg)};
    }
    return cases;
}

} // namespace

QString HealthTestOutcome::toLine() const {
    const QString got = error.isEmpty() ? describe(actual) : QStringLiteral("error: %1").arg(error);
    return QStringLiteral("%1 %2 %3: expected %4, got %5")
        .arg(passed ? QStringLiteral("PASS") : QStringLiteral("FAIL"), folder, inputPath,
             describe(expected), got);
}

Result<QList<HealthTestOutcome>> runHealthTests(HealthEngine &engine, const QString &path,
                                                bool openLibs) {
    const QFileInfo info(path);
    if (!info.exists())
        return Error{path, 0, QStringLiteral("no such file or folder")};
    const QString folder = info.isDir() ? path : info.path();
    const QDir dir(folder);
    const QString testFile = info.isDir() ? dir.filePath(QStringLiteral("health_test.yaml")) : path;
    const QString scriptFile = dir.filePath(QStringLiteral("health.lua"));

    const Result<QByteArray> script = readFile(scriptFile);
    if (!script)
        return script.error();
    const Result<QList<TestCase>> cases = readTestFile(testFile);
    if (!cases)
        return cases.error();

    HealthOptions options;
    options.openLibs = openLibs;
    options.chunkName = QStringLiteral("health.lua");
    QList<HealthTestOutcome> outcomes;
    for (const TestCase &test : cases.value()) {
        HealthTestOutcome outcome;
        outcome.folder = folder;
        outcome.inputPath = test.inputPath;
        outcome.expected = test.expected;
        const QString inputFile = dir.filePath(test.inputPath);
        const Result<QByteArray> input = readFile(inputFile);
        Result<HealthObject> object = input ? HealthObject::fromYaml(input.value(), inputFile)
                                            : Result<HealthObject>(input.error());
        if (!object) {
            outcome.error = object.error().toString();
        } else if (const Result<HealthResult> result =
                       engine.evaluate(script.value(), object.value(), options);
                   !result) {
            outcome.error = result.error().toString();
        } else {
            outcome.actual = result.value();
            if (!test.hasExpectation)
                outcome.error = QStringLiteral("the test has no healthStatus to compare with");
            outcome.passed = test.hasExpectation && outcome.actual == test.expected;
        }
        outcomes.append(outcome);
    }
    return outcomes;
}

} // namespace wavesmith
