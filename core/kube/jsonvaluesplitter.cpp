#include "jsonvaluesplitter.h"

namespace wavesmith {

void JsonValueSplitter::reset() {
    m_buffer.clear();
    m_scan = 0;
    m_start = -1;
    m_depth = 0;
    m_inString = false;
    m_escape = false;
}

QList<QByteArray> JsonValueSplitter::feed(const QByteArray &data) {
    QList<QByteArray> values;
    m_buffer.append(data);
    const char *bytes = m_buffer.constData();
    const qsizetype size = m_buffer.size();
    qsizetype consumed = 0; // everything before this is done with
    for (qsizetype i = m_scan; i < size; ++i) {
        const char c = bytes[i];
        if (m_start < 0) {
            if (c == '{' || c == '[') {
                m_start = i;
                m_depth = 1;
            } else {
                consumed = i + 1; // whitespace between values
            }
            continue;
        }
        if (m_inString) {
            if (m_escape)
                m_escape = false;
            else if (c == '\\')
                m_escape = true;
            else if (c == '"')
                m_inString = false;
            continue;
        }
        switch (c) {
        case '"':
            m_inString = true;
            break;
        case '{':
        case '[':
            ++m_depth;
            break;
        case '}':
        case ']':
            if (--m_depth == 0) {
                values << QByteArray(bytes + m_start, i + 1 - m_start);
                m_start = -1;
                consumed = i + 1;
            }
            break;
        default:
            break;
        }
    }
    if (m_start >= 0)
        consumed = m_start;
    m_buffer.remove(0, consumed);
    if (m_start >= 0)
        m_start -= consumed;
    m_scan = m_buffer.size();
    return values;
}

} // namespace wavesmith
