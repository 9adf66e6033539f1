// Checks a pack against its [limits] before anything expensive is built,
// and sizes the overlap of the windows of long messages.
#ifndef CHATSCAN_LIB_COMPILE_LIMITS_H_
#define CHATSCAN_LIB_COMPILE_LIMITS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compile/compiled_rules_impl.h"
#include "rules/rule_set.h"

namespace chatscan {

// What a regex can cost, read from its text (RE2 syntax) by a small walk:
// RE2's own parser is not public, and this must run before either engine
// sees the regex.
struct RegexShape {
  static constexpr uint64_t kUnbounded = UINT64_MAX;
  uint64_t max_chars = 0;    // longest match in characters, or kUnbounded
  uint64_t repeat_cost = 0;  // bounded repeats: sum of the products of nested bounds
  uint64_t largest_bound = 0;
  std::string largest_repeat;  // the operator with the largest bound, e.g. "{1000,50000}"
};
RegexShape AnalyzeRegex(std::string_view regex);

// Term and regex counts and lengths; every rule that goes over a limit is
// named in `errors`. Returns false if any did.
bool CheckPackLimits(const RuleSet& set, std::vector<std::string>* errors);

// The most characters of original text (not counting ignorable characters
// and combining marks) a term or repeat pattern can match; regexes are
// measured with AnalyzeRegex, combination rules by `within`.
uint64_t LongestMatchChars(const Pattern& pattern, int max_noise, const PackLimits& limits);

// Works out the longest match of the pack and the overlap of windows
// (impl->report); false, with an error naming the rule with the longest
// match, when the overlap does not fit in max_message_bytes.
bool SizeWindows(const RuleSet& set, CompiledRules::Impl* impl,
                 std::vector<std::string>* errors);

}  // namespace chatscan

#endif  // CHATSCAN_LIB_COMPILE_LIMITS_H_
