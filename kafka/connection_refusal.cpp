#include "connection_refusal.h"

#include <librdkafka/rdkafka.h>

namespace trackboard {

namespace {
constexpr const char *kLoginRefused = "Kafka refused the login: ";
constexpr const char *kTlsFailed = "TLS connection to Kafka failed: ";
} // namespace

bool isRefusedConnection(int err) {
    return err == RD_KAFKA_RESP_ERR__AUTHENTICATION || err == RD_KAFKA_RESP_ERR__SSL;
}

std::string refusedConnectionMessage(int err, const char *reason) {
    const std::string what = reason ? reason : rd_kafka_err2str(rd_kafka_resp_err_t(err));
    if (err == RD_KAFKA_RESP_ERR__AUTHENTICATION) {
        return kLoginRefused + what +
               ". Check sasl.username, sasl.password and sasl.mechanisms (-X).";
    }
    return kTlsFailed + what +
           ". Check ssl.ca.location (-X), that the broker's certificate names the address "
           "in --brokers, and that the port speaks TLS.";
}

bool isRefusedConnectionMessage(const std::string &message) {
    return message.starts_with(kLoginRefused) || message.starts_with(kTlsFailed);
}

} // namespace trackboard
