#pragma once

#include "custom_metrics.h"

#include <QScrollArea>

class QGridLayout;
class QLabel;
class QTableWidget;

namespace trackboard {

// The dashboard's "Custom metrics" tab: one small table per metric of the --metrics file
// (group, value, share of the total), titled with the metric's window and total. It shows what
// the snapshot holds and computes nothing but shares. The tables are rebuilt only when the
// file's metrics change; otherwise their rows are refilled in place.
class CustomMetricsTable : public QScrollArea {
    Q_OBJECT
public:
    static constexpr int kShownGroups = 10;

    explicit CustomMetricsTable(QWidget *parent = nullptr);

    void showReport(const CustomMetricsReport &report);

    int tableCount() const { return int(tables_.size()); }
    QTableWidget *table(int i) const { return tables_[std::size_t(i)].rows; }
    QString heading(int i) const;
    QString hint() const;

private:
    struct MetricTable {
        QLabel *heading;
        QTableWidget *rows;
    };
    void rebuild(const CustomMetricsReport &report);

    QWidget *content_;
    QGridLayout *grid_;
    QLabel *hint_;
    std::vector<MetricTable> tables_;
    std::vector<std::string> shownNames_; // of the tables built, to know when to rebuild
};

} // namespace trackboard
