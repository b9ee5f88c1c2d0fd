// `trackboard setup`: creates the topics Trackboard uses on a real cluster, once, before the
// workers start.
#include "analytics_worker.h"
#include "cli_commands.h"
#include "cli_options.h"
#include "connection_refusal.h"
#include "dead_letter_producer.h"
#include "fraud_worker.h"
#include "topic_admin.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace trackboard {

namespace {

const char *kindName(TopicOutcome::Kind kind) {
    switch (kind) {
    case TopicOutcome::Kind::Created:
        return "created";
    case TopicOutcome::Kind::Exists:
        return "exists";
    case TopicOutcome::Kind::Differs:
        return "differs";
    case TopicOutcome::Kind::Failed:
        break;
    }
    return "failed";
}

QString outcomeText(const TopicOutcome &o, const TopicSpec &asked) {
    const QString name = QString::fromStdString(o.name);
    switch (o.kind) {
    case TopicOutcome::Kind::Created:
        return QStringLiteral("created  %1: %2 partitions, replication %3, min.insync.replicas %4")
            .arg(name)
            .arg(o.partitions)
            .arg(o.replication)
            .arg(QString::fromStdString(asked.configs.front().second));
    case TopicOutcome::Kind::Exists:
        return QStringLiteral("exists   %1: %2 partitions, replication %3, as asked; left as it is")
            .arg(name)
            .arg(o.partitions)
            .arg(o.replication);
    case TopicOutcome::Kind::Differs:
        return QStringLiteral("DIFFERS  %1: has %2 partitions and replication %3, asked %4 and "
                              "%5; left as it is (Kafka cannot lower either; more partitions "
                              "move users to other partitions)")
            .arg(name)
            .arg(o.partitions)
            .arg(o.replication)
            .arg(asked.partitions)
            .arg(asked.replication);
    case TopicOutcome::Kind::Failed:
        break;
    }
    return QStringLiteral("FAILED   %1: %2").arg(name, QString::fromStdString(o.error));
}

} // namespace

int runSetupCommand(const QStringList &args) {
    QCommandLineParser parser;
    CommonCliOptions common;
    common.addTo(parser);
    const QCommandLineOption partitions(QStringLiteral("partitions"),
                                        QStringLiteral("Partitions per topic (default: 6)."),
                                        QStringLiteral("n"), QString::number(kDefaultPartitions));
    const QCommandLineOption replication(
        QStringLiteral("replication"),
        QStringLiteral("Replication factor (default: 3, or the number of brokers when fewer)."),
        QStringLiteral("n"));
    const QCommandLineOption alertsTopic(
        QStringLiteral("alerts-topic"), QStringLiteral("Alerts topic (default: fraud-alerts)."),
        QStringLiteral("name"), QString::fromLatin1(FraudWorker::kDefaultAlertsTopic));
    const QCommandLineOption deadLetterTopic(
        QStringLiteral("dead-letter-topic"),
        QStringLiteral("Dead-letter topic (default: user-activities-dlq)."), QStringLiteral("name"),
        QString::fromLatin1(DeadLetterProducer::kDefaultTopic));
    const QCommandLineOption stateTopic(
        QStringLiteral("state-topic"),
        QStringLiteral("Compacted topic for the analytics workers' checkpoints (default: "
                       "trackboard-analytics-state)."),
        QStringLiteral("name"), QString::fromLatin1(AnalyticsWorker::kDefaultStateTopic));
    for (const auto *option :
         {&partitions, &replication, &alertsTopic, &deadLetterTopic, &stateTopic}) {
        parser.addOption(*option);
    }
    processSubcommand(
        parser, QStringLiteral("setup"),
        QStringLiteral(
            "Creates the topics Trackboard uses on a real Kafka cluster through the admin API: "
            "the activity topic, the alerts topic and the dead-letter topic, each with "
            "min.insync.replicas = min(2, replication), and the analytics state topic, "
            "compacted, taking checkpoints of up to 16 MiB. Run it once, before the workers "
            "start: "
            "a topic that a client creates by using it gets the broker's defaults instead. It "
            "is idempotent: topics that exist are compared with what was asked and left alone. "
            "It returns once every broker knows each topic and its leaders, so that clients "
            "started next can use it at once. "
            "Exit code 0 when every topic exists as asked, 1 when one differs, could not be "
            "created or is still unknown to a broker after 15 s, 2 on bad usage, 4 when the "
            "cluster cannot be reached, 5 when it refuses "
            "the login or the TLS handshake."),
        args);
    KafkaSettings settings;
    QString error;
    if (!common.read(parser, settings, error)) {
        printErr(QStringLiteral("trackboard setup: %1\n").arg(error));
        return 2;
    }
    if (settings.brokers.empty()) {
        printErr(QStringLiteral("trackboard setup: --brokers is required: setup is for a real "
                                "cluster (the embedded broker creates its topics itself)\n"));
        return 2;
    }
    const int partitionCount = int(positiveNumber(parser, partitions));
    TopicAdmin admin;
    std::string why;
    if (!admin.open(settings, why)) {
        printErr(QStringLiteral("trackboard setup: Kafka at %1: %2\n")
                     .arg(QString::fromStdString(settings.brokers), QString::fromStdString(why)));
        return isRefusedConnectionMessage(why) ? kExitRefused : kExitUnreachable;
    }
    const int replicas = parser.isSet(replication) ? int(positiveNumber(parser, replication))
                                                   : std::clamp(admin.brokerCount(), 1, 3);
    const std::string minInsync = std::to_string(std::min(2, replicas));
    std::vector<TopicSpec> specs;
    for (const QString &name :
         {parser.value(common.topic), parser.value(alertsTopic), parser.value(deadLetterTopic)}) {
        if (!name.isEmpty()) {
            specs.push_back({name.toStdString(),
                             partitionCount,
                             replicas,
                             {{"min.insync.replicas", minInsync}}});
        }
    }
    if (const QString name = parser.value(stateTopic); !name.isEmpty()) {
        // One record per group, topic and partition, rewritten every second: compaction keeps
        // the latest of each; short segments let the cleaner reach them (docs/scaling.md).
        specs.push_back({name.toStdString(),
                         partitionCount,
                         replicas,
                         {{"min.insync.replicas", minInsync},
                          {"cleanup.policy", "compact"},
                          {"max.message.bytes", std::to_string(kMaxCheckpointBytes)},
                          {"segment.ms", "600000"},
                          {"min.cleanable.dirty.ratio", "0.1"}}});
    }
    const auto outcomes = admin.ensure(specs);
    int exitCode = 0;
    QJsonArray topics;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const TopicOutcome &o = outcomes[i];
        if (o.kind == TopicOutcome::Kind::Differs || o.kind == TopicOutcome::Kind::Failed) {
            exitCode = 1;
        }
        if (parser.isSet(common.json)) {
            topics.append(QJsonObject{{QStringLiteral("topic"), QString::fromStdString(o.name)},
                                      {QStringLiteral("outcome"), QLatin1String(kindName(o.kind))},
                                      {QStringLiteral("partitions"), o.partitions},
                                      {QStringLiteral("replication"), o.replication},
                                      {QStringLiteral("error"), QString::fromStdString(o.error)}});
        } else {
            printOut(outcomeText(o, specs[i]) + QLatin1Char('\n'));
        }
    }
    if (parser.isSet(common.json)) {
        printOut(QJsonDocument(QJsonObject{{QStringLiteral("brokers"), admin.brokerCount()},
                                           {QStringLiteral("topics"), topics}})
                     .toJson(QJsonDocument::Compact) +
                 '\n');
    }
    return exitCode;
}

} // namespace trackboard
