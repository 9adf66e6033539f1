// RuleSet: a parsed rule pack as plain data. Knows nothing of Hyperscan.
#ifndef CHATSCAN_LIB_RULES_RULE_SET_H_
#define CHATSCAN_LIB_RULES_RULE_SET_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"

#include "absl/status/statusor.h"
#include "chatscan/rules.h"
#include "chatscan/scanner.h"

namespace chatscan {

// Where something was written, for error messages.
struct SourcePlace {
  std::string file;
  int line = 0;
};

struct TermSource {
  std::string text;
  SourcePlace place;
};

enum class TimeCondition : uint8_t { kAny, kWorkingHours, kOffHours };

// A gitleaks allow-list ([allowlist], [[rules.allowlists]]): a finding it
// matches is dropped. Paths and commits have no meaning in chat and are not
// kept (the importer notes them).
struct SecretAllowList {
  enum class Target : uint8_t { kSecret, kMatch, kLine };
  Target target = Target::kSecret;  // what `regexes` are matched against
  bool all = false;  // condition = "AND": every check it has must match
  std::vector<TermSource> regexes;    // RE2 syntax, unanchored
  std::vector<std::string> stopwords;  // lower-case; matched in the secret
  SourcePlace place;
  std::string rule_id;  // of the rule it belongs to; empty for a global list
};

// What makes a rule a gitleaks rule: the reported span is a capture group,
// the secret must be random enough, keywords gate the regex, and allow-lists
// drop findings (rules/README.md, "Imports").
struct SecretOptions {
  bool enabled = false;
  int secret_group = 0;  // 0: the first non-empty group, else the match
  double entropy = 0;    // when > 0: the secret's entropy must exceed it
  bool needs_digit = false;  // gitleaks' "generic" rules with entropy
  std::vector<TermSource> keywords;  // the rule runs only where one occurs
  std::vector<uint32_t> allowlists;  // indices into RuleSet::allowlists
};

struct Rule {
  RuleInfo info;
  bool action_set = false;  // the rule overrides its category's action
  std::vector<TermSource> words;
  std::vector<TermSource> regexes;
  std::vector<TermSource> unless;
  // Combination rules: every group must match (a group is a list of
  // alternatives), within `within` characters of each other (0: anywhere in
  // the message), and no `none` term may occur in the message.
  std::vector<std::vector<TermSource>> groups;
  std::vector<TermSource> none;
  int within = 0;
  // Evasion options (rules/README.md, "Folds").
  bool noise = false;    // skip noise characters between term characters
  bool repeats = false;  // 傻傻逼 matches 傻逼
  bool pinyin = false;   // pinyin, initials and homophones of the terms
  bool word_boundary = true;  // Latin terms match whole words only
  bool initials = true;       // with pinyin: also the initials typed in Latin
  // Context conditions: empty means any.
  std::vector<Kind> kinds;
  std::vector<Audience> audiences;
  TimeCondition when = TimeCondition::kAny;
  // Validator run on each match, "" for none (see lib/scan/validators.h).
  std::string validate;
  double min_entropy = 0;  // for validate = "entropy"
  std::vector<TermSource> examples;
  std::vector<TermSource> counter_examples;
  SecretOptions secret;  // imported gitleaks rules only
  // Imported word lists: terms that fold alike are kept once.
  bool fold_duplicates = false;
};

enum class Redaction : uint8_t { kMask, kLabel, kNone };

struct Category {
  std::string name;
  std::vector<std::string> clauses;
  Action action = Action::kReview;  // when no entry of the table applies
  // The action table: by audience, and for Moments posts (which wins).
  std::optional<Action> by_audience[3];
  std::optional<Action> moment;
  bool raise_off_hours = false;  // one step stronger outside working hours
  Redaction redaction = Redaction::kMask;
  SourcePlace place;
};

// When people work (clause 4.2.2 weighs what is sent outside these hours).
struct WorkingHours {
  std::string time_zone = "Asia/Shanghai";
  bool days[7] = {false, true, true, true, true, true, false};  // Sunday first
  int start_minute = 9 * 60;
  int end_minute = 18 * 60;
  std::vector<absl::CivilDay> holidays;        // days off that would be working days
  std::vector<absl::CivilDay> extra_workdays;  // working days that would be days off
  SourcePlace place;
};

struct RuleSet {
  std::string name;
  int max_noise = 3;  // noise characters allowed between two term characters
  // Links to these domains (and their subdomains) are not findings of rules
  // with validate = "url".
  std::vector<std::string> trusted_domains;
  std::vector<Category> categories;
  WorkingHours hours;
  std::vector<Rule> rules;
  std::vector<SecretAllowList> allowlists;  // of imported gitleaks rules
  std::vector<std::string> notes;  // what imports left out, with file:line
  PackLimits limits;  // [limits] of pack.toml, defaults where not given
  std::string content_hash;  // hex digest of every file read, for the cache
};

// Reads the pack in `dir`: pack.toml, then every other *.toml in the folder
// in name order. Returns every problem found, one per line, each starting
// with "file:line: ".
absl::StatusOr<RuleSet> LoadRuleSet(const std::string& dir);

// Parses a pack given as one TOML text named `file_name`; word lists are
// read relative to `base_dir`.
absl::StatusOr<RuleSet> ParseRuleSet(std::string_view toml_text,
                                     const std::string& base_dir,
                                     const std::string& file_name);

}  // namespace chatscan

#endif  // CHATSCAN_LIB_RULES_RULE_SET_H_
