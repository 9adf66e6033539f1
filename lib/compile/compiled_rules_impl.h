// The inside of CompiledRules: the rule table, the pattern table and the
// Hyperscan databases (one per view that any rule uses, and two for
// regexes that need a digit or a Latin letter), shared read-only by every
// Scanner.
#ifndef CHATSCAN_LIB_COMPILE_COMPILED_RULES_IMPL_H_
#define CHATSCAN_LIB_COMPILE_COMPILED_RULES_IMPL_H_

#include <hs.h>

#include <memory>
#include <string>
#include <vector>

#include "chatscan/rules.h"
#include "compile/atom_filter.h"
#include "compile/class_gate.h"
#include "normalize/folder.h"
#include "absl/time/time.h"
#include "re2/re2.h"
#include "rules/rule_set.h"

namespace chatscan {

enum class PatternKind : uint8_t {
  kTerm,      // a word of the rule
  kInitials,  // pinyin initials of a word; must come from typed Latin
  kUnless,    // an allow-list term of the rule
  kRegex,     // a regex of the rule: Hyperscan prefilters, RE2 finds the spans
  kPart,      // a term of one group of a combination rule
  kNone,      // a term that vetoes a combination rule
  kAtom,      // a literal some regexes need (re2 = index into the atoms)
  kKeyword,   // a keyword of a gitleaks rule: the rule runs only near one
};

// One Hyperscan pattern; its index is the Hyperscan id.
struct Pattern {
  uint32_t rule = 0;
  PatternKind kind = PatternKind::kTerm;
  uint8_t view = kFoldedView;
  bool left_word = false;   // starts with a Latin letter or digit: needs \b
  bool right_word = false;  // ends with one
  bool fixed = true;        // fixed length: start = end - length
  bool initials = false;    // pinyin initials: must come from typed Latin
  uint32_t length = 0;      // view bytes, when fixed
  uint16_t part = 0;        // group index, for kPart
  uint32_t re2 = 0;         // kRegex: index into Impl::re2_patterns
  std::string text;         // the folded term or the regex, for explain
  // Repeat patterns: the term's units, each of which may repeat.
  std::vector<std::string> units;
  SourcePlace place;
};

// What resolving a hit reads of its Pattern, packed (PatternHits): a
// Pattern is over a hundred bytes with its text, units and place, a
// 10,000-term lexicon's table is a megabyte, and a hit on it misses the
// cache; this one is a fifth of the size.
struct PatternHit {
  uint32_t rule = 0;
  uint32_t re2 = 0;     // Pattern::re2
  uint32_t length = 0;  // Pattern::length
  uint16_t part = 0;
  PatternKind kind = PatternKind::kTerm;
  bool fixed = true;
  bool left_word = false;
  bool right_word = false;
  bool initials = false;
  bool repeat = false;  // has units (a repeat pattern)
};
std::vector<PatternHit> PatternHits(const std::vector<Pattern>& patterns);

// The Hyperscan databases: one per view, then three over the folded view
// for prefilter regexes that cannot match without an ASCII digit, without
// a colon, or without an ASCII digit or letter (class_gate.h): the scanner
// runs those only for a message whose folded view has one. Such regexes
// (mobile numbers, card numbers, addresses, links, "机密：" headers) cost
// Hyperscan more than a thousand terms, and most chat messages have no
// digits, no colons and no Latin letters.
enum DatabaseId : int {
  kDigitDatabase = kViewCount,
  kColonDatabase,
  kAlnumDatabase,
  kDatabaseCount,
};
inline int DatabaseView(int database) {
  return database < kViewCount ? database : kFoldedView;
}
// The ClassGate bits a message must have for `database` to be scanned.
inline uint8_t DatabaseGate(int database) {
  return database == kDigitDatabase   ? kNeedsDigit
         : database == kColonDatabase ? kNeedsColon
         : database == kAlnumDatabase ? kNeedsAlnum
                                      : 0;
}

// Per-rule data the scanner needs besides RuleInfo.
struct RuleRuntime {
  std::vector<Kind> kinds;
  std::vector<Audience> audiences;
  TimeCondition when = TimeCondition::kAny;
  std::string validate;
  double min_entropy = 0;
  int max_noise = 3;
  bool has_unless = false;
  uint32_t category = 0;      // index into Impl::categories
  bool action_fixed = false;  // the rule sets its own action
  uint16_t groups = 0;  // combination rules: number of groups
  int within = 0;
  // Imported gitleaks rules (SecretOptions in rules/rule_set.h).
  bool secret = false;
  bool keyword_gated = false;  // has keywords: runs only if one occurs
  bool needs_digit = false;
  int secret_group = 0;
  double secret_entropy = 0;
  std::vector<uint32_t> allowlists;  // into Impl::allowlists
};

// RE2 around the keyword hits of a gitleaks rule whose regex Hyperscan
// rejected: from this many bytes before a hit to this many after it.
// gitleaks rules put the keyword inside the match, after at most an
// identifier prefix ([\w.-]{0,50}: 50 characters, 200 bytes even if each
// took four), and before a separator (about 30 characters) and the secret
// (provider tokens and generic secrets are at most a few hundred
// characters). A match that reaches further is cut at the window; anchors
// and \b still see the whole message (RE2 gets it as context).
constexpr uint32_t kKeywordWindowBefore = 256;
constexpr uint32_t kKeywordWindowAfter = 1024;

// A gitleaks allow-list, compiled: a finding it matches is dropped.
struct CompiledAllowList {
  SecretAllowList::Target target = SecretAllowList::Target::kSecret;
  bool all = false;  // AND: every check it has must match
  std::vector<std::unique_ptr<RE2>> regexes;
  std::vector<std::string> stopwords;  // lower-case
};

// Every regex of the pack as an RE2 program. A message is a candidate for
// a regex when the regex's required literals are in it (AtomFilter) or,
// for a regex without such literals, when Hyperscan reports it in
// prefilter mode (no start of match: cheap to compile and to run); only for
// a candidate does RE2 run the regex over the folded view to find the exact
// spans. A regex Hyperscan rejects even as a prefilter and that has no
// atoms runs with RE2 on every message (`always`). A gitleaks rule with
// keywords whose regex Hyperscan rejects runs with RE2 only in windows
// around its keyword hits (`windowed`), never on every message.
struct Re2Pattern {
  uint32_t rule = 0;
  std::unique_ptr<RE2> re;
  bool always = false;
  bool windowed = false;
  SourcePlace place;  // of the regex in its rule file
  // The longest match in bytes, as Hyperscan works it out; 0 when
  // unbounded or unknown. Bounds the windows RE2 runs in (AtomFilter).
  uint32_t max_bytes = 0;
};

// Imported gitleaks rules (secret_rules.cc): compiles the allow-lists of
// `set` into impl->allowlists, errors naming file:line.
void CompileAllowLists(const RuleSet& set, CompiledRules::Impl* impl,
                       std::vector<std::string>* errors);
// Whether Hyperscan would take too long to compile `re` (a long repeat of a
// UTF-8 class); `why` says what. Imported gitleaks regexes so marked go to
// RE2 without asking Hyperscan.
bool HyperscanCostly(std::string_view re, std::string* why);
// After the databases are built: a rejected regex of a rule with keywords
// runs around keyword hits instead of on every message; records in the
// report which engine serves each imported rule.
void AssignSecretEngines(const std::vector<Rule>& rules, CompiledRules::Impl* impl);

// A fingerprint of every file under a pack folder (names and contents).
std::string PackFingerprint(const std::string& dir);

struct CompiledRules::Impl {
  ~Impl() {
    for (hs_database_t* db : databases) hs_free_database(db);
  }

  std::vector<RuleInfo> infos;
  std::vector<RuleRuntime> runtime;
  std::vector<Category> categories;
  WorkingHours hours;
  absl::TimeZone time_zone;
  std::vector<Rule> sources;  // the parsed rules, for check and explain
  std::vector<Pattern> patterns;
  std::vector<PatternHit> pattern_hits;  // PatternHits(patterns), set by CompiledRules
  hs_database_t* databases[kDatabaseCount] = {};
  std::vector<Re2Pattern> re2_patterns;
  AtomFilter atom_filter;  // over re2_patterns, in their order
  std::vector<CompiledAllowList> allowlists;  // of gitleaks rules
  bool needs_dense = false;
  bool needs_pinyin = false;
  // False only where chatscan-bench measures what folding costs: the scan
  // then takes the text as written for its folded view (and leaves the
  // other views empty). Never saved: every compiled or loaded pack folds.
  bool fold_text = true;
  std::string content_hash;
  std::string pack_hash;  // PackFingerprint of the folder it was compiled from
  std::vector<std::string> trusted_domains;  // lower-case
  PackLimits limits;
  PackReport report;
};

}  // namespace chatscan

#endif  // CHATSCAN_LIB_COMPILE_COMPILED_RULES_IMPL_H_
