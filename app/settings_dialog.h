#pragma once

#include "dashboard_settings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QPlainTextEdit;
class QRadioButton;
class QSpinBox;

class QLabel;

namespace trackboard {

// Edits DashboardSettings. The caller saves and applies what `settings()` returns on accept.
class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(const DashboardSettings &settings, QWidget *parent = nullptr);

    DashboardSettings settings() const;
    // The Kafka this run actually uses (empty: the embedded broker). When it is not what the
    // settings say, because --brokers or $TRACKBOARD_BROKERS overrode them, the Kafka page says
    // so instead of pretending the stored choice is in force.
    void showRunningKafka(const QString &bootstrapServers);

private:
    QWidget *brokerPage();
    QLabel *overrideNote_ = nullptr;
    QWidget *fraudPage();
    QWidget *viewPage();

    DashboardSettings initial_;
    QRadioButton *embedded_ = nullptr;
    QRadioButton *external_ = nullptr;
    QLineEdit *servers_ = nullptr;
    QPlainTextEdit *properties_ = nullptr;
    QLineEdit *topic_ = nullptr;
    QSpinBox *partitions_ = nullptr;
    QSpinBox *webCollectorPort_ = nullptr;
    QSpinBox *velocity_ = nullptr;
    QDoubleSpinBox *highValue_ = nullptr;
    QSpinBox *multipleIps_ = nullptr;
    QDoubleSpinBox *travelKmh_ = nullptr;
    QSpinBox *cardTesting_ = nullptr;
    QSpinBox *bruteForce_ = nullptr;
    QSpinBox *refresh_ = nullptr;
    QComboBox *theme_ = nullptr;
    QCheckBox *largeText_ = nullptr;
};

} // namespace trackboard
