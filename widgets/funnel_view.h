#pragma once

#include "analytics_snapshot.h"

#include <QWidget>

namespace trackboard {

// The shopping funnel of the selected window: one bar per stage, its width the share of the
// first stage's users, with distinct users, conversion from the stage before and drop-off.
class FunnelView : public QWidget {
    Q_OBJECT
public:
    explicit FunnelView(QWidget *parent = nullptr);

    void showFunnel(const std::array<FunnelStage, kFunnelStages.size()> &stages,
                    const QString &windowName);
    // The text drawn beside stage `index`, for tests and exports.
    QString stageText(int index) const;
    // stageText(), or a shorter form of it that fits `width` pixels.
    QString fittedStageText(int index, int width) const;
    QString stageName(int index) const;
    const std::array<FunnelStage, kFunnelStages.size()> &stages() const { return stages_; }
    QString windowName() const { return windowName_; }

    // How many stages are drawn whole at the current size: all five whenever the widget has at
    // least its minimum size.
    int shownStages() const;
    // True when each stage takes one line (name, bar, and the figures on the bar): the funnel
    // is too short for a line of figures under each bar.
    bool compact() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int top() const;
    int rowHeight() const;

    std::array<FunnelStage, kFunnelStages.size()> stages_{};
    QString windowName_;
};

} // namespace trackboard
