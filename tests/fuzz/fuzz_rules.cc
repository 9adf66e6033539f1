// Fuzzes the pack parser: any TOML text must parse or give errors, never
// crash or hang.
#include <cstdint>
#include <string_view>

#include "compile/limits.h"
#include "rules/rule_set.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto set = chatscan::ParseRuleSet(text, "/nonexistent", "pack.toml");
  if (!set.ok() && set.status().message().empty()) __builtin_trap();  // errors say something
  if (!set.ok()) return 0;
  // The limit checks and the regex walk run on every pack before it is
  // compiled: any regex text must be walked without a crash.
  std::vector<std::string> errors;
  chatscan::CheckPackLimits(*set, &errors);
  for (const chatscan::Rule& rule : set->rules) {
    for (const chatscan::TermSource& rx : rule.regexes) chatscan::AnalyzeRegex(rx.text);
  }
  return 0;
}
