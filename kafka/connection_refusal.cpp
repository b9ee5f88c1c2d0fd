#include "connection_refusal.h"

#include <librdkafka/rdkafka.h>

namespace trackboard {

bool isRefusedConnection(int err) {
    return err == RD_KAFKA_RESP_ERR__AUTHENTICATION || err == RD_KAFKA_RESP_ERR__SSL;
}

std::string refusedConnectionMessage(int err, const char *reason) {
    const std::string what = reason ? reason : rd_kafka_err2str(rd_kafka_resp_err_t(err));
    if (err == RD_KAFKA_RESP_ERR__AUTHENTICATION) {
        return "Kafka refused the login: " + what +
               ". Check sasl.username, sasl.password and sasl.mechanisms (-X).";
    }
    return "TLS connection to Kafka failed: " + what +
           ". Check ssl.ca.location (-X), that the broker's certificate names the address "
           "in --brokers, and that the port speaks TLS.";
}

} // namespace trackboard
