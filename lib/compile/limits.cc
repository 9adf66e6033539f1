#include "compile/limits.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "compile/regex_syntax.h"

namespace chatscan {
namespace {

constexpr uint64_t kInf = RegexShape::kUnbounded;

uint64_t SatAdd(uint64_t a, uint64_t b) { return a > kInf - b ? kInf : a + b; }
uint64_t SatMul(uint64_t a, uint64_t b) {
  if (a == 0 || b == 0) return 0;
  return a > kInf / b ? kInf : a * b;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<uint8_t>(c) & 0xC0) != 0x80;
  return n;
}

struct Measure {
  uint64_t chars = 0;  // the longest match
  uint64_t cost = 0;   // of the bounded repeats inside
};

// Measures `node`, and keeps the largest bound in `shape`: the first one,
// in the order they are written, if several are as large.
Measure MeasureNode(const RegexNode& node, RegexShape* shape) {
  Measure m;
  switch (node.kind) {
    case RegexNode::kChar: case RegexNode::kClass: case RegexNode::kAnyChar:
      m.chars = 1;
      break;
    case RegexNode::kEmpty:
      break;
    case RegexNode::kConcat: case RegexNode::kAlternate:
      for (const RegexNode& child : node.children) {
        const Measure c = MeasureNode(child, shape);
        m.chars = node.kind == RegexNode::kConcat ? SatAdd(m.chars, c.chars)
                                                  : std::max(m.chars, c.chars);
        m.cost = SatAdd(m.cost, c.cost);
      }
      break;
    case RegexNode::kRepeat:
      m = MeasureNode(node.children[0], shape);
      if (node.text[0] == '{') {
        const uint64_t bound = node.open ? node.min : node.max;
        if (bound > shape->largest_bound) {
          shape->largest_bound = bound;
          shape->largest_repeat = node.text;
        }
        // Hyperscan unrolls a bounded repeat: its cost is the bound, and
        // the bound times whatever repeats are inside.
        m.cost = SatAdd(bound, SatMul(bound, m.cost));
      }
      m.chars = node.open ? (m.chars == 0 ? 0 : kInf) : SatMul(m.chars, node.max);
      break;
  }
  return m;
}

std::string Place(const SourcePlace& place, const std::string& rule_id) {
  return absl::StrCat(place.file, ":", place.line, ": rule '", rule_id, "': ");
}

}  // namespace

// Lenient: RE2 reports what is wrong with a regex; this measures what the
// reader made of it.
RegexShape AnalyzeRegex(std::string_view regex) {
  RegexShape shape;
  const Measure m = MeasureNode(ParseRegexSyntax(regex).root, &shape);
  shape.max_chars = m.chars;
  shape.repeat_cost = m.cost;
  return shape;
}

bool CheckPackLimits(const RuleSet& set, std::vector<std::string>* errors) {
  const PackLimits& limits = set.limits;
  const size_t errors_before = errors->size();
  size_t terms = 0, regexes = 0;
  bool terms_reported = false, regexes_reported = false;
  for (const Rule& rule : set.rules) {
    auto check_term = [&](const TermSource& t) {
      if (t.text.size() > limits.max_term_bytes) {
        errors->push_back(absl::StrCat(Place(t.place, rule.info.id), "term of ", t.text.size(),
                                       " bytes is longer than max_term_bytes (",
                                       limits.max_term_bytes, ")"));
      }
      ++terms;
    };
    for (const auto* list : {&rule.words, &rule.unless, &rule.none}) {
      for (const TermSource& t : *list) check_term(t);
    }
    for (const auto& group : rule.groups) {
      for (const TermSource& t : group) check_term(t);
    }
    for (const TermSource& r : rule.regexes) {
      if (r.text.size() > limits.max_regex_bytes) {
        errors->push_back(absl::StrCat(Place(r.place, rule.info.id), "regex of ", r.text.size(),
                                       " bytes is longer than max_regex_bytes (",
                                       limits.max_regex_bytes, ")"));
      }
      ++regexes;
    }
    const SourcePlace place{rule.info.file, rule.info.line};
    if (terms > limits.max_terms && !terms_reported) {
      terms_reported = true;
      errors->push_back(absl::StrCat(Place(place, rule.info.id), "the pack has more than ",
                                     limits.max_terms, " terms (max_terms) with this rule"));
    }
    if (regexes > limits.max_regexes && !regexes_reported) {
      regexes_reported = true;
      errors->push_back(absl::StrCat(Place(place, rule.info.id), "the pack has more than ",
                                     limits.max_regexes, " regexes (max_regexes) with this rule"));
    }
  }
  return errors->size() == errors_before;
}

uint64_t LongestMatchChars(const Pattern& p, int max_noise, const PackLimits& limits) {
  if (!p.fixed) return limits.long_match_chars;  // a repeat pattern
  // Units of the view: characters, or pinyin letters (a syllable is at
  // least one letter, so letters bound the characters they came from).
  uint64_t units = p.view == kPinyinView ? p.text.size() : Utf8Length(p.text);
  if (p.view == kFoldedView || units == 0) return units;
  return units + (units - 1) * static_cast<uint64_t>(max_noise);
}

bool SizeWindows(const RuleSet& set, CompiledRules::Impl* impl,
                 std::vector<std::string>* errors) {
  uint64_t longest = 0;
  SourcePlace place;
  uint32_t rule = 0;
  auto consider = [&](uint64_t chars, const SourcePlace& where, uint32_t r) {
    if (chars <= longest) return;
    longest = chars;
    place = where;
    rule = r;
  };
  for (const Pattern& p : impl->patterns) {
    if (p.kind == PatternKind::kRegex || p.kind == PatternKind::kAtom) continue;  // see below
    consider(LongestMatchChars(p, impl->runtime[p.rule].max_noise, set.limits), p.place, p.rule);
  }
  // Every regex, whichever engine finds it: a Hyperscan prefilter, the
  // literals it needs, or RE2 alone.
  for (const Re2Pattern& rx : impl->re2_patterns) {
    const uint64_t chars = AnalyzeRegex(rx.re->pattern()).max_chars;
    consider(chars == kInf ? set.limits.long_match_chars : chars, rx.place, rx.rule);
  }
  // A combination finding spans from its first part to its last, at most
  // `within` characters; without `within` its parts may be anywhere, and
  // in a long message anywhere means within one window.
  for (uint32_t r = 0; r < set.rules.size(); ++r) {
    const Rule& rule_source = set.rules[r];
    consider(static_cast<uint64_t>(rule_source.within), {rule_source.info.file, rule_source.info.line},
             r);
  }
  // Window k reports the findings that start in its middle: at least
  // `margin` characters (a whole allow-list span and the character a word
  // boundary looks at) after its start, and a whole match plus a margin
  // before its end. So windows overlap by a match and two margins.
  const uint64_t margin = longest + 4;
  PackReport& report = impl->report;
  report.longest_match_chars = longest;
  report.window_overlap_chars = longest + 2 * margin;
  const PackLimits& limits = set.limits;
  // A character is at most 4 bytes: the overlap must fit in half a window
  // for the windows to move forward.
  if (limits.oversize == Oversize::kWindow &&
      8 * report.window_overlap_chars > limits.max_message_bytes) {
    errors->push_back(absl::StrCat(
        Place(place, impl->infos[rule].id), "a match of this rule may span ", longest,
        " characters, so windows of a long message overlap by ", report.window_overlap_chars,
        " characters (up to ", 4 * report.window_overlap_chars,
        " bytes), more than half of max_message_bytes (", limits.max_message_bytes,
        "); raise max_message_bytes to at least ", 8 * report.window_overlap_chars,
        ", lower long_match_chars, or set oversize = \"reject\""));
    return false;
  }
  return true;
}

}  // namespace chatscan
