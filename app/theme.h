#pragma once

namespace trackboard {

// The look of the dashboard and its snapshots: Fusion style, a dark or light palette, the style
// sheet from resources/, and a font scale for presenting on a projector (1.0 normal).
void applyTheme(bool dark = false, double fontScale = 1.0);
bool themeIsDark();
double themeFontScale();

} // namespace trackboard
