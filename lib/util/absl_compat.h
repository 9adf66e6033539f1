// Debian's Abseil is built with its own string_view type (not std's); this
// converts at the boundary so the rest of the code can use std::string_view.
#ifndef CHATSCAN_LIB_UTIL_ABSL_COMPAT_H_
#define CHATSCAN_LIB_UTIL_ABSL_COMPAT_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace chatscan {

inline absl::string_view Av(std::string_view s) { return {s.data(), s.size()}; }
inline std::string_view Sv(absl::string_view s) { return {s.data(), s.size()}; }

}  // namespace chatscan

#endif  // CHATSCAN_LIB_UTIL_ABSL_COMPAT_H_
