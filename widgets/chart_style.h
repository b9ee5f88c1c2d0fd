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
// Puts a chart's legend under the plot when its entries fit on one line there, and to the right
// of it, one entry a line, when they do not: Qt Charts cuts an entry that lacks room to
// "page…" rather than wrap the line. When neither has room for every entry, the legend's font
// steps down to three quarters of the text's. Charts call it when resized, and restyleChart()
// after a theme or text size switch.
void fitLegend(QChart *chart);
// The chart's legend stays to the right of the plot whatever fitLegend() finds (a donut's: its
// entries are the slices' labels, read beside the ring).
void keepLegendBeside(QChart *chart);

// Eight distinct hues readable on the dark and the light theme, for charts that need more
// colours than a chart theme's five, or more distinct ones than its shades of one colour. A chart
// theme switch resets series colours, so charts set these again when they update.
enum class ChartColor : std::size_t { Blue, Orange, Green, Red, Purple, Cyan, Yellow, Grey };
inline constexpr std::size_t kChartColorCount = 8;
QColor chartColor(ChartColor colour);
// The palette in order, repeating: for slices and other unnamed series.
QColor chartColor(std::size_t index);

} // namespace trackboard
