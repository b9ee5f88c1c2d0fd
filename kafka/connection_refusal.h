#pragma once

#include <string>

namespace trackboard {

// librdkafka retries every connection failure for ever, which is right for a broker that is
// down or restarting. Two kinds never heal by retrying: the cluster refused the login (SASL)
// or the TLS handshake failed (an unknown CA, a certificate for another host, TLS against a
// plaintext port). Clients stop on these with a plain message instead of waiting out their
// --duration with an empty report.
bool isRefusedConnection(int err);

// "Kafka refused the login (SASL): ... Check sasl.username, sasl.password and
// sasl.mechanisms." and the like, from librdkafka's error code and text.
std::string refusedConnectionMessage(int err, const char *reason);

// Whether `message` is one refusedConnectionMessage() wrote, so that a command can exit with the
// status for "refused" rather than the generic failure.
bool isRefusedConnectionMessage(const std::string &message);

// Exit statuses of the commands (docs/cli.md).
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitLost = 3;
inline constexpr int kExitUnreachable = 4;
inline constexpr int kExitRefused = 5;

} // namespace trackboard
