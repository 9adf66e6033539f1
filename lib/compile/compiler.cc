// Compiles a RuleSet into CompiledRules: folds every term the way the scanner
// folds text, expands the variants a rule asks for, and builds one Hyperscan
// database per view plus RE2 programs for what Hyperscan rejects.
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compile/class_gate.h"
#include "compile/compiled_rules_impl.h"
#include "compile/escape.h"
#include "compile/limits.h"
#include "normalize/folder.h"
#include "rules/rule_set.h"
#include "util/absl_compat.h"

namespace chatscan {
namespace {

bool IsAsciiWordByte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Splits a view's text into its units (characters; syllables in the pinyin
// view).
std::vector<std::string_view> Units(const View& v, bool by_flags) {
  std::vector<std::string_view> units;
  size_t start = 0;
  std::string_view text = v.text();
  for (size_t i = 1; i <= text.size(); ++i) {
    bool boundary = i == text.size() ||
                    (by_flags ? (v.flags[i] & kUnitStart) != 0
                              : (static_cast<uint8_t>(text[i]) & 0xC0) != 0x80);
    if (boundary) {
      units.emplace_back(text.data() + start, i - start);
      start = i;
    }
  }
  return units;
}

// Flags for a literal. Literals are matched as bytes: a valid UTF-8 term can
// only match at character boundaries of valid UTF-8 text (the views always
// are), and Hyperscan compiles byte literals much faster than UTF-8 ones.
// Caseless only where there is an ASCII letter to fold.
unsigned LiteralFlags(std::string_view text) {
  for (char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return HS_FLAG_CASELESS;
  }
  return 0;
}

// The longest match of `regex` in bytes, as Hyperscan works it out (with
// \b taken out, as for its prefilter); 0 when unbounded, or when Hyperscan
// cannot read the regex (RE2 syntax it lacks).
uint32_t MaxMatchBytes(const std::string& regex) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_expression_info(PrefilterExpression(regex).c_str(), HS_FLAG_UTF8, &info, &error) !=
      HS_SUCCESS) {
    hs_free_compile_error(error);
    return 0;
  }
  const uint32_t max = info->max_width == UINT_MAX ? 0 : info->max_width;
  free(info);  // allocated by Hyperscan's misc allocator, malloc by default
  return max;
}

// Repeat patterns are compiled without start of match: vectorscan 5.4.9
// overflows a stack buffer in hs_scan for such patterns with start of match
// on inputs over 255 bytes (found by the Python suite). The scanner finds
// the start itself, walking back over the units from the reported end.
std::string RepeatExpression(const std::vector<std::string_view>& units) {
  std::string out;
  for (std::string_view u : units) absl::StrAppend(&out, "(?:", EscapeHyperscanLiteral(u), ")+");
  return out;
}

struct Builder {
  CompiledRules::Impl* impl;
  std::vector<std::string> errors;
  // Per database (DatabaseId): Hyperscan expressions, flags and ids.
  std::vector<std::string> exprs[kDatabaseCount];
  std::vector<unsigned> flags[kDatabaseCount];
  std::vector<unsigned> ids[kDatabaseCount];
  Folder folder;
  FoldedText folded;
  FoldedText scratch;
  std::vector<Pattern> regexes;  // waiting for AddRegexFilters
  // Imported word lists: terms already added (rule, dense, kind, folded
  // text), and per rule how many more folded alike.
  absl::flat_hash_set<std::tuple<uint32_t, bool, int, std::string>> folded_terms;
  std::map<uint32_t, int> folded_duplicates;

  // Into the database of the pattern's view, unless `database` says
  // otherwise.
  void AddPattern(Pattern p, std::string expr, unsigned hs_flags, int database = -1) {
    unsigned id = static_cast<unsigned>(impl->patterns.size());
    int v = database >= 0 ? database : p.view;
    exprs[v].push_back(std::move(expr));
    flags[v].push_back(hs_flags);
    ids[v].push_back(id);
    impl->patterns.push_back(std::move(p));
  }

  void Warn(const SourcePlace& place, const std::string& rule_id,
            std::string_view message) {
    impl->report.warnings.push_back(absl::StrCat(
        place.file, ":", place.line, ": rule '", rule_id, "': ", Av(message)));
  }
  void Error(const SourcePlace& place, const std::string& rule_id,
             std::string_view message) {
    errors.push_back(absl::StrCat(place.file, ":", place.line, ": rule '",
                                  rule_id, "': ", Av(message)));
  }

  // Adds a literal term (or allow-list term) in the views the rule uses.
  void AddTerm(uint32_t rule_index, const Rule& rule, const TermSource& term,
               PatternKind kind, uint16_t part = 0) {
    const bool dense = rule.noise || rule.repeats;
    folder.Fold(term.text, dense, rule.pinyin, &folded);
    const View& fv = folded.views[dense ? kDenseView : kFoldedView];
    std::string text(fv.text());
    // Trim break and noise characters at the edges of a folded term.
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    size_t lead = 0;
    while (lead < text.size() && (text[lead] == '\n' || text[lead] == ' ')) ++lead;
    text.erase(0, lead);
    if (text.empty()) {
      Warn(term.place, rule.info.id,
           absl::StrCat("term '", term.text, "' folds to nothing; skipped"));
      return;
    }
    if (text.size() == 1 && IsAsciiWordByte(text[0]) && kind != PatternKind::kUnless &&
        kind != PatternKind::kNone) {
      Warn(term.place, rule.info.id,
           absl::StrCat("term '", term.text,
                        "' folds to a single Latin letter or digit; skipped"));
      return;
    }
    if (rule.fold_duplicates &&
        !folded_terms.insert({rule_index, dense, static_cast<int>(kind), text}).second) {
      ++folded_duplicates[rule_index];
      return;
    }
    Pattern p;
    p.rule = rule_index;
    p.kind = kind;
    p.view = dense ? kDenseView : kFoldedView;
    p.left_word = rule.word_boundary && IsAsciiWordByte(text.front());
    p.right_word = rule.word_boundary && IsAsciiWordByte(text.back());
    p.place = term.place;
    p.text = text;
    p.part = part;
    if (rule.repeats) {
      folder.Fold(text, false, false, &scratch);
      p.fixed = false;
      for (std::string_view u : Units(scratch.views[kFoldedView], false)) p.units.emplace_back(u);
      AddPattern(p, RepeatExpression(Units(scratch.views[kFoldedView], false)),
                 HS_FLAG_UTF8 | HS_FLAG_CASELESS);
    } else {
      p.length = static_cast<uint32_t>(text.size());
      AddPattern(p, EscapeHyperscanLiteral(text), LiteralFlags(text));
    }
    ++impl->report.literal_patterns;
    // Allow-list and veto terms match as written (after the base folds):
    // their pinyin would also cover every homophone of what they allow.
    if (!rule.pinyin || kind == PatternKind::kUnless || kind == PatternKind::kNone) return;
    // The pinyin view of the term, when it has Han characters.
    const View& pv = folded.views[kPinyinView];
    bool has_han = false;
    for (size_t i = 0; i < pv.size; ++i) has_han |= (pv.flags[i] & kFromHan) != 0;
    if (!has_han) return;
    std::vector<std::string_view> units = Units(pv, true);
    std::string full;
    std::string initials;
    bool all_han = true;
    for (std::string_view u : units) {
      if (u == "\n" || u == " ") continue;
      full.append(u);
      size_t at = static_cast<size_t>(u.data() - pv.bytes.data());
      all_han &= (pv.flags[at] & kFromHan) != 0;
      initials.push_back(u[0]);
    }
    Pattern py = p;
    py.view = kPinyinView;
    py.left_word = py.right_word = true;
    py.text = full;
    py.units.clear();
    if (rule.repeats) {
      py.fixed = false;
      for (std::string_view u : units) {
        if (u != "\n" && u != " ") py.units.emplace_back(u);
      }
      AddPattern(py, RepeatExpression(units),
                 HS_FLAG_UTF8 | HS_FLAG_CASELESS);
    } else {
      py.fixed = true;
      py.length = static_cast<uint32_t>(full.size());
      AddPattern(py, EscapeHyperscanLiteral(full), LiteralFlags(full));
    }
    ++impl->report.literal_patterns;
    if ((kind == PatternKind::kTerm || kind == PatternKind::kPart) && all_han &&
        rule.initials && initials.size() >= 2) {
      Pattern ini = py;
      ini.kind = kind == PatternKind::kPart ? PatternKind::kPart : PatternKind::kInitials;
      ini.initials = true;
      ini.fixed = true;
      ini.units.clear();  // a plain literal, not a repeat pattern
      ini.text = initials;
      ini.length = static_cast<uint32_t>(initials.size());
      AddPattern(ini, EscapeHyperscanLiteral(initials), LiteralFlags(initials));
      ++impl->report.literal_patterns;
    }
  }

  // A keyword of a gitleaks rule: a caseless literal of the folded view,
  // anywhere (gitleaks looks for it as a substring of the lower-cased text).
  void AddKeyword(uint32_t rule_index, const Rule& rule, const TermSource& keyword) {
    folder.Fold(keyword.text, false, false, &folded);
    std::string text(folded.views[kFoldedView].text());
    if (text.empty()) {
      Warn(keyword.place, rule.info.id,
           absl::StrCat("keyword '", keyword.text, "' folds to nothing; skipped"));
      return;
    }
    Pattern p;
    p.rule = rule_index;
    p.kind = PatternKind::kKeyword;
    p.view = kFoldedView;
    p.length = static_cast<uint32_t>(text.size());
    p.text = text;
    p.place = keyword.place;
    AddPattern(p, EscapeHyperscanLiteral(text), LiteralFlags(text));
    ++impl->report.literal_patterns;
  }

  // What is wrong with a regex whose bounded repeats would make
  // Hyperscan's compile explode (it unrolls them); empty if nothing is.
  std::string RepeatLimitProblem(const TermSource& rx) const {
    const size_t limit = impl->limits.max_regex_repeat;
    RegexShape shape = AnalyzeRegex(rx.text);
    if (shape.largest_bound > limit) {
      return absl::StrCat("bounded repeat ", shape.largest_repeat,
                          " is larger than max_regex_repeat (", limit, ")");
    }
    if (shape.repeat_cost > limit) {
      return absl::StrCat("its bounded repeats add up to ", shape.repeat_cost,
                          " (nested bounds multiply), more than max_regex_repeat (", limit, ")");
    }
    return "";
  }

  void AddRegex(uint32_t rule_index, const Rule& rule, const TermSource& rx,
                size_t number) {
    // Such a regex is refused before either engine sees it; an imported
    // gitleaks rule, which its authors wrote for RE2, is served by RE2 alone.
    std::string costly = RepeatLimitProblem(rx);
    if (!costly.empty() && !rule.secret.enabled) {
      Error(rx.place, rule.info.id, absl::StrCat("regex #", number, ": ", costly));
      return;
    }
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(static_cast<int64_t>(impl->limits.re2_max_mem));
    auto re = std::make_unique<RE2>(rx.text, options);
    if (!re->ok()) {
      std::string why = re->error();
      if (re->error_code() == RE2::ErrorPatternTooLarge) {
        absl::StrAppend(&why, " (more than re2_max_mem = ", impl->limits.re2_max_mem,
                        " bytes; see [limits])");
      }
      if (re->error_code() == RE2::ErrorBadPerlOp ||
          re->error_code() == RE2::ErrorBadEscape) {
        absl::StrAppend(&why,
                        " (back-references and look-around are not supported: "
                        "every rule must match in linear time)");
      }
      Error(rx.place, rule.info.id,
            absl::StrCat("regex #", number, " is invalid: ", why));
      return;
    }
    if (RE2::FullMatch("", *re)) {
      Error(rx.place, rule.info.id,
            absl::StrCat("regex #", number, " matches the empty string"));
      return;
    }
    if (rule.secret.secret_group > re->NumberOfCapturingGroups()) {
      Error(rx.place, rule.info.id,
            absl::StrCat("secretGroup ", rule.secret.secret_group, " but the regex has ",
                         re->NumberOfCapturingGroups(), " groups"));
      return;
    }
    std::string why = costly.empty() ? "" : absl::StrCat("Hyperscan would unroll it: ", costly);
    if (rule.secret.enabled && (!why.empty() || HyperscanCostly(rx.text, &why))) {
      impl->re2_patterns.push_back({rule_index, std::move(re), /*always=*/true, false, rx.place});
      impl->report.re2_fallbacks.push_back(absl::StrCat(
          rx.place.file, ":", rx.place.line, ": rule '", rule.info.id, "': regex /", rx.text,
          "/ served by RE2: ", why));
      return;
    }
    Pattern p;
    p.rule = rule_index;
    p.kind = PatternKind::kRegex;
    p.view = kFoldedView;
    p.fixed = false;
    p.text = rx.text;
    p.place = rx.place;
    p.re2 = static_cast<uint32_t>(impl->re2_patterns.size());
    impl->re2_patterns.push_back({rule_index, std::move(re), false, false, rx.place});
    regexes.push_back(std::move(p));
  }

  // Once every regex is known: the atoms of those that have them, and a
  // Hyperscan prefilter for each of the others. Regexes RE2 serves on its
  // own (too costly for Hyperscan) keep that engine.
  void AddRegexFilters() {
    std::vector<std::string> texts;
    for (const Re2Pattern& p : impl->re2_patterns) texts.push_back(p.re->pattern());
    impl->atom_filter.Build(texts, static_cast<int64_t>(impl->limits.re2_max_mem));
    for (uint32_t r = 0; r < impl->re2_patterns.size(); ++r) {
      Re2Pattern& p = impl->re2_patterns[r];
      if (p.always) impl->atom_filter.Ungate(r);
      if (impl->atom_filter.gated(r)) p.max_bytes = MaxMatchBytes(p.re->pattern());
    }
    for (Pattern& p : regexes) {
      if (impl->atom_filter.gated(p.re2)) continue;
      std::string expr = PrefilterExpression(p.text);
      const uint8_t gate = RequiredClasses(p.text);
      // The rarest class in chat first: digits, colons, then letters.
      const int database = (gate & kNeedsDigit)   ? kDigitDatabase
                           : (gate & kNeedsColon) ? kColonDatabase
                           : (gate & kNeedsAlnum) ? kAlnumDatabase
                                                  : static_cast<int>(kFoldedView);
      AddPattern(std::move(p), std::move(expr),
                 HS_FLAG_UTF8 | HS_FLAG_SINGLEMATCH | HS_FLAG_PREFILTER, database);
      ++impl->report.regex_patterns;
      if (database != kFoldedView) ++impl->report.class_gated_regexes;
    }
    // Every occurrence of an atom is reported (no single match): in a long
    // text, RE2 runs only around them.
    const std::vector<std::string>& atoms = impl->atom_filter.atoms();
    for (uint32_t a = 0; a < atoms.size(); ++a) {
      Pattern p;
      p.kind = PatternKind::kAtom;
      p.view = kFoldedView;
      p.re2 = a;
      p.length = static_cast<uint32_t>(atoms[a].size());
      p.text = atoms[a];
      AddPattern(p, EscapeHyperscanLiteral(atoms[a]), LiteralFlags(atoms[a]));
    }
    impl->report.regex_atoms = atoms.size();
    impl->report.atom_regexes = regexes.size() - impl->report.regex_patterns;
  }

  // Builds the database of one view. A regex Hyperscan rejects moves to RE2;
  // anything else Hyperscan rejects is an error naming the pattern's place.
  void BuildDatabase(int v) {
    while (!exprs[v].empty()) {
      std::vector<const char*> cexprs;
      for (const std::string& e : exprs[v]) cexprs.push_back(e.c_str());
      hs_database_t* db = nullptr;
      hs_compile_error_t* err = nullptr;
      // A view of fixed literals only (the common case for large word
      // lists) goes through Hyperscan's literal API, which skips the regex
      // parser and compiles several times faster.
      bool literals_only = true;
      std::vector<size_t> lengths;
      std::vector<std::string> raw;
      for (size_t i = 0; i < ids[v].size() && literals_only; ++i) {
        const Pattern& p = impl->patterns[ids[v][i]];
        literals_only = p.kind != PatternKind::kRegex && p.fixed;
        if (literals_only) raw.push_back(p.text);
      }
      hs_error_t rc;
      if (literals_only) {
        std::vector<const char*> craw;
        for (const std::string& r : raw) {
          craw.push_back(r.data());
          lengths.push_back(r.size());
        }
        rc = hs_compile_lit_multi(craw.data(), flags[v].data(), ids[v].data(), lengths.data(),
                                  static_cast<unsigned>(craw.size()), HS_MODE_BLOCK, nullptr, &db,
                                  &err);
      } else {
        rc = hs_compile_multi(cexprs.data(), flags[v].data(), ids[v].data(),
                              static_cast<unsigned>(cexprs.size()), HS_MODE_BLOCK, nullptr, &db,
                              &err);
      }
      if (rc == HS_SUCCESS) {
        impl->databases[v] = db;
        size_t size = 0;
        if (hs_database_size(db, &size) == HS_SUCCESS) impl->report.database_bytes += size;
        return;
      }
      std::string message = err != nullptr ? err->message : "unknown error";
      int at = err != nullptr ? err->expression : -1;
      hs_free_compile_error(err);
      if (at < 0) {
        errors.push_back(absl::StrCat("Hyperscan could not build the ", Av(ViewName(v)),
                                      " database: ", message));
        return;
      }
      Pattern& p = impl->patterns[ids[v][at]];
      const RuleInfo& info = impl->infos[p.rule];
      if (p.kind != PatternKind::kRegex) {
        errors.push_back(absl::StrCat(p.place.file, ":", p.place.line, ": rule '",
                                      info.id, "': term '", p.text,
                                      "' rejected by Hyperscan: ", message));
        return;
      }
      impl->re2_patterns[p.re2].always = true;
      impl->report.re2_fallbacks.push_back(absl::StrCat(
          p.place.file, ":", p.place.line, ": rule '", info.id, "': regex /",
          p.text, "/ served by RE2: Hyperscan says: ", message));
      --impl->report.regex_patterns;
      exprs[v].erase(exprs[v].begin() + at);
      flags[v].erase(flags[v].begin() + at);
      ids[v].erase(ids[v].begin() + at);
    }
  }
};

Status ToStatus(const absl::Status& s) {
  if (s.ok()) return Status();
  StatusCode code = s.code() == absl::StatusCode::kNotFound ? StatusCode::kNotFound
                                                            : StatusCode::kRuleError;
  return Status(code, std::string(s.message()));
}

Status CompileRuleSet(RuleSet set, std::shared_ptr<const CompiledRules>* out,
                      std::unique_ptr<CompiledRules::Impl>* impl_out) {
  auto started = std::chrono::steady_clock::now();
  auto impl = std::make_unique<CompiledRules::Impl>();
  impl->report.pack_name = set.name;
  impl->report.rules = set.rules.size();
  impl->categories = set.categories;
  impl->hours = set.hours;
  if (!absl::LoadTimeZone(set.hours.time_zone, &impl->time_zone)) {
    return Status(StatusCode::kRuleError,
                  absl::StrCat(set.hours.place.file, ":", set.hours.place.line,
                               ": time zone '", set.hours.time_zone,
                               "' cannot be loaded (is tzdata installed?)"));
  }
  impl->content_hash = set.content_hash;
  impl->trusted_domains = set.trusted_domains;
  impl->limits = set.limits;
  Builder b{impl.get(), {}, {}, {}, {}, {}, {}, {}, {}};
  // Counts and lengths first: a pack over its limits is refused before any
  // folding or compiling.
  if (!CheckPackLimits(set, &b.errors)) {
    return Status(StatusCode::kRuleError, absl::StrJoin(b.errors, "\n"));
  }
  for (uint32_t r = 0; r < set.rules.size(); ++r) {
    const Rule& rule = set.rules[r];
    impl->infos.push_back(rule.info);
    RuleRuntime rt;
    rt.kinds = rule.kinds;
    rt.audiences = rule.audiences;
    rt.when = rule.when;
    rt.validate = rule.validate;
    rt.min_entropy = rule.min_entropy;
    rt.max_noise = set.max_noise;
    rt.has_unless = !rule.unless.empty();
    rt.action_fixed = rule.action_set;
    for (uint32_t c = 0; c < set.categories.size(); ++c) {
      if (set.categories[c].name == rule.info.category) rt.category = c;
    }
    rt.groups = static_cast<uint16_t>(rule.groups.size());
    rt.within = rule.within;
    rt.secret = rule.secret.enabled;
    rt.keyword_gated = !rule.secret.keywords.empty();
    rt.needs_digit = rule.secret.needs_digit;
    rt.secret_group = rule.secret.secret_group;
    rt.secret_entropy = rule.secret.entropy;
    rt.allowlists = rule.secret.allowlists;
    impl->runtime.push_back(rt);
    if (rule.noise || rule.repeats) impl->needs_dense = true;
    if (rule.pinyin) impl->needs_pinyin = true;
  }
  for (uint32_t r = 0; r < set.rules.size(); ++r) {
    const Rule& rule = set.rules[r];
    for (const TermSource& w : rule.words) b.AddTerm(r, rule, w, PatternKind::kTerm);
    for (const TermSource& w : rule.unless) b.AddTerm(r, rule, w, PatternKind::kUnless);
    for (size_t g = 0; g < rule.groups.size(); ++g) {
      for (const TermSource& w : rule.groups[g]) {
        b.AddTerm(r, rule, w, PatternKind::kPart, static_cast<uint16_t>(g));
      }
    }
    for (const TermSource& w : rule.none) b.AddTerm(r, rule, w, PatternKind::kNone);
    for (size_t i = 0; i < rule.regexes.size(); ++i) b.AddRegex(r, rule, rule.regexes[i], i + 1);
    for (const TermSource& k : rule.secret.keywords) b.AddKeyword(r, rule, k);
  }
  b.AddRegexFilters();
  CompileAllowLists(set, impl.get(), &b.errors);
  if (b.errors.empty()) SizeWindows(set, impl.get(), &b.errors);
  if (b.errors.empty()) {
    for (int d = 0; d < kDatabaseCount && b.errors.empty(); ++d) b.BuildDatabase(d);
  }
  AssignSecretEngines(set.rules, impl.get());
  impl->report.notes = std::move(set.notes);
  for (const auto& [r, n] : b.folded_duplicates) {
    impl->report.notes.push_back(absl::StrCat(set.rules[r].info.file, ":", set.rules[r].info.line,
                                              ": rule '", set.rules[r].info.id, "': ", n,
                                              " terms fold like another; kept once"));
  }
  if (!b.errors.empty()) {
    return Status(StatusCode::kRuleError, absl::StrJoin(b.errors, "\n"));
  }
  impl->sources = std::move(set.rules);
  impl->report.compile_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  *impl_out = std::move(impl);
  return Status();
}

}  // namespace

std::vector<PatternHit> PatternHits(const std::vector<Pattern>& patterns) {
  std::vector<PatternHit> out;
  out.reserve(patterns.size());
  for (const Pattern& p : patterns) {
    out.push_back({p.rule, p.re2, p.length, p.part, p.kind, p.fixed, p.left_word, p.right_word,
                   p.initials, !p.units.empty()});
  }
  return out;
}

CompiledRules::CompiledRules(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {
  impl_->pattern_hits = PatternHits(impl_->patterns);
}
CompiledRules::~CompiledRules() = default;

const std::vector<RuleInfo>& CompiledRules::rules() const { return impl_->infos; }
const PackReport& CompiledRules::report() const { return impl_->report; }
const PackLimits& CompiledRules::limits() const { return impl_->limits; }

int CompiledRules::FindRule(std::string_view id) const {
  for (size_t i = 0; i < impl_->infos.size(); ++i) {
    if (impl_->infos[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

Status CompiledRules::Compile(const std::string& pack_dir,
                              std::shared_ptr<const CompiledRules>* out) {
  absl::StatusOr<RuleSet> set = LoadRuleSet(pack_dir);
  if (!set.ok()) return ToStatus(set.status());
  std::unique_ptr<Impl> impl;
  Status s = CompileRuleSet(*std::move(set), out, &impl);
  if (!s.ok()) return s;
  impl->pack_hash = PackFingerprint(pack_dir);
  out->reset(new CompiledRules(std::move(impl)));
  return Status();
}

Status CompiledRules::CompileText(std::string_view toml_text,
                                  const std::string& base_dir,
                                  const std::string& file_name,
                                  std::shared_ptr<const CompiledRules>* out) {
  absl::StatusOr<RuleSet> set = ParseRuleSet(toml_text, base_dir, file_name);
  if (!set.ok()) return ToStatus(set.status());
  std::unique_ptr<Impl> impl;
  Status s = CompileRuleSet(*std::move(set), out, &impl);
  if (!s.ok()) return s;
  out->reset(new CompiledRules(std::move(impl)));
  return Status();
}

}  // namespace chatscan
