#include "threshold_options.h"
#include "fraud_config.h"

#include <QFile>
#include <QFileSystemWatcher>

#include <cstdio>

namespace trackboard {

ThresholdOptions::ThresholdOptions()
    : config_(QStringLiteral("config"),
              QStringLiteral("Fraud thresholds file (key = value lines; see --print-config). "
                             "Edits apply while running."),
              QStringLiteral("file"))
    , set_(QStringLiteral("set"),
           QStringLiteral("Override one fraud threshold, e.g. --set velocity.max_events=20. "
                          "Repeatable."),
           QStringLiteral("key=value"))
    , print_(QStringLiteral("print-config"),
             QStringLiteral("Print the fraud thresholds in effect as a config file and exit.")) {}

void ThresholdOptions::addTo(QCommandLineParser &parser) const {
    parser.addOption(config_);
    parser.addOption(set_);
    parser.addOption(print_);
}

bool ThresholdOptions::load(FraudThresholds &out, QString &error) const {
    FraudThresholds thresholds;
    std::string why;
    if (!file_.isEmpty()) {
        QFile file(file_);
        if (!file.open(QIODevice::ReadOnly)) {
            error = QStringLiteral("%1: %2").arg(file_, file.errorString());
            return false;
        }
        if (!parseFraudConfig(file.readAll().toStdString(), thresholds, why)) {
            error = QStringLiteral("%1: %2").arg(file_, QString::fromStdString(why));
            return false;
        }
    }
    for (const QString &line : overrides_) {
        if (!parseFraudConfig(line.toStdString(), thresholds, why)) {
            error = QStringLiteral("--set %1: %2").arg(line, QString::fromStdString(why));
            return false;
        }
    }
    out = thresholds;
    return true;
}

bool ThresholdOptions::read(const QCommandLineParser &parser, FraudThresholds &out,
                            QString &error) {
    file_ = parser.value(config_);
    overrides_ = parser.values(set_);
    return load(out, error);
}

bool ThresholdOptions::printIfAsked(const QCommandLineParser &parser,
                                    const FraudThresholds &thresholds) const {
    if (!parser.isSet(print_)) {
        return false;
    }
    std::fputs(formatFraudConfig(thresholds).c_str(), stdout);
    return true;
}

void ThresholdOptions::watch() {
    if (file_.isEmpty() || watcher_) {
        return;
    }
    watcher_ = new QFileSystemWatcher({file_}, this);
    connect(watcher_, &QFileSystemWatcher::fileChanged, this, [this] {
        // Editors often replace the file rather than write it: watch the new one too.
        if (!watcher_->files().contains(file_)) {
            watcher_->addPath(file_);
        }
        FraudThresholds thresholds;
        QString error;
        if (load(thresholds, error)) {
            emit thresholdsChanged(thresholds);
        } else {
            emit reloadFailed(error);
        }
    });
}

} // namespace trackboard
