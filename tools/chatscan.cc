// The chatscan command: scan messages with a rule pack.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "chatscan/chatscan.h"
#include "message_io.h"
#include "report.h"
#include "rules/names.h"
#include "scan_command.h"
#include "scan/check.h"
#include "scan/explain.h"

namespace chatscan::cli {
namespace {

constexpr char kUsage[] = R"(usage: chatscan <command> [options]

commands:
  scan      scan messages (JSONL or plain text) and print findings as JSONL,
            text or CSV
  report    the clause 7.2 indicators of an archive, as tables or HTML
  check     compile a rule pack, list its problems and run its examples
  explain   show how one text is folded and why each hit was kept or dropped

`chatscan COMMAND --help` tells more; docs/cli.md tells all.
Without --rules the default pack is used (rules/default).

examples:
  chatscan scan examples/messages.jsonl
  chatscan scan --format text --min-severity high archive.jsonl
  echo '{"id":1,"text":"密码是 hunter22"}' | chatscan scan --format text
  chatscan report --html report.html archive.jsonl
  chatscan check rules/default
  chatscan explain '你个 sha bi'
)";

constexpr char kScanHelp[] = R"(usage: chatscan scan [options] [FILE|-]

Scans messages, one per line: a JSON object with "id" and "text" (and
optionally kind, audience, sender, conversation, time), or a plain text
line. Reads FILE, or standard input when FILE is - or absent.

output:
  --format jsonl   one JSON object per input line, in input order (default)
  --format text    for people: FILE:LINE: the message with its findings
                   highlighted, then the id, verdict and one line per finding
  --format csv     one row per finding, with a header row (RFC 4180)
  --all            text and csv: also messages without findings
  --color WHEN     highlight text output: auto (stdout is a terminal and
                   NO_COLOR is unset), always or never
  --redact         also the text with findings masked
input:
  --input auto|jsonl|text   how to read lines (auto: JSON if it starts with {)
  --rules PACK     rule pack folder (default: the default pack)
  --cache FILE     load the compiled pack from FILE, or compile and write it
  --conversations  also scan each sender's consecutive messages joined
                   (jsonl and text only)
filters (the verdict and the exit status count only what remains):
  --min-severity low|medium|high|critical
  --categories A,B  only findings of these categories
run:
  --threads N      read, scan and write on N threads (default: one per core);
                   the output is the same whatever N
  --progress WHEN  progress bar on stderr: auto (stderr is a terminal and
                   FILE a regular file over 4 MB), always or never
  --quiet          no summary on stderr at the end

Malformed lines are named on stderr with their line number and counted
(jsonl also prints {"line":N,"error":...} in their place); scanning goes on.
Exit 0: nothing found; 1: findings; 2: errors (malformed lines, bad pack,
bad arguments, unreadable input).

examples:
  chatscan scan archive.jsonl > results.jsonl
  chatscan scan --format text --categories secret,credential archive.jsonl
  chatscan scan --format csv --min-severity high archive.jsonl > high.csv
  echo '你个 sha bi' | chatscan scan --format text --color never
)";

constexpr char kCheckHelp[] = R"(usage: chatscan check PACK

Compiles the pack in folder PACK and prints every problem with its
file:line, what the compiler decided (patterns, regexes Hyperscan rejects),
terms that fold to nothing, terms shared by several rules or cancelled by
their own allow-list; then runs every rule's examples and counter_examples.

Exit 0: all good; 1: an example misbehaves; 2: the pack does not compile.

examples:
  chatscan check rules/default
  chatscan check my-pack && echo ready
)";

constexpr char kExplainHelp[] = R"(usage: chatscan explain [options] TEXT
       chatscan explain [options] --file FILE

Shows the folded, dense and pinyin views of TEXT, every hit with the rule,
pattern and fold steps that made it, and why dropped hits were dropped
(allow-list, validator, context, word boundary, noise gap).

  --rules PACK           rule pack folder (default: the default pack)
  --cache FILE           as for scan
  --kind chat|moment     the message's kind (default chat)
  --audience internal|external|public   (default internal)
  --file FILE            explain the contents of FILE

examples:
  chatscan explain '你个 sha bi'
  chatscan explain --kind moment --audience public '全网最低价'
)";

// The options of every command but report; explain uses scan's rules and cache.
struct Options {
  ScanOptions scan;
  std::string file;
  MessageContext context;
  std::vector<std::string> args;
  bool help = false;
};

const char* HelpOf(const std::string& command) {
  if (command == "scan") return kScanHelp;
  if (command == "check") return kCheckHelp;
  if (command == "explain") return kExplainHelp;
  return kUsage;
}

int Usage(const std::string& command, const std::string& error) {
  fprintf(stderr, "chatscan %s: %s\n(chatscan %s --help tells how)\n", command.c_str(),
          error.c_str(), command.c_str());
  return 2;
}

bool ParseWhen(const std::string& v, When* out) {
  static const std::map<std::string, When> kNames = {
      {"auto", When::kAuto}, {"always", When::kAlways}, {"never", When::kNever}};
  auto it = kNames.find(v);
  if (it == kNames.end()) return false;
  *out = it->second;
  return true;
}

bool ParseThreads(const std::string& v, int* out) {
  char* end = nullptr;
  errno = 0;
  long n = strtol(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || errno != 0 || n < 1 || n > 1024) return false;
  *out = static_cast<int>(n);
  return true;
}

// Parses the option `name` that takes `value`; false with *error set when
// the value is wrong.
bool ParseValue(const std::string& name, const std::string& value, Options* opts,
                std::string* error) {
  ScanOptions& scan = opts->scan;
  auto fail = [&](const char* expected) {
    *error = absl::StrCat(name, " '", value, "': expected ", expected);
    return false;
  };
  if (name == "--rules") {
    scan.rules = value;
  } else if (name == "--cache") {
    scan.cache = value;
  } else if (name == "--file") {
    opts->file = value;
  } else if (name == "--format") {
    if (value != "jsonl" && value != "text" && value != "csv") return fail("jsonl, text or csv");
    scan.format = value;
  } else if (name == "--input") {
    static const std::map<std::string, InputFormat> kNames = {
        {"auto", InputFormat::kAuto}, {"jsonl", InputFormat::kJsonl}, {"text", InputFormat::kText}};
    if (kNames.count(value) == 0) return fail("auto, jsonl or text");
    scan.input = kNames.at(value);
  } else if (name == "--color") {
    if (!ParseWhen(value, &scan.color)) return fail("auto, always or never");
  } else if (name == "--progress") {
    if (!ParseWhen(value, &scan.progress)) return fail("auto, always or never");
  } else if (name == "--threads") {
    if (!ParseThreads(value, &scan.threads)) return fail("a number from 1 to 1024");
  } else if (name == "--min-severity") {
    if (!ParseSeverity(value, &scan.min_severity)) return fail("low, medium, high or critical");
  } else if (name == "--categories") {
    scan.categories = absl::StrSplit(value, ',', absl::SkipWhitespace());
    if (scan.categories.empty()) return fail("category names separated by commas");
  } else if (name == "--kind") {
    if (!ParseKind(value, &opts->context.kind)) return fail("chat or moment");
  } else if (name == "--audience") {
    if (!ParseAudience(value, &opts->context.audience)) {
      return fail("internal, external or public");
    }
  }
  return true;
}

bool TakesValue(const std::string& name) {
  static const char* const kNames[] = {"--rules",   "--cache",    "--file",         "--format",
                                       "--input",   "--color",    "--progress",     "--threads",
                                       "--kind",    "--audience", "--min-severity", "--categories"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

// Options are --name VALUE or --name=VALUE.
bool ParseOptions(int argc, char** argv, int first, Options* opts, std::string* error) {
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    std::string name = a.substr(0, a.find('='));
    if (TakesValue(name)) {
      std::string value;
      if (name.size() < a.size()) {
        value = a.substr(name.size() + 1);
      } else if (i + 1 < argc) {
        value = argv[++i];
      } else {
        *error = name + " needs a value";
        return false;
      }
      if (!ParseValue(name, value, opts, error)) return false;
    } else if (a == "--redact") {
      opts->scan.redact = true;
    } else if (a == "--conversations") {
      opts->scan.conversations = true;
    } else if (a == "--all") {
      opts->scan.all = true;
    } else if (a == "--quiet" || a == "-q") {
      opts->scan.quiet = true;
    } else if (a == "-h" || a == "--help") {
      opts->help = true;
    } else if (a.size() > 1 && a[0] == '-') {
      *error = "unknown option " + a;
      return false;
    } else {
      opts->args.push_back(a);
    }
  }
  return true;
}

int Scan(Options* opts, const char* argv0) {
  if (opts->args.size() > 1) return Usage("scan", "scan takes at most one FILE");
  if (!opts->args.empty()) opts->scan.path = opts->args[0];
  return ScanCommand(opts->scan, argv0);
}

int ExplainCommand(const Options& opts, const char* argv0) {
  std::string text;
  if (!opts.file.empty()) {
    std::ifstream in(opts.file, std::ios::binary);
    if (!in) {
      fprintf(stderr, "chatscan: cannot open %s: %s\n", opts.file.c_str(), strerror(errno));
      return 2;
    }
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!opts.args.empty()) return Usage("explain", "explain takes TEXT or --file, not both");
  } else if (opts.args.size() == 1) {
    text = opts.args[0];
  } else {
    return Usage("explain", "explain takes one TEXT (quote it) or --file FILE");
  }
  std::shared_ptr<const CompiledRules> rules;
  if (!LoadRules(opts.scan.rules, opts.scan.cache, argv0, &rules)) return 2;
  fputs(Explain(*rules, text, opts.context).c_str(), stdout);
  return 0;
}

int Check(const Options& opts) {
  if (opts.args.size() != 1) return Usage("check", "check takes one PACK folder");
  std::shared_ptr<const CompiledRules> rules;
  Status s = CompiledRules::Compile(opts.args[0], &rules);
  if (!s.ok()) {
    fprintf(stderr, "%s\n", s.message().c_str());
    return 2;
  }
  const PackReport& r = rules->report();
  printf("pack %s: %zu rules, %zu literal patterns, %zu Hyperscan regexes (%zu of them only "
         "for messages with an ASCII digit, letter or colon), %zu regexes found by %zu literals "
         "they need, %zu RE2 regexes\n",
         r.pack_name.c_str(), r.rules, r.literal_patterns, r.regex_patterns,
         r.class_gated_regexes, r.atom_regexes, r.regex_atoms, r.re2_fallbacks.size());
  printf("databases: %zu bytes, compiled in %.3f s\n", r.database_bytes, r.compile_seconds);
  for (const std::string& f : r.re2_fallbacks) printf("note: %s\n", f.c_str());
  for (const std::string& e : r.engines) printf("engine: %s\n", e.c_str());
  for (const std::string& n : r.notes) printf("note: %s\n", n.c_str());
  for (const std::string& w : r.warnings) printf("warning: %s\n", w.c_str());
  CheckReport check = CheckPack(*rules);
  for (const std::string& w : check.warnings) printf("warning: %s\n", w.c_str());
  for (const std::string& f : check.failures) printf("error: %s\n", f.c_str());
  printf("examples: %zu run, %zu failed\n", check.examples, check.failures.size());
  return check.failures.empty() ? 0 : 1;
}

}  // namespace

int Main(int argc, char** argv) {
  if (argc < 2) {
    fputs(kUsage, stderr);
    return 2;
  }
  std::string command = argv[1];
  if (command == "-h" || command == "--help" || command == "help") {
    fputs(kUsage, stdout);
    return 0;
  }
  if (command == "report") {
    return ReportCommand(std::vector<std::string>(argv + 2, argv + argc), DefaultPackDir(argv[0]));
  }
  if (command != "scan" && command != "check" && command != "explain") {
    fprintf(stderr, "chatscan: unknown command '%s'\n\n%s", command.c_str(), kUsage);
    return 2;
  }
  Options opts;
  std::string error;
  if (!ParseOptions(argc, argv, 2, &opts, &error)) return Usage(command, error);
  if (opts.help) {
    fputs(HelpOf(command), stdout);
    return 0;
  }
  if (command == "scan") return Scan(&opts, argv[0]);
  if (command == "check") return Check(opts);
  return ExplainCommand(opts, argv[0]);
}

}  // namespace chatscan::cli

int main(int argc, char** argv) { return chatscan::cli::Main(argc, argv); }
