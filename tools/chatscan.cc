// The chatscan command: scan messages with a rule pack.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "chatscan/chatscan.h"
#include "message_io.h"
#include "report.h"
#include "scan/check.h"
#include "scan/explain.h"

namespace chatscan::cli {
namespace {

constexpr char kUsage[] = R"(usage: chatscan <command> [options]

commands:
  scan [--rules PACK] [--format jsonl|text] [--input auto|jsonl|text]
       [--redact] [--conversations] [--cache FILE] [FILE|-]
      Scan messages (JSONL objects with "id" and "text", or one plain
      message per line) and print one result per input line.
      --redact adds "redacted": the text with findings masked.
      --conversations also scans each sender's consecutive messages in a
      conversation joined (last 5 within 2 minutes) and adds
      "conversation_findings" naming every message a finding spans.
      --cache FILE loads the compiled pack from FILE when it fits the pack
      and this build, else compiles and rewrites FILE (said on stderr).
      Exit 0: nothing found; 1: findings; 2: errors (bad lines, bad pack).
  report [--rules PACK] [--html FILE] [--top N] [FILE|-]
      Clause 7.2 indicators of an archive of JSONL messages: counts and rates
      per verdict, category, rule, sender and ISO week, as tables; --html also
      writes them with charts to one self-contained HTML page.
  check PACK
      Compile the pack in folder PACK and print every problem with its
      file:line, what the compiler decided (patterns, regexes Hyperscan
      rejects), terms that fold to nothing, terms shared by several rules or
      cancelled by their own allow-list; then run every rule's examples and
      counter_examples. Exit 0: all good; 1: an example misbehaves; 2: the
      pack does not compile.
  explain [--rules PACK] [--kind chat|moment] [--audience A] TEXT
  explain [--rules PACK] --file FILE
      Show the folded, dense and pinyin views of TEXT, every hit with the
      rule, pattern and fold steps that made it, and why dropped hits were
      dropped (allow-list, validator, context, word boundary, noise gap).

Without --rules the default pack is used (rules/default).
examples:
  chatscan scan examples/messages.jsonl
  echo '{"id":1,"text":"密码是 hunter22"}' | chatscan scan --format text
)";

struct Options {
  std::string cache;
  bool redact = false;
  bool conversations = false;
  std::string rules;
  std::string file;
  MessageContext context;
  std::string format = "jsonl";
  InputFormat input = InputFormat::kAuto;
  std::vector<std::string> args;
};

int Usage(const char* error) {
  if (error != nullptr) fprintf(stderr, "chatscan: %s\n\n", error);
  fputs(kUsage, stderr);
  return 2;
}

bool ParseOptions(int argc, char** argv, int first, Options* opts, std::string* error) {
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) {
        *error = a + " needs a value";
        return false;
      }
      *out = argv[++i];
      return true;
    };
    if (a == "--rules") {
      if (!value(&opts->rules)) return false;
    } else if (a == "--format") {
      if (!value(&opts->format)) return false;
      if (opts->format != "jsonl" && opts->format != "text") {
        *error = "--format must be jsonl or text";
        return false;
      }
    } else if (a == "--input") {
      std::string v;
      if (!value(&v)) return false;
      if (v == "auto") {
        opts->input = InputFormat::kAuto;
      } else if (v == "jsonl") {
        opts->input = InputFormat::kJsonl;
      } else if (v == "text") {
        opts->input = InputFormat::kText;
      } else {
        *error = "--input must be auto, jsonl or text";
        return false;
      }
    } else if (a == "--cache") {
      if (!value(&opts->cache)) return false;
    } else if (a == "--redact") {
      opts->redact = true;
    } else if (a == "--conversations") {
      opts->conversations = true;
    } else if (a == "--file") {
      if (!value(&opts->file)) return false;
    } else if (a == "--kind") {
      std::string v;
      if (!value(&v)) return false;
      if (v == "chat") {
        opts->context.kind = Kind::kChat;
      } else if (v == "moment") {
        opts->context.kind = Kind::kMoment;
      } else {
        *error = "--kind must be chat or moment";
        return false;
      }
    } else if (a == "--audience") {
      std::string v;
      if (!value(&v)) return false;
      if (v == "internal") {
        opts->context.audience = Audience::kInternal;
      } else if (v == "external") {
        opts->context.audience = Audience::kExternal;
      } else if (v == "public") {
        opts->context.audience = Audience::kPublic;
      } else {
        *error = "--audience must be internal, external or public";
        return false;
      }
    } else if (a == "-h" || a == "--help") {
      *error = "";
      return false;
    } else if (a.size() > 1 && a[0] == '-' && a != "-") {
      *error = "unknown option " + a;
      return false;
    } else {
      opts->args.push_back(a);
    }
  }
  return true;
}

bool LoadRules(const Options& opts, const char* argv0,
               std::shared_ptr<const CompiledRules>* rules) {
  std::string dir = opts.rules.empty() ? DefaultPackDir(argv0) : opts.rules;
  Status s;
  if (opts.cache.empty()) {
    s = CompiledRules::Compile(dir, rules);
  } else {
    std::string note;
    s = CompiledRules::CompileWithCache(dir, opts.cache, rules, &note);
    if (s.ok()) fprintf(stderr, "chatscan: %s\n", note.c_str());
  }
  if (!s.ok()) {
    fprintf(stderr, "chatscan: rule pack %s:\n%s\n", dir.c_str(), s.message().c_str());
    return false;
  }
  return true;
}

int Scan(const Options& opts, const char* argv0) {
  if (opts.args.size() > 1) return Usage("scan takes at most one FILE");
  std::shared_ptr<const CompiledRules> rules;
  if (!LoadRules(opts, argv0, &rules)) return 2;
  std::ifstream file;
  std::istream* in = &std::cin;
  std::string path = opts.args.empty() ? "-" : opts.args[0];
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      fprintf(stderr, "chatscan: cannot open %s: %s\n", path.c_str(), strerror(errno));
      return 2;
    }
    in = &file;
  }
  Scanner scanner(rules);
  ConversationScanner conversations(rules);
  ConversationResult conversation;
  std::map<long, nlohmann::json> ids;  // line -> id, for conversation findings
  ScanResult& result = conversation.single;
  std::string redacted;
  InputMessage message;
  std::string line, error;
  long line_no = 0, errors = 0, flagged = 0;
  while (std::getline(*in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (!ParseInputLine(line, opts.input, line_no, &message, &error)) {
      ++errors;
      nlohmann::json e = {{"line", line_no}, {"error", error}};
      if (opts.format == "jsonl") {
        std::cout << e.dump() << '\n';
      } else {
        std::cout << path << ":" << line_no << ": error: " << error << '\n';
      }
      fprintf(stderr, "chatscan: %s:%ld: %s\n", path.c_str(), line_no, error.c_str());
      continue;
    }
    Status s = opts.conversations
                   ? conversations.Scan(line_no, message.text, message.context, &conversation)
                   : scanner.Scan(message.text, message.context, &result);
    if (!s.ok()) {
      ++errors;
      nlohmann::json e = {{"line", line_no}, {"error", s.message()}};
      std::cout << e.dump() << '\n';
      continue;
    }
    if (!result.findings.empty() || !conversation.joined.empty()) ++flagged;
    if (opts.format == "jsonl") {
      nlohmann::ordered_json out = ResultJson(*rules, message, result);
      if (opts.redact) {
        scanner.Redact(message.text, result, &redacted);
        out["redacted"] = Utf8Safe(redacted);
      }
      if (opts.conversations) {
        ids[line_no] = message.id;
        while (!ids.empty() && ids.begin()->first < line_no - 100000) ids.erase(ids.begin());
        nlohmann::ordered_json joined = nlohmann::ordered_json::array();
        for (const ConversationFinding& cf : conversation.joined) {
          const RuleInfo& info = rules->rules()[cf.rule];
          nlohmann::ordered_json pieces = nlohmann::ordered_json::array();
          for (const auto& p : cf.pieces) {
            pieces.push_back({{"id", ids[static_cast<long>(p.message)]}, {"start", p.start},
                              {"end", p.end}});
          }
          joined.push_back({{"rule", info.id}, {"category", info.category},
                            {"clauses", info.clauses},
                            {"severity", std::string(SeverityName(info.severity))},
                            {"action", std::string(ActionName(cf.action))},
                            {"messages", pieces}});
        }
        out["verdict"] = std::string(ActionName(conversation.verdict));
        out["conversation_findings"] = joined;
      }
      std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    } else {
      std::cout << ResultText(*rules, message, result);
      if (opts.redact) {
        scanner.Redact(message.text, result, &redacted);
        std::cout << "  redacted: " << Utf8Safe(redacted) << '\n';
      }
    }
  }
  std::cout.flush();
  if (errors > 0) return 2;
  return flagged > 0 ? 1 : 0;
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
    if (!opts.args.empty()) return Usage("explain takes TEXT or --file, not both");
  } else if (opts.args.size() == 1) {
    text = opts.args[0];
  } else {
    return Usage("explain takes one TEXT (quote it) or --file FILE");
  }
  std::shared_ptr<const CompiledRules> rules;
  if (!LoadRules(opts, argv0, &rules)) return 2;
  fputs(Explain(*rules, text, opts.context).c_str(), stdout);
  return 0;
}

int Check(const Options& opts) {
  if (opts.args.size() != 1) return Usage("check takes one PACK folder");
  std::shared_ptr<const CompiledRules> rules;
  Status s = CompiledRules::Compile(opts.args[0], &rules);
  if (!s.ok()) {
    fprintf(stderr, "%s\n", s.message().c_str());
    return 2;
  }
  const PackReport& r = rules->report();
  printf("pack %s: %zu rules, %zu literal patterns, %zu Hyperscan regexes, %zu regexes found "
         "by %zu literals they need, %zu RE2 regexes\n",
         r.pack_name.c_str(), r.rules, r.literal_patterns, r.regex_patterns, r.atom_regexes,
         r.regex_atoms, r.re2_fallbacks.size());
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
  if (argc < 2) return Usage(nullptr);
  std::string command = argv[1];
  if (command == "-h" || command == "--help" || command == "help") {
    fputs(kUsage, stdout);
    return 0;
  }
  if (command == "report") {
    return ReportCommand(std::vector<std::string>(argv + 2, argv + argc), DefaultPackDir(argv[0]));
  }
  Options opts;
  std::string error;
  if (!ParseOptions(argc, argv, 2, &opts, &error)) {
    if (error.empty()) {
      fputs(kUsage, stdout);
      return 0;
    }
    return Usage(error.c_str());
  }
  if (command == "scan") return Scan(opts, argv[0]);
  if (command == "check") return Check(opts);
  if (command == "explain") return ExplainCommand(opts, argv[0]);
  return Usage(("unknown command '" + command + "'").c_str());
}

}  // namespace chatscan::cli

int main(int argc, char** argv) { return chatscan::cli::Main(argc, argv); }
