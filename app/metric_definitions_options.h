#pragma once

#include "metric_definition.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QObject>

class QFileSystemWatcher;

namespace trackboard {

// --metrics FILE: metrics defined without code (docs/analytics.md, "Custom metrics"), the
// file watched so that a valid edit applies to the running workers without a restart, and an
// invalid one is reported while the previous metrics stay.
class MetricDefinitionsOptions : public QObject {
    Q_OBJECT
public:
    MetricDefinitionsOptions();

    void addTo(QCommandLineParser &parser) const;
    // Reads the --metrics file, if one was given (else `out` stays null). False with
    // "FILE:LINE: problem".
    bool read(const QCommandLineParser &parser, MetricDefinitions &out, QString &error);
    // Starts watching the file, if one was given.
    void watch();
    const QString &file() const { return file_; }

signals:
    void definitionsChanged(const trackboard::MetricDefinitions &definitions);
    // "FILE:LINE: problem": the previous definitions stay in force.
    void reloadFailed(const QString &message);

private:
    bool load(MetricDefinitions &out, QString &error);
    void reload();

    QCommandLineOption metrics_;
    QString file_;
    QByteArray seen_; // the text last read, valid or not: a save without change does nothing
    QFileSystemWatcher *watcher_ = nullptr;
};

} // namespace trackboard
