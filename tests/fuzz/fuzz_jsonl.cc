// Fuzzes the JSONL reader of the CLI: any line parses or gives an error.
#include <cstdint>
#include <string_view>

#include "message_io.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  chatscan::cli::InputMessage message;
  std::string error;
  bool ok = chatscan::cli::ParseInputLine(line, chatscan::cli::InputFormat::kAuto, 1, &message,
                                          &error);
  if (!ok && error.empty()) __builtin_trap();
  return 0;
}
