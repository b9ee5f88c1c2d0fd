#pragma once

#include "attack_status.h"

#include <QFrame>

#include <vector>

class QHBoxLayout;
class QLabel;

namespace trackboard {

// The attacks the presenter injected, newest last, each as a chip: which attack, on which user,
// and whether the fraud detector caught it ("detected in 3.1 s by HIGH_VELOCITY") or is still
// watching. It lives in the dashboard, so full screen shows it, and hides while there is
// nothing to show.
class AttackStrip : public QFrame {
    Q_OBJECT
public:
    static constexpr std::size_t kChips = 4; // one row at 1280 px

    explicit AttackStrip(QWidget *parent = nullptr);

    void showAttacks(const std::vector<AttackStatus> &attacks);
    // The chips' texts, oldest first, for tests.
    QStringList texts() const;
    static QString attackName(Scenario scenario);
    static QString chipText(const AttackStatus &attack);

private:
    QHBoxLayout *chips_;
    QLabel *heading_;
    std::vector<QLabel *> labels_;
};

} // namespace trackboard
