#pragma once

#include <QByteArray>
#include <QList>

namespace wavesmith {

// Splits a stream of concatenated JSON values (a watch body) at value boundaries, whatever the
// chunk boundaries are; newlines between values are optional. Keeps only the unfinished value.
class JsonValueSplitter {
public:
    // Appends `data` and returns every top-level object or array it completed. (Returned, not
    // called back, so a consumer may delete the splitter while handling them.)
    QList<QByteArray> feed(const QByteArray &data);
    // Bytes of an unfinished value waiting for more data.
    qsizetype pending() const { return m_buffer.size(); }
    void reset();

private:
    QByteArray m_buffer;
    qsizetype m_scan = 0;   // next byte to look at
    qsizetype m_start = -1; // where the current value began; -1 between values
    int m_depth = 0;
    bool m_inString = false;
    bool m_escape = false;
};

} // namespace wavesmith
