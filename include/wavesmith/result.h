#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace wavesmith {

// An error that names where it happened: the file (relative to the repository when there is
// one), the 1-based line (0 when unknown) and a message a user can act on.
struct Error {
    QString file;
    int line = 0;
    QString message;

    // "file:line: message", or the parts that are known.
    QString toString() const;
};

// A value or an Error. Used instead of exceptions across Qt code.
template <typename T> class Result {
public:
    Result(T value)
        : m_value(std::move(value)) {}
    Result(Error error)
        : m_error(std::move(error)) {}

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    const T *operator->() const { return &*m_value; }
    T *operator->() { return &*m_value; }
    const Error &error() const { return m_error; }

private:
    std::optional<T> m_value;
    Error m_error;
};

// A Result for operations that return nothing.
struct Done {};
using Status = Result<Done>;
inline Status success() {
    return Done{};
}

} // namespace wavesmith
