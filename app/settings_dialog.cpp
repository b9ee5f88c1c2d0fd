#include "settings_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace trackboard {

namespace {
QSpinBox *spin(int min, int max, int value, const QString &tip) {
    auto *box = new QSpinBox;
    box->setRange(min, max);
    box->setValue(value);
    box->setToolTip(tip);
    return box;
}
} // namespace

SettingsDialog::SettingsDialog(const DashboardSettings &settings, QWidget *parent)
    : QDialog(parent)
    , initial_(settings) {
    setWindowTitle(tr("Trackboard settings"));
    auto *tabs = new QTabWidget;
    tabs->addTab(brokerPage(), tr("Kafka"));
    tabs->addTab(fraudPage(), tr("Fraud rules"));
    tabs->addTab(viewPage(), tr("Display"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(buttons);
}

QWidget *SettingsDialog::brokerPage() {
    auto *page = new QWidget;
    auto *form = new QFormLayout(page);
    overrideNote_ = new QLabel;
    overrideNote_->setObjectName(QStringLiteral("kafkaOverrideNote"));
    overrideNote_->setWordWrap(true);
    overrideNote_->setVisible(false);
    form->addRow(overrideNote_);
    embedded_ = new QRadioButton(tr("Embedded (built in, nothing to install)"));
    external_ = new QRadioButton(tr("External Kafka cluster"));
    embedded_->setObjectName(QStringLiteral("embeddedBroker"));
    external_->setObjectName(QStringLiteral("externalBroker"));
    (initial_.embeddedBroker ? embedded_ : external_)->setChecked(true);
    servers_ = new QLineEdit(initial_.bootstrapServers);
    servers_->setObjectName(QStringLiteral("bootstrapServers"));
    servers_->setPlaceholderText(QStringLiteral("kafka1:9092,kafka2:9092"));
    servers_->setToolTip(tr("Addresses of the Kafka brokers, separated by commas."));
    properties_ = new QPlainTextEdit(initial_.extraProperties);
    properties_->setPlaceholderText(QStringLiteral("security.protocol=SASL_SSL\n..."));
    properties_->setToolTip(tr("Extra Kafka client settings, one key=value per line."));
    properties_->setMaximumHeight(90);
    topic_ = new QLineEdit(initial_.topic);
    topic_->setToolTip(tr("The Kafka topic the events go through."));
    partitions_ = spin(1, 256, initial_.partitions,
                       tr("How many parts the embedded broker's topic is split into."));
    webCollectorPort_ =
        spin(0, 65535, initial_.webCollectorPort,
             tr("Runs the web collector on this port, on every network interface: web pages "
                "send their visitors' events to it, and its demo shop is at /demo/. 0: off."));
    webCollectorPort_->setObjectName(QStringLiteral("webCollectorPort"));
    webCollectorPort_->setSpecialValueText(tr("off"));
    const auto enable = [this] {
        servers_->setEnabled(external_->isChecked());
        properties_->setEnabled(external_->isChecked());
    };
    connect(external_, &QRadioButton::toggled, this, enable);
    enable();
    form->addRow(tr("Broker"), embedded_);
    form->addRow(QString(), external_);
    form->addRow(tr("Bootstrap servers"), servers_);
    form->addRow(tr("Extra properties"), properties_);
    form->addRow(tr("Topic"), topic_);
    form->addRow(tr("Partitions"), partitions_);
    form->addRow(tr("Accept events from web pages on port"), webCollectorPort_);
    auto *note = new QLabel(tr("Broker, topic and web port changes apply the next time "
                               "Trackboard starts."));
    note->setWordWrap(true);
    form->addRow(note);
    return page;
}

void SettingsDialog::showRunningKafka(const QString &bootstrapServers) {
    const bool sameAsSettings = initial_.embeddedBroker
                                    ? bootstrapServers.isEmpty()
                                    : bootstrapServers == initial_.bootstrapServers.trimmed();
    overrideNote_->setVisible(!sameAsSettings);
    if (sameAsSettings) {
        return;
    }
    const QString running = bootstrapServers.isEmpty()
                                ? tr("the embedded broker")
                                : tr("the cluster at %1").arg(bootstrapServers.toHtmlEscaped());
    overrideNote_->setText(
        tr("<b>This run uses %1</b>, chosen on the command line or by $TRACKBOARD_BROKERS. "
           "The choice below applies when Trackboard starts without them.")
            .arg(running));
}

QWidget *SettingsDialog::fraudPage() {
    const FraudThresholds &t = initial_.thresholds;
    auto *page = new QWidget;
    auto *form = new QFormLayout(page);
    velocity_ = spin(2, kMaxVelocityEvents, t.velocityMaxEvents,
                     tr("Flag a user who does more than this many things in one minute."));
    velocity_->setObjectName(QStringLiteral("velocityMaxEvents"));
    highValue_ = new QDoubleSpinBox;
    highValue_->setRange(1, 1'000'000);
    highValue_->setPrefix(QStringLiteral("$"));
    highValue_->setValue(double(t.highValueCents) / 100);
    highValue_->setToolTip(tr("Flag an order above this amount."));
    multipleIps_ = spin(1, kMaxDistinctIps - 1, t.multipleIpsMax,
                        tr("Flag a user seen from more internet addresses than this in ten "
                           "minutes."));
    travelKmh_ = new QDoubleSpinBox;
    travelKmh_->setRange(100, 10'000);
    travelKmh_->setSuffix(tr(" km/h"));
    travelKmh_->setValue(t.impossibleTravelMaxKmh);
    travelKmh_->setToolTip(tr("Flag a user who would have had to travel faster than this."));
    cardTesting_ = spin(2, 100, t.cardTestingSmallCount,
                        tr("Flag a card used for this many tiny purchases in ten minutes."));
    bruteForce_ =
        spin(2, 100, t.bruteForceFailures, tr("Flag this many failed logins in five minutes."));
    form->addRow(tr("Bot: actions per minute above"), velocity_);
    form->addRow(tr("Large order above"), highValue_);
    form->addRow(tr("Internet addresses above"), multipleIps_);
    form->addRow(tr("Impossible travel faster than"), travelKmh_);
    form->addRow(tr("Card testing: tiny purchases"), cardTesting_);
    form->addRow(tr("Password guessing: failed logins"), bruteForce_);
    auto *note = new QLabel(tr("Fraud rule changes apply at once, to the next events."));
    note->setWordWrap(true);
    form->addRow(note);
    return page;
}

QWidget *SettingsDialog::viewPage() {
    auto *page = new QWidget;
    auto *form = new QFormLayout(page);
    refresh_ = spin(DashboardSettings::kMinRefreshMs, 5000, initial_.refreshMs,
                    tr("How often the charts redraw. Slower saves battery on a laptop."));
    refresh_->setSuffix(tr(" ms"));
    refresh_->setSingleStep(100);
    theme_ = new QComboBox;
    theme_->addItem(tr("Dark"), true);
    theme_->addItem(tr("Light"), false);
    theme_->setCurrentIndex(initial_.dark ? 0 : 1);
    largeText_ = new QCheckBox(tr("Large text for presenting"));
    largeText_->setChecked(initial_.largeText);
    form->addRow(tr("Refresh every"), refresh_);
    form->addRow(tr("Theme"), theme_);
    form->addRow(QString(), largeText_);
    return page;
}

DashboardSettings SettingsDialog::settings() const {
    DashboardSettings s = initial_;
    s.embeddedBroker = embedded_->isChecked();
    s.bootstrapServers = servers_->text().trimmed();
    s.extraProperties = properties_->toPlainText();
    s.topic = topic_->text().trimmed();
    s.partitions = partitions_->value();
    s.webCollectorPort = webCollectorPort_->value();
    s.thresholds.velocityMaxEvents = velocity_->value();
    s.thresholds.highValueCents = std::int64_t(std::llround(highValue_->value() * 100));
    s.thresholds.multipleIpsMax = multipleIps_->value();
    s.thresholds.impossibleTravelMaxKmh = travelKmh_->value();
    s.thresholds.cardTestingSmallCount = cardTesting_->value();
    s.thresholds.bruteForceFailures = bruteForce_->value();
    s.refreshMs = refresh_->value();
    s.dark = theme_->currentData().toBool();
    s.largeText = largeText_->isChecked();
    return s;
}

} // namespace trackboard
