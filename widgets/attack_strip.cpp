#include "attack_strip.h"

#include <QHBoxLayout>
#include <QLabel>

namespace trackboard {

namespace {
QString seconds(std::int64_t ms) {
    return AttackStrip::tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', ms < 10'000 ? 1 : 0);
}

// Attack caught: green. Still watching: blue. Waiting for traffic, or a legitimate spike that
// raised an alert: amber. Colours of their own, readable in both themes.
const char *chipColours(const AttackStatus &a) {
    using State = AttackStatus::State;
    if (a.state == State::WaitingForTraffic || (a.legitimate() && a.state == State::Detected)) {
        return "background: #f9a825; color: black;";
    }
    if (a.state == State::Detected || a.legitimate()) {
        return "background: #2e7d32; color: white;";
    }
    return "background: #1565c0; color: white;";
}
} // namespace

AttackStrip::AttackStrip(QWidget *parent)
    : QFrame(parent)
    , chips_(new QHBoxLayout(this))
    , heading_(new QLabel(tr("Attacks:"))) {
    setObjectName(QStringLiteral("attackStrip"));
    chips_->setContentsMargins(0, 0, 0, 0);
    chips_->setSpacing(6);
    QFont bold = heading_->font();
    bold.setBold(true);
    heading_->setFont(bold);
    chips_->addWidget(heading_);
    for (std::size_t i = 0; i < kChips; ++i) {
        auto *label = new QLabel;
        label->setObjectName(QStringLiteral("attackChip"));
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        // Chips share the width and wrap, so that they never widen the window.
        label->setWordWrap(true);
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        chips_->addWidget(label, 1);
        labels_.push_back(label);
    }
    setToolTip(tr("Each attack you triggered, the user it targets, and how long the fraud "
                  "detector took to raise an alert on that user."));
    hide();
}

QString AttackStrip::attackName(Scenario scenario) {
    switch (scenario) {
    case Scenario::Bot:
        return tr("Bot attack");
    case Scenario::AccountTakeover:
        return tr("Account takeover");
    case Scenario::CardTesting:
        return tr("Card testing");
    case Scenario::ImpossibleTravel:
        return tr("Impossible travel");
    case Scenario::HighValue:
        return tr("High value");
    case Scenario::FlashSale:
        return tr("Flash sale");
    }
    return {};
}

QString AttackStrip::chipText(const AttackStatus &a) {
    using State = AttackStatus::State;
    const QString who =
        a.users > 1 ? tr("%1 and %L2 more").arg(QString::fromStdString(a.userId)).arg(a.users - 1)
                    : QString::fromStdString(a.userId);
    QString what;
    if (a.state == State::WaitingForTraffic) {
        what = tr("waiting: traffic is stopped, press Start traffic");
    } else if (a.state == State::Detected) {
        what = (a.legitimate() ? tr("alert after %1: %2 %3 (a false alarm)")
                               : tr("✔ detected in %1: %2 %3"))
                   .arg(seconds(a.detectedAfterMs), QString::fromStdString(a.rule),
                        QString::fromLatin1(severityName(a.severity).data()));
    } else if (a.legitimate()) {
        what = tr("legitimate: no alert after %1").arg(seconds(a.elapsedMs));
    } else {
        what = tr("injected %1 ago, watching…").arg(seconds(a.elapsedMs));
    }
    return tr("%1 → %2 · %3").arg(attackName(a.scenario), who, what);
}

void AttackStrip::showAttacks(const std::vector<AttackStatus> &attacks) {
    // The latest kChips, oldest first; unused places stay empty so that each chip keeps its
    // share of the width.
    const std::size_t first = attacks.size() > kChips ? attacks.size() - kChips : 0;
    for (std::size_t i = 0; i < kChips; ++i) {
        QLabel *label = labels_[i];
        if (first + i < attacks.size()) {
            const AttackStatus &a = attacks[first + i];
            label->setText(chipText(a));
            label->setStyleSheet(
                QStringLiteral("QLabel { %1 border-radius: 3px; padding: 2px 6px; }")
                    .arg(QLatin1String(chipColours(a))));
        } else {
            label->clear();
            label->setStyleSheet(QString());
        }
    }
    setVisible(!attacks.empty());
}

QStringList AttackStrip::texts() const {
    QStringList out;
    for (const QLabel *label : labels_) {
        if (!label->text().isEmpty()) {
            out << label->text();
        }
    }
    return out;
}

} // namespace trackboard
