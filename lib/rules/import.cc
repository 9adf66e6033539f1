// Import entries of pack.toml and the word-list format. The gitleaks format
// is in gitleaks.cc.
#include "rules/import.h"

#include <filesystem>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "rules/names.h"
#include "rules/text_files.h"
#include "util/absl_compat.h"

namespace chatscan {
namespace {

namespace fs = std::filesystem;

// A word and its tags from one line of a tag file: "word tag1,tag2". The
// tags follow the last run of spaces, so a word may hold spaces itself.
void SplitTagLine(std::string_view line, std::string* word, std::vector<std::string>* tags) {
  size_t space = line.find_last_of(" \t");
  tags->clear();
  if (space == std::string_view::npos) {
    *word = std::string(line);
    return;
  }
  *word = std::string(absl::StripAsciiWhitespace(Av(line.substr(0, space))));
  for (absl::string_view t : absl::StrSplit(Av(line.substr(space + 1)), ',')) {
    t = absl::StripAsciiWhitespace(t);
    if (!t.empty()) tags->emplace_back(t);
  }
}

}  // namespace

std::string PlaceMessage(const SourcePlace& place, std::string_view rule_id,
                         std::string_view message) {
  std::string e = absl::StrCat(place.file, ":", place.line, ": ");
  if (!rule_id.empty()) absl::StrAppend(&e, "rule '", Av(rule_id), "': ");
  absl::StrAppend(&e, Av(message));
  return e;
}

bool ParseImportSpec(const toml::table& table, const SourcePlace& place, ImportSpec* spec,
                     std::vector<std::string>* errors) {
  spec->place = place;
  const size_t errors_before = errors->size();
  auto error = [&](const toml::node& at, std::string_view message) {
    errors->push_back(PlaceMessage({place.file, LineOf(at)}, "", absl::StrCat("import: ", Av(message))));
  };
  for (auto&& entry : table) {
    // Named, not a structured binding: Debian's clang cannot capture those
    // in the lambdas below.
    std::string_view k = entry.first.str();
    const toml::node& v = entry.second;
    auto need_string = [&](std::string* out) {
      if (auto s = v.value<std::string>()) {
        *out = *s;
      } else {
        error(v, absl::StrCat("'", Av(k), "' must be a string"));
      }
    };
    auto need_bool = [&](bool* out) {
      if (auto b = v.value<bool>()) {
        *out = *b;
      } else {
        error(v, absl::StrCat("'", Av(k), "' must be true or false"));
      }
    };
    std::string s;
    if (k == "format") {
      need_string(&spec->format);
    } else if (k == "path") {
      need_string(&spec->path);
    } else if (k == "category") {
      need_string(&spec->category);
    } else if (k == "prefix") {
      need_string(&spec->prefix);
    } else if (k == "id") {
      need_string(&spec->id);
    } else if (k == "tags") {
      need_string(&spec->tags);
    } else if (k == "severity" || k == "action") {
      need_string(&s);
      Severity severity;
      Action action;
      if (k == "severity" && ParseSeverity(s, &severity)) {
        spec->severity = severity;
      } else if (k == "action" && ParseAction(s, &action)) {
        spec->action = action;
      } else {
        error(v, k == "severity" ? "severity must be low, medium, high or critical"
                                 : "action must be allow, review or block");
      }
    } else if (k == "tag_categories") {
      const toml::table* t = v.as_table();
      if (t == nullptr) {
        error(v, "'tag_categories' must be a table of tag = \"category\"");
        continue;
      }
      for (auto&& [tag, category] : *t) {
        auto c = category.value<std::string>();
        if (!c) {
          error(category, absl::StrCat("tag_categories: '", Av(tag.str()), "' must name a category"));
        } else {
          spec->tag_categories.emplace_back(std::string(Av(tag.str())), *c);
        }
      }
    } else if (k == "noise") {
      need_bool(&spec->noise);
    } else if (k == "repeats") {
      need_bool(&spec->repeats);
    } else if (k == "pinyin") {
      need_bool(&spec->pinyin);
    } else {
      error(v, absl::StrCat("unknown key '", Av(k), "'"));
    }
  }
  if (spec->format != "gitleaks" && spec->format != "wordlist") {
    error(table, absl::StrCat("format '", spec->format, "' is not gitleaks or wordlist"));
  }
  if (spec->path.empty()) error(table, "'path' is missing");
  if (spec->category.empty()) error(table, "'category' is missing");
  const bool wordlist = spec->format == "wordlist";
  if (!wordlist && (!spec->tags.empty() || !spec->tag_categories.empty() || !spec->id.empty() ||
                    spec->noise || spec->repeats || spec->pinyin)) {
    error(table, "tags, tag_categories, id, noise, repeats and pinyin are for word lists");
  }
  if (wordlist && !spec->prefix.empty()) error(table, "'prefix' is for gitleaks configs");
  if (spec->tags.empty() != spec->tag_categories.empty()) {
    error(table, "'tags' and 'tag_categories' go together");
  }
  if (spec->id.empty()) spec->id = fs::path(spec->path).stem().string();
  return errors->size() == errors_before;
}

ImportResult RunImport(const ImportSpec& spec, const std::string& base_dir) {
  ImportResult result;
  std::string text;
  if (!ReadTextFile((fs::path(base_dir) / spec.path).string(), &text)) {
    result.errors.push_back(
        PlaceMessage(spec.place, "", absl::StrCat("import: cannot read '", spec.path, "'")));
    return result;
  }
  result.files.emplace_back(spec.path, text);
  if (spec.format == "gitleaks") {
    ImportGitleaks(spec, text, &result);
  } else {
    ImportWordList(spec, text, base_dir, &result);
  }
  for (Rule& rule : result.rules) {
    if (spec.severity) rule.info.severity = *spec.severity;
    if (spec.action) {
      rule.info.action = *spec.action;
      rule.action_set = true;
    }
  }
  return result;
}

// Every word goes to the categories its tags map to, or to the import's
// category when none of its tags is mapped; one rule per category.
void ImportWordList(const ImportSpec& spec, std::string_view text, const std::string& base_dir,
                    ImportResult* out) {
  std::vector<TermSource> words;
  SplitWordList(text, spec.path, &words);
  absl::flat_hash_map<std::string, std::vector<std::string>> word_tags;
  std::vector<TermSource> tagged;  // words of the tag file, in order
  std::map<std::string, int> unmapped;  // tag -> words, for the note
  if (!spec.tags.empty()) {
    std::string tag_text;
    if (!ReadTextFile((fs::path(base_dir) / spec.tags).string(), &tag_text)) {
      out->errors.push_back(
          PlaceMessage(spec.place, "", absl::StrCat("import: cannot read tags '", spec.tags, "'")));
      return;
    }
    out->files.emplace_back(spec.tags, tag_text);
    std::vector<TermSource> lines;
    SplitWordList(tag_text, spec.tags, &lines);
    std::vector<std::string> tags;
    for (TermSource& line : lines) {
      std::string word;
      SplitTagLine(line.text, &word, &tags);
      std::vector<std::string>& mine = word_tags[word];
      if (mine.empty()) tagged.push_back({word, line.place});
      mine.insert(mine.end(), tags.begin(), tags.end());
    }
  }
  absl::flat_hash_map<std::string, std::string> tag_category(spec.tag_categories.begin(),
                                                             spec.tag_categories.end());
  std::map<std::string, Rule> by_category;  // ordered: rule ids come out sorted
  absl::flat_hash_set<std::pair<std::string, std::string>> seen;  // category, word
  int duplicates = 0;
  auto add = [&](const TermSource& word, const std::string& category) {
    if (!seen.insert({category, word.text}).second) {
      ++duplicates;
      return;
    }
    by_category[category].words.push_back(word);
  };
  // Words of the tag file that the list lacks are terms too.
  absl::flat_hash_set<std::string> listed;
  for (const TermSource& word : words) listed.insert(word.text);
  for (const TermSource& word : tagged) {
    if (!listed.contains(word.text)) words.push_back(word);
  }
  for (const TermSource& word : words) {
    bool placed = false;
    auto it = word_tags.find(word.text);
    if (it != word_tags.end()) {
      for (const std::string& tag : it->second) {
        auto c = tag_category.find(tag);
        if (c == tag_category.end()) {
          ++unmapped[tag];
          continue;
        }
        add(word, c->second);
        placed = true;
      }
    }
    if (!placed) add(word, spec.category);
  }
  for (const auto& [tag, n] : unmapped) {
    out->notes.push_back(PlaceMessage(
        spec.place, "", absl::StrCat("import ", spec.tags, ": tag '", tag, "' (", n,
                                     " uses) is not in tag_categories; its words go to '",
                                     spec.category, "'")));
  }
  if (duplicates > 0) {
    out->notes.push_back(PlaceMessage(
        spec.place, "", absl::StrCat("import ", spec.path, ": ", duplicates,
                                     " repeated words folded")));
  }
  for (auto& [category, rule] : by_category) {
    rule.info.id = absl::StrCat(spec.id, ".", category);
    rule.info.category = category;
    rule.info.description = absl::StrCat("words imported from ", spec.path);
    rule.info.file = spec.place.file;
    rule.info.line = spec.place.line;
    rule.noise = spec.noise;
    rule.repeats = spec.repeats;
    rule.pinyin = spec.pinyin;
    rule.fold_duplicates = true;
    out->rules.push_back(std::move(rule));
  }
}

}  // namespace chatscan
