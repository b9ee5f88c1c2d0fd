#include "experiment_card.h"
#include "experiment_headline.h"
#include "metric_table.h"

#include <QLabel>
#include <QVBoxLayout>

#include <cmath>

namespace trackboard {

ExperimentCard::ExperimentCard(QWidget *parent)
    : QFrame(parent)
    , title_(new QLabel)
    , headline_(new QLabel)
    , note_(new QLabel)
    , variants_(new MetricTable(QString(), QString())) {
    setFrameShape(QFrame::StyledPanel);
    setToolTip(tr("Conversion = users who purchased / users in the variant. Lift and its 95 % "
                  "interval are relative to the control; p is a two-sided two-proportion "
                  "z-test. Decide the sample size before looking: watching a running test "
                  "and stopping at the first p < 0.05 inflates false positives."));
    QFont bold = title_->font();
    bold.setBold(true);
    title_->setFont(bold);
    title_->setAlignment(Qt::AlignHCenter);
    headline_->setObjectName(QStringLiteral("experimentHeadline"));
    QFont big = headline_->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    headline_->setFont(big);
    headline_->setAlignment(Qt::AlignCenter);
    headline_->setWordWrap(true);
    note_->setAlignment(Qt::AlignCenter);
    note_->setWordWrap(true);
    note_->setEnabled(false);
    variants_->setFrameShape(QFrame::NoFrame);
    variants_->setMinimumHeight(70); // the header and two variants: the card must fit a laptop
    // Short headers: the card shares the tab's width with the channels table on a laptop.
    variants_->setHeaders(
        {tr("Variant"), tr("Users"), tr("Buyers"), tr("Conversion"), tr("Per user"), tr("Lift")});
    variants_->setToolTip(tr("Buyers: users who purchased. Per user: revenue per user."));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(title_);
    layout->addWidget(headline_);
    layout->addWidget(note_);
    layout->addWidget(variants_, 1);
    showExperiments({});
}

QString ExperimentCard::headline() const {
    return headline_->text();
}

void ExperimentCard::showExperiments(const ExperimentReport &report) {
    if (report.experiments.empty()) {
        title_->setText(tr("A/B experiment"));
        headline_->setText(tr("No experiment running"));
        headline_->setEnabled(false);
        note_->setText(tr("Events that carry \"experiment\": {id, variant} show up here."));
        variants_->showRows({}, QString());
        collecting_ = true;
        return;
    }
    const ExperimentResult &e = report.experiments.front();
    title_->setText(tr("A/B experiment: %1").arg(QString::fromStdString(e.id)));
    collecting_ = !experimentHasResult(e);
    headline_->setText(QString::fromStdString(experimentHeadline(e)));
    headline_->setEnabled(!collecting_); // grey until there is enough data to say anything
    note_->setText(collecting_ ? tr("A result needs %1 users and %2 purchases in each variant.")
                                     .arg(kMinUsersPerArm)
                                     .arg(kMinConversionsPerArm)
                               : tr("Lift relative to the control's conversion; decide the "
                                    "sample size up front, do not stop at the first p < 0.05."));
    QList<QStringList> rows;
    for (const VariantResult &v : e.variants) {
        const QString lift =
            v.control ? tr("control")
                      : QStringLiteral("%1%2 %")
                            .arg(v.vsControl.relativeLift > 0 ? QStringLiteral("+") : QString())
                            .arg(std::lround(v.vsControl.relativeLift * 100));
        rows.append({QString::fromStdString(v.name), countText(v.users, v.estimated),
                     countText(v.convertingUsers, v.estimated), percentText(v.conversion()),
                     moneyText(std::llround(v.revenuePerUserCents())), lift});
    }
    variants_->showRows(rows, QString());
}

} // namespace trackboard
