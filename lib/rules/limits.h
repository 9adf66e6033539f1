// The [limits] table of pack.toml: what a pack may hold and how long a
// message may be (rules/README.md, "Limits").
#ifndef CHATSCAN_LIB_RULES_LIMITS_H_
#define CHATSCAN_LIB_RULES_LIMITS_H_

#include <string>
#include <vector>

#include "chatscan/rules.h"
#include "toml++/toml.h"

namespace chatscan {

// Reads [limits] (`node`, at file:line) into `limits`; every problem goes
// to `errors` as "file:line: ...". Keys not given keep their defaults.
void ParseLimits(const toml::node& node, const std::string& file, int line,
                 PackLimits* limits, std::vector<std::string>* errors);

}  // namespace chatscan

#endif  // CHATSCAN_LIB_RULES_LIMITS_H_
