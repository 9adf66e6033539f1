// Compile-side parts of imported gitleaks rules: their allow-lists, and
// which engine serves each rule.
#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compile/compiled_rules_impl.h"
#include "util/absl_compat.h"

namespace chatscan {
namespace {

// What one atom of a regex can match, as far as Hyperscan's compile cost goes.
struct Atom {
  bool wide = false;      // can match non-ASCII characters: many UTF-8 byte paths
  bool property = false;  // a Unicode property class such as \p{L}: very many
};

// Skips the class that starts at re[i] == '[' and says what it can match;
// returns the index of its closing ']'.
size_t ScanClass(std::string_view re, size_t i, Atom* atom) {
  size_t j = i + 1;
  if (j < re.size() && re[j] == '^') {
    atom->wide = true;
    ++j;
  }
  if (j < re.size() && re[j] == ']') ++j;  // a leading ']' is a member
  for (; j < re.size() && re[j] != ']'; ++j) {
    if (re[j] == '\\' && j + 1 < re.size()) {
      char e = re[++j];
      atom->wide |= e == 'p' || e == 'P' || e == 'S' || e == 'W' || e == 'D';
      atom->property |= e == 'p' || e == 'P';
    } else if (re[j] == '[' && j + 1 < re.size() && re[j + 1] == ':') {
      size_t close = re.find(":]", j + 2);
      if (close != std::string_view::npos) j = close + 1;
    } else if (static_cast<unsigned char>(re[j]) >= 0x80) {
      atom->wide = true;
    }
  }
  return j;
}

}  // namespace

// Hyperscan builds a UTF-8 class as byte automata, and a bounded repeat
// copies them once per repetition: [\p{L}\p{N}]{12,64} takes it 13 s to
// compile, [^\r\n]{0,2000} 31 s, and some end in "Pattern too large" only
// after half a minute. Such regexes go to RE2 without asking Hyperscan.
// Repeats with * and + are cheap for it and pass.
bool HyperscanCostly(std::string_view re, std::string* why) {
  Atom atom;
  std::vector<Atom> groups;  // what each open group has seen so far
  for (size_t i = 0; i < re.size(); ++i) {
    const char c = re[i];
    if (c == '{' && i + 1 < re.size() && absl::ascii_isdigit(re[i + 1])) {
      size_t close = re.find('}', i);
      if (close == std::string_view::npos) break;
      std::string_view bounds = re.substr(i + 1, close - i - 1);
      size_t comma = bounds.find(',');
      std::string_view upper = comma == std::string_view::npos || comma + 1 == bounds.size()
                                   ? bounds.substr(0, comma)
                                   : bounds.substr(comma + 1);
      int n = 0;
      for (char d : upper) n = absl::ascii_isdigit(d) ? std::min(n * 10 + (d - '0'), 100000) : n;
      if ((atom.property && n > 8) || (atom.wide && n > 255)) {
        *why = absl::StrCat("a repeat of up to ", n, " of a ",
                            atom.property ? "Unicode property class" : "non-ASCII class",
                            " (", Av(re.substr(i, close + 1 - i)),
                            ") costs Hyperscan too much to compile");
        return true;
      }
      i = close;
      continue;
    }
    if (c == '*' || c == '+' || c == '?') continue;  // quantifiers keep the atom
    Atom next;
    if (c == '\\' && i + 1 < re.size()) {
      char e = re[++i];
      next.wide = e == 'p' || e == 'P' || e == 'S' || e == 'W' || e == 'D';
      next.property = e == 'p' || e == 'P';
      if (next.property && i + 1 < re.size() && re[i + 1] == '{') {
        i = std::min(re.find('}', i), re.size() - 1);
      } else if (next.property) {
        ++i;  // \pL
      }
    } else if (c == '[') {
      i = ScanClass(re, i, &next);
    } else if (c == '.') {
      next.wide = true;
    } else if (c == '(') {
      groups.push_back(Atom());
      continue;
    } else if (c == ')' && !groups.empty()) {
      next = groups.back();
      groups.pop_back();
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      next.wide = true;
    }
    if (!groups.empty()) {
      groups.back().wide |= next.wide;
      groups.back().property |= next.property;
    }
    atom = next;
  }
  return false;
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
