#include "objectconstructor.h"

#include "luanode.h"

#include <cmath>
#include <cstdio>

namespace wavesmith {

namespace {

bool isIdentifier(const std::string &key) {
    static const char *const reserved[] = {
        "and", "break",    "do",     "else", "elseif", "end",   "false",
        "for", "function", "if",     "in",   "local",  "nil",   "not",
        "or",  "repeat",   "return", "then", "true",   "until", "while"};
    if (key.empty() || (key[0] >= '0' && key[0] <= '9'))
        return false;
    for (const char c : key) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_'))
            return false;
    }
    for (const char *word : reserved) {
        if (key == word)
            return false;
    }
    return true;
}

void appendString(std::string &out, const std::string &text) {
    out += '"';
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte < 0x7f && c != '"' && c != '\\') {
            out += c;
        } else {
            // Always three digits, so a following digit cannot extend the escape.
            char escape[5];
            std::snprintf(escape, sizeof escape, "\\%03u", unsigned(byte));
            out += escape;
        }
    }
    out += '"';
}

void appendNumber(std::string &out, double value) {
    if (std::isnan(value)) {
        out += "(0/0)";
    } else if (std::isinf(value)) {
        out += value > 0 ? "(1/0)" : "(-1/0)";
    } else {
        char text[32];
        std::snprintf(text, sizeof text, "%.17g", value);
        out += text;
    }
}

void appendNode(std::string &out, const LuaNode &node) {
    switch (node.kind) {
    case LuaNode::Kind::Null:
        out += "nil";
        return;
    case LuaNode::Kind::Boolean:
        out += node.boolean ? "true" : "false";
        return;
    case LuaNode::Kind::Number:
        appendNumber(out, node.number);
        return;
    case LuaNode::Kind::String:
        appendString(out, node.text);
        return;
    case LuaNode::Kind::Array:
        out += '{';
        for (const LuaNode &item : node.items) {
            if (item.kind == LuaNode::Kind::Null)
                continue;
            appendNode(out, item);
            out += ',';
        }
        out += '}';
        return;
    case LuaNode::Kind::Map:
        out += '{';
        for (const auto &[key, value] : node.fields) {
            if (value.kind == LuaNode::Kind::Null)
                continue;
            if (isIdentifier(key)) {
                out += key;
            } else {
                out += '[';
                appendString(out, key);
                out += ']';
            }
            out += '=';
            appendNode(out, value);
            out += ',';
        }
        out += '}';
        return;
    }
}

} // namespace

std::string objectConstructorSource(const LuaNode &root) {
    std::string out = "return ";
    appendNode(out, root);
    return out;
}

} // namespace wavesmith
