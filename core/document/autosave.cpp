#include <wavesmith/autosave.h>

#include <wavesmith/document.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>

#include <memory>

namespace wavesmith {

namespace {

constexpr int kFormatVersion = 1;
constexpr int kDefaultIntervalMs = 30 * 1000;

QString base64(const QByteArray &bytes) {
    return QString::fromLatin1(bytes.toBase64());
}

// Strict decoding: a damaged autosave must not turn into wrong file contents.
std::optional<QByteArray> fromBase64(const QJsonValue &value) {
    if (!value.isString())
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(value.toString().toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return *decoded;
}

} // namespace

QByteArray serializeAutosave(const AutosaveRecord &record) {
    QJsonArray changes;
    for (const FileChange &change : record.changes) {
        changes.append(QJsonObject{{QStringLiteral("path"), change.path},
                                   {QStringLiteral("before"), base64(change.before)},
                                   {QStringLiteral("after"), base64(change.after)},
                                   {QStringLiteral("created"), change.created},
                                   {QStringLiteral("removed"), change.removed}});
    }
    const QJsonObject root{
        {QStringLiteral("version"), kFormatVersion},
        {QStringLiteral("directory"), record.directory},
        {QStringLiteral("savedAt"), record.savedAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("changes"), changes}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Result<AutosaveRecord> parseAutosave(const QByteArray &json, const QString &fileName) {
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error{fileName, 0,
                     QStringLiteral("not a Wavesmith autosave (JSON error at offset %1: %2)")
                         .arg(parseError.offset)
                         .arg(parseError.errorString())};
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("version")).toInt() != kFormatVersion)
        return Error{fileName, 0,
                     QStringLiteral("unsupported autosave version %1")
                         .arg(root.value(QStringLiteral("version")).toVariant().toString())};
    AutosaveRecord record;
    record.directory = root.value(QStringLiteral("directory")).toString();
    record.savedAt =
        QDateTime::fromString(root.value(QStringLiteral("savedAt")).toString(), Qt::ISODateWithMs);
    if (record.directory.isEmpty() || !record.savedAt.isValid())
        return Error{fileName, 0, QStringLiteral("the autosave has no folder or no time")};
    const QJsonArray changes = root.value(QStringLiteral("changes")).toArray();
    for (qsizetype i = 0; i < changes.size(); ++i) {
        const QJsonObject change = changes.at(i).toObject();
        FileChange fc;
        fc.path = change.value(QStringLiteral("path")).toString();
        const auto before = fromBase64(change.value(QStringLiteral("before")));
        const auto after = fromBase64(change.value(QStringLiteral("after")));
        if (fc.path.isEmpty() || !before || !after)
            return Error{fileName, 0,
                         QStringLiteral("change %1 has no path or damaged contents").arg(i + 1)};
        fc.before = *before;
        fc.after = *after;
        fc.created = change.value(QStringLiteral("created")).toBool();
        fc.removed = change.value(QStringLiteral("removed")).toBool();
        record.changes.append(fc);
    }
    return record;
}

AutosaveStore::AutosaveStore(QString folder)
    : m_folder(std::move(folder)) {}

QString AutosaveStore::defaultFolder() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/autosave");
}

QString AutosaveStore::fileFor(const QString &directory) const {
    const QString key = QDir::cleanPath(QFileInfo(directory).absoluteFilePath());
    const QByteArray hash = QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha1);
    return QDir(m_folder).filePath(QString::fromLatin1(hash.toHex()) + QStringLiteral(".json"));
}

Status AutosaveStore::write(const AutosaveRecord &record) const {
    const QString path = fileFor(record.directory);
    if (!QDir().mkpath(m_folder))
        return Error{m_folder, 0, QStringLiteral("cannot create the autosave folder")};
    QSaveFile file(path);
    const QByteArray bytes = serializeAutosave(record);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error{path, 0,
                     QStringLiteral("cannot write the autosave: %1").arg(file.errorString())};
    return success();
}

std::optional<Result<AutosaveRecord>> AutosaveStore::read(const QString &directory) const {
    const QString path = fileFor(directory);
    QFile file(path);
    if (!file.exists())
        return std::nullopt;
    if (!file.open(QIODevice::ReadOnly))
        return Result<AutosaveRecord>(
            Error{path, 0, QStringLiteral("cannot read the autosave: %1").arg(file.errorString())});
    return parseAutosave(file.readAll(), path);
}

bool AutosaveStore::exists(const QString &directory) const {
    return QFile::exists(fileFor(directory));
}

void AutosaveStore::remove(const QString &directory) const {
    QFile::remove(fileFor(directory));
}

Autosaver::Autosaver(DesignDocument *document, AutosaveStore store, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_store(std::move(store)) {
    m_timer = new QTimer(this);
    m_timer->setInterval(kDefaultIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &Autosaver::autosaveNow);
    m_timer->start();
    // Becoming modified writes at once (the first edit after a save is the one most likely to
    // be lost); back to clean (saved, or undone to the file's bytes) means nothing to keep.
    connect(m_document, &DesignDocument::modifiedChanged, this, [this](bool modified) {
        if (modified)
            autosaveNow();
        else
            discard();
    });
}

Autosaver::~Autosaver() {
    waitForWrite();
}

void Autosaver::setInterval(int milliseconds) {
    m_timer->setInterval(milliseconds);
}

int Autosaver::interval() const {
    return m_timer->interval();
}

void Autosaver::waitForWrite() {
    // Finish the queued job too, so a discard() right before teardown is not lost.
    while (m_worker) {
        m_worker->wait();
        delete m_worker;
        m_worker = nullptr;
        startNext();
    }
}

void Autosaver::autosaveNow() {
    if (!m_document->isModified() || m_document->isUntitled())
        return;
    AutosaveRecord record;
    record.directory = m_document->directory();
    record.savedAt = QDateTime::currentDateTimeUtc();
    record.changes = m_document->pendingChanges();
    if (record.changes.isEmpty())
        return;
    m_writtenFor = record.directory;
    schedule({false, std::move(record)});
}

void Autosaver::discard() {
    if (m_writtenFor.isEmpty())
        return;
    removeFor(m_writtenFor);
    m_writtenFor.clear();
}

void Autosaver::removeFor(const QString &directory) {
    Job job;
    job.remove = true;
    job.record.directory = directory;
    schedule(std::move(job));
}

void Autosaver::schedule(Job job) {
    m_next = std::move(job);
    if (!m_worker)
        startNext();
}

void Autosaver::startNext() {
    if (!m_next)
        return;
    const Job job = std::move(*m_next);
    m_next.reset();
    const AutosaveStore store = m_store;
    auto status = std::make_shared<Status>(success());
    m_worker = QThread::create([job, store, status] {
        if (job.remove)
            store.remove(job.record.directory);
        else
            *status = store.write(job.record);
    });
    const quint64 generation = ++m_generation;
    connect(m_worker, &QThread::finished, this, [this, job, status, store, generation] {
        if (!m_worker || generation != m_generation)
            return; // already collected by waitForWrite()
        m_worker->deleteLater();
        m_worker = nullptr;
        if (!*status)
            Q_EMIT writeFailed(status->error().toString());
        else if (!job.remove)
            Q_EMIT written(store.fileFor(job.record.directory));
        startNext();
    });
    m_worker->start();
}

} // namespace wavesmith
