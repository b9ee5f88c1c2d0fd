#include "rate_control.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>

#include <cmath>

namespace trackboard {

namespace {
constexpr int kSteps = 600; // slider positions across six decades
}

int RateControl::sliderToRate(int position) {
    const double decades = std::log10(double(kMaxRate));
    return std::clamp(int(std::lround(std::pow(10.0, decades * position / kSteps))), 1, kMaxRate);
}

int RateControl::rateToSlider(int rate) {
    const double decades = std::log10(double(kMaxRate));
    return int(std::lround(std::log10(double(std::clamp(rate, 1, kMaxRate))) / decades * kSteps));
}

RateControl::RateControl(int rate, QWidget *parent)
    : QWidget(parent)
    , slider_(new QSlider(Qt::Horizontal))
    , box_(new QSpinBox) {
    setObjectName(QStringLiteral("rateControl"));
    slider_->setObjectName(QStringLiteral("rateSlider"));
    slider_->setRange(0, kSteps);
    slider_->setMinimumWidth(140);
    box_->setObjectName(QStringLiteral("rateBox"));
    box_->setRange(1, kMaxRate);
    box_->setSuffix(tr(" ev/s"));
    box_->setGroupSeparatorShown(true);
    box_->setAccelerated(true);
    // Wide enough for the largest rate, so the toolbar never shifts as the number changes.
    box_->setMinimumWidth(box_->fontMetrics().horizontalAdvance(QStringLiteral("1,000,000 ev/s")) +
                          40);
    const QString tip = tr("How many user actions the simulator sends each second. Drag for "
                           "big changes (1 to 1,000,000), or type an exact number.");
    slider_->setToolTip(tip);
    box_->setToolTip(tip);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(slider_, 1);
    layout->addWidget(box_);
    setRate(rate);
    box_->installEventFilter(this);
    connect(slider_, &QSlider::valueChanged, this, [this](int position) {
        const QSignalBlocker block(box_);
        box_->setValue(sliderToRate(position));
        emit rateChanged(box_->value());
    });
    connect(box_, &QSpinBox::valueChanged, this, [this](int value) {
        const QSignalBlocker block(slider_);
        slider_->setValue(rateToSlider(value));
        emit rateChanged(value);
    });
}

bool RateControl::eventFilter(QObject *watched, QEvent *event) {
    if (watched == box_ &&
        (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress) &&
        static_cast<QKeyEvent *>(event)->key() == Qt::Key_Space) {
        // Filtered, so the box never sees it, and left unaccepted: a ShortcutOverride then lets
        // the window's shortcut fire, and a bare key press (no shortcut) types nothing.
        event->ignore();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

int RateControl::rate() const {
    return box_->value();
}

void RateControl::setRate(int rate) {
    const QSignalBlocker blockSlider(slider_);
    const QSignalBlocker blockBox(box_);
    box_->setValue(rate);
    slider_->setValue(rateToSlider(rate));
}

} // namespace trackboard
