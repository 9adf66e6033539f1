// The gitleaks config format (https://github.com/gitleaks/gitleaks, v8):
// [[rules]] with id, regex, secretGroup, entropy, keywords and allow-lists,
// a global [allowlist] and [[allowlists]]. Each rule becomes a chatscan rule
// with SecretOptions; what has no meaning in chat (paths, commits) is left
// out with a note. Unknown keys are noted, not errors: gitleaks itself
// ignores them, and a config that works there should load here.
#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rules/import.h"
#include "util/absl_compat.h"

namespace chatscan {
namespace {

// Go's regexp also takes (?<name>re), which the RE2 of Debian 12 does not:
// spell it (?P<name>re). Escapes and character classes are skipped over.
std::string GoToRe2(std::string_view re) {
  std::string out;
  out.reserve(re.size());
  bool in_class = false;
  for (size_t i = 0; i < re.size(); ++i) {
    char c = re[i];
    if (c == '\\' && i + 1 < re.size()) {
      out.append(re.substr(i, 2));
      ++i;
      continue;
    }
    if (in_class) {
      if (c == '[' && i + 1 < re.size() && re[i + 1] == ':') {  // [:alpha:]
        size_t close = re.find(":]", i + 2);
        if (close != std::string_view::npos) {
          out.append(re.substr(i, close + 2 - i));
          i = close + 1;
          continue;
        }
      }
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
      out.push_back(c);
      // A ']' right after '[' or '[^' is a member, not the end.
      if (i + 1 < re.size() && re[i + 1] == '^') out.push_back(re[++i]);
      if (i + 1 < re.size() && re[i + 1] == ']') out.push_back(re[++i]);
      continue;
    } else if (c == '(' && re.substr(i, 3) == "(?<" && i + 3 < re.size() && re[i + 3] != '=' &&
               re[i + 3] != '!') {
      out.append("(?P<");
      i += 2;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

class GitleaksReader {
 public:
  GitleaksReader(const ImportSpec& spec, ImportResult* out) : spec_(spec), out_(out) {}

  void Read(std::string_view text) {
    toml::table root;
    try {
      root = toml::parse(text, spec_.path);
    } catch (const toml::parse_error& e) {
      Error(static_cast<int>(e.source().begin.line), "",
            absl::StrCat("invalid TOML: ", Av(e.description())));
      return;
    }
    // Global allow-lists first: every rule refers to them.
    for (auto&& [key, node] : root) {
      std::string_view k = key.str();
      auto global = [&](const toml::table& t) { ReadAllowList(t, "", true); };
      if (k == "allowlist") {
        if (const toml::table* t = node.as_table()) {
          global(*t);
        } else {
          Error(LineOf(node), "", "[allowlist] must be a table");
        }
      } else if (k == "allowlists") {
        ForEachTable(node, "[[allowlists]]", global);
      }
    }
    for (auto&& [key, node] : root) {
      std::string_view k = key.str();
      if (k == "rules") {
        ForEachTable(node, "[[rules]]", [&](const toml::table& t) { ReadRule(t); });
      } else if (k == "extend") {
        Note(LineOf(node), "", "[extend] ignored: chatscan has no built-in gitleaks rules; "
                               "import the extended config as well");
      } else if (k != "allowlist" && k != "allowlists" && k != "title" && k != "description" &&
                 k != "minVersion") {
        Note(LineOf(node), "", absl::StrCat("unknown key '", Av(k), "' ignored"));
      }
    }
  }

  // Global allow-lists go to every rule they target, after its own.
  void AttachGlobals() {
    for (size_t r = 0; r < out_->rules.size(); ++r) {
      for (const auto& [index, targets] : globals_) {
        if (targets.empty() ||
            std::find(targets.begin(), targets.end(), rule_ids_[r]) != targets.end()) {
          out_->rules[r].secret.allowlists.push_back(index);
        }
      }
    }
  }

 private:
  template <typename F>
  void ForEachTable(const toml::node& node, std::string_view what, F&& f) {
    const toml::array* arr = node.as_array();
    if (arr == nullptr) {
      Error(LineOf(node), "", absl::StrCat(Av(what), " must be an array of tables"));
      return;
    }
    for (const toml::node& item : *arr) {
      if (const toml::table* t = item.as_table()) {
        f(*t);
      } else {
        Error(LineOf(item), "", absl::StrCat("each ", Av(what), " must be a table"));
      }
    }
  }

  void Error(int line, std::string_view rule_id, std::string_view message) {
    out_->errors.push_back(PlaceMessage({spec_.path, line}, rule_id, message));
  }
  void Note(int line, std::string_view rule_id, std::string_view message) {
    out_->notes.push_back(PlaceMessage({spec_.path, line}, rule_id, message));
  }

  bool Strings(const toml::node& node, std::string_view rule_id, std::string_view key,
               std::vector<TermSource>* out) {
    const toml::array* arr = node.as_array();
    if (arr == nullptr) {
      Error(LineOf(node), rule_id, absl::StrCat("'", Av(key), "' must be an array of strings"));
      return false;
    }
    for (const toml::node& item : *arr) {
      auto s = item.value<std::string>();
      if (!s) {
        Error(LineOf(item), rule_id, absl::StrCat("'", Av(key), "' must hold strings only"));
        return false;
      }
      out->push_back({*s, {spec_.path, LineOf(item)}});
    }
    return true;
  }

  // Reads one allow-list; a global one (`global`) applies to every rule, or
  // to those its targetRules name.
  void ReadAllowList(const toml::table& t, std::string_view rule_id, bool global) {
    SecretAllowList list;
    list.place = {spec_.path, LineOf(t)};
    list.rule_id = std::string(rule_id);
    std::vector<TermSource> stopwords, targets;
    bool has_paths = false;
    for (auto&& [key, v] : t) {
      std::string_view k = key.str();
      const int line = LineOf(v);
      if (k == "regexes") {
        Strings(v, rule_id, k, &list.regexes);
        for (TermSource& r : list.regexes) r.text = GoToRe2(r.text);
      } else if (k == "stopwords") {
        Strings(v, rule_id, k, &stopwords);
      } else if (k == "regexTarget") {
        std::string s = absl::AsciiStrToLower(v.value<std::string>().value_or(""));
        if (s == "secret" || s.empty()) {
          list.target = SecretAllowList::Target::kSecret;
        } else if (s == "match") {
          list.target = SecretAllowList::Target::kMatch;
        } else if (s == "line") {
          list.target = SecretAllowList::Target::kLine;
        } else {
          Error(line, rule_id, "allowlist regexTarget must be secret, match or line");
        }
      } else if (k == "condition") {
        std::string s = absl::AsciiStrToUpper(v.value<std::string>().value_or(""));
        if (s == "AND" || s == "&&") {
          list.all = true;
        } else if (s != "OR" && s != "||" && !s.empty()) {
          Error(line, rule_id, "allowlist condition must be OR or AND");
        }
      } else if (k == "paths" || k == "commits") {
        has_paths = true;
      } else if (k == "targetRules" && global) {
        Strings(v, rule_id, k, &targets);
      } else if (k != "description") {
        Note(line, rule_id, absl::StrCat("allowlist key '", Av(k), "' ignored"));
      }
    }
    for (const TermSource& s : stopwords) list.stopwords.push_back(absl::AsciiStrToLower(s.text));
    if (has_paths) {
      // Chat has no paths or commits: such a check never matches. Under AND
      // that makes the whole list inert; under OR the other checks stand.
      if (list.all) {
        Note(list.place.line, rule_id,
             "allowlist with paths or commits under condition AND can never match in chat; "
             "dropped");
        return;
      }
      Note(list.place.line, rule_id, "allowlist paths and commits ignored: chat has no paths");
    }
    if (list.regexes.empty() && list.stopwords.empty()) return;
    uint32_t index = static_cast<uint32_t>(out_->allowlists.size());
    out_->allowlists.push_back(std::move(list));
    if (!global) {
      current_->secret.allowlists.push_back(index);
      return;
    }
    std::vector<std::string> names;
    for (const TermSource& target : targets) names.push_back(target.text);
    globals_.push_back({index, std::move(names)});
  }

  void ReadRule(const toml::table& t) {
    Rule rule;
    rule.info.file = spec_.path;
    rule.info.line = LineOf(t);
    rule.info.category = spec_.category;
    rule.secret.enabled = true;
    auto id = t["id"].value<std::string>();
    if (!id || id->empty()) {
      Error(rule.info.line, "", "[[rules]] needs an 'id' string");
      return;
    }
    const std::string gitleaks_id = *id;
    rule.info.id = spec_.prefix + gitleaks_id;
    const std::string& rid = rule.info.id;
    current_ = &rule;
    bool has_path = false;
    for (auto&& [key, v] : t) {
      std::string_view k = key.str();
      const int line = LineOf(v);
      if (k == "id" || k == "tags") {
      } else if (k == "description") {
        rule.info.description = v.value<std::string>().value_or("");
      } else if (k == "regex") {
        if (auto s = v.value<std::string>()) {
          rule.regexes.push_back({GoToRe2(*s), {spec_.path, line}});
        } else {
          Error(line, rid, "'regex' must be a string");
        }
      } else if (k == "secretGroup") {
        auto n = v.value<int64_t>();
        if (!n || *n < 0 || *n > 100) {
          Error(line, rid, "'secretGroup' must be a group number from 0 to 100");
        } else {
          rule.secret.secret_group = static_cast<int>(*n);
        }
      } else if (k == "entropy") {
        auto d = v.value<double>();
        if (!d || *d < 0 || *d > 8) {
          Error(line, rid, "'entropy' must be a number of bits from 0 to 8");
        } else {
          rule.secret.entropy = *d;
        }
      } else if (k == "keywords") {
        Strings(v, rid, k, &rule.secret.keywords);
        for (TermSource& kw : rule.secret.keywords) kw.text = absl::AsciiStrToLower(kw.text);
      } else if (k == "allowlist") {
        if (const toml::table* a = v.as_table()) {
          ReadAllowList(*a, rid, false);
        } else {
          Error(line, rid, "'allowlist' must be a table");
        }
      } else if (k == "allowlists") {
        ForEachTable(v, "[[rules.allowlists]]",
                     [&](const toml::table& a) { ReadAllowList(a, rid, false); });
      } else if (k == "path") {
        has_path = true;
      } else if (k == "tps") {
        Strings(v, rid, k, &rule.examples);
      } else if (k == "fps") {
        Strings(v, rid, k, &rule.counter_examples);
      } else if (k == "required" || k == "skipReport") {
        Note(rule.info.line, rid, absl::StrCat("composite rules ('", Av(k),
                                               "') are not supported; rule skipped"));
        return;
      } else {
        Note(line, rid, absl::StrCat("unknown key '", Av(k), "' ignored"));
      }
    }
    if (rule.regexes.empty()) {
      if (has_path) {
        Note(rule.info.line, rid, "a rule on file paths only has nothing to match in chat; skipped");
      } else {
        Error(rule.info.line, rid, "rule has neither 'regex' nor 'path'");
      }
      return;
    }
    if (has_path) Note(rule.info.line, rid, "'path' ignored: chat has no paths");
    // gitleaks skips "generic" rules' secrets without a digit when the rule
    // has an entropy threshold (detect.go); its generic rules rely on it.
    rule.secret.needs_digit =
        rule.secret.entropy > 0 && absl::StartsWith(gitleaks_id, "generic");
    rule_ids_.push_back(gitleaks_id);
    out_->rules.push_back(std::move(rule));
  }

  const ImportSpec& spec_;
  ImportResult* out_;
  Rule* current_ = nullptr;
  std::vector<std::string> rule_ids_;  // gitleaks ids of out_->rules
  std::vector<std::pair<uint32_t, std::vector<std::string>>> globals_;
};

}  // namespace

void ImportGitleaks(const ImportSpec& spec, std::string_view text, ImportResult* out) {
  GitleaksReader reader(spec, out);
  reader.Read(text);
  reader.AttachGlobals();
}

}  // namespace chatscan
