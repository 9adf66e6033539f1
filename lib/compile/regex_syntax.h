// A regex (RE2 syntax) read into a small tree, for the checks that look at
// a regex before either engine compiles it (its cost, its class gates):
// RE2's own parser is not public (Debian installs only re2.h).
#ifndef CHATSCAN_LIB_COMPILE_REGEX_SYNTAX_H_
#define CHATSCAN_LIB_COMPILE_REGEX_SYNTAX_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chatscan {

// One node of the tree. Groups leave no node of their own: a group is its
// contents, and flags such as (?i) are not kept.
struct RegexNode {
  enum Kind : uint8_t {
    kChar,       // the character `ch`
    kClass,      // one character of `ranges` or `names` (or of neither, if `negated`)
    kAnyChar,    // . or \C
    kEmpty,      // matches no character: `text` is ^ $ \b \B \A \z or a (?flags) group
    kConcat,     // `children` one after another (none: the empty string)
    kAlternate,  // one of `children`
    kRepeat,     // children[0], `min` to `max` times, or `min` or more if `open`
  };
  static constexpr uint64_t kHuge = UINT64_MAX;  // the max of * and +; bounds saturate here

  Kind kind = kConcat;
  uint32_t ch = 0;
  bool quoted = false;  // kChar inside \Q...\E
  bool negated = false;
  std::vector<std::pair<uint32_t, uint32_t>> ranges;  // kClass: first to second, inclusive
  std::vector<std::string> names;  // kClass: named classes, as written: \d, \pL, [:alpha:]
  uint64_t min = 0, max = 0;
  bool open = false;
  // As written: kEmpty, a kClass of one name; kRepeat: the operator ("*", "{2,5}")
  // without the ? that makes it non-greedy.
  std::string text;
  std::vector<RegexNode> children;
};

struct RegexSyntax {
  RegexNode root;
  // False if the reader met something it does not know or that RE2
  // refuses, or stopped before the end (nesting deeper than RE2's 1000):
  // the tree then holds what it read, for callers that can live with a
  // guess. Some mistakes RE2 refuses go unnoticed: an unknown \p{Name},
  // nested bounds that multiply past 1000.
  bool complete = false;
};

// Reads any bytes without reading past them; stateless, so safe to call
// from any thread.
RegexSyntax ParseRegexSyntax(std::string_view regex);

}  // namespace chatscan

#endif  // CHATSCAN_LIB_COMPILE_REGEX_SYNTAX_H_
