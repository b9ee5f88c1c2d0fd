#include "attack_strip.h"

#include <QEvent>
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
        // Chips share the width and stay one line, so that they never widen the window nor
        // take the charts' height (three wrapped lines did under large text at 1366 px).
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        label->hide();
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

QString AttackStrip::shortAttackName(Scenario scenario) {
    switch (scenario) {
    case Scenario::Bot:
        return tr("Bot");
    case Scenario::AccountTakeover:
        return tr("Takeover");
    case Scenario::CardTesting:
        return tr("Cards");
    case Scenario::ImpossibleTravel:
        return tr("Travel");
    case Scenario::HighValue:
        return tr("High value");
    case Scenario::FlashSale:
        return tr("Sale");
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

QString AttackStrip::shorterChipText(const AttackStatus &a, int level) {
    using State = AttackStatus::State;
    const QString who = QString::fromStdString(a.userId);
    QString what;
    if (level <= 1) {
        if (a.state == State::WaitingForTraffic) {
            what = tr("waiting: press Start traffic");
        } else if (a.state == State::Detected) {
            what = a.legitimate() ? tr("alert after %1 (a false alarm)") : tr("✔ detected in %1");
            what = what.arg(seconds(a.detectedAfterMs));
        } else {
            what = (a.legitimate() ? tr("no alert after %1") : tr("watching… %1"))
                       .arg(seconds(a.elapsedMs));
        }
        return tr("%1 → %2 · %3").arg(attackName(a.scenario), who, what);
    }
    if (a.state == State::WaitingForTraffic) {
        what = tr("waiting");
    } else if (a.state == State::Detected) {
        what = (a.legitimate() ? tr("⚠ %1") : tr("✔ %1")).arg(seconds(a.detectedAfterMs));
    } else if (a.legitimate()) {
        what = tr("no alert");
    } else {
        what = tr("… %1").arg(seconds(a.elapsedMs));
    }
    if (level >= 3) {
        return tr("%1 → %2 %3").arg(shortAttackName(a.scenario), who, what);
    }
    return tr("%1 → %2 %3").arg(attackName(a.scenario), who, what);
}

void AttackStrip::showAttacks(const std::vector<AttackStatus> &attacks) {
    // The latest kChips, oldest first; unused places stay empty so that each chip keeps its
    // share of the width.
    const std::size_t first = attacks.size() > kChips ? attacks.size() - kChips : 0;
    shown_.assign(attacks.begin() + std::ptrdiff_t(first), attacks.end());
    for (std::size_t i = 0; i < kChips; ++i) {
        QLabel *label = labels_[i];
        if (i < shown_.size()) {
            const AttackStatus &a = shown_[i];
            label->setToolTip(chipText(a));
            label->setStyleSheet(
                QStringLiteral("QLabel { %1 border-radius: 3px; padding: 2px 6px; }")
                    .arg(QLatin1String(chipColours(a))));
        } else {
            label->clear();
            label->setStyleSheet(QString());
        }
        label->setVisible(i < shown_.size());
    }
    fitChips();
    setVisible(!attacks.empty());
}

void AttackStrip::fitChips() {
    if (shown_.empty()) {
        return;
    }
    // The chips in use share what the heading leaves; each takes the longest form that fits.
    const int count = int(shown_.size());
    const int spacing = chips_->spacing();
    const int padding = 14; // the chips' style sheet: 6 px each side, and a pixel of slack
    const int share =
        (contentsRect().width() - heading_->sizeHint().width() - spacing * count) / count - padding;
    for (int i = 0; i < count; ++i) {
        QLabel *label = labels_[std::size_t(i)];
        const QFontMetrics metrics = label->fontMetrics();
        const AttackStatus &a = shown_[std::size_t(i)];
        QString text = chipText(a);
        for (int level = 1; level <= 3 && metrics.horizontalAdvance(text) > share; ++level) {
            text = shorterChipText(a, level);
        }
        label->setText(metrics.elidedText(text, Qt::ElideRight, std::max(share, 0)));
    }
}

void AttackStrip::resizeEvent(QResizeEvent *event) {
    QFrame::resizeEvent(event);
    fitChips();
}

void AttackStrip::changeEvent(QEvent *event) {
    QFrame::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        fitChips();
    }
}

QStringList AttackStrip::texts() const {
    QStringList out;
    for (const AttackStatus &a : shown_) {
        out << chipText(a);
    }
    return out;
}

QStringList AttackStrip::shownTexts() const {
    QStringList out;
    for (std::size_t i = 0; i < shown_.size(); ++i) {
        out << labels_[i]->text();
    }
    return out;
}

} // namespace trackboard
