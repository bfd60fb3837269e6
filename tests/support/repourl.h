#pragma once

#include <QString>

// Whether two repoURLs name the same repository, as Argo CD compares them: case and a trailing
// ".git" or "/" do not matter.
inline bool sameRepoUrl(QString a, QString b) {
    for (QString *url : {&a, &b}) {
        *url = url->trimmed().toLower();
        while (url->endsWith(QLatin1Char('/')))
            url->chop(1);
        if (url->endsWith(QLatin1String(".git")))
            url->chop(4);
    }
    return !a.isEmpty() && a == b;
}
