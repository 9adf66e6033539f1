// Fuzzes the pack parser: any TOML text must parse or give errors, never
// crash or hang. The input is also read as a regex by the class-gate reader
// (any bytes: it must answer, never read past the end).
#include <cstdint>
#include <string_view>

#include "compile/class_gate.h"
#include "compile/limits.h"
#include "rules/rule_set.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (chatscan::RequiredClasses(text) > (chatscan::kNeedsDigit | chatscan::kNeedsLetter |
                                         chatscan::kNeedsAlnum | chatscan::kNeedsColon)) {
    __builtin_trap();
  }
  auto set = chatscan::ParseRuleSet(text, "/nonexistent", "pack.toml");
  if (!set.ok() && set.status().message().empty()) __builtin_trap();  // errors say something
  if (!set.ok()) return 0;
  // The limit checks and the regex walk run on every pack before it is
  // compiled: any regex text must be walked without a crash.
  std::vector<std::string> errors;
  chatscan::CheckPackLimits(*set, &errors);
  for (const chatscan::Rule& rule : set->rules) {
    for (const chatscan::TermSource& rx : rule.regexes) {
      chatscan::AnalyzeRegex(rx.text);
      chatscan::RequiredClasses(rx.text);
    }
  }
  return 0;
}
