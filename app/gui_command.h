#pragma once

#include <QStringList>

namespace trackboard {

// Parses the dashboard's options and runs the window until it closes. Expects a QApplication.
int runDashboard(const QStringList &args);

} // namespace trackboard
