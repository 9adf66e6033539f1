// `chatscan report`: arguments, reading and counting the archive, writing the
// report. The counts are in report_data.cc, the text tables in
// report_text.cc, the HTML page in report_html.cc.
#include "report.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "chatscan/chatscan.h"
#include "message_io.h"
#include "report_data.h"

namespace chatscan::cli {
namespace {

constexpr char kUsage[] = R"(usage: chatscan report [--rules PACK] [--html FILE] [--top N] [FILE|-]

Scans an archive of JSONL messages (as `chatscan scan` reads them) and prints
the clause 7.2 indicators: messages per verdict, findings and rates per
category, the top N rules, the N worst senders and every ISO week (Asia/Shanghai
time) of the messages' "time". Malformed lines are named on stderr, counted
in the report, and skipped.

  --rules PACK   rule pack folder (default: the default pack)
  --html FILE    also write the report as one self-contained HTML page with
                 charts (no scripts, nothing fetched: opens offline)
  --top N        rules and senders to list (default 10)

Exit 0: nothing found; 1: findings; 2: errors (bad pack, unreadable file,
malformed lines, HTML not written). See docs/report.md.

examples:
  chatscan report archive.jsonl
  chatscan report --top 20 --html report.html archive.jsonl > report.txt
)";

constexpr int kDefaultTop = 10;

struct ReportOptions {
  std::string rules;
  std::string html;
  int top = kDefaultTop;
  std::string input = "-";
};

int UsageError(const std::string& error) {
  fprintf(stderr, "chatscan report: %s\n\n%s", error.c_str(), kUsage);
  return 2;
}

// Returns -1 to go on, else the exit status.
int ParseReportArgs(const std::vector<std::string>& args, ReportOptions* opts) {
  bool have_input = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= args.size()) return false;
      *out = args[++i];
      return true;
    };
    if (a == "--rules") {
      if (!value(&opts->rules)) return UsageError("--rules needs a value");
    } else if (a == "--html") {
      if (!value(&opts->html)) return UsageError("--html needs a value");
    } else if (a == "--top") {
      std::string v;
      if (!value(&v)) return UsageError("--top needs a value");
      char* end = nullptr;
      errno = 0;
      long n = strtol(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || errno != 0 || n < 1 || n > 1000000) {
        return UsageError("--top must be a number from 1 to 1000000");
      }
      opts->top = static_cast<int>(n);
    } else if (a == "-h" || a == "--help") {
      fputs(kUsage, stdout);
      return 0;
    } else if (a.size() > 1 && a[0] == '-') {
      return UsageError("unknown option " + a);
    } else if (have_input) {
      return UsageError("report takes at most one FILE");
    } else {
      opts->input = a;
      have_input = true;
    }
  }
  return -1;
}

bool WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    fprintf(stderr, "chatscan report: cannot write %s: %s\n", path.c_str(), strerror(errno));
    return false;
  }
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.close();
  if (!out) {
    fprintf(stderr, "chatscan report: writing %s failed: %s\n", path.c_str(), strerror(errno));
    return false;
  }
  return true;
}

}  // namespace

int ReportCommand(const std::vector<std::string>& args, const std::string& default_pack_dir) {
  ReportOptions opts;
  if (int status = ParseReportArgs(args, &opts); status >= 0) return status;

  std::string pack_dir = opts.rules.empty() ? default_pack_dir : opts.rules;
  std::shared_ptr<const CompiledRules> rules;
  Status s = CompiledRules::Compile(pack_dir, &rules);
  if (!s.ok()) {
    fprintf(stderr, "chatscan: rule pack %s:\n%s\n", pack_dir.c_str(), s.message().c_str());
    return 2;
  }

  std::ifstream file;
  std::istream* in = &std::cin;
  if (opts.input != "-") {
    std::error_code ec;
    if (std::filesystem::is_directory(opts.input, ec)) {
      fprintf(stderr, "chatscan: cannot read %s: it is a directory\n", opts.input.c_str());
      return 2;
    }
    file.open(opts.input, std::ios::binary);
    if (!file) {
      fprintf(stderr, "chatscan: cannot open %s: %s\n", opts.input.c_str(), strerror(errno));
      return 2;
    }
    in = &file;
  }

  ReportData data;
  data.input = opts.input;
  InitReport(*rules, &data);
  Counter counter(&data);
  Scanner scanner(rules);
  ScanResult result;
  InputMessage message;
  std::string line, error;
  long line_no = 0;
  auto bad_line = [&](const std::string& why) {
    fprintf(stderr, "chatscan: %s:%ld: %s\n", opts.input.c_str(), line_no, why.c_str());
    ++data.bad_lines;
    if (data.listed_bad_lines.size() < kListedBadLines) data.listed_bad_lines.push_back(line_no);
  };
  while (std::getline(*in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (!ParseInputLine(line, InputFormat::kAuto, line_no, &message, &error)) {
      bad_line(error);
      continue;
    }
    Status scanned = scanner.Scan(message.text, message.context, &result);
    if (!scanned.ok()) {
      bad_line(scanned.message());
      continue;
    }
    counter.Add(message, result);
  }
  if (in->bad()) {
    fprintf(stderr, "chatscan: reading %s failed after line %ld: %s\n", opts.input.c_str(),
            line_no, strerror(errno));
    return 2;
  }

  // The page first, so that it is written even when stdout goes to `head`.
  bool html_ok = opts.html.empty() || WriteFile(opts.html, HtmlReport(data, *rules, opts.top));
  std::string text = TextReport(data, *rules, opts.top);
  fwrite(text.data(), 1, text.size(), stdout);
  fflush(stdout);
  if (data.bad_lines > 0) {
    fprintf(stderr, "chatscan: %s: %ld malformed lines were not counted\n", opts.input.c_str(),
            data.bad_lines);
  }
  if (data.bad_lines > 0 || !html_ok) return 2;
  return data.total.findings > 0 ? 1 : 0;
}

}  // namespace chatscan::cli
