#pragma once

#include "fraud_thresholds.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QObject>

class QFileSystemWatcher;

namespace trackboard {

// --config FILE, --set key=value and --print-config: fraud thresholds from the command line and
// a file, the file watched so that an edit applies to the next events without a restart.
class ThresholdOptions : public QObject {
    Q_OBJECT
public:
    ThresholdOptions();

    void addTo(QCommandLineParser &parser) const;
    // Defaults, then the file, then each --set. False with a message naming the line or key.
    bool read(const QCommandLineParser &parser, FraudThresholds &out, QString &error);
    // With --print-config: prints `thresholds` as a config file and returns true.
    bool printIfAsked(const QCommandLineParser &parser, const FraudThresholds &thresholds) const;
    // Starts watching the --config file, if one was given.
    void watch();

signals:
    void thresholdsChanged(const trackboard::FraudThresholds &thresholds);
    void reloadFailed(const QString &message);

private:
    bool load(FraudThresholds &out, QString &error) const;

    QCommandLineOption config_;
    QCommandLineOption set_;
    QCommandLineOption print_;
    QString file_;
    QStringList overrides_;
    QFileSystemWatcher *watcher_ = nullptr;
};

} // namespace trackboard
