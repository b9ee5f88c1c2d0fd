#pragma once

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

} // namespace trackboard
