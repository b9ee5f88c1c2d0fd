#include "geo_chart.h"
#include "bar_chart.h"

#include <QPushButton>
#include <QVBoxLayout>

namespace trackboard {

namespace {
constexpr int kShownPlaces = 10;
}

GeoChart::GeoChart(QWidget *parent)
    : QWidget(parent)
    , bars_(new BarChart(tr("Events by country"),
                         tr("Where the activity comes from. Click a country to see its cities.")))
    , back_(new QPushButton(tr("◀ All countries"))) {
    back_->setObjectName(QStringLiteral("geoBack"));
    back_->setToolTip(tr("Back to the list of countries."));
    back_->setVisible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(back_, 0, Qt::AlignLeft);
    layout->addWidget(bars_, 1);
    connect(bars_, &BarChart::barClicked, this, [this](const QString &label) {
        if (country_.isEmpty()) {
            drillInto(label);
        }
    });
    connect(back_, &QPushButton::clicked, this, [this] { drillInto(QString()); });
}

void GeoChart::showWindow(const WindowMetrics &metrics) {
    countries_ = metrics.countries;
    cities_ = metrics.cities;
    redraw();
}

void GeoChart::drillInto(const QString &country) {
    country_ = country;
    back_->setVisible(!country_.isEmpty());
    redraw();
}

void GeoChart::redraw() {
    QStringList labels;
    QList<qreal> values;
    const std::string code = country_.toStdString();
    for (const GeoEntry &entry : country_.isEmpty() ? countries_ : cities_) {
        if (labels.size() == kShownPlaces) {
            break;
        }
        if (!country_.isEmpty() && entry.country != code) {
            continue;
        }
        labels << QString::fromStdString(entry.key);
        values << qreal(entry.events);
    }
    bars_->setTitle(country_.isEmpty() ? tr("Events by country")
                                       : tr("Events by city in %1").arg(country_));
    bars_->showBars(labels, values, tr("events"));
}

} // namespace trackboard
