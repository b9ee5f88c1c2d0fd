#include "alert_panel.h"
#include "alert_filter_model.h"
#include "alert_table_model.h"
#include "severity_style.h"

#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace trackboard {

AlertPanel::AlertPanel(AlertTableModel *model, QWidget *parent)
    : QGroupBox(tr("Fraud alerts"), parent)
    , model_(model)
    , filter_(new AlertFilterModel(this))
    , severity_(new QComboBox)
    , rule_(new QComboBox)
    , view_(new QTableView)
    , details_(new QTextBrowser)
    , acknowledge_(new QPushButton(tr("Acknowledge")))
    , userActivity_(new QPushButton(tr("User activity…")))
    , banner_(new QLabel)
    , hidden_(new QLabel) {
    setObjectName(QStringLiteral("alertPanel"));
    filter_->setSourceModel(model_);

    severity_->setObjectName(QStringLiteral("severityFilter"));
    severity_->addItem(tr("All severities"), 0);
    for (const Severity s : {Severity::Medium, Severity::High, Severity::Critical}) {
        severity_->addItem(severityIcon(s), tr("%1 and above").arg(severityText(s)), int(s));
    }
    severity_->setToolTip(tr("Hide alerts below this level of seriousness."));
    rule_->setObjectName(QStringLiteral("ruleFilter"));
    rule_->addItem(tr("All rules"), QString());
    rule_->setToolTip(tr("Show only the alerts of one detection rule."));
    rule_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(severity_, &QComboBox::currentIndexChanged, this,
            [this] { filter_->setMinimumSeverity(severity_->currentData().toInt()); });
    connect(rule_, &QComboBox::currentIndexChanged, this,
            [this] { filter_->setRule(rule_->currentData().toString()); });

    view_->setModel(filter_);
    view_->verticalHeader()->hide();
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    // Time and severity keep fixed widths; the rest of the width goes to one wrapped column of
    // rule, user and message, so nothing hides behind a horizontal scroll bar.
    view_->setWordWrap(true);
    view_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view_->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    for (const int column :
         {AlertTableModel::Rule, AlertTableModel::User, AlertTableModel::Message}) {
        view_->setColumnHidden(column, true);
    }
    QHeaderView *header = view_->horizontalHeader();
    header->setStretchLastSection(true);
    fitColumns();
    // Row heights follow the wrapped text: new rows as they come, all rows when the layout or
    // the column's width changes (coalesced, since a splitter drag resizes many times). Rows
    // dropped at the cap leave the others' heights as they are, so they cost nothing here.
    rowHeights_.setSingleShot(true);
    rowHeights_.setInterval(50);
    connect(&rowHeights_, &QTimer::timeout, view_, &QTableView::resizeRowsToContents);
    connect(header, &QHeaderView::sectionResized, this, [this](int column) {
        if (column == AlertTableModel::Summary) {
            rowHeights_.start();
        }
    });
    connect(filter_, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) {
                for (int row = first; row <= last; ++row) {
                    view_->resizeRowToContents(row);
                }
            });
    connect(filter_, &QAbstractItemModel::layoutChanged, &rowHeights_, qOverload<>(&QTimer::start));
    connect(filter_, &QAbstractItemModel::modelReset, &rowHeights_, qOverload<>(&QTimer::start));
    view_->setToolTip(tr("Suspicious activity, newest first. Tick an alert to acknowledge it; "
                         "select one to see the evidence; double-click it, or press Enter, to "
                         "see its user's recent activity."));
    details_->setObjectName(QStringLiteral("alertDetails"));
    details_->setPlaceholderText(tr("Select an alert to see why it was raised."));
    details_->setToolTip(tr("Why the selected alert was raised: the facts the rule saw."));
    acknowledge_->setObjectName(QStringLiteral("acknowledgeAlert"));
    acknowledge_->setToolTip(tr("Mark the selected alert as dealt with."));
    acknowledge_->setEnabled(false);
    userActivity_->setObjectName(QStringLiteral("userActivity"));
    userActivity_->setToolTip(tr("The selected alert's user: recent events, IP addresses and "
                                 "places, as the fraud workers hold them. Double-click an alert "
                                 "or press Enter on it for the same."));
    userActivity_->setEnabled(false);
    // The user's name in the evidence is a link to the same.
    details_->setOpenLinks(false);
    connect(details_, &QTextBrowser::anchorClicked, this, &AlertPanel::activateSelected);
    connect(userActivity_, &QPushButton::clicked, this, &AlertPanel::activateSelected);
    // Enter, and a double-click, activate a row (QAbstractItemView), whatever the column.
    connect(view_, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        if (index.isValid()) {
            emit userActivated(model_->alertAt(filter_->mapToSource(index).row()));
        }
    });

    banner_->setObjectName(QStringLiteral("newAlertBanner"));
    banner_->setWordWrap(true);
    banner_->setTextFormat(Qt::PlainText);
    banner_->setMargin(6);
    banner_->setToolTip(tr("The newest serious alert, for %1 s after it arrived.")
                            .arg(AlertTableModel::kFlashMs / 1000));
    banner_->hide();
    bannerTimer_.setSingleShot(true);
    bannerTimer_.setInterval(AlertTableModel::kFlashMs);
    connect(&bannerTimer_, &QTimer::timeout, banner_, &QLabel::hide);
    connect(model_, &AlertTableModel::seriousAlertArrived, this, &AlertPanel::announce);
    hidden_->setObjectName(QStringLiteral("hiddenAlertsNote"));
    hidden_->setToolTip(tr("Alerts below the chosen severity are kept, not shown: choose "
                           "\"All severities\" to list them."));

    auto *filters = new QHBoxLayout;
    filters->addWidget(severity_);
    filters->addWidget(rule_);
    filters->addWidget(hidden_, 1);
    auto *detailsBox = new QWidget;
    auto *detailsLayout = new QVBoxLayout(detailsBox);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(details_, 1);
    auto *detailButtons = new QHBoxLayout;
    detailButtons->addStretch(1);
    detailButtons->addWidget(userActivity_);
    detailButtons->addWidget(acknowledge_);
    detailsLayout->addLayout(detailButtons);
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(view_);
    split->addWidget(detailsBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(banner_);
    layout->addLayout(filters);
    layout->addWidget(split, 1);

    for (const auto signal :
         {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved}) {
        connect(filter_, signal, this, &AlertPanel::updateHiddenNote);
        connect(model_, signal, this, &AlertPanel::updateHiddenNote);
    }
    connect(filter_, &QAbstractItemModel::layoutChanged, this, &AlertPanel::updateHiddenNote);
    connect(filter_, &QAbstractItemModel::modelReset, this, &AlertPanel::updateHiddenNote);
    connect(model_, &AlertTableModel::openCountChanged, this, &AlertPanel::updateHiddenNote);
    // HIGH and above unless the presenter asks for more.
    severity_->setCurrentIndex(severity_->findData(int(Severity::High)));
    updateHiddenNote();

    connect(model_, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { noteRules(first, last); });
    connect(model_, &QAbstractItemModel::modelReset, this, [this] {
        rules_.clear();
        rule_->setCurrentIndex(0);
        while (rule_->count() > 1) {
            rule_->removeItem(1);
        }
    });
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &AlertPanel::showDetails);
    connect(model_, &QAbstractItemModel::dataChanged, this, &AlertPanel::showDetails);
    connect(acknowledge_, &QPushButton::clicked, this, [this] {
        const QModelIndexList rows = view_->selectionModel()->selectedRows();
        if (!rows.isEmpty()) {
            model_->acknowledge(filter_->mapToSource(rows.first()).row());
        }
    });
}

void AlertPanel::noteRules(int first, int last) {
    for (int row = first; row <= last; ++row) {
        const QString rule = QString::fromStdString(model_->alertAt(row).rule);
        if (!rule.isEmpty() && !rules_.contains(rule)) {
            rules_.insert(rule);
            rule_->addItem(rule, rule);
        }
    }
}

void AlertPanel::fitColumns() {
    // From the font in use, so that large text widens them too.
    const QFontMetrics metrics(view_->font());
    const int extra = 50; // check box or icon, and padding
    QHeaderView *header = view_->horizontalHeader();
    header->resizeSection(AlertTableModel::Time,
                          metrics.horizontalAdvance(QStringLiteral("00:00:00")) + extra);
    header->resizeSection(AlertTableModel::Severity,
                          metrics.horizontalAdvance(QStringLiteral("CRITICAL")) + extra);
}

void AlertPanel::changeEvent(QEvent *event) {
    QGroupBox::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        fitColumns();
        rowHeights_.start(); // the same text takes more lines
    }
}

void AlertPanel::announce(const Alert &a) {
    banner_->setText(tr("New %1 alert: %2 on %3. %4")
                         .arg(severityText(a.severity), QString::fromStdString(a.rule),
                              QString::fromStdString(a.userId), QString::fromStdString(a.message)));
    banner_->setStyleSheet(
        QStringLiteral("QLabel { background: %1; color: white; font-weight: bold; }")
            .arg(severityColor(a.severity).name()));
    banner_->show();
    bannerTimer_.start();
}

void AlertPanel::updateHiddenNote() {
    const int hidden = model_->rowCount() - filter_->rowCount();
    hidden_->setText(hidden > 0 ? tr("%n hidden by the filters", nullptr, hidden) : QString());
    int shownOpen = 0;
    for (int row = 0; row < filter_->rowCount(); ++row) {
        shownOpen +=
            model_->isAcknowledged(filter_->mapToSource(filter_->index(row, 0)).row()) ? 0 : 1;
    }
    const int hiddenOpen = model_->openCount() - shownOpen;
    if (shownOpen != shownOpen_ || hiddenOpen != hiddenOpen_) {
        shownOpen_ = shownOpen;
        hiddenOpen_ = hiddenOpen;
        emit openCountsChanged(shownOpen, hiddenOpen);
    }
}

void AlertPanel::selectRow(int row) {
    view_->selectRow(row);
}

void AlertPanel::activateSelected() {
    const QModelIndexList rows = view_->selectionModel()->selectedRows();
    if (!rows.isEmpty()) {
        emit userActivated(model_->alertAt(filter_->mapToSource(rows.first()).row()));
    }
}

void AlertPanel::showDetails() {
    const QModelIndexList rows = view_->selectionModel()->selectedRows();
    userActivity_->setEnabled(!rows.isEmpty());
    if (rows.isEmpty()) {
        details_->clear();
        acknowledge_->setEnabled(false);
        return;
    }
    const int sourceRow = filter_->mapToSource(rows.first()).row();
    const Alert &a = model_->alertAt(sourceRow);
    QString html =
        QStringLiteral(
            "<b style='color:%1'>%2</b> <b>%3</b> — <a href='user'>%4</a><br>%5<br><i>%6</i>")
            .arg(severityColor(a.severity).name(), severityText(a.severity),
                 QString::fromStdString(a.rule).toHtmlEscaped(),
                 QString::fromStdString(a.userId).toHtmlEscaped(),
                 QString::fromStdString(a.message).toHtmlEscaped(),
                 QDateTime::fromMSecsSinceEpoch(a.eventTimeMs)
                     .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    html += QStringLiteral("<table>");
    for (const auto &[key, value] : a.evidence) {
        html += QStringLiteral("<tr><td><b>%1</b>&nbsp;</td><td>%2</td></tr>")
                    .arg(QString::fromStdString(key).toHtmlEscaped(),
                         QString::fromStdString(value).toHtmlEscaped());
    }
    html += QStringLiteral("</table>");
    if (!a.eventIds.empty()) {
        html += tr("<br>%n event(s) cited", nullptr, int(a.eventIds.size()));
    }
    details_->setHtml(html);
    const bool acknowledged = model_->isAcknowledged(sourceRow);
    acknowledge_->setEnabled(!acknowledged);
    acknowledge_->setText(acknowledged ? tr("Acknowledged") : tr("Acknowledge"));
}

QString AlertPanel::detailsText() const {
    return details_->toPlainText();
}

} // namespace trackboard
