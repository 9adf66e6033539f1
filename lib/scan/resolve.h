// Scanner::State: the per-thread scan machinery and the resolve step that
// turns raw Hyperscan hits into findings.
#ifndef CHATSCAN_LIB_SCAN_RESOLVE_H_
#define CHATSCAN_LIB_SCAN_RESOLVE_H_

#include <hs.h>

#include <optional>
#include <string>
#include <vector>

#include "chatscan/scanner.h"
#include "compile/compiled_rules_impl.h"
#include "normalize/folder.h"

namespace chatscan {

// What resolving a repeat hit found out about it.
enum class HitMark : uint8_t {
  kPlain,
  kSuperseded,  // a longer hit of the same pattern with the same start replaces it
  kCrossesGap,  // every start crosses more noise than its rule allows (trace only)
};

// A raw match in one view, before resolve.
struct Hit {
  uint32_t pattern;  // Hyperscan id; kRe2Pattern for spans found by RE2
  uint32_t from;     // view bytes
  uint32_t to;
  uint8_t view;
  uint32_t re2;  // RE2 hits: index into Impl::re2_patterns
  HitMark mark = HitMark::kPlain;
};

// Why a hit did not become a finding, for `chatscan explain`.
enum class DropReason : uint8_t {
  kKept,
  kGapTooLong,    // more noise between two characters than the pack allows
  kNotSyllable,   // pinyin hit that cuts a syllable
  kNotTyped,      // initials that came from Han readings
  kWordBoundary,  // Latin term inside a longer word
  kAllowList,     // covered by an allow-list term of the rule
  kValidator,     // failed the rule's validator
  kContext,       // rule does not apply to this kind, audience or time
  kDuplicate,     // same rule, same span as another hit
  kVetoed,        // a `none` term of the combination rule is present
  kNoWindow,      // a part of a combination rule without the others near it
  kVetoTerm,      // a `none` term itself (it vetoes its rule)
};
std::string_view DropReasonName(DropReason reason);

// One hit as resolve saw it, for explain.
struct TraceEntry {
  Hit hit;
  uint32_t rule;
  uint32_t start, end;  // original bytes
  DropReason reason;
};

class __attribute__((visibility("hidden"))) Scanner::State {
 public:
  static constexpr uint32_t kRe2Pattern = 0xFFFFFFFF;

  explicit State(const CompiledRules& rules);
  ~State();

  bool scratch_ok() const { return scratch_ != nullptr || !has_database_; }
  const FoldedText& folded() const { return folded_; }

  // Scans `text` into `result`, which comes with no findings and verdict
  // allow; when `trace` is not null, every hit is recorded there with what
  // became of it.
  Status Run(std::string_view text, const MessageContext& context,
             ScanResult* result, std::vector<TraceEntry>* trace);

 private:
  struct Candidate {
    uint32_t rule;
    uint32_t start, end;
    uint32_t hit;  // index into hits_
    bool unless;
    PatternKind kind;
    uint16_t part;
  };

  static int OnMatch(unsigned int id, unsigned long long from,
                     unsigned long long to, unsigned int flags, void* ctx);
  DropReason Check(const Hit& hit, std::string_view text, uint32_t* start,
                   uint32_t* end) const;
  bool Applies(uint32_t rule, const MessageContext& context) const;
  void TrimRepeatHit(Hit* hit) const;
  void FindRepeatStart(Hit* hit) const;
  std::optional<bool> OffHours(const MessageContext& context) const;
  Action ActionFor(uint32_t rule, const MessageContext& context,
                   std::optional<bool> off_hours) const;
  void ResolveCombination(std::string_view text, size_t begin, size_t first_term, size_t end,
                          bool applies, ScanResult* result, std::vector<TraceEntry>* trace);

  // Imported gitleaks rules (secrets.cc): keywords gate the regexes, and
  // RE2 runs around keyword hits for regexes Hyperscan rejected.
  struct KeywordHit {
    uint32_t rule;
    uint32_t from, to;  // folded view
  };
  void InitSecrets();
  void GateByKeywords();
  void RunWindowedRegexes(std::vector<TraceEntry>* trace);
  void ConfirmSecrets(uint32_t re2, size_t begin, size_t end, std::vector<TraceEntry>* trace);
  DropReason CheckSecret(uint32_t rule, std::string_view text, size_t match_from,
                         size_t match_to, size_t secret_from, size_t secret_to);
  bool AllowListed(const CompiledAllowList& list, std::string_view secret,
                   std::string_view match, std::string_view line);
  std::vector<KeywordHit> keyword_hits_;
  std::vector<uint32_t> windowed_by_rule_;  // rule -> windowed RE2 program, or none
  bool has_secret_rules_ = false;
  std::vector<re2::StringPiece> groups_;  // capture groups of one match
  std::string lower_;                     // a secret, lower-cased for stopwords

  const CompiledRules::Impl& impl_;
  bool has_database_ = false;
  bool gated_databases_ = false;  // a class-gated database is in use
  // The pack's databases, in DatabaseId order, with the view each scans
  // and the classes a message needs for it (DatabaseGate).
  struct Database {
    hs_database_t* db;
    int view;
    uint8_t gate;
  };
  std::vector<Database> databases_;
  hs_scratch_t* scratch_ = nullptr;
  Folder folder_;
  FoldedText folded_;
  std::vector<Hit> hits_;
  std::vector<uint32_t> regex_hits_;  // RE2 programs Hyperscan says may match
  std::vector<uint32_t> always_re2_;  // RE2 programs that run on every message
  std::vector<int> atoms_found_;      // regex atoms Hyperscan found in this message, once each
  std::vector<int> atom_scratch_;
  // Every occurrence of an atom, for the windows RE2 runs in; `atom_seen_`
  // marks the atoms found in message number `atom_epoch_`.
  std::vector<AtomFilter::Occurrence> atom_occurrences_;
  std::vector<uint32_t> atom_seen_;
  uint32_t atom_epoch_ = 0;
  std::vector<AtomFilter::Window> windows_;
  std::vector<AtomFilter::Window> spans_;  // of RE2 matches
  void FindRegexMatches(uint32_t re2, const View& view);
  std::vector<Candidate> candidates_;
  std::vector<Candidate> parts_;
  uint8_t scanning_view_ = 0;
  // Whether the message being scanned was sent off hours; time-zone work
  // done only for messages that need it.
  std::optional<bool> OffHoursNow() const;
  mutable std::optional<bool> off_hours_;
  mutable bool off_hours_known_ = false;
  const MessageContext* context_ = nullptr;
};

}  // namespace chatscan

#endif  // CHATSCAN_LIB_SCAN_RESOLVE_H_
