#include "alert_table_model.h"
#include "severity_style.h"

#include <QBrush>
#include <QDateTime>
#include <QFont>

namespace trackboard {

AlertTableModel::AlertTableModel(QObject *parent)
    : QAbstractTableModel(parent) {
    flashTimer_.setSingleShot(true);
    clock_.start();
    connect(&flashTimer_, &QTimer::timeout, this, &AlertTableModel::endFlash);
}

void AlertTableModel::addAlerts(const std::vector<Alert> &alerts) {
    if (alerts.empty()) {
        return;
    }
    const int incoming = std::min<int>(int(alerts.size()), kMaxAlerts);
    const Alert *newestSerious = nullptr;
    const qint64 flashEnd = clock_.elapsed() + flashMs_;
    beginInsertRows({}, 0, incoming - 1);
    for (auto it = alerts.end() - incoming; it != alerts.end(); ++it) {
        const bool serious = it->severity >= trackboard::Severity::High;
        rows_.push_front(Row{*it, false, serious, serious ? flashEnd : 0});
        newestSerious = serious ? &*it : newestSerious;
    }
    open_ += incoming;
    endInsertRows();
    if (rows_.size() > std::size_t(kMaxAlerts)) {
        beginRemoveRows({}, kMaxAlerts, int(rows_.size()) - 1);
        for (auto it = rows_.begin() + kMaxAlerts; it != rows_.end(); ++it) {
            open_ -= it->acknowledged ? 0 : 1;
        }
        rows_.resize(kMaxAlerts);
        endRemoveRows();
    }
    if (newestSerious) {
        if (!flashTimer_.isActive()) { // else it is due earlier, for an older row
            flashTimer_.start(flashMs_);
        }
        emit seriousAlertArrived(*newestSerious);
    }
    emit openCountChanged(open_);
}

void AlertTableModel::endFlash() {
    const qint64 now = clock_.elapsed();
    qint64 next = -1;
    int first = -1;
    int last = -1;
    for (std::size_t i = 0; i < rows_.size(); ++i) {
        Row &row = rows_[i];
        if (!row.flashing) {
            continue;
        }
        if (row.flashEndMs <= now) {
            row.flashing = false;
            first = first < 0 ? int(i) : first;
            last = int(i);
        } else if (next < 0 || row.flashEndMs < next) {
            next = row.flashEndMs;
        }
    }
    if (last >= 0) {
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
    }
    if (next >= 0) {
        flashTimer_.start(int(next - now));
    }
}

void AlertTableModel::acknowledge(int row) {
    if (row < 0 || row >= rowCount() || rows_[std::size_t(row)].acknowledged) {
        return;
    }
    rows_[std::size_t(row)].acknowledged = true;
    --open_;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    emit openCountChanged(open_);
}

void AlertTableModel::clear() {
    beginResetModel();
    rows_.clear();
    open_ = 0;
    endResetModel();
    emit openCountChanged(open_);
}

int AlertTableModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int AlertTableModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

Qt::ItemFlags AlertTableModel::flags(const QModelIndex &index) const {
    Qt::ItemFlags result = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Time) {
        result |= Qt::ItemIsUserCheckable;
    }
    return result;
}

bool AlertTableModel::setData(const QModelIndex &index, const QVariant &value, int role) {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
        role != Qt::CheckStateRole || index.column() != Time ||
        value.value<Qt::CheckState>() != Qt::Checked) {
        return false;
    }
    // Acknowledging is one way: an alert the presenter has dealt with stays dealt with.
    acknowledge(index.row());
    return true;
}

QVariant AlertTableModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Row &row = rows_[std::size_t(index.row())];
    const Alert &a = row.alert;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time:
            return QDateTime::fromMSecsSinceEpoch(a.eventTimeMs)
                .toString(QStringLiteral("HH:mm:ss"));
        case Severity:
            return severityText(a.severity);
        case Rule:
            return QString::fromStdString(a.rule);
        case User:
            return QString::fromStdString(a.userId);
        case Message:
            return QString::fromStdString(a.message);
        case Summary:
            return QString::fromStdString(a.rule) + QStringLiteral(" · ") +
                   QString::fromStdString(a.userId) + QLatin1Char('\n') +
                   QString::fromStdString(a.message);
        }
        break;
    case Qt::CheckStateRole:
        if (index.column() == Time) {
            return row.acknowledged ? Qt::Checked : Qt::Unchecked;
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == Severity) {
            return severityIcon(a.severity);
        }
        break;
    case Qt::ForegroundRole:
        if (row.flashing) {
            return QBrush(Qt::white);
        }
        if (index.column() == Severity) {
            return QBrush(severityColor(a.severity));
        }
        break;
    case Qt::BackgroundRole:
        if (row.flashing) {
            return QBrush(severityColor(a.severity));
        }
        break;
    case Qt::FontRole:
        if (row.acknowledged) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        break;
    case Qt::ToolTipRole: {
        QString evidence;
        for (const auto &[key, value] : a.evidence) {
            evidence += QStringLiteral("%1: %2\n")
                            .arg(QString::fromStdString(key), QString::fromStdString(value));
        }
        return evidence.trimmed();
    }
    case SeverityRole:
        return int(a.severity);
    case RuleRole:
        return QString::fromStdString(a.rule);
    case AcknowledgedRole:
        return row.acknowledged;
    case FlashingRole:
        return row.flashing;
    default:
        break;
    }
    return {};
}

QVariant AlertTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    static const char *kHeaders[] = {"Time", "Severity", "Rule", "User", "Message", "Alert"};
    return section >= 0 && section < ColumnCount ? tr(kHeaders[section]) : QVariant();
}

} // namespace trackboard
