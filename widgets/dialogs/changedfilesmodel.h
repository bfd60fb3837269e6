#pragma once

#include <wavesmith/git.h>

#include <QAbstractTableModel>
#include <QSet>

namespace wavesmith {

// The changed files of a repository for the commit dialog: a status column and a checkable
// path column. Files Wavesmith wrote start checked; the user's other changes start
// unchecked, so a commit never sweeps up work the user did not mean to include.
class ChangedFilesModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { StatusColumn, PathColumn, ColumnCount };
    enum Role { ChangeRole = Qt::UserRole + 1, WavesmithChangedRole };

    explicit ChangedFilesModel(QObject *parent = nullptr);

    // Replaces the list. Paths in `wavesmithChanged` (relative to the repository root) are
    // checked; on a refresh, files the user had checked or unchecked keep their state.
    void setFiles(const QList<GitFileStatus> &files, const QSet<QString> &wavesmithChanged);
    const GitFileStatus &file(int row) const { return m_files.at(row); }
    int fileCount() const { return int(m_files.size()); }

    QStringList checkedPaths() const;
    int checkedCount() const;
    void setAllChecked(bool checked);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void checkedPathsChanged();

private:
    QList<GitFileStatus> m_files;
    QList<bool> m_checked;
    QSet<QString> m_wavesmithChanged;
    QHash<QString, bool> m_userChoice; // survives refreshes
};

} // namespace wavesmith
