#pragma once

// The parsed form of a HealthObject: plain C++ so converting it to Lua tables on every
// evaluation needs no Qt conversions (the keys are already UTF-8).

#include <string>
#include <utility>
#include <vector>

namespace wavesmith {

struct LuaNode {
    enum class Kind { Null, Boolean, Number, String, Array, Map };

    Kind kind = Kind::Null;
    bool boolean = false;
    double number = 0;
    std::string text;
    std::vector<LuaNode> items;                          // Array
    std::vector<std::pair<std::string, LuaNode>> fields; // Map, in document order
};

} // namespace wavesmith
