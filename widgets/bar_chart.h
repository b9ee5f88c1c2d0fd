#pragma once

#include <QChartView>
#include <QStringList>

class QBarCategoryAxis;
class QBarSet;
class QValueAxis;

namespace trackboard {

// A ranking as horizontal bars, largest on top: top pages, top products, countries, cities.
// Clicking a bar emits its label, for click-through. A short chart shows the top of the ranking:
// as many bars as leave each label a whole line.
class BarChart : public QChartView {
    Q_OBJECT
public:
    BarChart(const QString &title, const QString &explanation, QWidget *parent = nullptr);

    // `labels` and `values` in rank order, most first; `valueName` names the bars in the legend.
    void showBars(const QStringList &labels, const QList<qreal> &values, const QString &valueName);
    void setTitle(const QString &title);
    QStringList labels() const { return labels_; }
    QList<qreal> values() const { return values_; }
    // How many of them are drawn: the first ones, as many as the height has room for.
    int shownBars() const { return shown_; }

signals:
    void barClicked(const QString &label);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void drawBars();
    int barsThatFit() const;

    QBarSet *set_;
    QBarCategoryAxis *axisY_;
    QValueAxis *axisX_;
    QStringList labels_;
    QList<qreal> values_;
    int shown_ = 0;
};

} // namespace trackboard
