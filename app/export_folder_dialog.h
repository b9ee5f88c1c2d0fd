#pragma once

#include <QString>

class QWidget;

namespace trackboard {

// Asks for the folder of an export, which may not exist yet; empty when cancelled.
QString chooseExportFolder(QWidget *parent, const QString &title);

} // namespace trackboard
