#include "rules/limits.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "util/absl_compat.h"

namespace chatscan {
namespace {

// One numeric limit: its key, where it goes, and the range it may take.
// The upper ends keep a pack from lifting a limit so far that the limit no
// longer protects anything (a 4 GiB message is what offsets can address).
struct NumericLimit {
  const char* key;
  size_t PackLimits::*field;
  uint64_t min;
  uint64_t max;
};

constexpr NumericLimit kNumericLimits[] = {
    {"max_terms", &PackLimits::max_terms, 1, 5000000},
    {"max_term_bytes", &PackLimits::max_term_bytes, 1, 4096},
    {"max_regexes", &PackLimits::max_regexes, 0, 100000},
    {"max_regex_bytes", &PackLimits::max_regex_bytes, 1, 65536},
    {"max_regex_repeat", &PackLimits::max_regex_repeat, 1, 100000},
    {"re2_max_mem", &PackLimits::re2_max_mem, uint64_t{1} << 20, uint64_t{1} << 30},
    {"max_message_bytes", &PackLimits::max_message_bytes, 1024, UINT32_MAX - 16},
    {"long_match_chars", &PackLimits::long_match_chars, 1, 100000},
};

}  // namespace

void ParseLimits(const toml::node& node, const std::string& file, int line,
                 PackLimits* limits, std::vector<std::string>* errors) {
  const toml::table* table = node.as_table();
  if (table == nullptr) {
    errors->push_back(absl::StrCat(file, ":", line, ": [limits] must be a table"));
    return;
  }
  for (auto&& [key, value] : *table) {
    std::string at = absl::StrCat(file, ":", key.source().begin.line, ": [limits] ");
    std::string_view k = key.str();
    if (k == "oversize") {
      auto s = value.value<std::string>();
      if (s && (*s == "window" || *s == "reject")) {
        limits->oversize = *s == "window" ? Oversize::kWindow : Oversize::kReject;
      } else {
        errors->push_back(absl::StrCat(at, "oversize must be \"window\" or \"reject\""));
      }
      continue;
    }
    const NumericLimit* limit = nullptr;
    for (const NumericLimit& l : kNumericLimits) {
      if (k == l.key) limit = &l;
    }
    if (limit == nullptr) {
      errors->push_back(absl::StrCat(at, "unknown key '", Av(k), "'"));
      continue;
    }
    auto n = value.value<int64_t>();
    if (!n || *n < 0 || static_cast<uint64_t>(*n) < limit->min ||
        static_cast<uint64_t>(*n) > limit->max) {
      errors->push_back(absl::StrCat(at, limit->key, " must be an integer from ", limit->min,
                                     " to ", limit->max));
      continue;
    }
    limits->*(limit->field) = static_cast<size_t>(*n);
  }
}

}  // namespace chatscan
