#pragma once

namespace trackboard {

// The window icon and style sheet from resources/, for the dashboard and its snapshots alike.
void applyTheme();

} // namespace trackboard
