#include "output.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "text_util.h"
#include "util/absl_compat.h"

namespace chatscan::cli {
namespace {

// ripgrep's colours: names magenta, line numbers green, matches bold red.
constexpr char kFileColor[] = "\x1b[35m";
constexpr char kLineColor[] = "\x1b[32m";
constexpr char kMatchColor[] = "\x1b[1;31m";
constexpr char kRuleColor[] = "\x1b[36m";
constexpr char kReviewColor[] = "\x1b[33m";
constexpr char kReset[] = "\x1b[0m";

std::string Colored(std::string_view s, const char* code, bool color) {
  return color ? absl::StrCat(code, Av(s), kReset) : std::string(s);
}

const char* VerdictColor(Action action) {
  return action == Action::kBlock ? kMatchColor : action == Action::kReview ? kReviewColor
                                                                              : kLineColor;
}

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

struct Span {
  size_t start;
  size_t end;
};

// The findings' spans within `text`, widened to whole UTF-8 sequences (at
// most three continuation bytes each way), sorted, overlaps and neighbours
// merged.
std::vector<Span> MergedSpans(std::string_view text, const std::vector<Finding>& findings) {
  std::vector<Span> spans;
  for (const Finding& f : findings) {
    size_t start = std::min<size_t>(f.start, text.size());
    size_t end = std::min<size_t>(std::max(f.start, f.end), text.size());
    for (int k = 0; k < 3 && start > 0 && start < text.size() && IsContinuation(text[start]); ++k) {
      --start;
    }
    for (int k = 0; k < 3 && end < text.size() && IsContinuation(text[end]); ++k) ++end;
    if (start < end) spans.push_back({start, end});
  }
  std::sort(spans.begin(), spans.end(), [](Span a, Span b) { return a.start < b.start; });
  std::vector<Span> merged;
  for (Span s : spans) {
    if (!merged.empty() && s.start <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, s.end);
    } else {
      merged.push_back(s);
    }
  }
  return merged;
}

// "RULE [CATEGORY, clause 4.1.1, SEVERITY] ACTION"
std::string FindingLabel(const CompiledRules& rules, uint32_t rule, Action action, bool color) {
  const RuleInfo& info = rules.rules()[rule];
  return absl::StrCat(Colored(info.id, kRuleColor, color), " [", info.category,
                      info.clauses.size() == 1 ? ", clause " : ", clauses ",
                      absl::StrJoin(info.clauses, " "), ", ", Av(SeverityName(info.severity)), "] ",
                      Colored(ActionName(action), VerdictColor(action), color));
}

std::string_view Match(std::string_view text, const Finding& f) {
  return text.substr(std::min<size_t>(f.start, text.size()), f.end - f.start);
}

}  // namespace

std::string Highlight(std::string_view text, const std::vector<Finding>& findings, bool color) {
  if (!color) return Printable(text);
  std::string out;
  size_t done = 0;
  for (Span s : MergedSpans(text, findings)) {
    absl::StrAppend(&out, Printable(text.substr(done, s.start - done)), kMatchColor,
                    Printable(text.substr(s.start, s.end - s.start)), kReset);
    done = s.end;
  }
  out += Printable(text.substr(done));
  return out;
}

std::string IdText(const nlohmann::json& id) {
  return id.is_string() ? id.get<std::string>() : id.dump();
}

std::string TextHead(Place place, const InputMessage& message, const std::vector<Finding>& spans,
                     Action verdict, bool color) {
  return absl::StrCat(Colored(Printable(place.file), kFileColor, color), ":",
                      Colored(absl::StrCat(place.line), kLineColor, color), ": ",
                      Highlight(message.text, spans, color), "\n  id ",
                      Printable(IdText(message.id)), ": ",
                      Colored(ActionName(verdict), VerdictColor(verdict), color), "\n");
}

std::string TextFinding(const CompiledRules& rules, const InputMessage& message, const Finding& f,
                        bool color) {
  return absl::StrCat("  - ", FindingLabel(rules, f.rule, f.action, color), " ", f.start, "-",
                      f.end, ": ", Colored(Printable(Match(message.text, f)), kMatchColor, color),
                      "\n");
}

std::string TextConversationFinding(const CompiledRules& rules, const ConversationFinding& f,
                                    const std::vector<std::string>& ids, bool color) {
  std::vector<std::string> pieces;
  for (size_t i = 0; i < f.pieces.size() && i < ids.size(); ++i) {
    pieces.push_back(
        absl::StrCat(Printable(ids[i]), " ", f.pieces[i].start, "-", f.pieces[i].end));
  }
  return absl::StrCat("  - ", FindingLabel(rules, f.rule, f.action, color), " across ",
                      absl::StrJoin(pieces, ", "), "\n");
}

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string CsvHeader(bool with_redacted) {
  return absl::StrCat("file,line,id,verdict,rule,category,severity,action,clauses,start,end,match",
                      with_redacted ? ",redacted" : "", "\n");
}

std::string CsvRows(const CompiledRules& rules, Place place, const InputMessage& message,
                    const ScanResult& result, bool clean_rows, const std::string* redacted) {
  std::string head = absl::StrCat(CsvField(Utf8Safe(place.file)), ",", place.line, ",",
                                  CsvField(Utf8Safe(IdText(message.id))), ",",
                                  Av(ActionName(result.verdict)), ",");
  std::string tail = redacted != nullptr ? absl::StrCat(",", CsvField(Utf8Safe(*redacted))) : "";
  std::string out;
  if (result.findings.empty() && clean_rows) absl::StrAppend(&out, head, ",,,,,,,", tail, "\n");
  for (const Finding& f : result.findings) {
    const RuleInfo& info = rules.rules()[f.rule];
    absl::StrAppend(&out, head, CsvField(info.id), ",", CsvField(info.category), ",",
                    Av(SeverityName(info.severity)), ",", Av(ActionName(f.action)), ",",
                    CsvField(absl::StrJoin(info.clauses, " ")), ",", f.start, ",", f.end, ",",
                    CsvField(Utf8Safe(Match(message.text, f))), tail, "\n");
  }
  return out;
}

}  // namespace chatscan::cli
