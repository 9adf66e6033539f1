#include "rules/rule_set.h"

#include <algorithm>
#include <filesystem>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "rules/import.h"
#include "rules/limits.h"
#include "rules/names.h"
#include "rules/text_files.h"
#include "util/absl_compat.h"
#include "toml++/toml.h"

namespace chatscan {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kFnvOffset = 14695981039346656037ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;

uint64_t Fnv1a(uint64_t h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= kFnvPrime;
  }
  return h;
}

// Parses one file of a pack and accumulates into a RuleSet; every problem is
// recorded, parsing goes on where it can.
class PackParser {
 public:
  explicit PackParser(std::string base_dir) : base_dir_(std::move(base_dir)) {}

  void ParseText(std::string_view text, const std::string& file,
                 bool is_pack_file) {
    hash_ = Fnv1a(Fnv1a(hash_, file), text);
    toml::table root;
    try {
      root = toml::parse(text, file);
    } catch (const toml::parse_error& e) {
      Error({file, static_cast<int>(e.source().begin.line)}, "",
            absl::StrCat("invalid TOML: ", Av(e.description())));
      return;
    }
    for (auto&& [key, node] : root) {
      SourcePlace place{file, static_cast<int>(key.source().begin.line)};
      if (key == "pack" && is_pack_file) {
        ParsePackTable(node, place);
      } else if (key == "hours" && is_pack_file) {
        ParseHours(node, place);
      } else if (key == "categories" && is_pack_file) {
        ParseCategories(node, place);
      } else if (key == "import" && is_pack_file) {
        ParseImports(node, place);
      } else if (key == "limits" && is_pack_file) {
        ParseLimits(node, place.file, place.line, &set_.limits, &errors_);
      } else if (key == "rule") {
        const toml::array* rules = node.as_array();
        if (rules == nullptr) {
          Error(place, "", "'rule' must be an array of tables ([[rule]])");
          continue;
        }
        for (const toml::node& r : *rules) {
          const toml::table* t = r.as_table();
          if (t == nullptr) {
            Error({file, LineOf(r)}, "", "each [[rule]] must be a table");
            continue;
          }
          ParseRule(*t, file);
        }
      } else if (!is_pack_file && (key == "pack" || key == "categories" || key == "import" ||
                                   key == "limits")) {
        Error(place, "",
              absl::StrCat("[", Av(key.str()), "] belongs in pack.toml"));
      } else {
        // [[rules]] is [[rule]] mistyped, or a gitleaks config read as a rule file.
        Error(place, "",
              absl::StrCat("unknown key '", Av(key.str()),
                           "' (expected pack, hours, limits, categories, import or rule",
                           key == "rules" ? "; gitleaks configs are imported from pack.toml)"
                                          : ")"));
      }
    }
  }

  absl::StatusOr<RuleSet> Finish() {
    if (set_.name.empty() && errors_.empty()) {
      errors_.push_back("pack.toml: [pack] name is missing");
    }
    // Category references can only be checked once all files are read.
    absl::flat_hash_map<std::string, const Category*> categories;
    for (const Category& c : set_.categories) categories[c.name] = &c;
    for (Rule& rule : set_.rules) {
      auto it = categories.find(rule.info.category);
      SourcePlace place{rule.info.file, rule.info.line};
      if (it == categories.end()) {
        Error(place, rule.info.id,
              absl::StrCat("unknown category '", rule.info.category,
                           "' (categories are declared in pack.toml)"));
        continue;
      }
      if (rule.info.clauses.empty()) rule.info.clauses = it->second->clauses;
      if (!rule.action_set) rule.info.action = it->second->action;
    }
    if (!errors_.empty()) {
      return absl::InvalidArgumentError(absl::StrJoin(errors_, "\n"));
    }
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx",
             static_cast<unsigned long long>(hash_));
    set_.content_hash = hex;
    return std::move(set_);
  }

 private:
  void Error(const SourcePlace& place, std::string_view rule_id,
             std::string_view message) {
    errors_.push_back(PlaceMessage(place, rule_id, message));
  }

  // Reads an array of strings (or one string) at `node` into `out`.
  bool StringList(const toml::node& node, const SourcePlace& place,
                  std::string_view rule_id, std::string_view key,
                  std::vector<TermSource>* out) {
    if (const auto* s = node.as_string()) {
      out->push_back({std::string(s->get()), {place.file, LineOf(node)}});
      return true;
    }
    const toml::array* arr = node.as_array();
    if (arr == nullptr) {
      Error(place, rule_id,
            absl::StrCat("'", Av(key), "' must be a string or an array of strings"));
      return false;
    }
    bool ok = true;
    for (const toml::node& item : *arr) {
      const auto* s = item.as_string();
      if (s == nullptr) {
        Error({place.file, LineOf(item)}, rule_id,
              absl::StrCat("'", Av(key), "' must hold strings only"));
        ok = false;
        continue;
      }
      out->push_back({std::string(s->get()), {place.file, LineOf(item)}});
    }
    return ok;
  }

  void ParsePackTable(const toml::node& node, const SourcePlace& place) {
    const toml::table* t = node.as_table();
    if (t == nullptr) {
      Error(place, "", "[pack] must be a table");
      return;
    }
    for (auto&& [key, value] : *t) {
      SourcePlace at{place.file, static_cast<int>(key.source().begin.line)};
      if (key == "name") {
        if (auto s = value.value<std::string>()) {
          set_.name = *s;
        } else {
          Error(at, "", "[pack] name must be a string");
        }
      } else if (key == "description" || key == "version") {
        if (!value.is_string()) {
          Error(at, "", absl::StrCat("[pack] ", Av(key.str()), " must be a string"));
        }
      } else if (key == "trusted_domains") {
        std::vector<TermSource> domains;
        StringList(value, at, "", "trusted_domains", &domains);
        for (auto& d : domains) {
          absl::AsciiStrToLower(&d.text);
          set_.trusted_domains.push_back(d.text);
        }
      } else if (key == "max_noise") {
        auto n = value.value<int64_t>();
        if (!n || *n < 0 || *n > 16) {
          Error(at, "", "[pack] max_noise must be an integer from 0 to 16");
        } else {
          set_.max_noise = static_cast<int>(*n);
        }
      } else {
        Error(at, "", absl::StrCat("unknown key '", Av(key.str()), "' in [pack]"));
      }
    }
  }

  void ParseCategories(const toml::node& node, const SourcePlace& place) {
    const toml::table* t = node.as_table();
    if (t == nullptr) {
      Error(place, "", "[categories] must be a table of tables");
      return;
    }
    for (auto&& [name, value] : *t) {
      SourcePlace at{place.file, static_cast<int>(name.source().begin.line)};
      const toml::table* ct = value.as_table();
      if (ct == nullptr) {
        Error(at, "", absl::StrCat("[categories.", Av(name.str()), "] must be a table"));
        continue;
      }
      Category c;
      c.name = std::string(Av(name.str()));
      c.place = at;
      for (auto&& [key, v] : *ct) {
        SourcePlace kat{place.file, static_cast<int>(key.source().begin.line)};
        if (key == "clauses") {
          std::vector<TermSource> clauses;
          StringList(v, kat, "", "clauses", &clauses);
          for (auto& cl : clauses) c.clauses.push_back(cl.text);
        } else if (key == "action") {
          auto s = v.value<std::string>();
          if (!s || !ParseAction(*s, &c.action)) {
            Error(kat, "", absl::StrCat("category '", c.name,
                                        "': action must be allow, review or block"));
          }
        } else if (key == "internal" || key == "external" || key == "public" ||
                   key == "moment") {
          auto s = v.value<std::string>();
          Action a;
          if (!s || !ParseAction(*s, &a)) {
            Error(kat, "", absl::StrCat("category '", c.name, "': ", Av(key.str()),
                                        " must be allow, review or block"));
          } else if (key == "moment") {
            c.moment = a;
          } else {
            Audience audience;
            ParseAudience(key.str(), &audience);
            c.by_audience[static_cast<int>(audience)] = a;
          }
        } else if (key == "off_hours") {
          auto s = v.value<std::string>();
          if (s && (*s == "raise" || *s == "same")) {
            c.raise_off_hours = *s == "raise";
          } else {
            Error(kat, "", absl::StrCat("category '", c.name, "': off_hours must be raise or same"));
          }
        } else if (key == "redact") {
          auto s = v.value<std::string>();
          if (s && *s == "mask") {
            c.redaction = Redaction::kMask;
          } else if (s && *s == "label") {
            c.redaction = Redaction::kLabel;
          } else if (s && *s == "none") {
            c.redaction = Redaction::kNone;
          } else {
            Error(kat, "", absl::StrCat("category '", c.name, "': redact must be mask, label or none"));
          }
        } else if (key == "description") {
        } else {
          Error(kat, "", absl::StrCat("unknown key '", Av(key.str()),
                                      "' in [categories.", c.name, "]"));
        }
      }
      set_.categories.push_back(std::move(c));
    }
  }

  // "HH:MM" -> minutes since midnight, or -1.
  static int ParseClock(const std::string& s) {
    int h = 0, m = 0;
    char extra;
    if (sscanf(s.c_str(), "%d:%d%c", &h, &m, &extra) != 2 || h < 0 || h > 24 || m < 0 ||
        m > 59 || (h == 24 && m != 0)) {
      return -1;
    }
    return h * 60 + m;
  }

  void ParseHours(const toml::node& node, const SourcePlace& place) {
    const toml::table* t = node.as_table();
    if (t == nullptr) {
      Error(place, "", "[hours] must be a table");
      return;
    }
    WorkingHours& h = set_.hours;
    h.place = place;
    for (auto&& [key, v] : *t) {
      SourcePlace at{place.file, static_cast<int>(key.source().begin.line)};
      std::string_view k = key.str();
      if (k == "time_zone") {
        auto s = v.value<std::string>();
        absl::TimeZone tz;
        if (!s || !absl::LoadTimeZone(*s, &tz)) {
          Error(at, "", absl::StrCat("[hours] time_zone '", s ? *s : "", "' is not a known time zone"));
        } else {
          h.time_zone = *s;
        }
      } else if (k == "start" || k == "end") {
        auto s = v.value<std::string>();
        int minute = s ? ParseClock(*s) : -1;
        if (minute < 0) {
          Error(at, "", absl::StrCat("[hours] ", Av(k), " must be a time like \"09:00\""));
        } else {
          (k == "start" ? h.start_minute : h.end_minute) = minute;
        }
      } else if (k == "days") {
        std::vector<TermSource> days;
        StringList(v, at, "", "days", &days);
        static const char* kNames[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
        for (bool& d : h.days) d = false;
        for (const TermSource& d : days) {
          int found = -1;
          for (int i = 0; i < 7; ++i) {
            if (d.text == kNames[i]) found = i;
          }
          if (found < 0) {
            Error(d.place, "", absl::StrCat("[hours] day '", d.text, "' is not one of mon, tue, wed, thu, fri, sat, sun"));
          } else {
            h.days[found] = true;
          }
        }
      } else if (k == "holidays" || k == "extra_workdays") {
        std::vector<TermSource> dates;
        StringList(v, at, "", k, &dates);
        for (const TermSource& d : dates) {
          absl::CivilDay day;
          if (!absl::ParseCivilTime(d.text, &day)) {
            Error(d.place, "", absl::StrCat("[hours] date '", d.text, "' is not YYYY-MM-DD"));
          } else {
            (k == "holidays" ? h.holidays : h.extra_workdays).push_back(day);
          }
        }
      } else {
        Error(at, "", absl::StrCat("unknown key '", Av(k), "' in [hours]"));
      }
    }
    if (h.start_minute >= h.end_minute) {
      Error(place, "", "[hours] start must be before end");
    }
  }

  // `import = [{ format = ..., path = ..., category = ... }, ...]`: rules
  // from gitleaks configs and word lists, added like the pack's own.
  void ParseImports(const toml::node& node, const SourcePlace& place) {
    const toml::array* entries = node.as_array();
    if (entries == nullptr) {
      Error(place, "", "'import' must be an array of tables");
      return;
    }
    for (const toml::node& entry : *entries) {
      const toml::table* t = entry.as_table();
      ImportSpec spec;
      if (t == nullptr) {
        Error({place.file, LineOf(entry)}, "", "each import must be a table");
      } else if (ParseImportSpec(*t, {place.file, LineOf(entry)}, &spec, &errors_)) {
        AddImport(spec, RunImport(spec, base_dir_));
      }
    }
  }

  void AddImport(const ImportSpec& spec, ImportResult result) {
    imported_files_.push_back(fs::path(spec.path).lexically_normal().string());
    for (const auto& [name, text] : result.files) hash_ = Fnv1a(Fnv1a(hash_, name), text);
    errors_.insert(errors_.end(), result.errors.begin(), result.errors.end());
    set_.notes.insert(set_.notes.end(), result.notes.begin(), result.notes.end());
    const uint32_t offset = static_cast<uint32_t>(set_.allowlists.size());
    for (SecretAllowList& list : result.allowlists) set_.allowlists.push_back(std::move(list));
    for (Rule& rule : result.rules) {
      for (uint32_t& index : rule.secret.allowlists) index += offset;
      SourcePlace place{rule.info.file, rule.info.line};
      if (auto [it, inserted] = ids_.emplace(rule.info.id, place); !inserted) {
        Error(place, rule.info.id, absl::StrCat("duplicate id; first defined at ",
                                                it->second.file, ":", it->second.line));
        continue;
      }
      set_.rules.push_back(std::move(rule));
    }
  }

  void ReadWordsFile(const std::string& rel, const SourcePlace& place,
                     std::string_view rule_id, std::vector<TermSource>* out) {
    std::string path = (fs::path(base_dir_) / rel).string();
    std::string text;
    if (!ReadTextFile(path, &text)) {
      Error(place, rule_id, absl::StrCat("cannot read words_file '", rel, "'"));
      return;
    }
    hash_ = Fnv1a(Fnv1a(hash_, rel), text);
    SplitWordList(text, rel, out);
  }

  void ParseRule(const toml::table& t, const std::string& file) {
    Rule rule;
    rule.info.file = file;
    rule.info.line = static_cast<int>(t.source().begin.line);
    SourcePlace place{file, rule.info.line};
    if (auto id = t["id"].value<std::string>()) {
      rule.info.id = *id;
    } else {
      Error(place, "", "[[rule]] needs an 'id' string");
      return;
    }
    const std::string& id = rule.info.id;
    if (auto [it, inserted] = ids_.emplace(id, place); !inserted) {
      Error(place, id, absl::StrCat("duplicate id; first defined at ",
                                    it->second.file, ":", it->second.line));
      return;
    }
    bool has_category = false;
    for (auto&& entry : t) {
      // Named, not bound: lambdas below capture them (C++17 cannot capture
      // structured bindings).
      const toml::key& key = entry.first;
      const toml::node& v = entry.second;
      SourcePlace at{file, static_cast<int>(key.source().begin.line)};
      std::string_view k = key.str();
      auto need_string = [&](std::string* out) {
        if (auto s = v.value<std::string>()) {
          *out = *s;
          return true;
        }
        Error(at, id, absl::StrCat("'", Av(k), "' must be a string"));
        return false;
      };
      auto need_bool = [&](bool* out) {
        if (auto b = v.value<bool>()) {
          *out = *b;
        } else {
          Error(at, id, absl::StrCat("'", Av(k), "' must be true or false"));
        }
      };
      if (k == "id") {
      } else if (k == "category") {
        has_category = need_string(&rule.info.category);
      } else if (k == "description") {
        need_string(&rule.info.description);
      } else if (k == "severity") {
        std::string s;
        if (need_string(&s) && !ParseSeverity(s, &rule.info.severity)) {
          Error(at, id, absl::StrCat("severity '", s,
                                     "' is not low, medium, high or critical"));
        }
      } else if (k == "action") {
        std::string s;
        if (need_string(&s)) {
          if (ParseAction(s, &rule.info.action)) {
            rule.action_set = true;
          } else {
            Error(at, id, absl::StrCat("action '", s,
                                       "' is not allow, review or block"));
          }
        }
      } else if (k == "clauses") {
        std::vector<TermSource> clauses;
        StringList(v, at, id, k, &clauses);
        for (auto& c : clauses) rule.info.clauses.push_back(c.text);
      } else if (k == "words") {
        StringList(v, at, id, k, &rule.words);
      } else if (k == "words_file" || k == "unless_file") {
        std::vector<TermSource> files;
        StringList(v, at, id, k, &files);
        for (auto& f : files) {
          ReadWordsFile(f.text, f.place, id,
                        k == "words_file" ? &rule.words : &rule.unless);
        }
      } else if (k == "all") {
        const toml::array* arr = v.as_array();
        if (arr == nullptr) {
          Error(at, id, "'all' must be an array of terms or of arrays of alternative terms");
        } else {
          for (const toml::node& item : *arr) {
            std::vector<TermSource> group;
            SourcePlace item_at{file, LineOf(item)};
            if (StringList(item, item_at, id, "all", &group) && !group.empty()) {
              rule.groups.push_back(std::move(group));
            }
          }
        }
      } else if (k == "any") {
        std::vector<TermSource> group;
        if (StringList(v, at, id, k, &group) && !group.empty()) {
          rule.groups.push_back(std::move(group));
        }
      } else if (k == "none") {
        StringList(v, at, id, k, &rule.none);
      } else if (k == "within") {
        auto n = v.value<int64_t>();
        if (!n || *n < 1 || *n > 100000) {
          Error(at, id, "'within' must be a number of characters from 1 to 100000");
        } else {
          rule.within = static_cast<int>(*n);
        }
      } else if (k == "regex") {
        StringList(v, at, id, k, &rule.regexes);
      } else if (k == "unless") {
        StringList(v, at, id, k, &rule.unless);
      } else if (k == "noise") {
        need_bool(&rule.noise);
      } else if (k == "repeats") {
        need_bool(&rule.repeats);
      } else if (k == "pinyin") {
        need_bool(&rule.pinyin);
      } else if (k == "initials") {
        need_bool(&rule.initials);
      } else if (k == "word_boundary") {
        need_bool(&rule.word_boundary);
      } else if (k == "kinds") {
        std::vector<TermSource> kinds;
        StringList(v, at, id, k, &kinds);
        for (auto& s : kinds) {
          Kind kind;
          if (ParseKind(s.text, &kind)) {
            rule.kinds.push_back(kind);
          } else {
            Error(s.place, id, absl::StrCat("kind '", s.text,
                                            "' is not chat or moment"));
          }
        }
      } else if (k == "audiences") {
        std::vector<TermSource> audiences;
        StringList(v, at, id, k, &audiences);
        for (auto& s : audiences) {
          Audience a;
          if (ParseAudience(s.text, &a)) {
            rule.audiences.push_back(a);
          } else {
            Error(s.place, id, absl::StrCat(
                "audience '", s.text, "' is not internal, external or public"));
          }
        }
      } else if (k == "when") {
        std::string s;
        if (need_string(&s)) {
          if (s == "any") {
            rule.when = TimeCondition::kAny;
          } else if (s == "working_hours") {
            rule.when = TimeCondition::kWorkingHours;
          } else if (s == "off_hours") {
            rule.when = TimeCondition::kOffHours;
          } else {
            Error(at, id, absl::StrCat("when '", s,
                                       "' is not any, working_hours or off_hours"));
          }
        }
      } else if (k == "validate") {
        if (need_string(&rule.validate) && !IsKnownValidator(rule.validate)) {
          Error(at, id, absl::StrCat("unknown validator '", rule.validate,
                                     "' (known: ", KnownValidators(), ")"));
        }
      } else if (k == "min_entropy") {
        if (auto d = v.value<double>()) {
          rule.min_entropy = *d;
        } else {
          Error(at, id, "'min_entropy' must be a number");
        }
      } else if (k == "examples") {
        StringList(v, at, id, k, &rule.examples);
      } else if (k == "counter_examples") {
        StringList(v, at, id, k, &rule.counter_examples);
      } else {
        Error(at, id, absl::StrCat("unknown key '", Av(k), "'"));
      }
    }
    if (!has_category) {
      Error(place, id, "'category' is missing");
      return;
    }
    if (!rule.groups.empty() && (!rule.words.empty() || !rule.regexes.empty())) {
      Error(place, id, "a combination rule (all/any) cannot also have words or regex");
      return;
    }
    if (rule.words.empty() && rule.regexes.empty() && rule.groups.empty()) {
      Error(place, id, "rule has no words, words_file, regex, all or any");
      return;
    }
    if (rule.within > 0 && rule.groups.empty()) {
      Error(place, id, "'within' needs 'all' or 'any'");
      return;
    }
    set_.rules.push_back(std::move(rule));
  }

  std::string base_dir_;
  std::vector<std::string> errors_;
  RuleSet set_;
  absl::flat_hash_map<std::string, SourcePlace> ids_;
  std::vector<std::string> imported_files_;  // not rule files, though *.toml
  uint64_t hash_ = kFnvOffset;

  friend absl::StatusOr<RuleSet> chatscan::LoadRuleSet(const std::string&);
  friend absl::StatusOr<RuleSet> chatscan::ParseRuleSet(
      std::string_view, const std::string&, const std::string&);
};

}  // namespace

absl::StatusOr<RuleSet> LoadRuleSet(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return absl::NotFoundError(absl::StrCat(dir, ": rule pack folder not found"));
  }
  fs::path pack_file = fs::path(dir) / "pack.toml";
  std::string text;
  if (!ReadTextFile(pack_file.string(), &text)) {
    return absl::NotFoundError(
        absl::StrCat(pack_file.string(), ": cannot read pack.toml"));
  }
  PackParser parser(dir);
  parser.ParseText(text, "pack.toml", /*is_pack_file=*/true);
  std::vector<std::string> rule_files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".toml" &&
        entry.path().filename() != "pack.toml") {
      rule_files.push_back(entry.path().filename().string());
    }
  }
  std::sort(rule_files.begin(), rule_files.end());
  for (const std::string& name : rule_files) {
    const auto& imported = parser.imported_files_;
    if (std::find(imported.begin(), imported.end(), name) != imported.end()) continue;
    std::string rule_text;
    if (!ReadTextFile((fs::path(dir) / name).string(), &rule_text)) {
      parser.Error({name, 0}, "", "cannot read rule file");
      continue;
    }
    parser.ParseText(rule_text, name, /*is_pack_file=*/false);
  }
  return parser.Finish();
}

absl::StatusOr<RuleSet> ParseRuleSet(std::string_view toml_text,
                                     const std::string& base_dir,
                                     const std::string& file_name) {
  PackParser parser(base_dir);
  parser.ParseText(toml_text, file_name, /*is_pack_file=*/true);
  return parser.Finish();
}

}  // namespace chatscan
