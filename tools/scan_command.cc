#include "scan_command.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "output.h"
#include "progress.h"
#include "text_util.h"
#include "util/worker_pool.h"

namespace chatscan::cli {
namespace {

// Messages read, scanned and written at a time: enough to keep every core
// busy, few enough that memory stays bounded whatever the archive's size.
constexpr size_t kBatchMessages = 4096;
// Smaller inputs take too little time for a progress bar to help.
constexpr uint64_t kProgressMinBytes = 4 << 20;
constexpr size_t kListedBadLines = 10;  // malformed line numbers named in the summary

// Slots read or written per piece of work on the pool.
constexpr size_t kSlotsPerPiece = 64;

// Sets the verdict and the reasons from the findings, as the scanner does.
void SetVerdict(ScanResult* result) {
  result->verdict = Action::kAllow;
  for (const Finding& f : result->findings) result->verdict = std::max(result->verdict, f.action);
  result->reasons.clear();
  if (result->verdict == Action::kAllow) return;
  for (uint32_t i = 0; i < result->findings.size(); ++i) {
    if (result->findings[i].action == result->verdict) result->reasons.push_back(i);
  }
}

// --min-severity and --categories: which rules' findings are kept.
class FindingFilter {
 public:
  // Fails, saying why, for a category the pack does not have.
  static bool Make(const CompiledRules& rules, const ScanOptions& opts, FindingFilter* out,
                   std::string* error) {
    std::vector<std::string> known;  // in the order of their first rule
    for (const RuleInfo& info : rules.rules()) {
      if (std::find(known.begin(), known.end(), info.category) == known.end()) {
        known.push_back(info.category);
      }
    }
    for (const std::string& c : opts.categories) {
      if (std::find(known.begin(), known.end(), c) == known.end()) {
        *error = absl::StrCat("--categories: the pack has no category '", c,
                              "'; its categories are ", absl::StrJoin(known, ", "));
        return false;
      }
    }
    out->categories_ = opts.categories.empty() ? known : opts.categories;
    for (const RuleInfo& info : rules.rules()) {
      size_t c = std::find(out->categories_.begin(), out->categories_.end(), info.category) -
                 out->categories_.begin();
      bool keep = c < out->categories_.size() && info.severity >= opts.min_severity;
      out->rule_category_.push_back(keep ? static_cast<int>(c) : -1);
      if (!keep) out->all_ = false;
    }
    return true;
  }

  // The categories reported, and a rule's index among them (-1: dropped).
  const std::vector<std::string>& categories() const { return categories_; }
  int category(uint32_t rule) const { return rule_category_[rule]; }

  void Apply(ConversationResult* r) const {
    if (all_) return;
    auto dropped = [&](const auto& f) { return category(f.rule) < 0; };
    auto& single = r->single.findings;
    single.erase(std::remove_if(single.begin(), single.end(), dropped), single.end());
    SetVerdict(&r->single);
    r->joined.erase(std::remove_if(r->joined.begin(), r->joined.end(), dropped), r->joined.end());
    r->verdict = r->single.verdict;
    for (const ConversationFinding& f : r->joined) r->verdict = std::max(r->verdict, f.action);
  }

 private:
  std::vector<std::string> categories_;
  std::vector<int> rule_category_;
  bool all_ = true;
};

// One input line of a batch: a message, or why it is not one.
struct Slot {
  long line = 0;
  std::string raw;  // the input line
  InputMessage message;
  std::string error;          // not empty: not scanned
  ConversationResult result;  // without --conversations only .single
  std::string out;            // its output, when written on many threads
};

struct Summary {
  explicit Summary(size_t categories) : category_findings(categories, 0) {}

  long messages = 0;  // scanned
  long flagged = 0;   // with findings
  long findings = 0;
  std::vector<long> category_findings;
  long errors = 0;  // malformed lines and messages that could not be scanned
  std::vector<long> error_lines;  // the first kListedBadLines of them
  long invalid_utf8 = 0;
};

// The input: a file or standard input, and its size when it is a regular
// file (else 0).
struct Input {
  std::string name;  // as shown in output: the path, or "<stdin>"
  std::ifstream file;
  std::istream* stream = &std::cin;
  uint64_t size = 0;
};

bool OpenInput(const std::string& path, Input* in) {
  struct stat st {};
  if (path == "-") {
    in->name = "<stdin>";
    if (fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode)) in->size = st.st_size;
    return true;
  }
  in->name = path;
  if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    fprintf(stderr, "chatscan: cannot read %s: it is a directory\n", path.c_str());
    return false;
  }
  in->file.open(path, std::ios::binary);
  if (!in->file) {
    fprintf(stderr, "chatscan: cannot open %s: %s\n", path.c_str(), strerror(errno));
    return false;
  }
  if (S_ISREG(st.st_mode)) in->size = st.st_size;
  in->stream = &in->file;
  return true;
}

bool Enabled(When when, bool automatic) {
  return when == When::kAlways || (when == When::kAuto && automatic);
}

bool ColorOutput(When when) {
  const char* no_color = getenv("NO_COLOR");
  return Enabled(when, isatty(STDOUT_FILENO) && (no_color == nullptr || *no_color == '\0'));
}

class ScanRun {
 public:
  ScanRun(const ScanOptions& opts, std::shared_ptr<const CompiledRules> rules,
          const FindingFilter* filter, const Input* input)
      : opts_(opts),
        rules_(std::move(rules)),
        filter_(filter),
        input_(input),
        color_(opts.format == "text" && ColorOutput(opts.color)),
        summary_(filter->categories().size()),
        progress_(Enabled(opts.progress, isatty(STDERR_FILENO) && input->size > kProgressMinBytes),
                  input->size),
        slots_(kBatchMessages),
        pool_(opts.threads) {
    if (opts.conversations) {
      conversations_ = std::make_unique<ConversationScanner>(rules_);
    } else {
      batch_ = std::make_unique<BatchScanner>(rules_, opts.threads);
    }
  }

  // Reads, scans and writes the whole input; returns the exit status.
  int Run() {
    absl::Time start = absl::Now();
    if (opts_.format == "csv") Write(CsvHeader(opts_.redact));
    while (ReadBatch()) {
      ScanBatch();
      WriteBatch();
    }
    progress_.Finish(bytes_);
    if (input_->stream->bad()) {
      fprintf(stderr, "chatscan: reading %s failed after line %ld: %s\n", input_->name.c_str(),
              line_no_, strerror(errno));
      return 2;
    }
    if (!opts_.quiet) PrintSummary(absl::Now() - start);
    if (summary_.errors > 0) return 2;
    return summary_.flagged > 0 ? 1 : 0;
  }

 private:
  // Calls fn on each used slot, on the pool's threads. Reading JSON and
  // writing it cost the command more than scanning does.
  template <typename Fn>
  void ForEachSlot(const Fn& fn) {
    pool_.Run((used_ + kSlotsPerPiece - 1) / kSlotsPerPiece, [&](int, size_t piece) {
      for (size_t i = piece * kSlotsPerPiece; i < std::min(used_, (piece + 1) * kSlotsPerPiece);
           ++i) {
        fn(slots_[i]);
      }
    });
  }

  // Fills slots_ with the next non-blank lines, parsed; false at the end
  // of input.
  bool ReadBatch() {
    used_ = 0;
    std::string line;
    while (used_ < slots_.size() && std::getline(*input_->stream, line)) {
      ++line_no_;
      bytes_ += line.size() + 1;
      progress_.Update(bytes_);
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      Slot& slot = slots_[used_++];
      slot.line = line_no_;
      slot.error.clear();
      slot.raw.swap(line);
    }
    ForEachSlot([this](Slot& slot) {
      ParseInputLine(slot.raw, opts_.input, slot.line, &slot.message, &slot.error);
    });
    return used_ > 0;
  }

  void ScanBatch() {
    if (conversations_ != nullptr) {
      for (size_t i = 0; i < used_; ++i) ScanConversation(&slots_[i]);
    } else {
      ScanWithBatchScanner();
    }
    for (size_t i = 0; i < used_; ++i) {
      if (slots_[i].error.empty()) filter_->Apply(&slots_[i].result);
    }
  }

  void ScanConversation(Slot* slot) {
    if (!slot->error.empty()) return;
    const InputMessage& m = slot->message;
    Status s = conversations_->Scan(static_cast<uint64_t>(slot->line), m.text, m.context,
                                    &slot->result);
    if (!s.ok()) slot->error = s.message();
  }

  void ScanWithBatchScanner() {
    messages_.clear();
    message_slot_.clear();
    for (size_t i = 0; i < used_; ++i) {
      if (!slots_[i].error.empty()) continue;
      messages_.push_back({slots_[i].message.text, slots_[i].message.context});
      message_slot_.push_back(i);
    }
    Status s = batch_->Scan(messages_, &batch_result_);
    if (!s.ok()) {
      for (size_t i : message_slot_) slots_[i].error = s.message();
      return;
    }
    for (size_t m = 0; m < message_slot_.size(); ++m) {
      Slot& slot = slots_[message_slot_[m]];
      std::vector<Finding>& findings = slot.result.single.findings;
      findings.assign(batch_result_.findings.begin() + batch_result_.first_finding[m],
                      batch_result_.findings.begin() + batch_result_.first_finding[m + 1]);
      SetVerdict(&slot.result.single);
      slot.result.verdict = slot.result.single.verdict;
    }
    for (const auto& [m, why] : batch_result_.errors) slots_[message_slot_[m]].error = why;
  }

  // Formats the results on every thread, then counts them, warns and
  // writes in input order on this one. Conversation findings name messages
  // by id: the batch's ids are remembered first, so that formatting only
  // reads them.
  void WriteBatch() {
    if (opts_.conversations) {
      for (size_t i = 0; i < used_; ++i) {
        if (slots_[i].error.empty()) RememberId(slots_[i]);
      }
    }
    ForEachSlot([this](Slot& slot) {
      slot.out.clear();
      if (slot.error.empty()) Format(slot, &slot.out);
    });
    if (opts_.conversations && used_ > 0) ForgetIdsBefore(slots_[used_ - 1].line);
    out_.clear();
    for (size_t i = 0; i < used_; ++i) {
      const Slot& slot = slots_[i];
      if (!slot.error.empty()) {
        WriteError(slot);
        continue;
      }
      Account(slot);
      out_ += slot.out;
    }
    Write(out_);
  }

  void Write(const std::string& s) {
    // On a shared terminal the results must not land on the bar's line.
    if (stdout_terminal_) progress_.Clear();
    fwrite(s.data(), 1, s.size(), stdout);
    if (stdout_terminal_) fflush(stdout);
  }

  void WriteError(const Slot& slot) {
    ++summary_.errors;
    if (summary_.error_lines.size() < kListedBadLines) summary_.error_lines.push_back(slot.line);
    Warn(slot.line, slot.error);
    // JSONL keeps one output line per input line; text and CSV hold results only.
    if (opts_.format == "jsonl") {
      absl::StrAppend(&out_, nlohmann::json({{"line", slot.line}, {"error", slot.error}}).dump(),
                      "\n");
    }
  }

  void Count(const ConversationResult& r) {
    ++summary_.messages;
    if (!r.single.findings.empty() || !r.joined.empty()) ++summary_.flagged;
    summary_.findings += r.single.findings.size() + r.joined.size();
    std::vector<long>& per_category = summary_.category_findings;
    for (const Finding& f : r.single.findings) ++per_category[filter_->category(f.rule)];
    for (const auto& f : r.joined) ++per_category[filter_->category(f.rule)];
  }

  // Says on stderr what is wrong with a line, where.
  void Warn(long line, const std::string& what) {
    progress_.Clear();
    fprintf(stderr, "chatscan: %s:%ld: %s\n", input_->name.c_str(), line, what.c_str());
  }

  // What a scanned message adds to the summary and to stderr.
  void Account(const Slot& slot) {
    if (size_t bad = slot.message.invalid_utf8; bad != std::string::npos) {
      ++summary_.invalid_utf8;
      Warn(slot.line, absl::StrCat("byte ", bad + 1, " is not UTF-8 (scanned as U+FFFD)"));
    }
    Count(slot.result);
  }

  // A scanned message's output, appended to *out. Reads only the slot and
  // what does not change while a batch is formatted (ids_ included).
  void Format(const Slot& slot, std::string* out) const {
    const ConversationResult& r = slot.result;
    std::string redacted;
    if (opts_.redact) Redact(*rules_, slot.message.text, r.single, &redacted);
    if (opts_.format == "jsonl") {
      WriteJson(slot, redacted, out);
      return;
    }
    if (r.single.findings.empty() && r.joined.empty() && !opts_.all) return;
    Place place{input_->name, slot.line};
    if (opts_.format == "csv") {
      *out += CsvRows(*rules_, place, slot.message, r.single, opts_.all,
                      opts_.redact ? &redacted : nullptr);
      return;
    }
    WriteText(slot, place, out);
    if (opts_.redact) absl::StrAppend(out, "  redacted: ", Printable(redacted), "\n");
  }

  // The message's own findings, and with --conversations also the findings
  // across messages: their pieces in this message are highlighted too.
  void WriteText(const Slot& slot, Place place, std::string* out) const {
    const ConversationResult& r = slot.result;
    std::vector<Finding> spans = r.single.findings;
    for (const ConversationFinding& f : r.joined) {
      for (const auto& p : f.pieces) {
        if (p.message == static_cast<uint64_t>(slot.line)) {
          spans.push_back({f.rule, p.start, p.end, f.action});
        }
      }
    }
    *out += TextHead(place, slot.message, spans, r.verdict, color_);
    for (const Finding& f : r.single.findings) {
      *out += TextFinding(*rules_, slot.message, f, color_);
    }
    for (const ConversationFinding& f : r.joined) {
      std::vector<std::string> ids;
      for (const auto& p : f.pieces) ids.push_back(IdText(IdOf(p.message)));
      *out += TextConversationFinding(*rules_, f, ids, color_);
    }
  }

  void WriteJson(const Slot& slot, const std::string& redacted, std::string* text) const {
    nlohmann::ordered_json out = ResultJson(*rules_, slot.message, slot.result.single);
    if (opts_.redact) out["redacted"] = Utf8Safe(redacted);
    if (opts_.conversations) {
      out["verdict"] = std::string(ActionName(slot.result.verdict));
      out["conversation_findings"] = ConversationJson(slot.result.joined);
    }
    absl::StrAppend(text, out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    "\n");
  }

  // Conversation findings name messages by id; pieces say line numbers.
  void RememberId(const Slot& slot) { ids_[slot.line] = slot.message.id; }
  // Forgets the ids of lines more than 100,000 before `line`.
  void ForgetIdsBefore(long line) {
    while (!ids_.empty() && ids_.begin()->first < line - 100000) ids_.erase(ids_.begin());
  }

  // The id of the message on input line `line` (null when forgotten).
  const nlohmann::json& IdOf(uint64_t line) const {
    static const nlohmann::json kNull;
    auto it = ids_.find(static_cast<long>(line));
    return it == ids_.end() ? kNull : it->second;
  }

  nlohmann::ordered_json ConversationJson(const std::vector<ConversationFinding>& joined) const {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const ConversationFinding& cf : joined) {
      const RuleInfo& info = rules_->rules()[cf.rule];
      nlohmann::ordered_json pieces = nlohmann::ordered_json::array();
      for (const auto& p : cf.pieces) {
        pieces.push_back(
            {{"id", IdOf(p.message)}, {"start", p.start}, {"end", p.end}});
      }
      out.push_back({{"rule", info.id}, {"category", info.category}, {"clauses", info.clauses},
                     {"severity", std::string(SeverityName(info.severity))},
                     {"action", std::string(ActionName(cf.action))}, {"messages", pieces}});
    }
    return out;
  }

  void PrintSummary(absl::Duration elapsed) {
    fflush(stdout);
    const Summary& s = summary_;
    std::vector<std::string> per_category;
    for (size_t c = 0; c < s.category_findings.size(); ++c) {
      per_category.push_back(absl::StrCat(filter_->categories()[c], " ", s.category_findings[c]));
    }
    std::string errors = absl::StrCat(s.errors);
    if (s.errors > 0) {
      absl::StrAppend(&errors, " (line", s.errors > 1 ? "s " : " ",
                      absl::StrJoin(s.error_lines, ", "),
                      s.errors > static_cast<long>(s.error_lines.size()) ? ", ..." : "", ")");
    }
    double seconds = absl::ToDoubleSeconds(elapsed);
    fprintf(stderr,
            "chatscan: summary of %s\n"
            "  messages       %ld scanned, %ld with findings\n"
            "  findings       %ld: %s\n"
            "  malformed      %s\n"
            "  invalid UTF-8  %ld line%s (scanned, bad bytes read as U+FFFD)\n"
            "  speed          %.0f messages/s (%.2f s)\n",
            input_->name.c_str(), s.messages, s.flagged, s.findings,
            absl::StrJoin(per_category, ", ").c_str(), errors.c_str(), s.invalid_utf8,
            s.invalid_utf8 == 1 ? "" : "s",
            seconds > 0 ? static_cast<double>(s.messages) / seconds : 0.0, seconds);
  }

  const ScanOptions& opts_;
  std::shared_ptr<const CompiledRules> rules_;
  const FindingFilter* filter_;
  const Input* input_;
  bool color_;
  bool stdout_terminal_ = isatty(STDOUT_FILENO);
  Summary summary_;
  ProgressBar progress_;
  std::unique_ptr<BatchScanner> batch_;
  std::unique_ptr<ConversationScanner> conversations_;
  std::vector<Slot> slots_;  // reused: their strings keep their capacity
  WorkerPool pool_;          // for reading and writing
  size_t used_ = 0;
  long line_no_ = 0;
  uint64_t bytes_ = 0;
  std::vector<BatchMessage> messages_;
  std::vector<size_t> message_slot_;  // slot of each message of the batch
  BatchResult batch_result_;
  std::map<long, nlohmann::json> ids_;  // line -> id, for conversation findings
  std::string out_;
};

}  // namespace

int ScanCommand(const ScanOptions& opts, const char* argv0) {
  if (opts.conversations && opts.format == "csv") {
    fprintf(stderr, "chatscan: --conversations needs --format jsonl or text (a finding across "
                    "messages has no single row in CSV)\n");
    return 2;
  }
  // The input first: a wrong path is said at once, not after compiling the pack.
  Input input;
  if (!OpenInput(opts.path, &input)) return 2;
  std::shared_ptr<const CompiledRules> rules;
  if (!LoadRules(opts.rules, opts.cache, argv0, &rules)) return 2;
  FindingFilter filter;
  std::string error;
  if (!FindingFilter::Make(*rules, opts, &filter, &error)) {
    fprintf(stderr, "chatscan: %s\n", error.c_str());
    return 2;
  }
  std::ios::sync_with_stdio(false);  // std::getline on std::cin is slow otherwise
  return ScanRun(opts, std::move(rules), &filter, &input).Run();
}

}  // namespace chatscan::cli
