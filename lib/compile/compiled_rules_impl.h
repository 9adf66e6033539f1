// The inside of CompiledRules: the rule table, the pattern table and the
// Hyperscan databases (one per view that any rule uses), shared read-only by
// every Scanner.
#ifndef CHATSCAN_LIB_COMPILE_COMPILED_RULES_IMPL_H_
#define CHATSCAN_LIB_COMPILE_COMPILED_RULES_IMPL_H_

#include <hs.h>

#include <memory>
#include <string>
#include <vector>

#include "chatscan/rules.h"
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
};

// Every regex of the pack as an RE2 program. Hyperscan scans for all of
// them at once in prefilter mode (no start of match: cheap to compile and
// to run); only for a message where it reports a regex does RE2 run that
// regex over the folded view to find the exact spans. A regex Hyperscan
// rejects even as a prefilter runs with RE2 on every message (`always`).
struct Re2Pattern {
  uint32_t rule = 0;
  std::unique_ptr<RE2> re;
  bool always = false;
};

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
  hs_database_t* databases[kViewCount] = {nullptr, nullptr, nullptr};
  std::vector<Re2Pattern> re2_patterns;
  bool needs_dense = false;
  bool needs_pinyin = false;
  std::string content_hash;
  std::string pack_hash;  // PackFingerprint of the folder it was compiled from
  std::vector<std::string> trusted_domains;  // lower-case
  PackLimits limits;
  PackReport report;
};

}  // namespace chatscan

#endif  // CHATSCAN_LIB_COMPILE_COMPILED_RULES_IMPL_H_
