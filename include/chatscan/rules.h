// chatscan/rules.h: compiling a rule pack.
//
// A rule pack is a folder with pack.toml, rule files and word lists (the
// format is described in rules/README.md). CompiledRules::Compile parses the
// pack, folds every term the way the scanner folds text, and builds the
// Hyperscan databases and RE2 programs once.
//
// CompiledRules is immutable and safe to share between threads. Scanning
// happens in a Scanner (chatscan/scanner.h), one per thread.
#ifndef CHATSCAN_RULES_H_
#define CHATSCAN_RULES_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "chatscan/export.h"
#include "chatscan/status.h"

namespace chatscan {

// What to do with a message. Ordered: a stronger action compares greater.
enum class Action : uint8_t { kAllow = 0, kReview = 1, kBlock = 2 };

// How bad a finding is. Separate from Action: severity says how bad,
// action says what to do in this context.
enum class Severity : uint8_t { kLow = 0, kMedium = 1, kHigh = 2, kCritical = 3 };

CHATSCAN_EXPORT std::string_view ActionName(Action action);
CHATSCAN_EXPORT std::string_view SeverityName(Severity severity);

// Public description of one rule, for reports and look-ups.
struct RuleInfo {
  std::string id;           // unique in the pack, e.g. "abuse.words"
  std::string category;     // e.g. "abuse"
  std::string description;  // one line: what the rule is for
  std::vector<std::string> clauses;  // policy clauses, e.g. {"4.1.1"}
  Severity severity = Severity::kMedium;
  Action action = Action::kReview;   // default action of the rule
  std::string file;         // rule file the rule came from
  int line = 0;             // line of its [[rule]] table
};

// What a pack may hold and how long a message may be: the [limits] table of
// pack.toml (rules/README.md, "Limits"). Each field has a default and an
// allowed range; a pack beyond a limit is refused with the file:line and
// rule id where it went over.
enum class Oversize : uint8_t {
  kWindow = 0,  // scan a longer message in overlapping windows
  kReject = 1,  // refuse it with kInvalidArgument
};

struct PackLimits {
  size_t max_terms = 200000;     // words, allow-list, combination and veto terms
  size_t max_term_bytes = 256;   // one term as written, in UTF-8 bytes
  size_t max_regexes = 2000;
  size_t max_regex_bytes = 4096;
  // Bounded repeats ({m,n}) of one regex, each counted as its upper bound
  // times the bounds of the repeats around it, summed: what makes
  // Hyperscan's compile time explode (`.{1000}` takes seconds).
  size_t max_regex_repeat = 200;
  size_t re2_max_mem = size_t{8} << 20;      // RE2::Options::max_mem per regex
  size_t max_message_bytes = size_t{1} << 20;
  Oversize oversize = Oversize::kWindow;
  // Characters a match of a repeat term or an unbounded regex (+, *, {n,})
  // is taken to span at most when sizing the overlap of windows.
  size_t long_match_chars = 256;
};

// What the compiler decided, for `chatscan check` and logs.
struct PackReport {
  std::string pack_name;
  size_t rules = 0;
  size_t literal_patterns = 0;  // after folding and variant expansion
  size_t regex_patterns = 0;    // compiled into Hyperscan (as prefilters)
  // Regexes that need certain literals (RE2's FilteredRE2 finds them): these
  // are found instead of a prefilter, and RE2 runs where they are.
  size_t atom_regexes = 0;
  size_t regex_atoms = 0;       // those literals
  // Of regex_patterns, those that need an ASCII digit, letter or colon:
  // Hyperscan runs them only for messages that have one.
  size_t class_gated_regexes = 0;
  // Regexes Hyperscan rejected and RE2 serves instead, one line each:
  // "file:line: rule 'id': regex #n served by RE2: <Hyperscan's reason>".
  std::vector<std::string> re2_fallbacks;
  std::vector<std::string> warnings;  // e.g. terms skipped, with file:line
  // Imported gitleaks rules, one line each: which engine serves the rule,
  // "file:line: rule 'id': Hyperscan prefilter, RE2 confirms; ...".
  std::vector<std::string> engines;
  // What imports left out or changed (paths, unknown keys, folded
  // duplicates), with file:line.
  std::vector<std::string> notes;
  size_t database_bytes = 0;           // all Hyperscan databases together
  // The longest match any rule can make, in characters of the original
  // text (not counting ignorable characters and combining marks), and the
  // overlap of the windows of a message longer than max_message_bytes.
  size_t longest_match_chars = 0;
  size_t window_overlap_chars = 0;
  double compile_seconds = 0;
};

class CHATSCAN_EXPORT CompiledRules {
 public:
  // Compiles the pack in folder `pack_dir`. On failure *out is untouched and
  // the Status names file:line and rule id of the first problem; all problems
  // found are in the message, one per line.
  static Status Compile(const std::string& pack_dir,
                        std::shared_ptr<const CompiledRules>* out);

  // Compiles a pack given as the text of its pack.toml. Relative paths in it
  // (words_file) are resolved against `base_dir`; `file_name` is the name
  // used in error messages.
  static Status CompileText(std::string_view toml_text,
                            const std::string& base_dir,
                            const std::string& file_name,
                            std::shared_ptr<const CompiledRules>* out);

  // Writes these rules to a cache file: the Hyperscan databases, the rule
  // tables and the fold table, with a header that records the library,
  // Hyperscan and ICU versions, the CPU features and a fingerprint of the
  // pack's files. The file is written whole or not at all.
  Status Save(const std::string& path) const;

  // Loads rules saved by Save for the pack in `pack_dir`. Refuses, with the
  // reason, a file written by another version, for another CPU, for a pack
  // whose files have changed since, or one that is truncated or corrupted;
  // nothing of a refused file is used. Loading skips parsing, folding and
  // Hyperscan compilation, and, when it is the first thing the process
  // does, the ICU work of building the fold table.
  static Status Load(const std::string& path, const std::string& pack_dir,
                     std::shared_ptr<const CompiledRules>* out);

  // Compiles the pack unless `cache_path` holds it already; then writes the
  // cache. `*note` says what happened ("loaded from cache", or why the
  // cache was not used). A cache that cannot be written is not an error.
  static Status CompileWithCache(const std::string& pack_dir, const std::string& cache_path,
                                 std::shared_ptr<const CompiledRules>* out, std::string* note);

  ~CompiledRules();
  CompiledRules(const CompiledRules&) = delete;
  CompiledRules& operator=(const CompiledRules&) = delete;

  const std::vector<RuleInfo>& rules() const;
  const PackReport& report() const;
  const PackLimits& limits() const;
  // Index of the rule with this id, or -1.
  int FindRule(std::string_view id) const;

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  explicit CompiledRules(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace chatscan

#endif  // CHATSCAN_RULES_H_
