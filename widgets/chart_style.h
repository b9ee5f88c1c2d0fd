#pragma once

#include <QColor>

#include <cstddef>

class QChart;
class QChartView;

namespace trackboard {

// One look for every dashboard chart: no animation (streaming data must not move on its own),
// tight margins, and the chart theme that matches the application's dark or light palette.
void styleChart(QChart *chart);
void setChartsDark(bool dark);
bool chartsDark();
// Re-applies the current theme to a chart that already exists (after a theme switch).
void restyleChart(QChartView *view);

// Eight distinct hues readable on the dark and the light theme, for charts that need more
// colours than a chart theme's five, or more distinct ones than its shades of one colour. A chart
// theme switch resets series colours, so charts set these again when they update.
enum class ChartColor : std::size_t { Blue, Orange, Green, Red, Purple, Cyan, Yellow, Grey };
inline constexpr std::size_t kChartColorCount = 8;
QColor chartColor(ChartColor colour);
// The palette in order, repeating: for slices and other unnamed series.
QColor chartColor(std::size_t index);

} // namespace trackboard
