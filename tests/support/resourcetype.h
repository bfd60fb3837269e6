#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// One column of `kubectl get` output; CRDs declare these as additionalPrinterColumns.
struct PrinterColumn {
    QString name;
    QString type = QStringLiteral("string");
    QString format;
    QString description;
    QString jsonPath;
    int priority = 0;
};

// What discovery says about one resource: the only place plurals, scope and kinds come from.
struct ResourceType {
    QString group;
    QString version;
    QString resource; // plural, as in the URL
    QString singular;
    QString kind;
    bool namespaced = true;
    QStringList shortNames;
    QStringList categories;
    bool hasStatus =
        false; // has a /status subresource (status is then not written by the main endpoint)
    bool builtin = true; // built-in kinds accept strategic merge patch, custom resources do not
    QList<PrinterColumn> columns; // extra columns after Name; empty means Name and Age

    QString apiVersion() const { return group.isEmpty() ? version : group + u'/' + version; }
    // "applications.argoproj.io", or "configmaps" for the core group: the key of stored objects.
    QString groupResource() const { return group.isEmpty() ? resource : resource + u'.' + group; }
    QString listKind() const { return kind + QStringLiteral("List"); }
    QStringList verbs() const {
        return {
            QStringLiteral("create"), QStringLiteral("delete"), QStringLiteral("deletecollection"),
            QStringLiteral("get"),    QStringLiteral("list"),   QStringLiteral("patch"),
            QStringLiteral("update"), QStringLiteral("watch")};
    }
};
