#pragma once

// Built-in starting points for a new repository. A template is just a Design; `init` renders
// it with render.h and the GUI shows it directly when no repository is open.

#include <wavesmith/model.h>

#include <QString>
#include <QStringList>

#include <optional>

namespace wavesmith {

class Catalog;

struct TemplateOptions {
    QString repoURL = QStringLiteral("https://github.com/example/homelab-gitops.git");
    QString revision = QStringLiteral("HEAD");
};

// The seed's cluster: waves 0-2 as standalone Applications, AppSets infrastructure (4),
// monitoring (5) and my-apps (6), the "wait for child" health check, server-side diff.
Design homelabTemplate(const Catalog &catalog, const TemplateOptions &options = {});
// A root Application and one Application.
Design minimalTemplate(const Catalog &catalog, const TemplateOptions &options = {});

QStringList templateNames(); // {"homelab", "minimal"}
std::optional<Design> templateByName(const QString &name, const Catalog &catalog,
                                     const TemplateOptions &options = {});

} // namespace wavesmith
