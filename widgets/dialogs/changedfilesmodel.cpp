#include "changedfilesmodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace wavesmith {

ChangedFilesModel::ChangedFilesModel(QObject *parent)
    : QAbstractTableModel(parent) {}

void ChangedFilesModel::setFiles(const QList<GitFileStatus> &files,
                                 const QSet<QString> &wavesmithChanged) {
    beginResetModel();
    m_files = files;
    m_wavesmithChanged = wavesmithChanged;
    m_checked.clear();
    for (const GitFileStatus &file : std::as_const(m_files)) {
        const auto choice = m_userChoice.constFind(file.path);
        const bool checked = choice != m_userChoice.constEnd()
                                 ? choice.value()
                                 : (!file.conflicted && wavesmithChanged.contains(file.path));
        m_checked.append(checked);
    }
    endResetModel();
    Q_EMIT checkedPathsChanged();
}

QStringList ChangedFilesModel::checkedPaths() const {
    QStringList paths;
    for (int row = 0; row < m_files.size(); ++row) {
        if (m_checked.at(row))
            paths.append(m_files.at(row).path);
    }
    return paths;
}

int ChangedFilesModel::checkedCount() const {
    return int(std::count(m_checked.begin(), m_checked.end(), true));
}

void ChangedFilesModel::setAllChecked(bool checked) {
    for (int row = 0; row < m_files.size(); ++row) {
        if (m_files.at(row).conflicted)
            continue;
        m_checked[row] = checked;
        m_userChoice.insert(m_files.at(row).path, checked);
    }
    if (!m_files.isEmpty())
        Q_EMIT dataChanged(index(0, PathColumn), index(int(m_files.size()) - 1, PathColumn),
                           {Qt::CheckStateRole});
    Q_EMIT checkedPathsChanged();
}

int ChangedFilesModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_files.size());
}

int ChangedFilesModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ChangedFilesModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= m_files.size())
        return {};
    const GitFileStatus &file = m_files.at(index.row());
    const GitChange change = file.effectiveChange();
    const bool ours = m_wavesmithChanged.contains(file.path);
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == StatusColumn)
            return file.conflicted ? QStringLiteral("U") : QString(gitChangeLetter(change));
        if (!file.oldPath.isEmpty())
            return QStringLiteral("%1 → %2").arg(file.oldPath, file.path);
        return file.path;
    case Qt::ToolTipRole: {
        QString tip = file.conflicted ? QStringLiteral("conflicted: resolve it with git first")
                                      : gitChangeName(change);
        if (file.isStaged() && file.isUnstaged())
            tip += QStringLiteral(" (partly staged; the file is committed as it is on disk)");
        tip += ours ? QStringLiteral("\nchanged by Wavesmith")
                    : QStringLiteral("\nchanged outside Wavesmith");
        return tip;
    }
    case Qt::CheckStateRole:
        if (index.column() == PathColumn)
            return m_checked.at(index.row()) ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ForegroundRole:
        if (index.column() != StatusColumn)
            return {};
        if (file.conflicted)
            return QBrush(QColor(0xc0, 0x1c, 0x28));
        switch (change) {
        case GitChange::Added:
        case GitChange::Untracked:
            return QBrush(QColor(0x26, 0xa2, 0x69));
        case GitChange::Deleted:
            return QBrush(QColor(0xc0, 0x1c, 0x28));
        default:
            return QBrush(QColor(0xc6, 0x46, 0x00));
        }
    case Qt::FontRole:
        if (index.column() == StatusColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case ChangeRole:
        return int(change);
    case WavesmithChangedRole:
        return ours;
    default:
        return {};
    }
}

bool ChangedFilesModel::setData(const QModelIndex &index, const QVariant &value, int role) {
    if (!index.isValid() || index.row() >= m_files.size() || role != Qt::CheckStateRole ||
        index.column() != PathColumn || m_files.at(index.row()).conflicted)
        return false;
    const bool checked = value.value<Qt::CheckState>() == Qt::Checked;
    m_checked[index.row()] = checked;
    m_userChoice.insert(m_files.at(index.row()).path, checked);
    Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
    Q_EMIT checkedPathsChanged();
    return true;
}

Qt::ItemFlags ChangedFilesModel::flags(const QModelIndex &index) const {
    if (!index.isValid() || index.row() >= m_files.size())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() == PathColumn && !m_files.at(index.row()).conflicted)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

QVariant ChangedFilesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == StatusColumn ? QStringLiteral("Status") : QStringLiteral("File");
}

} // namespace wavesmith
