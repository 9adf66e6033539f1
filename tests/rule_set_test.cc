// Rule-pack parsing: every mistake is an error naming file:line and rule id.
#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "chatscan/chatscan.h"
#include "gtest/gtest.h"
#include "rules/rule_set.h"

namespace chatscan {
namespace {

struct BadPack {
  std::string name;
  std::vector<std::string> expect;
  std::string toml;
};

std::vector<BadPack> ReadBadPacks() {
  std::ifstream in(std::string(CHATSCAN_TEST_DATA) + "/bad_packs.txt");
  std::vector<BadPack> cases;
  std::string line;
  enum { kNone, kExpect, kToml } section = kNone;
  while (std::getline(in, line)) {
    if (line.rfind("=== ", 0) == 0) {
      cases.push_back({line.substr(4), {}, ""});
      section = kNone;
    } else if (line == "--- expect") {
      section = kExpect;
    } else if (line == "--- pack.toml") {
      section = kToml;
    } else if (section == kExpect && !line.empty()) {
      cases.back().expect.push_back(line);
    } else if (section == kToml) {
      cases.back().toml += line + "\n";
    }
  }
  return cases;
}

TEST(RuleSetTest, BadPacksGiveTheirErrors) {
  std::vector<BadPack> cases = ReadBadPacks();
  ASSERT_GE(cases.size(), 15u);
  for (const BadPack& c : cases) {
    SCOPED_TRACE(c.name);
    std::shared_ptr<const CompiledRules> rules;
    Status s = CompiledRules::CompileText(c.toml, CHATSCAN_TEST_DATA, "pack.toml", &rules);
    ASSERT_FALSE(s.ok()) << "pack compiled but should not:\n" << c.toml;
    EXPECT_EQ(s.code(), StatusCode::kRuleError);
    EXPECT_EQ(rules, nullptr);
    for (const std::string& e : c.expect) {
      EXPECT_TRUE(absl::StrContains(s.message(), e))
          << "expected: " << e << "\ngot: " << s.message();
    }
  }
}

TEST(RuleSetTest, WordsFileCommentsAndCategoryDefaults) {
  auto set = ParseRuleSet(R"(
[pack]
name = "x"
[categories.abuse]
clauses = ["4.1.1"]
action = "block"
[[rule]]
id = "a"
category = "abuse"
words_file = "words/test.txt"
words = ["另一个"]
)", CHATSCAN_TEST_DATA, "pack.toml");
  ASSERT_TRUE(set.ok()) << set.status();
  ASSERT_EQ(set->rules.size(), 1u);
  const Rule& r = set->rules[0];
  ASSERT_EQ(r.words.size(), 3u);
  // Keys are read in name order: "words" before "words_file".
  EXPECT_EQ(r.words[0].text, "另一个");
  EXPECT_EQ(r.words[0].place.line, 11);
  EXPECT_EQ(r.words[1].text, "坏词");
  EXPECT_EQ(r.words[1].place.file, "words/test.txt");
  EXPECT_EQ(r.words[1].place.line, 2);
  EXPECT_EQ(r.words[2].text, "badword");
  EXPECT_EQ(r.info.clauses, std::vector<std::string>{"4.1.1"});
  EXPECT_EQ(r.info.action, Action::kBlock);
  EXPECT_EQ(r.info.line, 7);
}

TEST(RuleSetTest, MissingPackFolder) {
  std::shared_ptr<const CompiledRules> rules;
  Status s = CompiledRules::Compile("/nonexistent/pack", &rules);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(s.message(), "/nonexistent/pack"));
}

TEST(RuleSetTest, DefaultPackCompiles) {
  std::shared_ptr<const CompiledRules> rules;
  Status s = CompiledRules::Compile(std::string(CHATSCAN_SOURCE_RULES_DIR) + "/default", &rules);
  ASSERT_TRUE(s.ok()) << s.message();
  std::set<std::string> categories;
  for (const RuleInfo& r : rules->rules()) {
    categories.insert(r.category);
    EXPECT_FALSE(r.clauses.empty()) << r.id;
    EXPECT_FALSE(r.description.empty()) << r.id;
  }
  EXPECT_EQ(categories, (std::set<std::string>{"abuse", "rumour", "secret", "credential",
                                               "privacy", "exaggeration", "link"}));
}

}  // namespace
}  // namespace chatscan
