// The `chatscan report` command: the clause 7.2 indicators of an archive of
// chat messages (docs/report.md says what they are and how to read them).
#ifndef CHATSCAN_TOOLS_REPORT_H_
#define CHATSCAN_TOOLS_REPORT_H_

#include <string>
#include <vector>

namespace chatscan::cli {

// Runs `chatscan report`. `args` are the arguments after the word "report":
//   [--rules PACK] [--html FILE] [--top N] [FILE|-]
// `default_pack_dir` is scanned with when there is no --rules.
//
// Reads JSONL messages as `chatscan scan` does, scans them one by one and
// prints the indicators as tables on stdout: messages per verdict, findings
// and rates per category, top rules, worst senders, every ISO week (in
// Asia/Shanghai time). With --html it also writes them, with inline SVG
// charts, to FILE as one self-contained page (no scripts, nothing fetched).
// A malformed line is named with its line number on stderr, counted in the
// report, and reading goes on.
//
// Returns the exit status: 0 nothing found, 1 findings, 2 errors (bad
// arguments, bad pack, unreadable input, malformed lines, HTML not written).
int ReportCommand(const std::vector<std::string>& args, const std::string& default_pack_dir);

}  // namespace chatscan::cli

#endif  // CHATSCAN_TOOLS_REPORT_H_
