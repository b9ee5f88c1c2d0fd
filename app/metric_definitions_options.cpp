#include "metric_definitions_options.h"
#include "metric_definition_parser.h"

#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>

namespace trackboard {

MetricDefinitionsOptions::MetricDefinitionsOptions()
    : metrics_(QStringLiteral("metrics"),
               QStringLiteral("Metrics defined without code: a YAML file of counts and sums "
                              "with filters, group-by and windows (see docs/analytics.md, "
                              "Custom metrics). Edits apply while running."),
               QStringLiteral("file")) {}

void MetricDefinitionsOptions::addTo(QCommandLineParser &parser) const {
    parser.addOption(metrics_);
}

bool MetricDefinitionsOptions::load(MetricDefinitions &out, QString &error) {
    QFile file(file_);
    if (!file.open(QIODevice::ReadOnly)) {
        error = QStringLiteral("%1: %2").arg(file_, file.errorString());
        return false;
    }
    const QByteArray text = file.readAll();
    seen_ = text;
    std::string why;
    if (!parseMetricDefinitions(std::string_view(text.constData(), std::size_t(text.size())),
                                file_.toStdString(), out, why)) {
        error = QString::fromStdString(why);
        return false;
    }
    return true;
}

bool MetricDefinitionsOptions::read(const QCommandLineParser &parser, MetricDefinitions &out,
                                    QString &error) {
    file_ = parser.value(metrics_);
    return file_.isEmpty() || load(out, error);
}

void MetricDefinitionsOptions::reload() {
    // Editors that save by replacing the file remove it first: wait for the new one, which
    // the directory watch reports, rather than calling a missing file an error.
    if (!QFileInfo::exists(file_)) {
        return;
    }
    if (!watcher_->files().contains(file_)) {
        watcher_->addPath(file_);
    }
    QFile file(file_);
    if (!file.open(QIODevice::ReadOnly) || file.readAll() == seen_) {
        return; // one save may be reported twice (file and directory): answer it once
    }
    MetricDefinitions definitions;
    QString error;
    if (load(definitions, error)) {
        emit definitionsChanged(definitions);
    } else {
        emit reloadFailed(error);
    }
}

void MetricDefinitionsOptions::watch() {
    if (file_.isEmpty() || watcher_) {
        return;
    }
    watcher_ = new QFileSystemWatcher(this);
    watcher_->addPath(QFileInfo(file_).absolutePath());
    if (QFileInfo::exists(file_)) {
        watcher_->addPath(file_);
    }
    connect(watcher_, &QFileSystemWatcher::fileChanged, this, &MetricDefinitionsOptions::reload);
    connect(watcher_, &QFileSystemWatcher::directoryChanged, this,
            &MetricDefinitionsOptions::reload);
}

} // namespace trackboard
