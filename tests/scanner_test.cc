// Compile and scan: literals, regexes, allow-lists, spans, odd inputs.
#include <random>

#include "compile/escape.h"
#include "test_util.h"

namespace chatscan {
namespace {

using ::chatscan::testing::CompileOrDie;
using ::chatscan::testing::PackHeader;
using ::chatscan::testing::ScanDescribe;
using V = std::vector<std::string>;

std::string Rule(const std::string& id, const std::string& body) {
  return "[[rule]]\nid = \"" + id + "\"\ncategory = \"abuse\"\n" + body + "\n";
}

TEST(ScannerTest, AdjacentAndOverlappingTerms) {
  auto rules = CompileOrDie(PackHeader() + Rule("t", R"(words = ["头疼", "头晕"])"));
  EXPECT_EQ(ScanDescribe(rules, "头疼头晕"), (V{"t 0-6 头疼", "t 6-12 头晕"}));
  // A partial match of a longer term must not hide a shorter one inside it.
  auto rules2 = CompileOrDie(PackHeader() + Rule("t", R"(words = ["abcd", "bc"]
word_boundary = false)"));
  EXPECT_EQ(ScanDescribe(rules2, "xabcx"), V{"t 2-4 bc"});
  EXPECT_EQ(ScanDescribe(rules2, "xabcdx"), (V{"t 1-5 abcd", "t 2-4 bc"}));
  auto rules3 = CompileOrDie(PackHeader() + Rule("t", R"(words = ["甲乙丙丁", "乙丙"])"));
  EXPECT_EQ(ScanDescribe(rules3, "x甲乙丙x"), V{"t 4-10 乙丙"});
  EXPECT_EQ(ScanDescribe(rules3, "甲乙丙丁"), (V{"t 0-12 甲乙丙丁", "t 3-9 乙丙"}));
}

TEST(ScannerTest, LatinTermsNeedWordBoundaries) {
  auto rules = CompileOrDie(PackHeader() + Rule("t", R"(words = ["ass", "bc"])"));
  EXPECT_EQ(ScanDescribe(rules, "class assessment"), V{});
  EXPECT_EQ(ScanDescribe(rules, "you ass!"), V{"t 4-7 ass"});
  EXPECT_EQ(ScanDescribe(rules, "xabcx"), V{});
  EXPECT_EQ(ScanDescribe(rules, "x bc x"), V{"t 2-4 bc"});
  EXPECT_EQ(ScanDescribe(rules, "中文bc中文"), V{"t 6-8 bc"});
}

TEST(ScannerTest, TermsFollowedByDigits) {
  auto rules = CompileOrDie(PackHeader() + Rule("t", R"(words = ["验证码", "code"])"));
  EXPECT_EQ(ScanDescribe(rules, "验证码123456"), V{"t 0-9 验证码"});
  EXPECT_EQ(ScanDescribe(rules, "code 1234"), V{"t 0-4 code"});
  EXPECT_EQ(ScanDescribe(rules, "code1234"), V{});  // \b semantics: digits are word characters
}

TEST(ScannerTest, AllowListDropsCoveredHitsOfTheSameRule) {
  auto rules = CompileOrDie(PackHeader() + Rule("t", R"(words = ["傻瓜"]
unless = ["傻瓜相机", "傻瓜式"])") + Rule("u", R"(words = ["傻瓜"])"));
  EXPECT_EQ(ScanDescribe(rules, "这台傻瓜相机"), V{"u 6-12 傻瓜"});
  EXPECT_EQ(ScanDescribe(rules, "傻瓜式操作，你这个傻瓜"),
            (V{"u 0-6 傻瓜", "t 27-33 傻瓜", "u 27-33 傻瓜"}));
}

TEST(ScannerTest, RegexSpansAreLeftmostLongest) {
  auto rules = CompileOrDie(PackHeader() + R"(
[[rule]]
id = "r"
category = "secret"
regex = ['密码是\s*[A-Za-z0-9]{4,}', 'AKIA[0-9A-Z]{16}']
)");
  EXPECT_EQ(ScanDescribe(rules, "密码是 abc12345，记住"), V{"r 0-18 密码是 abc12345"});
  EXPECT_EQ(ScanDescribe(rules, "key AKIAABCDEFGHIJKLMNOP end"), V{"r 4-24 AKIAABCDEFGHIJKLMNOP"});
}

TEST(ScannerTest, RegexHyperscanRejectsFallsBackToRe2) {
  // A large bounded repeat of a UTF-8 class with start-of-match is beyond
  // Hyperscan's limits; RE2 takes it and the report says so. (The pack
  // lifts max_regex_repeat to let Hyperscan try.)
  auto rules = CompileOrDie(PackHeader() + R"(
[limits]
max_regex_repeat = 1000
[[rule]]
id = "r"
category = "secret"
regex = ['机密(?:[^。]{1,1000})金额', '机密']
)");
  ASSERT_NE(rules, nullptr);
  const PackReport& report = rules->report();
  if (!report.re2_fallbacks.empty()) {
    EXPECT_NE(report.re2_fallbacks[0].find("pack.toml:"), std::string::npos);
    EXPECT_NE(report.re2_fallbacks[0].find("rule 'r'"), std::string::npos);
  }
  EXPECT_EQ(ScanDescribe(rules, "机密的合同金额"), (V{"r 0-6 机密", "r 0-21 机密的合同金额"}));
}

TEST(ScannerTest, VerdictIsTheStrongestAction) {
  auto rules = CompileOrDie(PackHeader() + R"(
[[rule]]
id = "l"
category = "link"
regex = ['https?://\S+']
[[rule]]
id = "s"
category = "secret"
words = ["绝密"]
)");
  Scanner scanner(rules);
  ScanResult result;
  ASSERT_TRUE(scanner.Scan("看 http://a.cn", &result).ok());
  EXPECT_EQ(result.verdict, Action::kReview);
  ASSERT_TRUE(scanner.Scan("绝密 http://a.cn", &result).ok());
  EXPECT_EQ(result.verdict, Action::kBlock);
  ASSERT_TRUE(scanner.Scan("没事", &result).ok());
  EXPECT_EQ(result.verdict, Action::kAllow);
  EXPECT_TRUE(result.findings.empty());
}

TEST(ScannerTest, EmptyAndVeryLongMessages) {
  auto rules = CompileOrDie(PackHeader() + Rule("t", R"(words = ["坏蛋"])"));
  EXPECT_EQ(ScanDescribe(rules, ""), V{});
  std::string long_text;
  for (int i = 0; i < 200000; ++i) long_text += "正常";
  long_text += "坏蛋";
  std::vector<std::string> got = ScanDescribe(rules, long_text);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], "t 1200000-1200006 坏蛋");
}

TEST(ScannerTest, InvalidUtf8NeverCrashesAndOffsetsStayInside) {
  auto rules = CompileOrDie(PackHeader() + Rule("t", R"(words = ["坏蛋"]
noise = true)"));
  Scanner scanner(rules);
  ScanResult result;
  std::string text = std::string("\xff坏\xc3蛋") + "\xe5\x9d" + "坏蛋\xed\xa0\x80";
  ASSERT_TRUE(scanner.Scan(text, &result).ok());
  for (const Finding& f : result.findings) {
    EXPECT_LE(f.end, text.size());
    EXPECT_LT(f.start, f.end);
  }
  std::mt19937 rng(7);
  for (int round = 0; round < 2000; ++round) {
    std::string junk;
    size_t n = rng() % 40;
    for (size_t i = 0; i < n; ++i) junk.push_back(static_cast<char>(rng() & 0xFF));
    if (rng() % 2) junk.insert(rng() % (junk.size() + 1), "坏蛋");
    ASSERT_TRUE(scanner.Scan(junk, &result).ok());
    for (const Finding& f : result.findings) {
      ASSERT_LE(f.end, junk.size());
      ASSERT_LT(f.start, f.end);
    }
  }
}

TEST(ScannerTest, ContextLimitsRulesToKinds) {
  auto rules = CompileOrDie(PackHeader() + Rule("m", R"(words = ["全网最低"]
kinds = ["moment"])"));
  MessageContext moment;
  moment.kind = Kind::kMoment;
  EXPECT_EQ(ScanDescribe(rules, "全网最低价", moment), V{"m 0-12 全网最低"});
  EXPECT_EQ(ScanDescribe(rules, "全网最低价"), V{});
}

TEST(ScannerTest, ScannerIsReusable) {
  auto rules = CompileOrDie(PackHeader() + Rule("t", R"(words = ["坏蛋"])"));
  Scanner scanner(rules);
  ScanResult result;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(scanner.Scan("坏蛋", &result).ok());
    EXPECT_EQ(result.findings.size(), 1u);
    ASSERT_TRUE(scanner.Scan("好人", &result).ok());
    EXPECT_EQ(result.findings.size(), 0u);
  }
}

}  // namespace
}  // namespace chatscan

namespace chatscan {
namespace {

TEST(CombinationTest, AllGroupsWithinWindow) {
  auto rules = testing::CompileOrDie(testing::PackHeader() + R"(
[[rule]]
id = "c"
category = "abuse"
all = [["据内部消息", "听说公司要"], ["转发", "扩散"]]
within = 20
none = ["辟谣"]
)");
  using V = std::vector<std::string>;
  EXPECT_EQ(testing::ScanDescribe(rules, "据内部消息，公司要裁员，赶紧转发"),
            V{"c 0-48 据内部消息，公司要裁员，赶紧转发"});
  EXPECT_EQ(testing::ScanDescribe(rules, "据内部消息，公司要裁员"), V{});
  EXPECT_EQ(testing::ScanDescribe(rules, "转发一下会议纪要"), V{});
  // Too far apart: more than 20 characters between the parts.
  EXPECT_EQ(testing::ScanDescribe(
                rules, "据内部消息，下周的安排是这样的一二三四五六七八九十，请转发"),
            V{});
  // A veto term anywhere in the message.
  EXPECT_EQ(testing::ScanDescribe(rules, "辟谣：据内部消息公司要裁员是假的，请转发"), V{});
  // Order does not matter.
  EXPECT_EQ(testing::ScanDescribe(rules, "扩散！听说公司要搬家"), V{"c 0-24 扩散！听说公司要"});
}

TEST(CombinationTest, AnyIsOneMoreGroup) {
  auto rules = testing::CompileOrDie(testing::PackHeader() + R"(
[[rule]]
id = "c"
category = "secret"
all = ["未公布"]
any = ["营收", "利润", "财报"]
)");
  using V = std::vector<std::string>;
  EXPECT_EQ(testing::ScanDescribe(rules, "未公布的利润数字"), V{"c 0-18 未公布的利润"});
  EXPECT_EQ(testing::ScanDescribe(rules, "未公布的名单"), V{});
}

}  // namespace
}  // namespace chatscan

namespace chatscan {
namespace {

// Regression: `none` on an ordinary rule made its veto terms findings.
TEST(CombinationTest, NoneVetoesOrdinaryRulesToo) {
  auto rules = testing::CompileOrDie(testing::PackHeader() + R"(
[[rule]]
id = "r"
category = "abuse"
regex = ['abc\d+']
words = ["坏蛋"]
none = ["别信"]
)");
  using V = std::vector<std::string>;
  EXPECT_EQ(testing::ScanDescribe(rules, "这个别信"), V{});
  EXPECT_EQ(testing::ScanDescribe(rules, "别信 abc12 坏蛋"), V{});
  EXPECT_EQ(testing::ScanDescribe(rules, "abc12 坏蛋"), (V{"r 0-5 abc12", "r 6-12 坏蛋"}));
}

}  // namespace
}  // namespace chatscan

namespace chatscan {
namespace {

// Regression: repeat patterns with start of match made vectorscan's hs_scan
// abort ("buffer overflow detected") on texts over 255 bytes.
TEST(ScannerTest, LongTextsWithRepeatPinyinRules) {
  auto rules = testing::CompileOrDie(testing::PackHeader() + R"(
[[rule]]
id = "p"
category = "abuse"
words = ["妈卖批", "傻逼"]
noise = true
repeats = true
pinyin = true
)");
  using V = std::vector<std::string>;
  for (size_t n : {200, 255, 256, 300, 1000, 5000}) {
    EXPECT_EQ(testing::ScanDescribe(rules, std::string(n, 'x')), V{}) << n;
    std::string text = std::string(n, 'x') + " 傻傻 逼 ";
    EXPECT_EQ(testing::ScanDescribe(rules, text),
              V{"p " + std::to_string(n + 1) + "-" + std::to_string(n + 11) + " 傻傻 逼"})
        << n;
  }
  EXPECT_EQ(testing::ScanDescribe(rules, "ma mai pi pi"), V{"p 0-12 ma mai pi pi"});
  // A term with a doubled character needs it at least twice (found by the
  // Python suite: the start was lost and the span cut a character).
  auto doubled = testing::CompileOrDie(testing::PackHeader() + R"(
[[rule]]
id = "d"
category = "abuse"
words = ["遥遥领先"]
noise = true
repeats = true
)");
  EXPECT_EQ(testing::ScanDescribe(doubled, "销量遥遥领先"), V{"d 6-18 遥遥领先"});
  EXPECT_EQ(testing::ScanDescribe(doubled, "销量遥遥遥领领先"), V{"d 6-24 遥遥遥领领先"});
  EXPECT_EQ(testing::ScanDescribe(doubled, "销量遥领先"), V{});
}

// A regex with literals it cannot match without is found through them (no
// Hyperscan prefilter); one without keeps its prefilter. Both find the same
// spans as RE2 over the text, with and without the literals present.
TEST(ScannerTest, RegexesAreFoundThroughTheLiteralsTheyNeed) {
  auto rules = CompileOrDie(PackHeader() + Rule("q", R"(regex = ['(?:偷偷告诉你|你知道就行)[^\n]{0,20}?\d+\s*(?:万|元)'])") +
                            Rule("m", R"(regex = ['\b1\d{10}\b'])") +
                            Rule("k", R"(regex = ['(?i)\bsecret[_-]?token\s*[:=]\s*\w{8,}'])"));
  const PackReport& report = rules->report();
  EXPECT_EQ(report.atom_regexes, 2u);  // q and k; m has no literal it needs
  EXPECT_EQ(report.regex_patterns, 1u);
  EXPECT_EQ(report.regex_atoms, 3u);  // 偷偷告诉你, 你知道就行, secret (token is too short)
  EXPECT_EQ(ScanDescribe(rules, "偷偷告诉你，底价是35万"), V{"q 0-32 偷偷告诉你，底价是35万"});
  EXPECT_EQ(ScanDescribe(rules, "底价是35万"), V{});
  EXPECT_EQ(ScanDescribe(rules, "电话13912345678"), V{"m 6-17 13912345678"});
  EXPECT_EQ(ScanDescribe(rules, "电话139123456789"), V{});  // \b still holds
  EXPECT_EQ(ScanDescribe(rules, "SECRET_TOKEN = abcdefgh12"), V{"k 0-25 SECRET_TOKEN = abcdefgh12"});
  EXPECT_EQ(ScanDescribe(rules, "mysecrettoken=abcdefgh12"), V{});
}

TEST(ScannerTest, PrefiltersDropWordBoundariesOnly) {
  EXPECT_EQ(PrefilterExpression(R"(\bab\B\d+\b)"), R"(ab\d+)");
  EXPECT_EQ(PrefilterExpression(R"([\b]x\\b)"), R"([\b]x\\b)");  // a class; an escaped backslash
  EXPECT_EQ(PrefilterExpression(R"([]\b]\b)"), R"([]\b])");
  EXPECT_EQ(PrefilterExpression(R"([^]\b]x)"), R"([^]\b]x)");
}

// Regression: Hyperscan reports a repeat pattern at every end offset, and
// each report walked back over the whole run: 傻 and 100k 逼 took minutes.
// Long runs give the spans short ones give, gaps included.
TEST(ScannerTest, LongRunsOfARepeatTermsLastCharacter) {
  auto rules = testing::CompileOrDie(testing::PackHeader() + R"(
[[rule]]
id = "p"
category = "abuse"
words = ["傻逼", "遥遥领先"]
noise = true
repeats = true
pinyin = true
)");
  using V = std::vector<std::string>;
  std::string run;
  for (int i = 0; i < 100000; ++i) run += "逼";
  std::string text = "傻" + run;
  EXPECT_EQ(testing::ScanDescribe(rules, text), V{"p 0-" + std::to_string(text.size()) + " " + text});
  std::string typed = "sha";
  for (int i = 0; i < 100000; ++i) typed += "bi";
  EXPECT_EQ(testing::ScanDescribe(rules, typed), V{"p 0-" + std::to_string(typed.size()) + " " + typed});
  EXPECT_EQ(testing::ScanDescribe(rules, "傻逼逼 逼逼"), V{"p 0-16 傻逼逼 逼逼"});
  EXPECT_EQ(testing::ScanDescribe(rules, "傻逼逼 逼逼，傻傻      逼"), V{"p 0-16 傻逼逼 逼逼"});
  EXPECT_EQ(testing::ScanDescribe(rules, "遥遥遥领领先先先 先"), V{"p 0-28 遥遥遥领领先先先 先"});
}

// Regression: a run, then more noise than the pack allows, then more of the
// run's last character: the match before the gap was lost, because the
// longer matches across the gap replaced it before the gap was checked.
TEST(ScannerTest, RepeatRunFollowedByALongGapKeepsTheMatchBeforeIt) {
  auto rules = CompileOrDie(PackHeader() + Rule("p", R"(words = ["傻逼"]
noise = true
repeats = true)"));
  EXPECT_EQ(testing::ScanDescribe(rules, "傻逼逼..........逼逼"), V{"p 0-9 傻逼逼"});
  EXPECT_EQ(testing::ScanDescribe(rules, "傻逼.....逼"), V{"p 0-6 傻逼"});
  EXPECT_EQ(testing::ScanDescribe(rules, "傻傻逼逼 . . . . . 逼逼逼逼，然后"),
            V{"p 0-12 傻傻逼逼"});
  // A second match after the gap is its own finding.
  EXPECT_EQ(testing::ScanDescribe(rules, "傻逼逼..........傻逼逼"),
            (V{"p 0-9 傻逼逼", "p 19-28 傻逼逼"}));
  // Within the allowed noise the run still joins up.
  EXPECT_EQ(testing::ScanDescribe(rules, "傻逼逼..逼逼"), V{"p 0-17 傻逼逼..逼逼"});
}

}  // namespace
}  // namespace chatscan
