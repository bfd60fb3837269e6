// wavesmith-catalogc CATALOG.yaml OUT.bin: the build's catalog compiler. Parses the catalog with
// the same reader as the app (so a broken catalog fails the build, naming its file and line) and
// writes the entries in the form Catalog::builtin() reads at start-up (core/catalog/
// compiledcatalog.h).

#include "catalog/compiledcatalog.h"

#include <wavesmith/catalog.h>

#include <QCoreApplication>
#include <QSaveFile>

#include <cstdio>

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() != 3) {
        std::fprintf(stderr, "usage: wavesmith-catalogc CATALOG.yaml OUT.bin\n");
        return 2;
    }
    const wavesmith::Result<wavesmith::Catalog> catalog = wavesmith::Catalog::load(arguments.at(1));
    if (!catalog) {
        std::fprintf(stderr, "%s\n", qPrintable(catalog.error().toString()));
        return 1;
    }
    QSaveFile out(arguments.at(2));
    const QByteArray bytes = wavesmith::writeCompiledCatalog(catalog.value().entries());
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit()) {
        std::fprintf(stderr, "cannot write %s: %s\n", qPrintable(arguments.at(2)),
                     qPrintable(out.errorString()));
        return 1;
    }
    return 0;
}
