// Scanning a message longer than the pack's max_message_bytes in
// overlapping windows (rules/README.md, "Limits").
#ifndef CHATSCAN_LIB_SCAN_WINDOWS_H_
#define CHATSCAN_LIB_SCAN_WINDOWS_H_

#include <string_view>

#include "chatscan/scanner.h"
#include "scan/resolve.h"

namespace chatscan {

// Scans `text` window by window with `state`. Windows are at most
// max_message_bytes long and overlap by the pack's window_overlap_chars
// characters (ignorable characters and combining marks not counted), so
// every match of at most longest_match_chars characters lies, with its
// context, inside the window that reports it. Each window reports only the
// findings that start in its own stretch of the text, so a finding is
// reported once, in offsets of `text`.
Status ScanInWindows(Scanner::State* state, const CompiledRules& rules, std::string_view text,
                     const MessageContext& context, ScanResult* result);

}  // namespace chatscan

#endif  // CHATSCAN_LIB_SCAN_WINDOWS_H_
