#include "gitlibrary.h"

#include <wavesmith/git.h>

#include <QDir>
#include <QFile>

namespace wavesmith {

Result<CommitInfo> initRepositoryWithCommit(const QString &dir, const QString &message) {
    git::Library library;
    const QByteArray path = QFile::encodeName(QDir(dir).absolutePath());

    git_repository_init_options options = GIT_REPOSITORY_INIT_OPTIONS_INIT;
    options.flags = GIT_REPOSITORY_INIT_MKPATH;
    options.initial_head = "main";
    git_repository *rawRepo = nullptr;
    if (git_repository_init_ext(&rawRepo, path.constData(), &options) != 0)
        return git::lastError(dir, QStringLiteral("git init"));
    git::Repository repo(rawRepo);

    git_index *rawIndex = nullptr;
    if (git_repository_index(&rawIndex, repo.get()) != 0)
        return git::lastError(dir, QStringLiteral("opening the index"));
    git::Index index(rawIndex);
    if (git_index_add_all(index.get(), nullptr, GIT_INDEX_ADD_DEFAULT, nullptr, nullptr) != 0 ||
        git_index_write(index.get()) != 0)
        return git::lastError(dir, QStringLiteral("staging files"));

    git_oid treeId;
    if (git_index_write_tree(&treeId, index.get()) != 0)
        return git::lastError(dir, QStringLiteral("writing the tree"));
    git_tree *rawTree = nullptr;
    if (git_tree_lookup(&rawTree, repo.get(), &treeId) != 0)
        return git::lastError(dir, QStringLiteral("reading the tree"));
    git::Tree tree(rawTree);

    CommitInfo info;
    git_signature *rawSignature = nullptr;
    if (git_signature_default(&rawSignature, repo.get()) != 0) {
        info.usedFallbackIdentity = true;
        if (git_signature_now(&rawSignature, "Wavesmith", "wavesmith@localhost") != 0)
            return git::lastError(dir, QStringLiteral("creating a signature"));
    }
    git::Signature signature(rawSignature);
    info.author = QStringLiteral("%1 <%2>").arg(QString::fromUtf8(signature->name),
                                                QString::fromUtf8(signature->email));

    git_oid commitId;
    const QByteArray messageBytes = message.toUtf8();
    if (git_commit_create(&commitId, repo.get(), "HEAD", signature.get(), signature.get(), nullptr,
                          messageBytes.constData(), tree.get(), 0, nullptr) != 0)
        return git::lastError(dir, QStringLiteral("committing"));
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, &commitId);
    info.id = QString::fromLatin1(hex);
    return info;
}

} // namespace wavesmith
