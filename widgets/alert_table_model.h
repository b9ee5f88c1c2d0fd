#pragma once

#include "alert.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QTimer>

#include <deque>
#include <vector>

namespace trackboard {

// The fraud alerts the dashboard lists, newest first, capped so a long demo cannot grow it
// without bound. Alerts can be acknowledged (the check box in the time column); new HIGH and
// CRITICAL alerts are highlighted long enough for a presenter to turn round and point at them.
class AlertTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // Summary is rule and user on one line and the message below, so that a narrow table
    // shows all three without a horizontal scroll bar.
    enum Column { Time, Severity, Rule, User, Message, Summary, ColumnCount };
    enum Role { SeverityRole = Qt::UserRole + 1, RuleRole, AcknowledgedRole, FlashingRole };
    static constexpr int kMaxAlerts = 2000;
    // Each highlighted row stays so this long after it arrived, whatever arrives after it.
    static constexpr int kFlashMs = 10'000;

    explicit AlertTableModel(QObject *parent = nullptr);
    // Tests shorten the highlight; the dashboard keeps kFlashMs.
    void setFlashMs(int ms) { flashMs_ = ms; }

    void addAlerts(const std::vector<Alert> &alerts);
    void clear();
    const Alert &alertAt(int row) const { return rows_[std::size_t(row)].alert; }
    bool isAcknowledged(int row) const { return rows_[std::size_t(row)].acknowledged; }
    bool isFlashing(int row) const { return rows_[std::size_t(row)].flashing; }
    void acknowledge(int row);
    // Alerts listed and not yet acknowledged.
    int openCount() const { return open_; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

signals:
    void openCountChanged(int open);
    // The newest HIGH or CRITICAL alert of a batch, when its highlight starts.
    void seriousAlertArrived(const trackboard::Alert &alert);

private:
    struct Row {
        Alert alert;
        bool acknowledged = false;
        bool flashing = false;
        qint64 flashEndMs = 0; // on clock_
    };
    // Ends the highlights that are due and waits for the next one.
    void endFlash();

    std::deque<Row> rows_;
    int open_ = 0;
    int flashMs_ = kFlashMs;
    QElapsedTimer clock_;
    QTimer flashTimer_;
};

} // namespace trackboard
