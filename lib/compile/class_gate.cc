#include "compile/class_gate.h"

#include <cstddef>
#include <cstring>

#include "compile/regex_syntax.h"
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

// What every character of a bracketed class (or of \d) satisfies; a
// negated class, nothing.
uint8_t ClassGates(const RegexNode& cls) {
  if (cls.negated) return 0;
  uint8_t gates = kAll;
  // Of the named classes only \d is read; \w, \pN or [:digit:] need nothing.
  for (const std::string& name : cls.names) {
    gates &= name == "\\d" ? kNeedsDigit | kNeedsAlnum : 0;
  }
  for (const std::pair<uint32_t, uint32_t>& range : cls.ranges) {
    // A range of non-ASCII characters: some fold to nothing ASCII.
    if (range.second >= 0x80 && range.second != range.first) return 0;
    for (uint32_t c = range.first; c <= range.second; ++c) gates &= CharGates(c);
  }
  return gates;
}

// The gates every match of `node` satisfies: a sequence satisfies what any
// of its items does, an alternation what all of its branches do, a repeat
// what its item does if the item must occur at least once.
uint8_t Gates(const RegexNode& node) {
  uint8_t gates = node.kind == RegexNode::kAlternate ? kAll : 0;
  switch (node.kind) {
    case RegexNode::kChar:  // quoted text (\Q...\E) is rare in rules: left out, which is sound
      return node.quoted ? 0 : CharGates(node.ch);
    case RegexNode::kClass: return ClassGates(node);
    case RegexNode::kConcat:
      for (const RegexNode& item : node.children) gates |= Gates(item);
      return gates;
    case RegexNode::kAlternate:
      for (const RegexNode& branch : node.children) gates &= Gates(branch);
      return gates;
    case RegexNode::kRepeat: return node.min == 0 ? 0 : Gates(node.children[0]);
    default: return 0;  // ., \C, ^ and the like
  }
}

}  // namespace

// A regex the reader cannot read in full gets no gates at all: a wrong gate
// would lose findings without a word.
uint8_t RequiredClasses(std::string_view regex) {
  const RegexSyntax syntax = ParseRegexSyntax(regex);
  return syntax.complete ? Gates(syntax.root) : 0;
}

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
