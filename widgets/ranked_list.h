#pragma once

#include <QList>
#include <QString>
#include <QWidget>

namespace trackboard {

struct RankedRow {
    QString label;
    QString value;
    qreal fraction = 0; // bar length, 0..1 of the widest
    bool operator==(const RankedRow &) const = default;
};

// A titled ranking drawn as text rows over proportional bars: journeys, features, trends. It
// shows what it is given, as many rows as fit, and a sentence when there is nothing.
class RankedList : public QWidget {
    Q_OBJECT
public:
    RankedList(const QString &title, const QString &explanation, QWidget *parent = nullptr);

    void showRows(const QList<RankedRow> &rows, const QString &emptyText);
    QList<RankedRow> rows() const { return rows_; }
    QString emptyText() const { return emptyText_; }
    QString title() const { return title_; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString title_;
    QList<RankedRow> rows_;
    QString emptyText_;
};

} // namespace trackboard
