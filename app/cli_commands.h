#pragma once

#include <QStringList>

namespace trackboard {

// Headless subcommands; each expects a QCoreApplication to exist and `args` to start with the
// program name followed by the subcommand's own arguments.
int runBrokerCommand(const QStringList &args);
int runProduceCommand(const QStringList &args);
int runAnalyticsCommand(const QStringList &args);
int runFraudCommand(const QStringList &args);
int runDemoCommand(const QStringList &args);
int runRecordCommand(const QStringList &args);
int runReplayCommand(const QStringList &args);
int runSetupCommand(const QStringList &args);
int runViewCommand(const QStringList &args);
int runCollectCommand(const QStringList &args);
// Needs a QApplication (widgets); main() creates one with the offscreen platform.
int runSnapshotCommand(const QStringList &args);

// Writes to stdout and flushes, so reports show up at once when piped.
void printOut(const QString &text);
void printOut(const QByteArray &bytes);
void printErr(const QString &text);

} // namespace trackboard
