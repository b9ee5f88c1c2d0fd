#pragma once
// Compares a reference computed by an independent script with Trackboard's JSON output.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

// Every field the reference names must be in `actual` with the same value; arrays must have
// the same length. Fields the reference leaves out (percentages, names) are not compared. Whole
// numbers compare as integers; others (coordinates) exactly, since both sides parse the same text.
inline void compareSubset(const QJsonValue &expected, const QJsonValue &actual, const QString &path,
                          QStringList &differences) {
    if (expected.isObject()) {
        const QJsonObject e = expected.toObject();
        const QJsonObject a = actual.toObject();
        for (auto it = e.begin(); it != e.end(); ++it) {
            if (!a.contains(it.key())) {
                differences << path + QLatin1Char('.') + it.key() + QStringLiteral(" missing");
                continue;
            }
            compareSubset(it.value(), a.value(it.key()), path + QLatin1Char('.') + it.key(),
                          differences);
        }
    } else if (expected.isArray()) {
        const QJsonArray e = expected.toArray();
        const QJsonArray a = actual.toArray();
        if (e.size() != a.size()) {
            differences << QStringLiteral("%1: %2 entries, expected %3 (%4)")
                               .arg(path)
                               .arg(a.size())
                               .arg(e.size())
                               .arg(QString::fromUtf8(
                                   QJsonDocument(a).toJson(QJsonDocument::Compact).left(300)));
            return;
        }
        for (qsizetype i = 0; i < e.size(); ++i) {
            compareSubset(e[i], a[i], QStringLiteral("%1[%2]").arg(path).arg(i), differences);
        }
    } else if (expected.isDouble() ? (expected.toDouble() == double(expected.toInteger())
                                          ? expected.toInteger() != actual.toInteger(-1)
                                          : expected.toDouble() != actual.toDouble(-1e300))
                                   : expected != actual) {
        differences << QStringLiteral("%1: %2, expected %3")
                           .arg(path, actual.toVariant().toString(),
                                expected.toVariant().toString());
    }
}
