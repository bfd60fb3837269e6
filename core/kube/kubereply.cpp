#include <wavesmith/kubeclient.h>

#include <QPointer>
#include <QTimer>

namespace wavesmith {

QString KubeResource::apiVersion() const {
    return group.isEmpty() ? version : group + QLatin1Char('/') + version;
}

QString KubeResource::groupResource() const {
    return group.isEmpty() ? plural : plural + QLatin1Char('.') + group;
}

KubeReply::KubeReply(QObject *parent)
    : QObject(parent) {}

KubeReply::~KubeReply() = default;

void KubeReply::abort() {
    if (m_finished)
        return;
    QPointer<KubeReply> self(this);
    finishError(ErrorKind::Canceled, QStringLiteral("the request was canceled"));
    if (self)
        Q_EMIT abortRequested();
}

void KubeReply::then(QObject *context, std::function<void(const KubeReply &)> handler) {
    // A context that goes away takes the request with it.
    connect(context, &QObject::destroyed, this, &QObject::deleteLater);
    if (m_finished) {
        QPointer<KubeReply> self(this);
        QTimer::singleShot(0, context, [self, handler] {
            if (!self)
                return;
            handler(*self);
            self->deleteLater();
        });
        return;
    }
    connect(
        this, &KubeReply::finished, context,
        [this, handler] {
            handler(*this);
            deleteLater();
        },
        Qt::SingleShotConnection);
}

void KubeReply::finishOk(QJsonObject object) {
    if (m_finished)
        return;
    m_object = std::move(object);
    m_finished = true;
    Q_EMIT finished();
}

void KubeReply::finishError(ErrorKind kind, QString message, int httpStatus, QString reason,
                            QJsonObject status) {
    if (m_finished)
        return;
    m_errorKind = kind;
    m_errorString = std::move(message);
    m_httpStatus = httpStatus;
    m_reason = std::move(reason);
    m_object = std::move(status);
    m_finished = true;
    Q_EMIT finished();
}

} // namespace wavesmith
