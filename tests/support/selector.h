#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// labelSelector and fieldSelector of list and watch requests (notes §5). Field selectors
// support metadata.name and metadata.namespace, as on every real resource.
class Selector {
public:
    // Returns nullopt and sets *error when either selector cannot be parsed.
    static std::optional<Selector> parse(const QString &labelSelector, const QString &fieldSelector,
                                         QString *error);

    bool matches(const QJsonObject &object) const;
    bool isEmpty() const { return m_requirements.isEmpty(); }

private:
    enum class Op { Equals, NotEquals, In, NotIn, Exists, NotExists };
    struct Requirement {
        bool field = false;
        QString key;
        Op op = Op::Equals;
        QStringList values;
    };
    static bool parseLabels(const QString &text, QList<Requirement> *out, QString *error);
    static bool parseFields(const QString &text, QList<Requirement> *out, QString *error);

    QList<Requirement> m_requirements;
};
