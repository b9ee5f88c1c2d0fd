#pragma once

#include <QFrame>
#include <QStringList>

#include <cstdint>

class QLabel;
class QTableWidget;

namespace trackboard {

// A titled, read-only table of figures that a snapshot already holds (channels, campaigns,
// segments): the first column names the row, the others are right-aligned numbers.
class MetricTable : public QFrame {
    Q_OBJECT
public:
    MetricTable(const QString &title, const QString &explanation, QWidget *parent = nullptr);

    // `textColumns` are left-aligned and share the spare width (their text elided when it
    // does not fit); the others are right-aligned numbers sized to their contents.
    void setHeaders(const QStringList &headers, const QList<int> &textColumns = {0});
    // Rows in display order; each as long as the headers. An empty list shows `emptyText`.
    void showRows(const QList<QStringList> &rows, const QString &emptyText);
    int rowCount() const;
    QString cell(int row, int column) const;
    QTableWidget *table() const { return table_; }

private:
    QLabel *title_;
    QLabel *empty_;
    QTableWidget *table_;
    QList<int> textColumns_;
};

// How the business tables write figures: "4,210", "3.6 %", "$1,234.50".
QString countText(std::uint64_t n);
// A distinct count the snapshot marks as an estimate reads "≈ 4,210" (docs/analytics.md).
QString countText(std::uint64_t n, bool estimated);
QString percentText(double fraction);
QString moneyText(std::int64_t cents);

} // namespace trackboard
