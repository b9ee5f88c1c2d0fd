#pragma once

#include <QWidget>

class QSlider;
class QSpinBox;

namespace trackboard {

// The traffic rate, 1 to 1,000,000 events a second: a slider on a log scale (each notch of the
// same length multiplies the rate), and a box to type an exact number. The top is above what two
// cores carry: the throttle holds the simulator to what the consumers read, and the pipeline
// panel says so, so a rate asked on the command line (`--rate 250000`) shows here as asked.
class RateControl : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxRate = 1'000'000;
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
