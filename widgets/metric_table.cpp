#include "metric_table.h"
#include "experiment_headline.h"
#include "money.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace trackboard {

QString countText(std::uint64_t n) {
    return QString::fromStdString(groupedCount(n));
}

QString countText(std::uint64_t n, bool estimated) {
    return estimated ? QStringLiteral("≈ ") + countText(n) : countText(n);
}

QString percentText(double fraction) {
    return QStringLiteral("%1 %").arg(100 * fraction, 0, 'f', 1);
}

QString moneyText(std::int64_t cents) {
    return QString::fromStdString(formatMoney(cents));
}

MetricTable::MetricTable(const QString &title, const QString &explanation, QWidget *parent)
    : QFrame(parent)
    , title_(new QLabel(title))
    , empty_(new QLabel)
    , table_(new QTableWidget) {
    setFrameShape(QFrame::StyledPanel);
    setToolTip(explanation);
    QFont bold = title_->font();
    bold.setBold(true);
    title_->setFont(bold);
    title_->setAlignment(Qt::AlignHCenter);
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setEnabled(false); // the palette's grey: "nothing yet" is not a figure
    empty_->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionMode(QAbstractItemView::NoSelection);
    table_->setFocusPolicy(Qt::NoFocus);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->setAlternatingRowColors(true);
    table_->setShowGrid(false);
    table_->setTextElideMode(Qt::ElideRight);
    table_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table_->setWordWrap(false);
    table_->horizontalHeader()->setHighlightSections(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    layout->addWidget(title_);
    layout->addWidget(table_, 1);
    layout->addWidget(empty_, 1);
    setMinimumSize(220, 110);
}

void MetricTable::setHeaders(const QStringList &headers, const QList<int> &textColumns) {
    textColumns_ = textColumns;
    table_->setColumnCount(int(headers.size()));
    table_->setHorizontalHeaderLabels(headers);
    QHeaderView *header = table_->horizontalHeader();
    for (int c = 0; c < headers.size(); ++c) {
        const bool text = textColumns.contains(c);
        header->setSectionResizeMode(c,
                                     text ? QHeaderView::Stretch : QHeaderView::ResizeToContents);
        table_->horizontalHeaderItem(c)->setTextAlignment((text ? Qt::AlignLeft : Qt::AlignRight) |
                                                          Qt::AlignVCenter);
    }
}

void MetricTable::showRows(const QList<QStringList> &rows, const QString &emptyText) {
    table_->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        for (int c = 0; c < table_->columnCount(); ++c) {
            auto *item = new QTableWidgetItem(c < rows[r].size() ? rows[r][c] : QString());
            item->setTextAlignment(textColumns_.contains(c) ? Qt::AlignLeft | Qt::AlignVCenter
                                                            : Qt::AlignRight | Qt::AlignVCenter);
            item->setToolTip(item->text()); // the whole text where the cell elides it
            table_->setItem(r, c, item);
        }
    }
    empty_->setText(emptyText);
    empty_->setVisible(rows.isEmpty());
    table_->setVisible(!rows.isEmpty());
}

int MetricTable::rowCount() const {
    return table_->rowCount();
}

QString MetricTable::cell(int row, int column) const {
    const QTableWidgetItem *item = table_->item(row, column);
    return item == nullptr ? QString() : item->text();
}

} // namespace trackboard
