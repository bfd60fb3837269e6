#pragma once

// Picks a context of the merged kubeconfig ($KUBECONFIG honoured, else ~/.kube/config), with
// the current context preselected and its server and user shown under the list. The files are
// read on a worker thread; a kubeconfig that cannot be read is explained in place, never a
// crash, and Reload reads them again.

#include <wavesmith/kubeconfig.h>

#include <QList>
#include <QPointer>
#include <QString>
#include <QWidget>

class QComboBox;
class QLabel;
class QThread;
class QToolButton;

namespace wavesmith {

class KubeContextPicker : public QWidget {
    Q_OBJECT

public:
    explicit KubeContextPicker(QWidget *parent = nullptr);
    ~KubeContextPicker() override;

    // Where the kubeconfig comes from (tests, a setting); the default reads $KUBECONFIG. The
    // context field is ignored: the picker chooses it.
    void setLoadOptions(const KubeconfigLoadOptions &options);
    // The options a client for the chosen context loads with (files and chosen context).
    KubeconfigLoadOptions clientOptions() const;

    QList<KubeContextInfo> contexts() const { return m_contexts; }
    // The chosen context's name, empty when there is none.
    QString currentContext() const;
    bool setCurrentContext(const QString &name);
    // The context to choose when the kubeconfig is read and none is chosen yet (the last
    // session's), instead of the kubeconfig's current one; ignored when it no longer exists.
    void setPreferredContext(const QString &name);
    bool isLoading() const { return m_loading; }
    // Why the kubeconfig could not be read, empty when it could.
    QString errorText() const { return m_error; }
    // "Server: … · User: …" of the chosen context, as shown.
    QString detailsText() const;

public Q_SLOTS:
    // Reads the kubeconfig files again (off the UI thread).
    void reload();

Q_SIGNALS:
    // A reload finished (with contexts, or with errorText() set).
    void loaded();
    void currentContextChanged(const QString &name);

protected:
    // The first show reads the kubeconfig: a window that never bootstraps never reads it.
    void showEvent(QShowEvent *event) override;

private:
    void showLoaded(const QList<KubeContextInfo> &contexts, const QStringList &files,
                    const QString &error);
    void showDetails();

    KubeconfigLoadOptions m_options;
    QString m_preferred;
    bool m_reloadRequested = false; // reload() ran at least once
    QList<KubeContextInfo> m_contexts;
    QStringList m_files;
    QString m_error;
    bool m_loading = false;
    int m_generation = 0;               // a newer reload outdates a running one
    QList<QPointer<QThread>> m_workers; // waited for on destruction

    QComboBox *m_combo = nullptr;
    QToolButton *m_reload = nullptr;
    QLabel *m_details = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace wavesmith
