// How `chatscan scan` shows results for people: text like ripgrep's, with
// the matched bytes highlighted on a terminal, and CSV for spreadsheets.
// (The JSONL result is ResultJson in message_io.h.)
#ifndef CHATSCAN_TOOLS_OUTPUT_H_
#define CHATSCAN_TOOLS_OUTPUT_H_

#include <string>
#include <string_view>
#include <vector>

#include "chatscan/chatscan.h"
#include "message_io.h"

namespace chatscan::cli {

// Where a message came from: the input's name ("<stdin>" for standard
// input) and its line number.
struct Place {
  std::string_view file;
  long line = 0;
};

// `text` as Printable() shows it, with the bytes of the findings' spans
// between colour codes when `color`. Overlapping and adjacent spans are
// merged; a span is widened to whole UTF-8 sequences, never split.
std::string Highlight(std::string_view text, const std::vector<Finding>& findings, bool color);

// One message for people, in two parts. The head:
//   file:line: the message, `spans` highlighted
//     id ID: VERDICT
std::string TextHead(Place place, const InputMessage& message, const std::vector<Finding>& spans,
                     Action verdict, bool color);

// Then one line per finding:
//     - RULE [CATEGORY, clause CLAUSES, SEVERITY] ACTION START-END: MATCH
std::string TextFinding(const CompiledRules& rules, const InputMessage& message, const Finding& f,
                        bool color);

// The same line for a finding spanning several messages of a conversation:
//   - RULE [CATEGORY, clause CLAUSES, SEVERITY] ACTION across ID START-END, ...
// `ids` are the messages' ids as shown, one per piece.
std::string TextConversationFinding(const CompiledRules& rules, const ConversationFinding& f,
                                    const std::vector<std::string>& ids, bool color);

// The id as people read it: a string without quotes, anything else as JSON.
std::string IdText(const nlohmann::json& id);

// CSV (RFC 4180 quoting, LF line ends): the header row, then one row per
// finding. A message without findings has a row with empty finding columns
// only when `clean_rows`. With `redacted` (not null) every row ends with the
// redacted text.
std::string CsvHeader(bool with_redacted);
std::string CsvRows(const CompiledRules& rules, Place place, const InputMessage& message,
                    const ScanResult& result, bool clean_rows, const std::string* redacted);

// One CSV field: quoted when it holds a comma, a quote, CR or LF, with its
// quotes doubled.
std::string CsvField(std::string_view s);

}  // namespace chatscan::cli

#endif  // CHATSCAN_TOOLS_OUTPUT_H_
