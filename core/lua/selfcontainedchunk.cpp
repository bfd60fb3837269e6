#include "selfcontainedchunk.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace wavesmith {

namespace {

// The parts of a Lua 5.1 function prototype the analysis reads (ldump.c's layout).
struct Prototype {
    int upvalueCount = 0;
    int parameterCount = 0;
    bool isVararg = false;
    std::vector<std::uint32_t> code;
    std::vector<std::optional<std::string>> constants; // strings only; others are nullopt
    std::vector<Prototype> children;
};

// Reads lua_dump's output. Any surprise (another word size, a truncated dump) fails the parse,
// which makes the chunk "not self-contained": the safe answer.
class DumpReader {
public:
    explicit DumpReader(const std::string &bytes)
        : m_bytes(bytes) {}

    std::optional<Prototype> read() {
        // "\x1bLua", version 5.1, official format, little endian, sizes of int, size_t,
        // Instruction and lua_Number, floating-point numbers: the layout parsed below.
        static const unsigned char header[] = {0x1b, 'L', 'u', 'a', 0x51, 0, 1, 4, 8, 4, 8, 0};
        if (m_bytes.size() < sizeof header ||
            std::memcmp(m_bytes.data(), header, sizeof header) != 0)
            return std::nullopt;
        m_at = sizeof header;
        Prototype main;
        if (!readFunction(main, 0) || m_at != m_bytes.size())
            return std::nullopt;
        return main;
    }

private:
    bool take(void *out, std::size_t size) {
        if (m_bytes.size() - m_at < size)
            return false;
        std::memcpy(out, m_bytes.data() + m_at, size);
        m_at += size;
        return true;
    }
    bool skip(std::size_t size) {
        if (m_bytes.size() - m_at < size)
            return false;
        m_at += size;
        return true;
    }
    bool readInt(std::int32_t &value) { return take(&value, sizeof value) && value >= 0; }
    bool readByte(unsigned char &value) { return take(&value, 1); }
    bool readString(std::optional<std::string> *out) {
        std::uint64_t size = 0;
        if (!take(&size, sizeof size) || size > m_bytes.size() - m_at)
            return false;
        if (out && size > 0)
            *out = std::string(m_bytes.data() + m_at, std::size_t(size - 1)); // minus the '\0'
        return skip(std::size_t(size));
    }

    bool readFunction(Prototype &function, int depth) {
        if (depth > 200) // LUAI_MAXCCALLS bounds the compiler's nesting well below this
            return false;
        std::int32_t lineDefined = 0;
        std::int32_t lastLine = 0;
        unsigned char upvalues = 0;
        unsigned char parameters = 0;
        unsigned char varargFlags = 0;
        unsigned char maxStack = 0;
        if (!readString(nullptr) || !readInt(lineDefined) || !readInt(lastLine) ||
            !readByte(upvalues) || !readByte(parameters) || !readByte(varargFlags) ||
            !readByte(maxStack))
            return false;
        function.upvalueCount = upvalues;
        function.parameterCount = parameters;
        function.isVararg = varargFlags != 0;

        std::int32_t count = 0;
        if (!readInt(count) || std::size_t(count) > (m_bytes.size() - m_at) / 4)
            return false;
        function.code.resize(std::size_t(count));
        if (count > 0 && !take(function.code.data(), std::size_t(count) * 4))
            return false;

        if (!readInt(count) || std::size_t(count) > m_bytes.size() - m_at)
            return false;
        function.constants.resize(std::size_t(count));
        for (auto &constant : function.constants) {
            unsigned char type = 0;
            if (!readByte(type))
                return false;
            bool ok = false;
            switch (type) {
            case LUA_TNIL:
                ok = true;
                break;
            case LUA_TBOOLEAN:
                ok = skip(1);
                break;
            case LUA_TNUMBER:
                ok = skip(8);
                break;
            case LUA_TSTRING:
                ok = readString(&constant);
                break;
            }
            if (!ok)
                return false;
        }

        if (!readInt(count) || std::size_t(count) > m_bytes.size() - m_at)
            return false;
        function.children.resize(std::size_t(count));
        for (Prototype &child : function.children) {
            if (!readFunction(child, depth + 1))
                return false;
        }

        // Debug information: line numbers, local names, upvalue names.
        if (!readInt(count) || !skip(std::size_t(count) * 4) || !readInt(count))
            return false;
        for (std::int32_t i = 0; i < count; ++i) {
            if (!readString(nullptr) || !skip(8))
                return false;
        }
        if (!readInt(count))
            return false;
        for (std::int32_t i = 0; i < count; ++i) {
            if (!readString(nullptr))
                return false;
        }
        return true;
    }

    const std::string &m_bytes;
    std::size_t m_at = 0;
};

// Lua 5.1 opcodes (lopcodes.h), in their numeric order.
enum Opcode {
    Move,
    LoadK,
    LoadBool,
    LoadNil,
    GetUpval,
    GetGlobal,
    GetTable,
    SetGlobal,
    SetUpval,
    SetTable,
    NewTable,
    Self,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Unm,
    Not,
    Len,
    Concat,
    Jmp,
    Eq,
    Lt,
    Le,
    Test,
    TestSet,
    Call,
    TailCall,
    Return,
    ForLoop,
    ForPrep,
    TForLoop,
    SetList,
    Close,
    Closure,
    VarArg
};

int opcodeOf(std::uint32_t i) {
    return int(i & 0x3f);
}
int argA(std::uint32_t i) {
    return int((i >> 6) & 0xff);
}
int argB(std::uint32_t i) {
    return int((i >> 23) & 0x1ff);
}
int argC(std::uint32_t i) {
    return int((i >> 14) & 0x1ff);
}
int argBx(std::uint32_t i) {
    return int(i >> 14);
}

// Globals that hand out a way to write to a table the script did not create, or to run code
// the analysis never saw.
bool isWritingGlobal(const std::string &name) {
    static const char *const names[] = {"rawset", "setmetatable", "setfenv", "getfenv", "table",
                                        "load",   "loadstring",   "require", "_G",      "module"};
    return std::any_of(std::begin(names), std::end(names),
                       [&](const char *candidate) { return name == candidate; });
}

int argSBx(std::uint32_t i) {
    return argBx(i) - 0x1ffff;
}

// What a register may hold at one instruction: nil (every register above the parameters starts
// so), a table this very call of the function created with NEWTABLE, or anything else. Ordered
// so that merging two paths is the maximum.
enum class Holds : unsigned char { Nil, OwnTable, Other };
using Registers = std::array<Holds, 256>;

void set(Registers &registers, int from, int to, Holds what) {
    for (int r = std::max(from, 0); r <= std::min(to, 255); ++r)
        registers[std::size_t(r)] = what;
}

// Follows every path through the function (a forward data-flow analysis over its jumps) and
// checks that each table write (SETTABLE, SETLIST) goes to a table the function made itself.
// Calls clobber every register from their base up (the callee's frame starts there), so only
// locals below a call keep what they hold.
bool writesOnlyOwnTables(const Prototype &function) {
    const int size = int(function.code.size());
    std::vector<Registers> before(static_cast<std::size_t>(size));
    std::vector<bool> reached(static_cast<std::size_t>(size), false);
    std::vector<int> work;

    Registers entry{};
    // Parameters come from the caller; a vararg function's `arg` table sits after them.
    set(entry, 0, function.parameterCount - (function.isVararg ? 0 : 1), Holds::Other);
    const auto flowTo = [&](int pc, const Registers &registers) {
        if (pc < 0 || pc >= size)
            return pc == size; // falling off the end never happens in compiled code
        Registers &known = before[std::size_t(pc)];
        bool changed = !reached[std::size_t(pc)];
        for (std::size_t r = 0; r < registers.size(); ++r) {
            const Holds merged = std::max(known[r], registers[r]);
            changed = changed || merged != known[r];
            known[r] = merged;
        }
        reached[std::size_t(pc)] = true;
        if (changed)
            work.push_back(pc);
        return true;
    };
    if (size == 0 || !flowTo(0, entry))
        return size == 0;

    while (!work.empty()) {
        const int pc = work.back();
        work.pop_back();
        Registers r = before[std::size_t(pc)];
        const std::uint32_t i = function.code[std::size_t(pc)];
        const int a = argA(i);
        int next = pc + 1;
        int jump = -1; // a second successor
        switch (opcodeOf(i)) {
        case Move:
        case LoadK:
        case GetUpval:
        case GetTable:
        case Add:
        case Sub:
        case Mul:
        case Div:
        case Mod:
        case Pow:
        case Unm:
        case Not:
        case Len:
            set(r, a, a, Holds::Other);
            break;
        case LoadBool:
            set(r, a, a, Holds::Other);
            if (argC(i) != 0)
                next = pc + 2;
            break;
        case GetGlobal: {
            const std::size_t k = std::size_t(argBx(i));
            if (k >= function.constants.size() || !function.constants[k] ||
                isWritingGlobal(*function.constants[k]))
                return false;
            set(r, a, a, Holds::Other);
            break;
        }
        case LoadNil:
            set(r, a, argB(i), Holds::Nil);
            break;
        case Self:
            set(r, a, a + 1, Holds::Other);
            break;
        case Concat: // concatenates in place over B..C
            set(r, argB(i), argC(i), Holds::Other);
            set(r, a, a, Holds::Other);
            break;
        case NewTable:
            set(r, a, a, Holds::OwnTable);
            break;
        case SetGlobal: // would change the shared environment
        case SetUpval:  // writes an enclosing function's local behind its analysis' back
            return false;
        case SetTable:
        case SetList:
            if (r[std::size_t(a)] == Holds::Other)
                return false;
            if (opcodeOf(i) == SetList && argC(i) == 0)
                next = pc + 2; // the next word is the block number, not an instruction
            break;
        case Call:
        case VarArg:
            set(r, a, 255, Holds::Other);
            break;
        case TailCall: // a C function returns here, to the RETURN that follows
            set(r, a, 255, Holds::Other);
            break;
        case Return:
            next = -1;
            break;
        case Jmp:
            next = pc + 1 + argSBx(i);
            break;
        case Eq:
        case Lt:
        case Le:
        case Test:
            jump = pc + 2; // the next instruction is the jump the test may skip
            break;
        case TestSet:
            set(r, a, a, Holds::Other);
            jump = pc + 2;
            break;
        case ForPrep:
            set(r, a, a, Holds::Other);
            next = pc + 1 + argSBx(i);
            break;
        case ForLoop:
            set(r, a, a + 3, Holds::Other);
            jump = pc + 1 + argSBx(i);
            break;
        case TForLoop: // calls the iterator above the loop's registers
            set(r, a + 2, 255, Holds::Other);
            jump = pc + 2;
            break;
        case Close:
            break;
        case Closure: {
            const std::size_t child = std::size_t(argBx(i));
            if (child >= function.children.size())
                return false;
            set(r, a, a, Holds::Other);
            next = pc + 1 + function.children[child].upvalueCount; // upvalue descriptions
            break;
        }
        default:
            return false;
        }
        if ((next >= 0 && !flowTo(next, r)) || (jump >= 0 && !flowTo(jump, r)))
            return false;
    }
    return true;
}

bool isSelfContained(const Prototype &function) {
    for (const Prototype &child : function.children) {
        if (!isSelfContained(child))
            return false;
    }
    return writesOnlyOwnTables(function);
}

int collectDump(lua_State *, const void *data, size_t size, void *ud) {
    static_cast<std::string *>(ud)->append(static_cast<const char *>(data), size);
    return 0;
}

} // namespace

bool isSelfContainedChunk(lua_State *L, int index) {
    std::string bytes;
    lua_pushvalue(L, index);
    const int status = lua_dump(L, collectDump, &bytes);
    lua_pop(L, 1);
    if (status != 0)
        return false;
    const std::optional<Prototype> main = DumpReader(bytes).read();
    return main && isSelfContained(*main);
}

} // namespace wavesmith
