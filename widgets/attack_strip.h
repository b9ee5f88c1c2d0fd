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
// nothing to show. It is always one line tall: the chips in use share the width, and a chip too
// narrow for its sentence says it in fewer words, the whole sentence in its tooltip.
class AttackStrip : public QFrame {
    Q_OBJECT
public:
    static constexpr std::size_t kChips = 4; // one row at 1280 px

    explicit AttackStrip(QWidget *parent = nullptr);

    void showAttacks(const std::vector<AttackStatus> &attacks);
    // The chips' whole sentences, oldest first, for tests.
    QStringList texts() const;
    // What the chips show, in as many words as their width allows.
    QStringList shownTexts() const;
    static QString attackName(Scenario scenario);
    static QString chipText(const AttackStatus &attack);
    // One word for the attack, for the narrowest chips.
    static QString shortAttackName(Scenario scenario);
    // chipText() in fewer words: 1 leaves out the rule, 2 keeps the attack, user and outcome,
    // 3 the same with the attack in one word.
    static QString shorterChipText(const AttackStatus &attack, int level);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void fitChips();

    QHBoxLayout *chips_;
    QLabel *heading_;
    std::vector<QLabel *> labels_;
    std::vector<AttackStatus> shown_; // what labels_ show, oldest first
};

} // namespace trackboard
