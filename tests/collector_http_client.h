#pragma once

// A minimal blocking HTTP/1.1 client over QTcpSocket for the collector's contract tests: it
// writes exactly the bytes a test gives and parses one reply, so tests can send what a browser
// would not (oversized bodies, trickled headers, bad framing).
#include <QByteArray>
#include <QElapsedTimer>
#include <QMap>
#include <QTcpSocket>

struct HttpReply {
    int status = 0;                       // 0: no reply (connection closed or timed out)
    QMap<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
};

// Reads one reply from `socket`, waiting up to `timeoutMs` in all.
inline HttpReply readReply(QTcpSocket &socket, int timeoutMs = 10'000) {
    QByteArray data;
    HttpReply reply;
    QElapsedTimer clock;
    clock.start();
    qsizetype headerEnd = -1;
    qsizetype wanted = -1;
    while (clock.elapsed() < timeoutMs) {
        if (socket.bytesAvailable() == 0 &&
            !socket.waitForReadyRead(int(std::max<qint64>(1, timeoutMs - clock.elapsed())))) {
            if (socket.state() != QAbstractSocket::ConnectedState) {
                data += socket.readAll();
                break;
            }
            continue;
        }
        data += socket.readAll();
        if (headerEnd < 0 && (headerEnd = data.indexOf("\r\n\r\n")) >= 0) {
            const QList<QByteArray> lines = data.left(headerEnd).split('\n');
            reply.status = lines.value(0).split(' ').value(1).toInt();
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const auto colon = lines[i].indexOf(':');
                reply.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                     lines[i].mid(colon + 1).trimmed());
            }
            wanted = reply.headers.value("content-length", "0").toLongLong();
        }
        if (headerEnd >= 0 && data.size() - headerEnd - 4 >= wanted) {
            break;
        }
    }
    if (headerEnd < 0) {
        return HttpReply{};
    }
    reply.body = data.mid(headerEnd + 4, wanted);
    return reply;
}

// Sends `request` on a new connection and reads one reply.
inline HttpReply exchange(quint16 port, const QByteArray &request, int timeoutMs = 10'000) {
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(timeoutMs)) {
        return {};
    }
    socket.write(request);
    socket.waitForBytesWritten(timeoutMs);
    return readReply(socket, timeoutMs);
}

// A POST /e request with the given body and extra header lines ("Origin: ...\r\n").
inline QByteArray postRequest(const QByteArray &body, const QByteArray &extraHeaders = {},
                              const QByteArray &contentType = "text/plain;charset=UTF-8") {
    QByteArray request = "POST /e HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (!contentType.isEmpty()) {
        request += "Content-Type: " + contentType + "\r\n";
    }
    if (!extraHeaders.contains("User-Agent:")) {
        request += "User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                   "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36\r\n";
    }
    request += extraHeaders;
    request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    return request;
}

inline QByteArray getRequest(const QByteArray &path, const QByteArray &method = "GET",
                             const QByteArray &extraHeaders = {}) {
    return method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
           extraHeaders + "\r\n";
}
