#pragma once

#include "alert.h"

#include <QColor>
#include <QIcon>
#include <QString>

namespace trackboard {

// How a severity looks everywhere on the dashboard: colour, icon and name, so that it is never
// told by colour alone.
QColor severityColor(Severity severity);
QIcon severityIcon(Severity severity);
QString severityText(Severity severity);

} // namespace trackboard
