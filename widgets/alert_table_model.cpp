#include "alert_table_model.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>

namespace trackboard {

namespace {

QColor severityColor(trackboard::Severity severity) {
    switch (severity) {
    case trackboard::Severity::Low:
        return QColor(0x2f, 0x80, 0xed);
    case trackboard::Severity::Medium:
        return QColor(0xe2, 0xa1, 0x00);
    case trackboard::Severity::High:
        return QColor(0xd6, 0x30, 0x31);
    case trackboard::Severity::Critical:
        return QColor(0x8e, 0x24, 0xaa);
    }
    return {};
}

} // namespace

AlertTableModel::AlertTableModel(QObject *parent)
    : QAbstractTableModel(parent) {}

void AlertTableModel::addAlerts(const std::vector<Alert> &alerts) {
    if (alerts.empty()) {
        return;
    }
    const int incoming = std::min<int>(int(alerts.size()), kMaxAlerts);
    beginInsertRows({}, 0, incoming - 1);
    for (auto it = alerts.end() - incoming; it != alerts.end(); ++it) {
        alerts_.push_front(*it);
    }
    endInsertRows();
    if (alerts_.size() > std::size_t(kMaxAlerts)) {
        beginRemoveRows({}, kMaxAlerts, int(alerts_.size()) - 1);
        alerts_.resize(kMaxAlerts);
        endRemoveRows();
    }
}

void AlertTableModel::clear() {
    beginResetModel();
    alerts_.clear();
    endResetModel();
}

int AlertTableModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(alerts_.size());
}

int AlertTableModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertTableModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Alert &a = alerts_[std::size_t(index.row())];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Time:
            return QDateTime::fromMSecsSinceEpoch(a.eventTimeMs)
                .toString(QStringLiteral("HH:mm:ss"));
        case Severity: {
            const auto name = severityName(a.severity);
            return QString::fromLatin1(name.data(), qsizetype(name.size()));
        }
        case Rule:
            return QString::fromStdString(a.rule);
        case User:
            return QString::fromStdString(a.userId);
        case Message:
            return QString::fromStdString(a.message);
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Severity) {
        return QBrush(severityColor(a.severity));
    }
    if (role == Qt::ToolTipRole) {
        QString evidence;
        for (const auto &[key, value] : a.evidence) {
            evidence += QStringLiteral("%1: %2\n")
                            .arg(QString::fromStdString(key), QString::fromStdString(value));
        }
        return evidence.trimmed();
    }
    return {};
}

QVariant AlertTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    static const char *kHeaders[] = {"Time", "Severity", "Rule", "User", "Message"};
    return section >= 0 && section < ColumnCount ? tr(kHeaders[section]) : QVariant();
}

} // namespace trackboard
