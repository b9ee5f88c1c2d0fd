#pragma once

#include <QWidget>

class QSlider;
class QSpinBox;

namespace trackboard {

// The traffic rate, 1 to 100,000 events a second: a slider on a log scale (each notch of the
// same length multiplies the rate), and a box to type an exact number.
class RateControl : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxRate = 100'000;
    explicit RateControl(int rate, QWidget *parent = nullptr);

    int rate() const;
    void setRate(int rate);
    QSlider *slider() const { return slider_; }
    QSpinBox *box() const { return box_; }

    static int sliderToRate(int position);

protected:
    // Space is never part of a number: the box lets it through to the window's Space shortcut
    // (start/stop traffic) instead of typing it.
    bool eventFilter(QObject *watched, QEvent *event) override;

public:
    static int rateToSlider(int rate);

signals:
    void rateChanged(int rate);

private:
    QSlider *slider_;
    QSpinBox *box_;
};

} // namespace trackboard
