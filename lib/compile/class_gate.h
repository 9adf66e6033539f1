// Class gates: ASCII characters a regex cannot match without.
//
// A regex that needs no literal of its own (a mobile number, a card number,
// a link, a "机密：" header) still needs characters of some class: a
// message without an ASCII digit cannot hold a mobile number, one without a
// colon no header. The compiler puts such regexes into
// Hyperscan databases of their own, which the scanner runs only for
// messages whose folded view has a character of the class; most chat
// messages have no digits, no Latin letters and no colons.
#ifndef CHATSCAN_LIB_COMPILE_CLASS_GATE_H_
#define CHATSCAN_LIB_COMPILE_CLASS_GATE_H_

#include <cstdint>
#include <string_view>

namespace chatscan {

enum ClassGate : uint8_t {
  kNeedsDigit = 1,   // every match holds one of 0-9
  kNeedsLetter = 2,  // every match holds one of A-Z a-z
  kNeedsAlnum = 4,   // every match holds one of 0-9 A-Z a-z
  kNeedsColon = 8,   // every match holds a colon
};

// The ClassGate bits that hold for every match of `regex` (RE2 syntax) in
// the folded view, where a character that folds to one ASCII character is
// that character (the full-width colon is a colon there). Sound, not
// complete: a construct it does not know (a Unicode class, \w,
// a negated class, an optional part) counts as needing nothing, and a
// regex it cannot read gets no bits at all.
uint8_t RequiredClasses(std::string_view regex);

// The ClassGate bits of the classes `text` holds a character of. Eight
// bytes at a time (SWAR): this runs for every message.
uint8_t ClassesIn(std::string_view text);

}  // namespace chatscan

#endif  // CHATSCAN_LIB_COMPILE_CLASS_GATE_H_
