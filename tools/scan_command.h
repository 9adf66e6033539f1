// The `chatscan scan` command (docs/cli.md describes what it does).
#ifndef CHATSCAN_TOOLS_SCAN_COMMAND_H_
#define CHATSCAN_TOOLS_SCAN_COMMAND_H_

#include <string>
#include <vector>

#include "chatscan/chatscan.h"
#include "message_io.h"

namespace chatscan::cli {

// --color and --progress.
enum class When { kAuto, kAlways, kNever };

struct ScanOptions {
  std::string rules;  // pack folder; empty: the default pack
  std::string cache;  // compiled-pack cache file; empty: none
  std::string path = "-";
  std::string format = "jsonl";  // jsonl, text or csv
  InputFormat input = InputFormat::kAuto;
  bool redact = false;
  bool conversations = false;
  bool all = false;    // text and csv: also messages without findings
  bool quiet = false;  // no summary on stderr
  When color = When::kAuto;
  When progress = When::kAuto;
  int threads = 0;  // 0: one per core
  Severity min_severity = Severity::kLow;
  std::vector<std::string> categories;  // only findings of these; empty: all
};

// Runs `chatscan scan`; `argv0` finds the default pack. Returns the exit
// status: 0 nothing found, 1 findings, 2 errors (malformed lines, messages
// that could not be scanned, a bad pack, unreadable input).
int ScanCommand(const ScanOptions& opts, const char* argv0);

}  // namespace chatscan::cli

#endif  // CHATSCAN_TOOLS_SCAN_COMMAND_H_
