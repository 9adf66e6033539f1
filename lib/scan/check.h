// Pack checks beyond compiling, for `chatscan check`: every rule's
// examples and counter-examples, terms shared by several rules, and terms
// their own allow-list cancels.
#ifndef CHATSCAN_LIB_SCAN_CHECK_H_
#define CHATSCAN_LIB_SCAN_CHECK_H_

#include <string>
#include <vector>

#include "chatscan/rules.h"

namespace chatscan {

struct CheckReport {
  std::vector<std::string> failures;  // examples that do not behave: errors
  std::vector<std::string> warnings;  // duplicates, cancelled terms
  size_t examples = 0;                // examples and counter-examples run
};

CheckReport CheckPack(const CompiledRules& rules);

}  // namespace chatscan

#endif  // CHATSCAN_LIB_SCAN_CHECK_H_
