// Reading messages from JSONL or plain text, the JSON result of a message,
// and loading a rule pack. Used by the chatscan command.
#ifndef CHATSCAN_TOOLS_MESSAGE_IO_H_
#define CHATSCAN_TOOLS_MESSAGE_IO_H_

#include <memory>
#include <string>
#include <string_view>

#include "chatscan/chatscan.h"
#include "nlohmann/json.hpp"
#include "text_util.h"

namespace chatscan::cli {

// One input message with the storage its context points into.
struct InputMessage {
  nlohmann::json id;  // as given, or the line number when absent
  std::string text;
  std::string sender;
  std::string conversation;
  std::string time;  // as given
  MessageContext context;
  // Plain-text lines only (a JSONL line with a bad byte is malformed): the
  // offset of the first byte that is not UTF-8, or npos. Such a line is
  // still scanned; the scanner reads each bad byte as U+FFFD.
  size_t invalid_utf8 = std::string_view::npos;
};

enum class InputFormat { kAuto, kJsonl, kText };

// Parses one input line. On failure returns false and sets *error to what is
// wrong with the line (the caller adds the line number).
bool ParseInputLine(std::string_view line, InputFormat format, long line_no,
                    InputMessage* out, std::string* error);


// The JSON object the `scan` command prints for one message.
nlohmann::ordered_json ResultJson(const CompiledRules& rules, const InputMessage& message,
                          const ScanResult& result);

// The default pack's folder: $CHATSCAN_RULES_DIR/default, the installed
// share/chatscan/rules/default next to the binary, or the source tree's.
std::string DefaultPackDir(const char* argv0);

// Compiles the pack in `pack_dir` (the default pack when empty), through the
// cache file `cache` when it is not empty (saying on stderr whether the cache
// was used). On failure says on stderr what is wrong, where, and returns false.
bool LoadRules(const std::string& pack_dir, const std::string& cache, const char* argv0,
               std::shared_ptr<const CompiledRules>* rules);

}  // namespace chatscan::cli

#endif  // CHATSCAN_TOOLS_MESSAGE_IO_H_
