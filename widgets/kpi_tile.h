#pragma once

#include <QColor>
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
    // Whether a rise is good news (revenue) or bad (open alerts): it decides the arrow's colour,
    // so that green always means good.
    void setHigherIsBetter(bool better) { higherIsBetter_ = better; }
    QString displayedText() const;
    QString trendText() const;
    QColor trendColor() const;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    // A value wider than the tile (large text, a narrow window) is drawn smaller, never cut.
    void fitValue();

    QLabel *title_;
    QLabel *value_;
    QLabel *trend_;
    double previous_ = 0;
    bool hasPrevious_ = false;
    bool higherIsBetter_ = true;
};

} // namespace trackboard
