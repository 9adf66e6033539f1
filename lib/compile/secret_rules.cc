// Compile-side parts of imported gitleaks rules: their allow-lists, and
// which engine serves each rule.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compile/compiled_rules_impl.h"
#include "compile/regex_syntax.h"
#include "util/absl_compat.h"

namespace chatscan {
namespace {

// What a part of a regex can match, as far as Hyperscan's compile cost goes.
struct Reach {
  bool wide = false;      // non-ASCII characters: many UTF-8 byte paths
  bool property = false;  // a Unicode property class such as \p{L}: very many
};

Reach ReachOf(const RegexNode& node) {
  Reach reach;
  switch (node.kind) {
    case RegexNode::kChar: reach.wide = node.ch >= 0x80; break;
    case RegexNode::kAnyChar: reach.wide = true; break;
    case RegexNode::kEmpty: break;
    case RegexNode::kClass:
      reach.wide = node.negated;
      for (const std::pair<uint32_t, uint32_t>& range : node.ranges) {
        reach.wide |= range.second >= 0x80;
      }
      for (const std::string& name : node.names) {  // \pL, \P{Han}, \S, \W, \D
        const char e = name.size() > 1 && name[0] == '\\' ? name[1] : 0;
        reach.wide |= e == 'p' || e == 'P' || e == 'S' || e == 'W' || e == 'D';
        reach.property |= e == 'p' || e == 'P';
      }
      break;
    default:
      for (const RegexNode& child : node.children) {
        const Reach r = ReachOf(child);
        reach.wide |= r.wide;
        reach.property |= r.property;
      }
  }
  return reach;
}

// The first bounded repeat of `node` that Hyperscan would take too long
// to compile, said in `why`.
bool CostlyRepeat(const RegexNode& node, std::string* why) {
  if (node.kind == RegexNode::kRepeat && node.text[0] == '{') {
    const Reach reach = ReachOf(node.children[0]);
    const uint64_t n = node.open ? node.min : node.max;
    if ((reach.property && n > 8) || (reach.wide && n > 255)) {
      *why = absl::StrCat("a repeat of up to ", std::min<uint64_t>(n, 100000), " of a ",
                          reach.property ? "Unicode property class" : "non-ASCII class", " (",
                          Av(node.text), ") costs Hyperscan too much to compile");
      return true;
    }
  }
  for (const RegexNode& child : node.children) {
    if (CostlyRepeat(child, why)) return true;
  }
  return false;
}

}  // namespace

// Hyperscan builds a UTF-8 class as byte automata, and a bounded repeat
// copies them once per repetition: [\p{L}\p{N}]{12,64} takes it 13 s to
// compile, [^\r\n]{0,2000} 31 s, and some end in "Pattern too large" only
// after half a minute. Such regexes go to RE2 without asking Hyperscan.
// Repeats with * and + are cheap for it and pass.
bool HyperscanCostly(std::string_view re, std::string* why) {
  return CostlyRepeat(ParseRegexSyntax(re).root, why);
}

void CompileAllowLists(const RuleSet& set, CompiledRules::Impl* impl,
                       std::vector<std::string>* errors) {
  RE2::Options options;
  options.set_log_errors(false);
  for (const SecretAllowList& list : set.allowlists) {
    CompiledAllowList compiled;
    compiled.target = list.target;
    compiled.all = list.all;
    compiled.stopwords = list.stopwords;
    for (const TermSource& rx : list.regexes) {
      auto re = std::make_unique<RE2>(rx.text, options);
      if (!re->ok()) {
        errors->push_back(absl::StrCat(
            rx.place.file, ":", rx.place.line, ": ",
            list.rule_id.empty() ? "" : absl::StrCat("rule '", list.rule_id, "': "),
            "allowlist regex is invalid: ", re->error()));
        continue;
      }
      compiled.regexes.push_back(std::move(re));
    }
    impl->allowlists.push_back(std::move(compiled));
  }
}

void AssignSecretEngines(const std::vector<Rule>& rules, CompiledRules::Impl* impl) {
  for (uint32_t r = 0; r < impl->re2_patterns.size(); ++r) {
    Re2Pattern& p = impl->re2_patterns[r];
    const RuleRuntime& rt = impl->runtime[p.rule];
    if (!rt.secret) continue;
    if (p.always && rt.keyword_gated) {
      p.always = false;
      p.windowed = true;
    }
    const Rule& rule = rules[p.rule];
    std::vector<std::string> keywords;
    for (const TermSource& k : rule.secret.keywords) keywords.push_back(k.text);
    std::string engine;
    if (p.windowed) {
      engine = absl::StrCat("RE2 around keyword hits (", kKeywordWindowBefore, " bytes before, ",
                            kKeywordWindowAfter, " after): Hyperscan does not take the regex (see its note)");
    } else if (p.always) {
      engine = "RE2 on every message: Hyperscan does not take the regex (see its note) and the rule has no keywords";
    } else if (impl->atom_filter.gated(r)) {
      engine = "literals the regex needs (Hyperscan), RE2 confirms";
    } else {
      engine = "Hyperscan prefilter, RE2 confirms";
    }
    if (!keywords.empty()) {
      absl::StrAppend(&engine, "; keywords (Hyperscan): ", absl::StrJoin(keywords, ", "));
    }
    const TermSource& rx = rule.regexes.front();
    impl->report.engines.push_back(absl::StrCat(rx.place.file, ":", rx.place.line, ": rule '",
                                                rule.info.id, "': ", engine));
  }
}

}  // namespace chatscan
