#include "scan/resolve.h"

#include <algorithm>

#include "compile/class_gate.h"
#include "re2/re2.h"
#include "scan/validators.h"
#include "unicode/utf8.h"

namespace chatscan {
namespace {

bool IsWordByte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Whether the original character that ends just before `at` (or starts at
// `at`, when `after`) folds to a Latin letter or digit.
bool WordCharAt(const FoldTable& table, std::string_view text, size_t at, bool after) {
  const uint8_t* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t length = static_cast<int32_t>(text.size());
  UChar32 c;
  if (after) {
    if (at >= text.size()) return false;
    int32_t i = static_cast<int32_t>(at);
    U8_NEXT(s, i, length, c);
  } else {
    if (at == 0) return false;
    int32_t i = static_cast<int32_t>(at);
    U8_PREV(s, 0, i, c);
  }
  if (c < 0) return false;
  if (c < 0x80) return IsWordByte(static_cast<char>(c));
  const FoldEntry& e = table.Lookup(static_cast<char32_t>(c));
  if (table.IsIdentityAstral(e)) return false;
  std::string_view out = table.Output(e);
  return !out.empty() && IsWordByte(after ? out.front() : out.back());
}

// A long text (a post, a document) nearly always hits some rule of a real
// pack, so it is folded once, with its offset maps, rather than view bytes
// first (Run); and RE2 runs only around the atoms its regexes need
// (FindRegexMatches), where in a chat message that would save nothing.
constexpr size_t kLongText = 1024;

// True if a unit starting in view bytes [lo, hi) follows more noise than
// `max_noise` (dense and pinyin views).
bool LongGapIn(const View& view, uint32_t lo, uint32_t hi, int max_noise) {
  for (uint32_t i = lo; i < hi; ++i) {
    if (view.UnitStart(i) && view.gap[i] > max_noise) return true;
  }
  return false;
}

// std::sort, without its two calls for the one candidate or finding most
// messages with a hit have.
template <typename T, typename Less>
void SortIfSeveral(std::vector<T>* v, Less less) {
  if (v->size() > 1) std::sort(v->begin(), v->end(), less);
}

// The last hit of a repeat pattern whose start was worked out.
struct RepeatMemo {
  uint32_t pattern;
  uint32_t from;
  uint32_t to;
  bool found;    // it has a start
  size_t index;  // in hits_
};

// Hyperscan reports a repeat pattern at every end offset: 傻逼逼逼… gives a
// hit per 逼, and walking back from each over all the others is quadratic
// in the run. A hit that extends the pattern's previous hit by copies of
// the last unit alone, with no gap the rule forbids between them, has the
// same start (the walk back crosses the copies and then goes as before);
// take it from the memo.
bool ExtendsRepeatHit(const RepeatMemo& m, const Hit& h, const Pattern& p, const View& view,
                      int max_noise) {
  if (m.pattern != h.pattern || !m.found || m.to >= h.to) return false;
  const std::string& unit = p.units.back();
  std::string_view text = view.text();
  for (uint32_t at = m.to; at < h.to; at += static_cast<uint32_t>(unit.size())) {
    if (h.to - at < unit.size() || text.compare(at, unit.size(), unit) != 0) return false;
  }
  return !LongGapIn(view, m.to, h.to, max_noise);
}

}  // namespace

std::string_view DropReasonName(DropReason reason) {
  switch (reason) {
    case DropReason::kKept: return "kept";
    case DropReason::kGapTooLong: return "too much noise between characters";
    case DropReason::kNotSyllable: return "cuts a pinyin syllable";
    case DropReason::kNotTyped: return "initials read from Han characters";
    case DropReason::kWordBoundary: return "inside a longer Latin word";
    case DropReason::kAllowList: return "covered by an allow-list term";
    case DropReason::kValidator: return "failed the validator";
    case DropReason::kContext: return "rule does not apply in this context";
    case DropReason::kDuplicate: return "same rule and span as another hit";
    case DropReason::kVetoed: return "a 'none' term of the rule is in the message";
    case DropReason::kVetoTerm: return "a 'none' term: the rule does not apply to this message";
    case DropReason::kNoWindow: return "the other parts of the rule are missing or too far away";
  }
  return "?";
}

Scanner::State::State(const CompiledRules& rules) : impl_(rules.impl()) {
  for (hs_database_t* db : impl_.databases) {
    if (db == nullptr) continue;
    has_database_ = true;
    if (hs_alloc_scratch(db, &scratch_) != HS_SUCCESS) {
      hs_free_scratch(scratch_);
      scratch_ = nullptr;
      return;
    }
  }
  gated_databases_ = false;
  for (int d = 0; d < kDatabaseCount; ++d) {
    if (impl_.databases[d] == nullptr) continue;
    databases_.push_back({impl_.databases[d], DatabaseView(d), DatabaseGate(d)});
    gated_databases_ |= DatabaseGate(d) != 0;
  }
  hits_.reserve(64);
  candidates_.reserve(64);
  atom_seen_.assign(impl_.atom_filter.atoms().size(), 0);
  for (uint32_t r = 0; r < impl_.re2_patterns.size(); ++r) {
    if (impl_.re2_patterns[r].always) always_re2_.push_back(r);
  }
  InitSecrets();
}

Scanner::State::~State() { hs_free_scratch(scratch_); }

int Scanner::State::OnMatch(unsigned int id, unsigned long long from,
                            unsigned long long to, unsigned int, void* ctx) {
  auto* self = static_cast<State*>(ctx);
  const PatternHit& p = self->impl_.pattern_hits[id];
  if (p.kind == PatternKind::kRegex) {  // a prefilter hit: RE2 finds the spans
    self->regex_hits_.push_back(p.re2);
    return 0;
  }
  if (p.kind == PatternKind::kAtom) {  // a literal some regexes need
    self->atom_occurrences_.push_back({p.re2, static_cast<uint32_t>(to)});
    if (self->atom_seen_[p.re2] != self->atom_epoch_) {
      self->atom_seen_[p.re2] = self->atom_epoch_;
      self->atoms_found_.push_back(static_cast<int>(p.re2));
    }
    return 0;
  }
  if (p.kind == PatternKind::kKeyword) {  // gates a gitleaks rule (secrets.cc)
    self->keyword_hits_.push_back({p.rule, static_cast<uint32_t>(to) - p.length,
                                   static_cast<uint32_t>(to)});
    return 0;
  }
  self->hits_.push_back({id, static_cast<uint32_t>(from), static_cast<uint32_t>(to),
                         self->scanning_view_, 0});
  return 0;
}

DropReason Scanner::State::Check(const Hit& hit, std::string_view text,
                                 uint32_t* start, uint32_t* end) const {
  const View& view = folded_.views[hit.view];
  uint32_t from = hit.from;
  uint32_t rule;
  bool left_word = false, right_word = false;
  if (from >= hit.to) return DropReason::kNotSyllable;  // an empty span: no match
  if (hit.pattern == kRe2Pattern) {
    rule = impl_.re2_patterns[hit.re2].rule;
  } else {
    const PatternHit& p = impl_.pattern_hits[hit.pattern];
    rule = p.rule;
    if (p.fixed) from = hit.to - p.length;
    left_word = p.left_word;
    right_word = p.right_word;
    if (hit.view == kPinyinView) {
      // Word boundaries matter where the span starts or ends in typed Latin,
      // not where it starts or ends with a Han character read as pinyin.
      size_t last = hit.to - 1;
      while (last > from && !(view.flags[last] & kUnitStart)) --last;
      left_word = !(view.flags[from] & kFromHan);
      right_word = !(view.flags[last] & kFromHan);
      if (!(view.flags[from] & kUnitStart) ||
          (hit.to < view.size && !(view.flags[hit.to] & kUnitStart))) {
        return DropReason::kNotSyllable;
      }
      if (p.initials) {
        for (uint32_t i = from; i < hit.to; ++i) {
          if (view.flags[i] & kFromHan) return DropReason::kNotTyped;
        }
      }
    }
    if (hit.view != kFoldedView &&
        LongGapIn(view, from + 1, hit.to, impl_.runtime[rule].max_noise)) {
      return DropReason::kGapTooLong;
    }
  }
  *start = view.OriginalBegin(from);
  *end = view.OriginalEnd(hit.to);
  const FoldTable& table = FoldTable::Get();
  if ((left_word && WordCharAt(table, text, *start, false)) ||
      (right_word && WordCharAt(table, text, *end, true))) {
    return DropReason::kWordBoundary;
  }
  return DropReason::kKept;
}

// Leftmost start of unit1+ unit2+ ... ending at the hit's end.
void Scanner::State::FindRepeatStart(Hit* hit) const {
  const Pattern& p = impl_.patterns[hit->pattern];
  std::string_view text = folded_.views[hit->view].text();
  // Equal neighbouring units form one run that must repeat at least as
  // often as in the term (遥遥领先 needs 遥 twice).
  size_t pos = hit->to;
  for (size_t k = p.units.size(); k > 0;) {
    const std::string& u = p.units[k - 1];
    size_t need = 0;
    while (k > 0 && p.units[k - 1] == u) {
      ++need;
      --k;
    }
    size_t n = 0;
    while (pos >= u.size() && text.compare(pos - u.size(), u.size(), u) == 0) {
      pos -= u.size();
      ++n;
    }
    if (n < need) {  // not a match after all: leave an empty span, dropped
      hit->from = hit->to;
      return;
    }
  }
  hit->from = static_cast<uint32_t>(pos);
}

void Scanner::State::TrimRepeatHit(Hit* hit) const {
  const Pattern& p = impl_.patterns[hit->pattern];
  const View& view = folded_.views[hit->view];
  const int max_noise = impl_.runtime[p.rule].max_noise;
  uint32_t from = hit->from;
  for (uint32_t i = hit->from + 1; i < hit->to; ++i) {
    if (view.UnitStart(i) && view.gap[i] > max_noise) from = i;
  }
  if (from == hit->from) return;
  // Does [from, to) still read unit1+ unit2+ ... ?
  std::string_view text = view.text().substr(from, hit->to - from);
  size_t pos = 0;
  for (const std::string& u : p.units) {
    size_t n = 0;
    while (text.compare(pos, u.size(), u) == 0) {
      pos += u.size();
      ++n;
    }
    if (n == 0) return;  // no: leave the hit for Check to drop
  }
  if (pos == text.size()) hit->from = from;
}

// A combination rule: find, left to right, the shortest windows that hold a
// hit of every group, no longer than `within` characters; any `none` term
// in the message vetoes the rule.
void Scanner::State::ResolveCombination(std::string_view text, size_t begin, size_t first_term,
                                        size_t end, bool applies, ScanResult* result,
                                        std::vector<TraceEntry>* trace) {
  const uint32_t rule = candidates_[begin].rule;
  const RuleRuntime& rt = impl_.runtime[rule];
  parts_.clear();
  bool vetoed = false;
  for (size_t c = first_term; c < end; ++c) {
    const Candidate& cand = candidates_[c];
    DropReason reason = applies ? DropReason::kKept : DropReason::kContext;
    for (size_t u = begin; u < first_term && reason == DropReason::kKept; ++u) {
      if (candidates_[u].start <= cand.start && cand.end <= candidates_[u].end) {
        reason = DropReason::kAllowList;
      }
    }
    if (reason == DropReason::kKept && cand.kind == PatternKind::kNone) {
      vetoed = true;
      reason = DropReason::kVetoTerm;
    }
    if (reason == DropReason::kKept && cand.kind == PatternKind::kPart) {
      parts_.push_back(cand);
    } else if (trace != nullptr) {
      trace->push_back({hits_[cand.hit], rule, cand.start, cand.end, reason});
    }
  }
  if (vetoed) {
    if (trace != nullptr) {
      for (const Candidate& p : parts_) {
        trace->push_back({hits_[p.hit], rule, p.start, p.end, DropReason::kVetoed});
      }
    }
    return;
  }
  // parts_ is sorted by start (candidates are).
  auto chars_between = [&](uint32_t from, uint32_t to) {
    int n = 0;
    for (uint32_t k = from; k < to; ++k) n += (static_cast<uint8_t>(text[k]) & 0xC0) != 0x80;
    return n;
  };
  uint64_t all = rt.groups >= 64 ? ~0ull : (1ull << rt.groups) - 1;
  bool found = false;
  size_t l = 0;
  while (l < parts_.size()) {
    uint64_t seen = 0;
    uint32_t max_end = 0;
    size_t r = l;
    for (; r < parts_.size() && seen != all; ++r) {
      seen |= 1ull << std::min<uint16_t>(parts_[r].part, 63);
      max_end = std::max(max_end, parts_[r].end);
    }
    if (seen != all) break;  // no window starting here or later
    const uint32_t start = parts_[l].start;
    if (rt.within > 0 && chars_between(start, max_end) > rt.within) {
      ++l;
      continue;
    }
    result->findings.push_back({rule, start, max_end, ActionFor(rule, *context_, OffHoursNow())});
    found = true;
    if (trace != nullptr) {
      for (size_t k = l; k < r; ++k) {
        trace->push_back({hits_[parts_[k].hit], rule, parts_[k].start, parts_[k].end,
                          DropReason::kKept});
      }
    }
    l = r;
    while (l < parts_.size() && parts_[l].start < max_end) ++l;
  }
  if (trace != nullptr && !found) {
    // Parts that never made a window: say so, so explain shows them.
    for (const Candidate& p : parts_) {
      trace->push_back({hits_[p.hit], rule, p.start, p.end, DropReason::kNoWindow});
    }
  }
}

// The matches of RE2 program `re2` in the folded view, as hits. In a long
// text, only in the windows around its atoms (AtomFilter::Windows), which
// hold the same matches: RE2 sees the whole view around each window.
void Scanner::State::FindRegexMatches(uint32_t re2, const View& view) {
  const Re2Pattern& p = impl_.re2_patterns[re2];
  if (view.size < kLongText ||
      !impl_.atom_filter.Windows(re2, p.max_bytes, atom_occurrences_, view.size, &windows_)) {
    windows_.assign(1, {0, view.size});
  }
  spans_.clear();
  for (const AtomFilter::Window& w : windows_) {
    AtomFilter::MatchesIn(*p.re, view.text(), w, &spans_);
  }
  for (const AtomFilter::Window& m : spans_) {
    hits_.push_back({kRe2Pattern, static_cast<uint32_t>(m.begin), static_cast<uint32_t>(m.end),
                     kFoldedView, re2});
  }
}

std::optional<bool> Scanner::State::OffHoursNow() const {
  if (!off_hours_known_) {
    off_hours_ = OffHours(*context_);
    off_hours_known_ = true;
  }
  return off_hours_;
}

std::optional<bool> Scanner::State::OffHours(const MessageContext& context) const {
  if (!context.unix_seconds) return std::nullopt;
  const WorkingHours& h = impl_.hours;
  absl::CivilSecond local =
      absl::ToCivilSecond(absl::FromUnixSeconds(*context.unix_seconds), impl_.time_zone);
  absl::CivilDay day(local);
  int weekday = (static_cast<int>(absl::GetWeekday(day)) + 1) % 7;  // Sunday first
  bool workday = h.days[weekday];
  if (std::find(h.holidays.begin(), h.holidays.end(), day) != h.holidays.end()) workday = false;
  if (std::find(h.extra_workdays.begin(), h.extra_workdays.end(), day) != h.extra_workdays.end()) {
    workday = true;
  }
  int minute = local.hour() * 60 + local.minute();
  return !(workday && minute >= h.start_minute && minute < h.end_minute);
}

Action Scanner::State::ActionFor(uint32_t rule, const MessageContext& context,
                                 std::optional<bool> off_hours) const {
  const RuleRuntime& rt = impl_.runtime[rule];
  const Category& category = impl_.categories[rt.category];
  Action action = category.action;
  if (rt.action_fixed) {
    action = impl_.infos[rule].action;
  } else {
    const auto& by_audience = category.by_audience[static_cast<int>(context.audience)];
    if (by_audience) action = *by_audience;
    if (context.kind == Kind::kMoment && category.moment) action = *category.moment;
  }
  if (off_hours.value_or(false) && category.raise_off_hours && action != Action::kBlock) {
    action = static_cast<Action>(static_cast<int>(action) + 1);
  }
  return action;
}

bool Scanner::State::Applies(uint32_t rule, const MessageContext& context) const {
  const RuleRuntime& rt = impl_.runtime[rule];
  if (!rt.kinds.empty() &&
      std::find(rt.kinds.begin(), rt.kinds.end(), context.kind) == rt.kinds.end()) {
    return false;
  }
  if (!rt.audiences.empty() &&
      std::find(rt.audiences.begin(), rt.audiences.end(), context.audience) ==
          rt.audiences.end()) {
    return false;
  }
  // Unknown time counts as working hours: off-hours rules need evidence.
  if (rt.when == TimeCondition::kOffHours) return OffHoursNow().value_or(false);
  if (rt.when == TimeCondition::kWorkingHours) return !OffHoursNow().value_or(false);
  return true;
}

Status Scanner::State::Run(std::string_view text, const MessageContext& context,
                           ScanResult* result, std::vector<TraceEntry>* trace) {
  // Scan the view bytes first; the offset maps are built (by folding again)
  // only for a message where something hit, which few chat messages do. A
  // long text is folded once, with the maps.
  const bool maps = trace != nullptr || text.size() >= kLongText;
  if (!impl_.fold_text) {
    Folder::CopyUnfolded(text, &folded_);
  } else if (maps) {
    folder_.Fold(text, impl_.needs_dense, impl_.needs_pinyin, &folded_);
  } else {
    folder_.FoldBytes(text, impl_.needs_dense, impl_.needs_pinyin, &folded_);
  }
  regex_hits_.clear();
  atoms_found_.clear();
  atom_occurrences_.clear();
  if (++atom_epoch_ == 0) {  // after 2^32 messages: forget the old marks
    std::fill(atom_seen_.begin(), atom_seen_.end(), 0);
    atom_epoch_ = 1;
  }
  keyword_hits_.clear();
  off_hours_known_ = false;  // worked out on first need: most messages have no finding
  context_ = &context;
  hits_.clear();
  const uint8_t classes = gated_databases_ ? ClassesIn(folded_.views[kFoldedView].text()) : 0;
  for (const Database& d : databases_) {
    const std::string_view bytes = folded_.views[d.view].text();
    if (bytes.empty() || (classes & d.gate) != d.gate) continue;
    scanning_view_ = static_cast<uint8_t>(d.view);
    hs_error_t rc = hs_scan(d.db, bytes.data(), static_cast<unsigned>(bytes.size()), 0,
                            scratch_, &State::OnMatch, this);
    if (rc != HS_SUCCESS) {
      return Status(StatusCode::kInternal,
                    "Hyperscan scan failed with code " + std::to_string(rc));
    }
  }
  if (!always_re2_.empty()) {  // (an empty insert is still a call per message)
    regex_hits_.insert(regex_hits_.end(), always_re2_.begin(), always_re2_.end());
  }
  if (!atoms_found_.empty()) {
    impl_.atom_filter.Candidates(atoms_found_, &atom_scratch_, &regex_hits_);
    atoms_found_.clear();
  }
  if (has_secret_rules_) GateByKeywords();
  if (!regex_hits_.empty()) {
    const View& view = folded_.views[kFoldedView];
    for (uint32_t r : regex_hits_) {
      const Re2Pattern& p = impl_.re2_patterns[r];
      if (impl_.runtime[p.rule].secret) {  // gitleaks rules report their secret
        ConfirmSecrets(r, 0, view.size, trace);
        continue;
      }
      FindRegexMatches(r, view);
    }
  }
  if (!keyword_hits_.empty()) RunWindowedRegexes(trace);
  if (hits_.empty()) {  // most chat messages: nothing to resolve
    result->reasons.clear();
    return Status();
  }
  // Offsets need the maps now, if anything hit: RE2 ran over the view
  // bytes, so candidates it did not confirm (a common atom such as 不是)
  // cost no second fold. When every hit is a fixed-length one in the
  // folded view, that view's shifts are enough and the others need no maps.
  if (!maps && !folded_.views[kFoldedView].by_shifts) {
    const bool folded_only = std::all_of(hits_.begin(), hits_.end(), [this](const Hit& h) {
      return h.view == kFoldedView &&
             (h.pattern == kRe2Pattern || impl_.pattern_hits[h.pattern].fixed);
    });
    if (!folded_only || !folder_.FoldFoldedOnly(text, &folded_.views[kFoldedView])) {
      folder_.Fold(text, impl_.needs_dense, impl_.needs_pinyin, &folded_);
    }
  }

  // A repeat pattern's leftmost start may lie beyond a gap of too much
  // noise while a shorter match to its right is fine: start there instead.
  // A hit that extends the previous one keeps its start, and makes the
  // previous one redundant (the longest of a start is kept below): drop it
  // now, so that a long run costs one hit, not one per character. A hit
  // that crosses a long gap whatever its start (傻逼逼, then many dots,
  // then 逼逼) is marked: it must neither extend nor outlast the shorter
  // hits before the gap.
  // (Filled on the first repeat hit: clearing it for every message cost
  // more than the rest of resolve does for a message without findings.)
  RepeatMemo memo[16];
  bool memo_ready = false;
  bool superseded = false;
  for (size_t i = 0; i < hits_.size(); ++i) {
    Hit& h = hits_[i];
    if (h.pattern != kRe2Pattern && !impl_.pattern_hits[h.pattern].fixed &&
        impl_.pattern_hits[h.pattern].repeat) {
      if (!memo_ready) {
        std::fill(std::begin(memo), std::end(memo), RepeatMemo{UINT32_MAX, 0, 0, false, 0});
        memo_ready = true;
      }
      RepeatMemo& m = memo[h.pattern % 16];
      const View& view = folded_.views[h.view];
      const int max_noise = impl_.runtime[impl_.pattern_hits[h.pattern].rule].max_noise;
      bool found = true;
      if (ExtendsRepeatHit(m, h, impl_.patterns[h.pattern], view, max_noise)) {
        h.from = m.from;
        hits_[m.index].mark = HitMark::kSuperseded;
        superseded = true;
      } else {
        FindRepeatStart(&h);
        TrimRepeatHit(&h);
        found = h.from < h.to;
        if (found && h.view != kFoldedView && LongGapIn(view, h.from + 1, h.to, max_noise)) {
          h.mark = HitMark::kCrossesGap;
          found = false;
        }
      }
      m = {h.pattern, h.from, h.to, found, i};
    }
  }
  if (superseded) {
    hits_.erase(std::remove_if(hits_.begin(), hits_.end(),
                               [](const Hit& h) { return h.mark == HitMark::kSuperseded; }),
                hits_.end());
  }
  // Hyperscan reports a variable-length pattern at every end offset. Keep
  // what a regex engine would: per pattern, leftmost-longest, no overlaps.
  auto variable = [this](const Hit& h) {
    return h.pattern != kRe2Pattern && !impl_.pattern_hits[h.pattern].fixed;
  };
  // Not stable_partition: it allocates a buffer of all hits on every scan
  // (a megabyte for a long run of a repeat term), and the order of the
  // fixed-length hits does not matter: candidates are sorted below.
  // Hits that cross a long gap stay at the end, out of this, for Check to
  // drop (and the trace to show).
  auto mid = std::partition(hits_.begin(), hits_.end(),
                            [&](const Hit& h) { return !variable(h); });
  auto crossing =
      std::partition(mid, hits_.end(), [](const Hit& h) { return h.mark != HitMark::kCrossesGap; });
  if (mid != crossing) {
    std::sort(mid, crossing, [](const Hit& a, const Hit& b) {
      if (a.pattern != b.pattern) return a.pattern < b.pattern;
      if (a.from != b.from) return a.from < b.from;
      return a.to > b.to;
    });
    auto out = mid;
    for (auto it = mid; it != crossing; ++it) {
      if (out != mid && (out - 1)->pattern == it->pattern && it->from < (out - 1)->to) {
        continue;
      }
      *out++ = *it;
    }
    hits_.erase(out, crossing);
  }

  // Hits -> candidates in original coordinates.
  candidates_.clear();
  for (uint32_t h = 0; h < hits_.size(); ++h) {
    const Hit& hit = hits_[h];
    uint32_t start = 0, end = 0;
    DropReason reason = Check(hit, text, &start, &end);
    PatternKind kind = PatternKind::kRegex;
    uint16_t part = 0;
    uint32_t rule = 0;
    if (hit.pattern == kRe2Pattern) {
      rule = impl_.re2_patterns[hit.re2].rule;
    } else {
      const PatternHit& p = impl_.pattern_hits[hit.pattern];
      kind = p.kind;
      part = p.part;
      rule = p.rule;
    }
    if (reason == DropReason::kKept) {
      candidates_.push_back({rule, start, end, h, kind == PatternKind::kUnless, kind, part});
    } else if (trace != nullptr) {
      trace->push_back({hit, rule, start, end, reason});
    }
  }
  // Group by rule, allow-list spans first within a rule, then by span.
  SortIfSeveral(&candidates_, [](const Candidate& a, const Candidate& b) {
    if (a.rule != b.rule) return a.rule < b.rule;
    if (a.unless != b.unless) return a.unless;
    if (a.start != b.start) return a.start < b.start;
    return a.end < b.end;
  });
  for (size_t i = 0; i < candidates_.size();) {
    size_t group_end = i;
    while (group_end < candidates_.size() && candidates_[group_end].rule == candidates_[i].rule) {
      ++group_end;
    }
    size_t first_term = i;
    while (first_term < group_end && candidates_[first_term].unless) ++first_term;
    const uint32_t rule = candidates_[i].rule;
    const RuleRuntime& rt = impl_.runtime[rule];
    const bool applies = Applies(rule, context);
    if (rt.groups > 0) {
      ResolveCombination(text, i, first_term, group_end, applies, result, trace);
      i = group_end;
      continue;
    }
    // A `none` term anywhere in the message vetoes the rule.
    bool vetoed = false;
    for (size_t c = first_term; c < group_end; ++c) {
      vetoed |= candidates_[c].kind == PatternKind::kNone;
    }
    size_t last = SIZE_MAX;  // index of the rule's last finding
    for (size_t c = first_term; c < group_end; ++c) {
      const Candidate& cand = candidates_[c];
      DropReason reason = DropReason::kKept;
      if (cand.kind == PatternKind::kNone) {
        reason = DropReason::kVetoTerm;
      } else if (vetoed) {
        reason = DropReason::kVetoed;
      } else if (last != SIZE_MAX && result->findings[last].start == cand.start &&
          result->findings[last].end == cand.end) {
        reason = DropReason::kDuplicate;
      } else if (!applies) {
        reason = DropReason::kContext;
      } else {
        for (size_t u = i; u < first_term; ++u) {
          if (candidates_[u].start <= cand.start && cand.end <= candidates_[u].end) {
            reason = DropReason::kAllowList;
            break;
          }
        }
      }
      if (reason == DropReason::kKept && !rt.validate.empty()) {
        // Validate what the scanner saw: the view's text of the hit.
        const Hit& hit = hits_[cand.hit];
        const View& v = folded_.views[hit.view];
        uint32_t from = hit.from;
        if (hit.pattern != kRe2Pattern && impl_.pattern_hits[hit.pattern].fixed) {
          from = hit.to - impl_.pattern_hits[hit.pattern].length;
        }
        ValidatorContext vc;
        vc.min_entropy = rt.min_entropy;
        vc.trusted_domains = &impl_.trusted_domains;
        if (!RunValidator(rt.validate, vc,
                          v.text().substr(from, hit.to - from))) {
          reason = DropReason::kValidator;
        }
      }
      if (trace != nullptr) trace->push_back({hits_[cand.hit], rule, cand.start, cand.end, reason});
      if (reason != DropReason::kKept) continue;
      result->findings.push_back(
          {rule, cand.start, cand.end, ActionFor(rule, context, OffHoursNow())});
      last = result->findings.size() - 1;
    }
    i = group_end;
  }
  SortIfSeveral(&result->findings, [](const Finding& a, const Finding& b) {
    if (a.start != b.start) return a.start < b.start;
    if (a.rule != b.rule) return a.rule < b.rule;
    return a.end < b.end;
  });
  for (const Finding& f : result->findings) {
    result->verdict = std::max(result->verdict, f.action);
  }
  result->reasons.clear();
  if (result->verdict != Action::kAllow) {
    for (uint32_t i = 0; i < result->findings.size(); ++i) {
      if (result->findings[i].action == result->verdict) result->reasons.push_back(i);
    }
  }
  return Status();
}

}  // namespace chatscan
