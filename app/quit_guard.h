#pragma once

#include "kafka_connection.h"

#include <cstdint>

class QWidget;

namespace trackboard {

// Closing the dashboard while events wait in the producer for a broker that does not answer
// would lose them, which the window used to report on stderr only. These say it in the window.
namespace QuitGuard {

// Whether to go ahead and quit. Asks only when events are buffered and Kafka is not
// reachable: a reachable broker takes them during the shutdown's flush.
bool confirm(QWidget *parent, const KafkaConnection &connection);

// After the shutdown: `lost` events were still buffered when the flush ran out of time.
void reportLost(QWidget *parent, std::uint64_t lost);

} // namespace QuitGuard

} // namespace trackboard
