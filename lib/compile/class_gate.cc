#include "compile/class_gate.h"

#include <cstddef>
#include <cstring>

#include "normalize/fold_table.h"

namespace chatscan {
namespace {

constexpr uint8_t kAll = kNeedsDigit | kNeedsLetter | kNeedsAlnum | kNeedsColon;

// The gates one character satisfies in the folded view: a character that
// folds to one ASCII character counts as that one (the folded view never
// holds it as itself).
uint8_t CharGates(uint32_t c) {
  if (c >= 0x80 && c < 0x10000 && (c < 0xD800 || c > 0xDFFF)) {
    const FoldTable& table = FoldTable::Get();
    const FoldEntry& e = table.Lookup(c);
    const std::string_view out = table.Output(e);
    if (e.cls == CharClass::kCombining || out.size() != 1) return 0;
    c = static_cast<uint8_t>(out[0]);
  }
  if (c >= '0' && c <= '9') return kNeedsDigit | kNeedsAlnum;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return kNeedsLetter | kNeedsAlnum;
  if (c == ':') return kNeedsColon;
  return 0;
}

// A recursive-descent reader of RE2 syntax that works out, for each part,
// the gates every match of it satisfies: a sequence satisfies what any of
// its items does, an alternation what all of its branches do, a repeat
// what its item does if the item must occur at least once. Anything it
// does not know makes the part satisfy nothing; anything it cannot read
// sets `failed`, and the regex then gets no gates at all.
class Reader {
 public:
  explicit Reader(std::string_view re) : re_(re) {}

  uint8_t Run() {
    uint8_t gates = Alternation();
    return failed_ || at_ != re_.size() ? 0 : gates;
  }

 private:
  bool More() const { return at_ < re_.size() && !failed_; }
  char Peek() const { return re_[at_]; }
  uint8_t Fail() {
    failed_ = true;
    return 0;
  }

  uint8_t Alternation() {
    uint8_t gates = Sequence();
    while (More() && Peek() == '|') {
      ++at_;
      gates &= Sequence();
    }
    return gates;
  }

  uint8_t Sequence() {
    uint8_t gates = 0;
    while (More() && Peek() != '|' && Peek() != ')') {
      uint8_t item = Item();
      if (Repeat(&item)) gates |= item;
    }
    return gates;
  }

  // Reads a repeat operator after an item, if any; false when the item may
  // occur zero times.
  bool Repeat(uint8_t* item) {
    bool at_least_once = true;
    while (More()) {
      const char c = Peek();
      if (c == '*' || c == '?') {
        at_least_once = false;
        ++at_;
      } else if (c == '+') {
        ++at_;
      } else if (c == '{') {
        // {n}, {n,}, {n,m}; anything else is a literal brace (as in RE2).
        size_t k = at_ + 1;
        size_t digits = 0;
        unsigned min = 0;
        while (k < re_.size() && re_[k] >= '0' && re_[k] <= '9') {
          min = min * 10 + static_cast<unsigned>(re_[k] - '0');
          if (min > 100000) return Fail() != 0;
          ++k;
          ++digits;
        }
        if (digits == 0) break;
        if (k < re_.size() && re_[k] == ',') {
          ++k;
          while (k < re_.size() && re_[k] >= '0' && re_[k] <= '9') ++k;
        }
        if (k >= re_.size() || re_[k] != '}') break;
        at_ = k + 1;
        if (min == 0) at_least_once = false;
      } else {
        break;
      }
      if (More() && Peek() == '?') ++at_;  // non-greedy
    }
    if (!at_least_once) *item = 0;
    return true;
  }

  uint8_t Item() {
    const char c = Peek();
    switch (c) {
      case '(': return Group();
      case '[': return Class();
      case '\\': {
        bool is_char = false;
        uint32_t ch = Escape(&is_char);
        return is_char ? CharGates(ch) : static_cast<uint8_t>(ch);
      }
      case '.': case '^': case '$':
        ++at_;
        return 0;
      case '*': case '+': case '?':
        return Fail();  // a repeat of nothing
      default:
        return CharGates(Char());
    }
  }

  // One UTF-8 character, as a code point (U+FFFD if malformed).
  uint32_t Char() {
    const uint8_t lead = static_cast<uint8_t>(re_[at_]);
    const size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (at_ + n > re_.size()) {
      at_ = re_.size();
      Fail();
      return 0xFFFD;
    }
    uint32_t c = n == 1 ? lead : lead & (0x7F >> n);
    bool malformed = n > 1 && lead < 0xC2;
    for (size_t k = 1; k < n; ++k) {
      const uint8_t b = static_cast<uint8_t>(re_[at_ + k]);
      malformed |= (b & 0xC0) != 0x80;
      c = (c << 6) | (b & 0x3F);
    }
    at_ += n;
    return malformed || c > 0x10FFFF ? 0xFFFD : c;
  }

  uint8_t Group() {
    ++at_;  // (
    if (More() && Peek() == '?') {
      ++at_;
      if (More() && (Peek() == 'P' || Peek() == '<')) {  // (?P<name>...) (?<name>...)
        while (More() && Peek() != '>') ++at_;
        if (!More()) return Fail();
        ++at_;
      } else {
        // Flags: (?i) alone, or (?i:...).
        while (More() && Peek() != ':' && Peek() != ')') {
          const char f = Peek();
          if (f != 'i' && f != 'm' && f != 's' && f != 'U' && f != '-') return Fail();
          ++at_;
        }
        if (!More()) return Fail();
        if (Peek() == ')') {
          ++at_;
          return 0;
        }
        ++at_;  // :
      }
    }
    uint8_t gates = Alternation();
    if (!More() || Peek() != ')') return Fail();
    ++at_;
    return gates;
  }

  // An escape outside or inside a class. Sets `is_char` and returns the
  // character for an escaped character; else returns the gates of the
  // class it names (\d), or 0.
  uint32_t Escape(bool* is_char) {
    ++at_;  // backslash
    if (!More()) return Fail();
    const char c = re_[at_++];
    *is_char = false;
    switch (c) {
      case 'd': return kNeedsDigit | kNeedsAlnum;
      case 'D': case 'w': case 'W': case 's': case 'S': case 'b': case 'B':
      case 'A': case 'z': case 'C':
        return 0;
      case 'p': case 'P':
        if (More() && Peek() == '{') {
          while (More() && Peek() != '}') ++at_;
          if (!More()) return Fail();
          ++at_;
        } else if (More()) {
          ++at_;
        }
        return 0;
      case 'x': {
        uint32_t v = 0;
        if (More() && Peek() == '{') {
          ++at_;
          while (More() && Peek() != '}') v = v * 16 + Hex(re_[at_++]);
          if (!More()) return Fail();
          ++at_;
        } else {
          for (int k = 0; k < 2; ++k) {
            if (!More()) return Fail();
            v = v * 16 + Hex(re_[at_++]);
          }
        }
        *is_char = true;
        return v;
      }
      case 'n': case 't': case 'r': case 'f': case 'v': case 'a':
        *is_char = true;
        return '\n';  // a control character: satisfies no gate
      case 'Q':
        return Fail();  // \Q...\E is rare: not worth reading
      default:
        if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
          return Fail();  // an escape this reader does not know
        }
        *is_char = true;
        --at_;
        return Char();  // escaped punctuation, or a UTF-8 character
    }
  }

  uint32_t Hex(char c) {
    if (c >= '0' && c <= '9') return static_cast<uint32_t>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<uint32_t>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return static_cast<uint32_t>(c - 'A' + 10);
    Fail();
    return 0;
  }

  // A bracketed class: what all its members satisfy; a negated class,
  // nothing.
  uint8_t Class() {
    ++at_;  // [
    bool negated = false;
    if (More() && Peek() == '^') {
      negated = true;
      ++at_;
    }
    uint8_t gates = kAll;
    bool first = true;
    while (More() && (Peek() != ']' || first)) {
      first = false;
      if (Peek() == '[' && at_ + 1 < re_.size() && re_[at_ + 1] == ':') {
        return Fail();  // [:alpha:]: not worth reading
      }
      bool is_char = true;
      uint32_t lo = 0;
      if (Peek() == '\\') {
        lo = Escape(&is_char);
      } else {
        lo = Char();
      }
      if (!is_char) {
        gates &= static_cast<uint8_t>(lo);
        continue;
      }
      uint32_t hi = lo;
      if (More() && Peek() == '-' && at_ + 1 < re_.size() && re_[at_ + 1] != ']') {
        ++at_;
        bool hi_char = true;
        hi = Peek() == '\\' ? Escape(&hi_char) : Char();
        if (!hi_char || hi < lo) return Fail();
      }
      if (hi >= 0x80 && hi != lo) {
        gates = 0;  // a range of non-ASCII characters: some fold to nothing ASCII
        continue;
      }
      for (uint32_t ch = lo; ch <= hi; ++ch) gates &= CharGates(ch);
    }
    if (!More()) return Fail();
    ++at_;  // ]
    return negated ? 0 : gates;
  }

  std::string_view re_;
  size_t at_ = 0;
  bool failed_ = false;
};

}  // namespace

uint8_t RequiredClasses(std::string_view regex) { return Reader(regex).Run(); }

namespace {

constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHighBits = 0x8080808080808080ull;

// The high bit of every byte of `x` that is ASCII and in [lo, hi]. Each
// byte's low seven bits plus a constant stays below 0x100, so no carry
// crosses into the next byte.
inline uint64_t BytesBetween(uint64_t x, uint8_t lo, uint8_t hi) {
  const uint64_t low7 = x & ~kHighBits;
  const uint64_t at_least_lo = low7 + kOnes * (0x80 - lo);
  const uint64_t above_hi = low7 + kOnes * (0x7F - hi);
  return at_least_lo & ~above_hi & ~x & kHighBits;
}

}  // namespace

uint8_t ClassesIn(std::string_view text) {
  uint64_t digits = 0, letters = 0, colons = 0;
  auto add = [&](uint64_t x) {
    digits |= BytesBetween(x, '0', '9');
    letters |= BytesBetween(x | (kOnes * 0x20), 'a', 'z');
    colons |= BytesBetween(x, ':', ':');
  };
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t x;
    memcpy(&x, text.data() + i, 8);
    if ((x & kHighBits) != kHighBits) add(x);  // (Chinese text: mostly no ASCII at all)
  }
  uint64_t tail = 0;  // the rest, padded with zero bytes
  for (size_t k = 0; i + k < text.size(); ++k) {
    tail |= uint64_t{static_cast<uint8_t>(text[i + k])} << (8 * k);
  }
  add(tail);
  return static_cast<uint8_t>((digits != 0 ? kNeedsDigit : 0) |
                              (letters != 0 ? kNeedsLetter : 0) |
                              ((digits | letters) != 0 ? kNeedsAlnum : 0) |
                              (colons != 0 ? kNeedsColon : 0));
}

}  // namespace chatscan
