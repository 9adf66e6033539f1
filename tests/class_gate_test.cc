// Class gates (lib/compile/class_gate.h): which ASCII classes (digits,
// letters, the colon) every match of a regex holds in the folded view. A
// wrong gate loses findings silently, so besides the reader's answers on
// hand-picked regexes, every match of every regex of the default pack over
// its own examples and the labelled corpus must hold the classes its gates
// claim.
#include "compile/class_gate.h"

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chatscan/rules.h"
#include "chatscan/scanner.h"
#include "compile/compiled_rules_impl.h"
#include "default_pack.h"
#include "normalize/folder.h"
#include "re2/re2.h"

namespace chatscan {
namespace {

constexpr uint8_t kDigit = kNeedsDigit | kNeedsAlnum;
constexpr uint8_t kLetter = kNeedsLetter | kNeedsAlnum;

TEST(ClassGateTest, ReadsWhatEveryMatchNeeds) {
  struct Case {
    const char* regex;
    uint8_t gates;
  } cases[] = {
      {R"(\d{11})", kDigit},
      {R"((?:\+86[ -]?|\b86[ -]?|\b)1(?:[ -]?\d){10}\b)", kDigit},
      {R"([A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+)", kNeedsAlnum},
      {R"((?i)https?://)", kLetter | kNeedsColon},
      {R"(a|1)", kNeedsAlnum},
      {R"(a|1|b)", kNeedsAlnum},
      {R"(ab|12)", kNeedsAlnum},
      {R"(a?1)", kDigit},
      {R"(x{2}y{0,3})", kLetter},
      {R"(x{0,3})", 0},
      {R"(x{,3})", kDigit | kLetter},  // not a repeat in RE2: x, {, ",", 3, }
      {R"(a*)", 0},
      {R"(a+?)", kLetter},
      {R"([^a])", 0},
      {R"(\w+)", 0},
      {R"([\d.]+)", 0},
      {R"([0-9]{3})", kDigit},
      {R"([a-f0-9]{8})", kNeedsAlnum},
      {R"(\x41)", kLetter},
      {R"(\x{31}\.)", kDigit},
      {R"((?:ab|))", 0},
      {R"(\p{Han}1)", kDigit},
      {R"(\pN)", 0},
      {R"((?P<n>\d)x)", kDigit | kNeedsLetter},
      {R"((?i:abc)|(?i)def)", kLetter},
      {R"(傻逼)", 0},
      // In the folded view the full-width colon and digits are ASCII ones.
      {R"(密码[:：]\s*\S+)", kNeedsColon},
      {R"(机密：)", kNeedsColon},
      {R"(机密\x{FF1A})", kNeedsColon},
      {R"([:：﹕︓])", kNeedsColon},
      {R"([:;])", 0},
      {R"(机密[:：]?)", 0},
      {R"([０-９])", 0},  // a range of non-ASCII characters: not read
      {R"([１２3])", kDigit},
      {R"(ａ)", kLetter},
      {R"(密码(?::|是)\d)", kDigit},
      {R"(http:)", kLetter | kNeedsColon},
      {R"([]a])", 0},
      {R"(\Q12\E)", 0},      // not read: no gates
      {R"([[:digit:]])", 0},  // not read: no gates
      {R"(a(b)", 0},          // unbalanced: no gates
      // Read now, but needing nothing themselves.
      {R"(a\Q12\E)", kLetter},
      {R"(a[[:digit:]])", kLetter},
      {R"(x{00})", kDigit | kLetter},  // not a repeat in RE2: a count with a leading zero
      {R"([[:]x)", kLetter},           // no :] after [:, so no [:name:]: [ and : are members
      // RE2 refuses these: no gates.
      {R"(\d{2}{3})", 0},
      {R"({2}1)", 0},
      {R"(\d{1001})", 0},
      {R"(\d{3,2})", 0},
      {"1\x80" "a", 0},
      {R"(\é1)", 0},
      {R"((?P<>1))", 0},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RequiredClasses(c.regex), c.gates) << c.regex;
  }
  // Nesting deeper than RE2's 1000 is not followed down.
  EXPECT_EQ(RequiredClasses(std::string(100000, '(') + "1"), 0);
}

TEST(ClassGateTest, ClassesInSeesFullWidthOnlyAfterFolding) {
  EXPECT_EQ(ClassesIn("没有数字"), 0);
  EXPECT_EQ(ClassesIn("电话 138"), kDigit);
  EXPECT_EQ(ClassesIn("vip"), kLetter);
  EXPECT_EQ(ClassesIn("Z9"), kDigit | kLetter);
  EXPECT_EQ(ClassesIn("@[`{/"), 0);
  EXPECT_EQ(ClassesIn("机密：如下"), 0);  // before folding
  EXPECT_EQ(ClassesIn("机密:如下"), kNeedsColon);
  Folder folder;
  FoldedText folded;
  folder.FoldBytes("ｗｗｗ１３８", false, false, &folded);
  EXPECT_EQ(ClassesIn(folded.views[kFoldedView].text()), kDigit | kLetter);
  // Eight bytes at a time, against one at a time, over any bytes.
  std::mt19937 rng(3);
  for (int round = 0; round < 20000; ++round) {
    std::string text(rng() % 40, '\0');
    for (char& c : text) c = static_cast<char>(rng() % 4 == 0 ? rng() % 256 : 0x20 + rng() % 0x60);
    if (rng() % 2 == 0) {
      for (char& c : text) c = static_cast<char>(static_cast<uint8_t>(c) | 0x80);
      if (!text.empty()) text[rng() % text.size()] = static_cast<char>(rng() % 256);
    }
    uint8_t expected = 0;
    for (char ch : text) {
      const uint8_t c = static_cast<uint8_t>(ch);
      if (c >= '0' && c <= '9') expected |= kDigit;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) expected |= kLetter;
      if (c == ':') expected |= kNeedsColon;
    }
    ASSERT_EQ(ClassesIn(text), expected) << ::testing::PrintToString(text);
  }
}

TEST(ClassGateTest, EveryMatchOfTheDefaultPackHoldsItsGates) {
  std::shared_ptr<const CompiledRules> rules = testing::DefaultPack();
  ASSERT_NE(rules, nullptr);
  const CompiledRules::Impl& impl = rules->impl();
  std::vector<std::string> texts = testing::CorpusTexts();
  ASSERT_GT(texts.size(), 500u);
  for (const Rule& rule : impl.sources) {
    for (const TermSource& t : rule.examples) texts.push_back(t.text);
    for (const TermSource& t : rule.counter_examples) texts.push_back(t.text);
  }
  Folder folder;
  FoldedText folded;
  int gated = 0, matches = 0;
  for (const Re2Pattern& p : impl.re2_patterns) {
    const uint8_t gates = RequiredClasses(p.re->pattern());
    if (gates == 0) continue;
    ++gated;
    for (const std::string& text : texts) {
      folder.Fold(text, false, false, &folded);
      re2::StringPiece input(folded.views[kFoldedView].text().data(),
                             folded.views[kFoldedView].size);
      re2::StringPiece match;
      size_t pos = 0;
      while (pos <= input.size() &&
             p.re->Match(input, pos, input.size(), RE2::UNANCHORED, &match, 1)) {
        ++matches;
        const std::string_view m(match.data(), match.size());
        EXPECT_EQ(ClassesIn(m) & gates, gates)
            << "rule " << impl.infos[p.rule].id << ", regex " << p.re->pattern()
            << ", match [" << m << "] in [" << text << "]";
        const size_t to = static_cast<size_t>(match.data() - input.data()) + match.size();
        pos = match.empty() ? to + 1 : to;
      }
    }
  }
  // The pack's digit, card, address and link regexes are gated, and the
  // texts hold many matches of them: the check above is not vacuous.
  EXPECT_GT(gated, 30);
  EXPECT_GT(matches, 300);
}

// A message whose only violation is caught by a gated regex is still
// caught, in full width too; one without digits or letters is not scanned
// by the gated databases, and nothing changes for it.
TEST(ClassGateTest, GatedRulesStillFind) {
  std::shared_ptr<const CompiledRules> rules = testing::DefaultPack();
  ASSERT_NE(rules, nullptr);
  EXPECT_NE(rules->impl().databases[kDigitDatabase], nullptr);
  EXPECT_NE(rules->impl().databases[kAlnumDatabase], nullptr);
  EXPECT_NE(rules->impl().databases[kColonDatabase], nullptr);
  Scanner scanner(rules);
  auto rule_ids = [&](const std::string& text) {
    ScanResult r;
    EXPECT_TRUE(scanner.Scan(text, &r).ok());
    std::vector<std::string> ids;
    for (const Finding& f : r.findings) ids.push_back(rules->rules()[f.rule].id);
    return ids;
  };
  auto has = [](const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  EXPECT_TRUE(has(rule_ids("我手机号13812345678有事打"), "privacy.mobile"));
  EXPECT_TRUE(has(rule_ids("我手机号１３８１２３４５６７８有事打"), "privacy.mobile"));
  EXPECT_TRUE(has(rule_ids("活动页在 https://promo.shop-example.cn/spring"), "link.url"));
  // A confidentiality header needs a colon, ASCII or full-width, and no
  // digit when its figures are written in Chinese.
  const std::string header = "secret.marker_colon";
  EXPECT_TRUE(has(rule_ids("核心机密：新配方的成本下降了百分之二十"), header));
  EXPECT_TRUE(has(rule_ids("核心机密:新配方的成本下降了百分之二十"), header));
  EXPECT_FALSE(has(rule_ids("核心机密新配方的成本下降了百分之二十"), header));
}

}  // namespace
}  // namespace chatscan
