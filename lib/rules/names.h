// Names of enum values in rule files and output, both directions.
#ifndef CHATSCAN_LIB_RULES_NAMES_H_
#define CHATSCAN_LIB_RULES_NAMES_H_

#include <string>
#include <string_view>

#include "chatscan/rules.h"
#include "chatscan/scanner.h"

namespace chatscan {

bool ParseAction(std::string_view name, Action* out);
bool ParseSeverity(std::string_view name, Severity* out);
bool ParseKind(std::string_view name, Kind* out);
bool ParseAudience(std::string_view name, Audience* out);

// Validators a rule may name in `validate = "..."`.
bool IsKnownValidator(std::string_view name);
std::string KnownValidators();  // comma-separated, for error messages

}  // namespace chatscan

#endif  // CHATSCAN_LIB_RULES_NAMES_H_
