#include "compile/limits.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

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

// A recursive walk over a regex RE2 accepts (or will be asked to: on
// malformed input the walk stops early and RE2 reports the error). Every
// node yields its longest match in characters and the cost of the bounded
// repeats inside it, relative to the node.
class RegexWalker {
 public:
  explicit RegexWalker(std::string_view re) : re_(re) {}

  RegexShape Walk() {
    RegexShape shape;
    Node n = Alternation(0);
    shape.max_chars = n.chars;
    shape.repeat_cost = n.cost;
    shape.largest_bound = largest_bound_;
    shape.largest_repeat = largest_repeat_;
    return shape;
  }

 private:
  struct Node {
    uint64_t chars = 0;
    uint64_t cost = 0;
  };

  bool AtEnd() const { return pos_ >= re_.size(); }
  char Peek() const { return re_[pos_]; }

  Node Alternation(int depth) {
    Node best;
    for (;;) {
      Node alt = Concatenation(depth);
      best.chars = std::max(best.chars, alt.chars);
      best.cost = SatAdd(best.cost, alt.cost);
      if (AtEnd() || Peek() != '|') return best;
      ++pos_;
    }
  }

  Node Concatenation(int depth) {
    Node sum;
    while (!AtEnd() && Peek() != '|' && !(Peek() == ')' && depth > 0)) {
      Node atom = Atom(depth);
      Quantifiers(&atom);
      sum.chars = SatAdd(sum.chars, atom.chars);
      sum.cost = SatAdd(sum.cost, atom.cost);
    }
    return sum;
  }

  Node Atom(int depth) {
    char c = re_[pos_++];
    switch (c) {
      case '(': return Group(depth);
      case '[': SkipClass(); return {1, 0};
      case '\\': return Escape();
      case '^': case '$': return {0, 0};
      case ')': return {0, 0};  // unbalanced: RE2 will say so
      default:
        while (!AtEnd() && (static_cast<uint8_t>(Peek()) & 0xC0) == 0x80) ++pos_;
        return {1, 0};
    }
  }

  Node Group(int depth) {
    // RE2 refuses nesting deeper than 1000; stop there rather than recurse
    // through a regex of nothing but '('.
    if (depth >= 1000) {
      pos_ = re_.size();
      return {0, 0};
    }
    if (!AtEnd() && Peek() == '?') {
      // (?flags) changes flags and matches nothing; (?flags:...), (?P<n>...)
      // and (?<n>...) are groups.
      size_t k = pos_ + 1;
      while (k < re_.size() && re_[k] != ')' && re_[k] != ':' && re_[k] != '<') ++k;
      if (k < re_.size() && re_[k] == ')') {
        pos_ = k + 1;
        return {0, 0};
      }
      if (k < re_.size() && re_[k] == '<') k = re_.find('>', k);
      pos_ = k == std::string_view::npos ? re_.size() : k + 1;
    }
    Node inner = Alternation(depth + 1);
    if (!AtEnd() && Peek() == ')') ++pos_;
    return inner;
  }

  void SkipClass() {
    if (!AtEnd() && Peek() == '^') ++pos_;
    if (!AtEnd() && Peek() == ']') ++pos_;  // a leading ] is a literal
    while (!AtEnd() && Peek() != ']') {
      if (Peek() == '\\') {
        pos_ += 2;
      } else if (Peek() == '[' && pos_ + 1 < re_.size() && re_[pos_ + 1] == ':') {
        size_t end = re_.find(":]", pos_ + 2);
        pos_ = end == std::string_view::npos ? re_.size() : end + 2;
      } else {
        ++pos_;
      }
    }
    if (!AtEnd()) ++pos_;
  }

  Node Escape() {
    if (AtEnd()) return {0, 0};
    char c = re_[pos_++];
    if (c == 'Q') {  // \Q...\E: literal characters
      size_t end = re_.find("\\E", pos_);
      std::string_view lit = re_.substr(pos_, end == std::string_view::npos ? end : end - pos_);
      pos_ = end == std::string_view::npos ? re_.size() : end + 2;
      return {Utf8Length(lit), 0};
    }
    if (c == 'b' || c == 'B' || c == 'A' || c == 'z') return {0, 0};
    if ((c == 'p' || c == 'P' || c == 'x') && !AtEnd() && Peek() == '{') {
      size_t end = re_.find('}', pos_);
      pos_ = end == std::string_view::npos ? re_.size() : end + 1;
    } else if (c == 'p' || c == 'P') {
      if (!AtEnd()) ++pos_;
    } else if (c == 'x') {
      pos_ = std::min(re_.size(), pos_ + 2);
    } else {
      while (!AtEnd() && (static_cast<uint8_t>(Peek()) & 0xC0) == 0x80) ++pos_;
    }
    return {1, 0};
  }

  // Reads "{m}", "{m,}" or "{m,n}" at pos_; false (pos_ unchanged) if the
  // brace is a literal, as RE2 reads it then.
  bool Bounds(uint64_t* min, uint64_t* max, bool* open) {
    size_t k = pos_ + 1;
    auto number = [&](uint64_t* out) {
      size_t start = k;
      *out = 0;
      while (k < re_.size() && re_[k] >= '0' && re_[k] <= '9') {
        *out = SatAdd(SatMul(*out, 10), static_cast<uint64_t>(re_[k] - '0'));
        ++k;
      }
      return k > start;
    };
    if (!number(min)) return false;
    *max = *min;
    *open = false;
    if (k < re_.size() && re_[k] == ',') {
      ++k;
      *open = !number(max);
    }
    if (k >= re_.size() || re_[k] != '}') return false;
    pos_ = k + 1;
    return true;
  }

  void Quantifiers(Node* atom) {
    while (!AtEnd()) {
      char c = Peek();
      size_t start = pos_;
      if (c == '*' || c == '+') {
        ++pos_;
        atom->chars = atom->chars == 0 ? 0 : kInf;
      } else if (c == '?') {
        ++pos_;
      } else if (c == '{') {
        uint64_t min, max;
        bool open;
        if (!Bounds(&min, &max, &open)) return;
        const uint64_t bound = open ? min : max;
        if (bound > largest_bound_) {
          largest_bound_ = bound;
          largest_repeat_ = std::string(re_.substr(start, pos_ - start));
        }
        // Hyperscan unrolls a bounded repeat: its cost is the bound, and
        // the bound times whatever repeats are inside.
        atom->cost = SatAdd(bound, SatMul(bound, atom->cost));
        atom->chars = open ? (atom->chars == 0 ? 0 : kInf) : SatMul(atom->chars, max);
      } else {
        return;
      }
      if (!AtEnd() && Peek() == '?') ++pos_;  // non-greedy
    }
  }

  std::string_view re_;
  size_t pos_ = 0;
  uint64_t largest_bound_ = 0;
  std::string largest_repeat_;
};

std::string Place(const SourcePlace& place, const std::string& rule_id) {
  return absl::StrCat(place.file, ":", place.line, ": rule '", rule_id, "': ");
}

}  // namespace

RegexShape AnalyzeRegex(std::string_view regex) { return RegexWalker(regex).Walk(); }

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
