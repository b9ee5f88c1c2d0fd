#pragma once

// Running the trackboard executable and the independent Python clients from a test: a process
// to completion with its output, a python3 that has a given Kafka client, and the last JSON
// line a command printed.
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>

namespace script_run {

struct Run {
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// `program` run to its end, or killed after `timeoutMs` (then finished is false).
inline Run run(const QString &program, const QStringList &args, int timeoutMs) {
    Run result;
    QProcess process;
    process.start(program, args);
    if (!process.waitForStarted(timeoutMs) || !process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = "did not finish: " + process.readAllStandardError();
        return result;
    }
    result.finished = process.exitStatus() == QProcess::NormalExit;
    result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

// $TRACKBOARD_PYTHON, the system python3 or the first on PATH that runs `probe` (an import of
// the client the test needs); empty when none does.
inline QString pythonWith(const QString &probe) {
    for (const QString &python :
         {qEnvironmentVariable("TRACKBOARD_PYTHON"), QStringLiteral("/usr/bin/python3"),
          QStandardPaths::findExecutable(QStringLiteral("python3"))}) {
        if (python.isEmpty() || !QFileInfo(python).isExecutable()) {
            continue;
        }
        const Run check = run(python, {QStringLiteral("-c"), probe}, 30'000);
        if (check.finished && check.exitCode == 0) {
            return python;
        }
    }
    return {};
}

inline QJsonObject lastJsonLine(const QByteArray &out) {
    const QList<QByteArray> lines = out.trimmed().split('\n');
    return QJsonDocument::fromJson(lines.isEmpty() ? QByteArray() : lines.last()).object();
}

} // namespace script_run
