// `trackboard view`: the one global analytics view of a consumer group, from its checkpoints
// on the state topic alone (docs/scaling.md). It reads no activity event, so it works beside
// any number of `trackboard analytics` workers, and even after the activity topic is gone.
#include "analytics_global_view.h"
#include "analytics_worker.h"
#include "cli_commands.h"
#include "cli_options.h"
#include "connection_refusal.h"
#include "report_format.h"
#include "signal_watcher.h"
#include "state_topic_reader.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimer>

namespace trackboard {

namespace {

// Each covered partition's lag: the activity topic's end minus the checkpoint's next offset.
// Null when the activity topic cannot be asked (for example, it was deleted).
QJsonArray partitionsWithLag(const AnalyticsSnapshot &snapshot, StateTopicReader &reader,
                             const std::string &topic) {
    QJsonArray out = partitionsJson(snapshot.partitions);
    for (qsizetype i = 0; i < out.size(); ++i) {
        const auto &p = snapshot.partitions[std::size_t(i)];
        QJsonObject entry = out[i].toObject();
        const std::int64_t end = reader.highWatermark(topic, p.partition, 500);
        entry.insert(QStringLiteral("lag"),
                     end >= 0 && p.nextOffset >= 0
                         ? QJsonValue(qint64(std::max<std::int64_t>(0, end - p.nextOffset)))
                         : QJsonValue(QJsonValue::Null));
        out[i] = entry;
    }
    return out;
}

QString coverageText(const AnalyticsSnapshot &snapshot, const QString &group) {
    QStringList parts;
    for (const auto &p : snapshot.partitions) {
        parts << QStringLiteral("%1@%2").arg(p.partition).arg(p.nextOffset);
    }
    return QStringLiteral("🌐 Global view of group %1 from its checkpoints: %2 partitions "
                          "(partition@next offset: %3)\n")
        .arg(group)
        .arg(snapshot.partitions.size())
        .arg(parts.isEmpty() ? QStringLiteral("none yet") : parts.join(QLatin1Char(' ')));
}

} // namespace

int runViewCommand(const QStringList &args) {
    QCommandLineParser parser;
    CommonCliOptions common;
    const QCommandLineOption group(QStringLiteral("group"),
                                   QStringLiteral("The analytics consumer group to show "
                                                  "(default: trackboard-analytics)."),
                                   QStringLiteral("id"),
                                   QString::fromLatin1(AnalyticsWorker::kDefaultGroup));
    const QCommandLineOption stateTopic(
        QStringLiteral("state-topic"),
        QStringLiteral("The compacted topic the workers checkpoint to (default: "
                       "trackboard-analytics-state)."),
        QStringLiteral("name"), QString::fromLatin1(AnalyticsWorker::kDefaultStateTopic));
    const QCommandLineOption duration(QStringLiteral("duration"),
                                      QStringLiteral("Exit after this many seconds."),
                                      QStringLiteral("seconds"));
    const QCommandLineOption interval(QStringLiteral("interval"),
                                      QStringLiteral("Seconds between views (default: 1)."),
                                      QStringLiteral("seconds"), QStringLiteral("1"));
    common.addTo(parser);
    for (const auto *option : {&group, &stateTopic, &duration, &interval}) {
        parser.addOption(*option);
    }
    processSubcommand(
        parser, QStringLiteral("view"),
        QStringLiteral("Prints the merged analytics report of every worker of an analytics "
                       "consumer group, read from their checkpoints on the state topic only, "
                       "once per interval: the partitions covered, each one's lag and "
                       "watermark, and the same figures as `trackboard analytics`."),
        args);
    KafkaSettings kafka;
    QString error;
    if (!common.read(parser, kafka, error)) {
        printErr(QStringLiteral("trackboard view: %1\n").arg(error));
        return 2;
    }
    if (kafka.brokers.empty()) {
        printErr(QStringLiteral("trackboard view: no broker given. Pass the cluster's address "
                                "with --brokers HOST:PORT, or set TRACKBOARD_BROKERS.\n"));
        return 2;
    }
    const bool json = parser.isSet(common.json);
    const double every = positiveNumber(parser, interval);
    StateTopicReader reader;
    std::string openError;
    const std::string groupId = parser.value(group).toStdString();
    if (!reader.open(kafka, parser.value(stateTopic).toStdString(),
                     AnalyticsStateCodec::keyPrefix(groupId, kafka.topic), openError)) {
        printErr(QStringLiteral("trackboard view: %1\n").arg(QString::fromStdString(openError)));
        return 1;
    }
    AnalyticsGlobalView view({}, groupId, kafka.topic);
    bool everRead = false;
    const auto show = [&] {
        everRead = reader.catchUp(int(std::min(every, 5.0) * 1000)) || everRead;
        view.updateRemote(reader.latest());
        const AnalyticsSnapshot snapshot = view.snapshot({}, QDateTime::currentMSecsSinceEpoch());
        if (json) {
            QJsonObject doc = analyticsJson(snapshot);
            doc.insert(QStringLiteral("group"), parser.value(group));
            doc.insert(QStringLiteral("partitions"),
                       partitionsWithLag(snapshot, reader, kafka.topic));
            doc.insert(QStringLiteral("damaged_checkpoints"), qint64(view.damagedCheckpoints()));
            doc.insert(QStringLiteral("last_error"),
                       QString::fromStdString(reader.lastError().empty() ? view.lastError()
                                                                         : reader.lastError()));
            printOut(jsonLine(doc));
        } else {
            printOut(coverageText(snapshot, parser.value(group)) +
                     analyticsReportText(snapshot, ConsumerStats{}));
        }
    };
    QTimer timer;
    QObject::connect(&timer, &QTimer::timeout, show);
    timer.start(int(every * 1000));
    QTimer::singleShot(0, show);
    if (parser.isSet(duration)) {
        QTimer::singleShot(int(positiveNumber(parser, duration) * 1000), Qt::PreciseTimer, qApp,
                           &QCoreApplication::quit);
    }
    SignalWatcher stopSignals;
    QObject::connect(&stopSignals, &SignalWatcher::terminationRequested, qApp,
                     &QCoreApplication::quit);
    QCoreApplication::exec();
    if (!everRead) {
        printErr(QStringLiteral("trackboard view: the state topic %1 was never read to its end "
                                "at %2: %3\n")
                     .arg(parser.value(stateTopic), QString::fromStdString(kafka.brokers),
                          QString::fromStdString(reader.lastError())));
        return kExitUnreachable;
    }
    return 0;
}

} // namespace trackboard
