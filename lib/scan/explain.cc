#include "scan/explain.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "compile/compiled_rules_impl.h"
#include "scan/resolve.h"
#include "util/absl_compat.h"

namespace chatscan {
namespace {

std::string Printable(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string_view KindName(PatternKind kind) {
  switch (kind) {
    case PatternKind::kTerm: return "term";
    case PatternKind::kInitials: return "initials";
    case PatternKind::kUnless: return "allow-list term";
    case PatternKind::kRegex: return "regex";
    case PatternKind::kPart: return "part";
    case PatternKind::kNone: return "none-term";
    case PatternKind::kAtom: return "regex atom";
    case PatternKind::kKeyword: return "keyword";
  }
  return "?";
}

// The fold steps between the original span and what the pattern matched.
std::string FoldSteps(const TraceEntry& e, const FoldedText& folded,
                      const CompiledRules::Impl& impl, std::string_view original) {
  std::vector<std::string> steps;
  const View& view = folded.views[e.hit.view];
  bool fixed = e.hit.pattern != Scanner::State::kRe2Pattern && impl.patterns[e.hit.pattern].fixed;
  uint32_t from = fixed ? e.hit.to - impl.patterns[e.hit.pattern].length : e.hit.from;
  std::string_view seen = view.text().substr(from, e.hit.to - from);
  std::string_view span = original.substr(e.start, e.end - e.start);
  if (e.hit.view == kFoldedView) {
    if (seen != span) steps.push_back("width/case/traditional/ignorables folded");
  } else {
    bool gap = false;
    for (uint32_t i = from + 1; i < e.hit.to; ++i) gap |= view.gap[i] > 0;
    if (gap) steps.push_back("noise skipped");
    if (!fixed) steps.push_back("repeats allowed");
    if (e.hit.view == kPinyinView) {
      steps.push_back(impl.patterns[e.hit.pattern].initials
                          ? "pinyin initials"
                          : "pinyin reading");
    }
  }
  if (steps.empty()) return "exact";
  std::string out;
  for (const std::string& s : steps) absl::StrAppend(&out, out.empty() ? "" : ", ", s);
  return out;
}

}  // namespace

std::string Explain(const CompiledRules& rules, std::string_view text,
                    const MessageContext& context) {
  const CompiledRules::Impl& impl = rules.impl();
  Scanner::State state(rules);
  ScanResult result;
  std::vector<TraceEntry> trace;
  Status s = state.Run(text, context, &result, &trace);
  std::string out;
  if (!s.ok()) return absl::StrCat("error: ", s.message(), "\n");
  const FoldedText& folded = state.folded();
  absl::StrAppend(&out, "text:    ", Printable(text), "\n");
  for (int v = 0; v < kViewCount; ++v) {
    if (v == kDenseView && !impl.needs_dense) continue;
    if (v == kPinyinView && !impl.needs_pinyin) continue;
    absl::StrAppend(&out, absl::StrFormat("%-9s", absl::StrCat(Av(ViewName(v)), ":")),
                    Printable(folded.views[v].text()), "\n");
  }
  absl::StrAppend(&out, "verdict: ", Av(ActionName(result.verdict)), "\n");
  if (trace.empty()) {
    absl::StrAppend(&out, "no pattern matched\n");
    return out;
  }
  absl::StrAppend(&out, "hits:\n");
  for (const TraceEntry& e : trace) {
    const RuleInfo& info = impl.infos[e.rule];
    std::string pattern;
    if (e.hit.pattern == Scanner::State::kRe2Pattern) {
      pattern = "regex (RE2)";
    } else {
      const Pattern& p = impl.patterns[e.hit.pattern];
      pattern = absl::StrCat(Av(KindName(p.kind)), " '", p.text, "' (", p.place.file, ":",
                             p.place.line, ")");
    }
    std::string outcome = e.reason == DropReason::kKept
                              ? absl::StrCat("FINDING, ", Av(ActionName(info.action)))
                              : absl::StrCat("dropped: ", Av(DropReasonName(e.reason)));
    absl::StrAppend(&out, "  ", info.id, " [", Av(ViewName(e.hit.view)), "] ", pattern, "\n",
                    "    span ", e.start, "-", e.end, " \"",
                    Printable(text.substr(e.start, e.end - e.start)), "\" via ",
                    FoldSteps(e, folded, impl, text), " -> ", outcome, "\n");
  }
  return out;
}

}  // namespace chatscan
