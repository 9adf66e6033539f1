// Fuzzes the pack parser: any TOML text must parse or give errors, never
// crash or hang.
#include <cstdint>
#include <string_view>

#include "rules/rule_set.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto set = chatscan::ParseRuleSet(text, "/nonexistent", "pack.toml");
  if (!set.ok() && set.status().message().empty()) __builtin_trap();  // errors say something
  return 0;
}
