#include "export_folder_dialog.h"

#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>

namespace trackboard {

// A folder for an export, new or existing. QFileDialog's folder chooser refuses a name that does
// not exist yet ("Directory not found"), so the user names the folder as a file to save:
// exportTo() creates it. The default is a new, dated folder beside the last one used.
QString chooseExportFolder(QWidget *parent, const QString &title) {
    QSettings settings;
    const QString last =
        settings.value(QStringLiteral("export/lastParent"), QDir::homePath()).toString();
    const QString name =
        QStringLiteral("trackboard-%1")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd-HHmmss")));
    QFileDialog dialog(parent, title, QDir(last).filePath(name));
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setFileMode(QFileDialog::AnyFile);
    dialog.setLabelText(QFileDialog::Accept, QObject::tr("Export here"));
    dialog.setLabelText(QFileDialog::FileName, QObject::tr("Folder"));
    // Saving into an existing folder adds files to it; the confirmation would say "replace".
    dialog.setOption(QFileDialog::DontConfirmOverwrite);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty()) {
        return {};
    }
    const QString dir = dialog.selectedFiles().constFirst();
    settings.setValue(QStringLiteral("export/lastParent"), QFileInfo(dir).absolutePath());
    return dir;
}

} // namespace trackboard
