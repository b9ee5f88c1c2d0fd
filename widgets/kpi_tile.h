#pragma once

#include <QFrame>

class QLabel;

namespace trackboard {

// One headline number with its title and a trend arrow against the previous value.
class KpiTile : public QFrame {
    Q_OBJECT
public:
    KpiTile(const QString &title, const QString &explanation, QWidget *parent = nullptr);

    // `display` is what the audience reads; `value` decides the trend arrow.
    void setValue(const QString &display, double value);
    QString displayedText() const;
    QString trendText() const;

private:
    QLabel *title_;
    QLabel *value_;
    QLabel *trend_;
    double previous_ = 0;
    bool hasPrevious_ = false;
};

} // namespace trackboard
