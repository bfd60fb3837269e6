#pragma once

// Argo CD's health test format: a folder with health.lua and health_test.yaml
// (`tests: [{healthStatus: {status, message}, inputPath}]`, inputs relative to the folder).
// A test passes when status and message both equal the expectation, as in Argo CD's own test.

#include <wavesmith/luaengine.h>
#include <wavesmith/result.h>

#include <QByteArray>
#include <QList>
#include <QString>

namespace wavesmith {

struct HealthTestOutcome {
    QString folder;    // the suite folder, as given
    QString inputPath; // as written in health_test.yaml
    HealthResult expected;
    HealthResult actual; // meaningful when error is empty
    QString error;       // script error ("health.lua:3: ..."), or why the input could not be read
    bool passed = false;

    // "PASS folder input: expected Healthy "msg", got Healthy "msg"" (one line).
    QString toLine() const;
};

// Runs one suite. `path` is the folder or its health_test.yaml. A broken script or input makes
// failed outcomes, never an error; the Result is an error only when the suite itself cannot be
// read (no such path, no health.lua, unreadable or malformed health_test.yaml).
Result<QList<HealthTestOutcome>> runHealthTests(HealthEngine &engine, const QString &path,
                                                bool openLibs = false);

// A sample object the editor tests a script against, with what it should produce.
struct HealthSample {
    QString name;    // also the file name stem when exported ("healthy" -> testdata/healthy.yaml)
    QByteArray yaml; // the object
    HealthResult expected;
};

// Writes `folder`/health.lua, health_test.yaml and testdata/<name>.yaml for every sample,
// atomically, in Argo CD's format, so the suite runs unchanged in Argo CD and `wavesmith lua test`.
Status exportHealthTestFolder(const QString &folder, const QString &script,
                              const QList<HealthSample> &samples);

} // namespace wavesmith
