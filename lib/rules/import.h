// Imports: rules a pack takes from files kept in other tools' formats
// (rules/README.md, "Imports"). A pack.toml entry such as
//   import = [{ format = "gitleaks", path = "gitleaks.toml", category = "credential" }]
// turns every rule of that file into a chatscan rule. Knows nothing of
// Hyperscan: it produces plain Rules like the pack's own.
#ifndef CHATSCAN_LIB_RULES_IMPORT_H_
#define CHATSCAN_LIB_RULES_IMPORT_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rules/rule_set.h"
#include "toml++/toml.h"

namespace chatscan {

// One import entry of pack.toml, checked.
struct ImportSpec {
  std::string format;    // "gitleaks" or "wordlist"
  std::string path;      // relative to the pack folder
  std::string category;  // of every rule, or of words without a mapped tag
  std::optional<Severity> severity;
  std::optional<Action> action;
  std::string prefix;    // gitleaks: prepended to every rule id
  std::string id;        // wordlist: rule ids are "<id>.<category>"
  std::string tags;      // wordlist: file of "word tag1,tag2" lines
  std::vector<std::pair<std::string, std::string>> tag_categories;  // tag -> category
  bool noise = false, repeats = false, pinyin = false;  // wordlist folds
  SourcePlace place;     // the entry in pack.toml
};

// What an import produced. Allow-list indices in the rules refer to
// `allowlists`; the caller moves them into the RuleSet.
struct ImportResult {
  std::vector<Rule> rules;
  std::vector<SecretAllowList> allowlists;
  std::vector<std::string> errors;  // "file:line: ...", rule id when known
  std::vector<std::string> notes;   // what was left out or changed, and why
  std::vector<std::pair<std::string, std::string>> files;  // name, text: for the pack hash
};

// Reads the entry `table` (at `place`) into `spec`; problems go to `errors`.
bool ParseImportSpec(const toml::table& table, const SourcePlace& place, ImportSpec* spec,
                     std::vector<std::string>* errors);

// Reads the file(s) of `spec`, relative to `base_dir`.
ImportResult RunImport(const ImportSpec& spec, const std::string& base_dir);

// The format-specific readers (gitleaks.cc, import.cc).
void ImportGitleaks(const ImportSpec& spec, std::string_view text, ImportResult* out);
void ImportWordList(const ImportSpec& spec, std::string_view text, const std::string& base_dir,
                    ImportResult* out);

// The line a TOML node starts on, for error messages.
inline int LineOf(const toml::node& node) {
  return static_cast<int>(node.source().begin.line);
}

// "file:line: rule 'id': message" (the rule part only with an id).
std::string PlaceMessage(const SourcePlace& place, std::string_view rule_id,
                         std::string_view message);

}  // namespace chatscan

#endif  // CHATSCAN_LIB_RULES_IMPORT_H_
