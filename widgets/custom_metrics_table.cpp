#include "custom_metrics_table.h"

#include "money.h"

#include <QFrame>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace trackboard {

namespace {

QString text(std::string_view s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QString windowText(const std::string &window) {
    if (window == "all") {
        return QObject::tr("since start");
    }
    return QObject::tr("last %1").arg(
        text(window).replace(QLatin1Char('m'), QStringLiteral(" min")));
}

QString valueText(const CustomMetricResult &m, std::int64_t value) {
    return m.money ? text(formatMoney(value)) : QLocale().toString(qlonglong(value));
}

QTableWidgetItem *cell(const QString &s, Qt::Alignment align) {
    auto *item = new QTableWidgetItem(s);
    item->setTextAlignment(align | Qt::AlignVCenter);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

} // namespace

CustomMetricsTable::CustomMetricsTable(QWidget *parent)
    : QScrollArea(parent)
    , content_(new QWidget)
    , grid_(new QGridLayout)
    , hint_(new QLabel) {
    setObjectName(QStringLiteral("customMetrics"));
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    auto *outer = new QVBoxLayout(content_);
    outer->setContentsMargins(6, 6, 6, 6);
    hint_->setWordWrap(true);
    hint_->setText(tr("No custom metrics. Start Trackboard with --metrics FILE: a short YAML file "
                      "that counts events by any field, without code (see "
                      "docs/examples/metrics.yaml). Edits to it apply at once."));
    outer->addWidget(hint_);
    outer->addLayout(grid_);
    outer->addStretch(1);
    grid_->setSpacing(10);
    grid_->setColumnStretch(0, 1);
    grid_->setColumnStretch(1, 1);
    setWidget(content_);
}

QString CustomMetricsTable::heading(int i) const {
    return tables_[std::size_t(i)].heading->text();
}

QString CustomMetricsTable::hint() const {
    return hint_->isHidden() ? QString() : hint_->text();
}

void CustomMetricsTable::rebuild(const CustomMetricsReport &report) {
    for (const MetricTable &t : tables_) {
        delete t.heading->parentWidget(); // the box holding heading and rows
    }
    tables_.clear();
    shownNames_.clear();
    for (const CustomMetricResult &m : report.metrics) {
        auto *box = new QFrame;
        box->setFrameShape(QFrame::StyledPanel);
        auto *layout = new QVBoxLayout(box);
        auto *heading = new QLabel;
        heading->setTextFormat(Qt::PlainText);
        heading->setWordWrap(true);
        QFont bold = heading->font();
        bold.setBold(true);
        heading->setFont(bold);
        auto *rows = new QTableWidget(0, 3);
        rows->setHorizontalHeaderLabels({tr("Group"), tr("Value"), tr("Share")});
        rows->verticalHeader()->hide();
        rows->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
        rows->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
        rows->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
        rows->setEditTriggers(QAbstractItemView::NoEditTriggers);
        rows->setAlternatingRowColors(true);
        rows->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        const int rowHeight = rows->fontMetrics().height() + 8;
        rows->verticalHeader()->setDefaultSectionSize(rowHeight);
        rows->setFixedHeight(rowHeight * (kShownGroups + 1) + 6);
        layout->addWidget(heading);
        layout->addWidget(rows);
        const int i = int(tables_.size());
        grid_->addWidget(box, i / 2, i % 2);
        tables_.push_back({heading, rows});
        shownNames_.push_back(m.name);
    }
}

void CustomMetricsTable::showReport(const CustomMetricsReport &report) {
    std::vector<std::string> names;
    for (const CustomMetricResult &m : report.metrics) {
        names.push_back(m.name);
    }
    if (names != shownNames_) {
        rebuild(report);
    }
    hint_->setVisible(report.metrics.empty());
    for (std::size_t i = 0; i < report.metrics.size(); ++i) {
        const CustomMetricResult &m = report.metrics[i];
        const MetricTable &t = tables_[i];
        const QString events = text(m.eventType).replace(QLatin1Char('_'), QLatin1Char(' '));
        QString what = m.kind == "sum"
                           ? tr("sum of %1 over %2 events").arg(text(m.sumField), events)
                           : tr("count of %1 events").arg(events);
        if (!m.groupBy.empty()) {
            what += tr(", by %1").arg(text(m.groupBy));
        }
        t.heading->setText(
            tr("%1 — %2: %3\n%4")
                .arg(text(m.title), windowText(m.window), valueText(m, m.total), what));
        const int shown =
            m.groupBy.empty() ? 1 : int(std::min<std::size_t>(m.groups.size(), kShownGroups));
        t.rows->setRowCount(shown);
        for (int r = 0; r < shown; ++r) {
            const bool whole = m.groupBy.empty();
            const QString key = whole ? tr("all events") : text(m.groups[std::size_t(r)].key);
            const std::int64_t value = whole ? m.total : m.groups[std::size_t(r)].value;
            const double share = m.total > 0 ? 100.0 * double(value) / double(m.total) : 0;
            t.rows->setItem(r, 0, cell(key, Qt::AlignLeft));
            t.rows->setItem(r, 1, cell(valueText(m, value), Qt::AlignRight));
            t.rows->setItem(r, 2,
                            cell(QStringLiteral("%1 %").arg(share, 0, 'f', 1), Qt::AlignRight));
        }
        t.rows->setToolTip(
            m.groups.size() > std::size_t(kShownGroups)
                ? tr("The %1 largest of %2 groups.").arg(kShownGroups).arg(m.groups.size())
                : QString());
    }
}

} // namespace trackboard
