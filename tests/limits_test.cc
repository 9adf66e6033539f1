// Limits: regexes that would blow up Hyperscan are refused up front; long
// messages are scanned in overlapping windows that find exactly what one
// scan of the whole text finds, or refused, as the pack says.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "compile/limits.h"
#include "test_util.h"

namespace chatscan {
namespace {

using testing::CompileOrDie;
using testing::Describe;
using testing::PackHeader;
namespace fs = std::filesystem;

constexpr uint64_t kInf = RegexShape::kUnbounded;

TEST(LimitsTest, RegexShapeReadsLengthsAndRepeats) {
  struct Case {
    const char* regex;
    uint64_t max_chars;
    uint64_t repeat_cost;
  };
  const Case cases[] = {
      {"abc", 3, 0},
      {"a|bcd", 3, 0},
      {"机密\\d{3,5}", 7, 5},
      {"(?i)x(?:ab){2}", 5, 2},
      {"a+b", kInf, 0},
      {"[^]a]{2}[[:alpha:]]", 3, 2},
      {"\\p{Han}{1,4}\\pL", 5, 4},
      {"a{,5}", 5, 0},  // not a repeat in RE2: five literal characters
      {"(?P<n>ab)?c", 3, 0},
      {"\\Qa.b\\E", 3, 0},
      {"(?:(?:ab){1,30}c){1,30}", 1830, 930},
      {"^\\b$", 0, 0},
      {"x{3,}", kInf, 3},
      {"(?s).{1000}x.{1000}", 2001, 2000},
      // A repeat after \Q...\E repeats its last character (abbb), and
      // after an empty one the item before it.
      {"\\Qab\\E{3}", 4, 3},
      {"a\\Q\\E*", kInf, 0},
      {"a{01}", 5, 0},     // not a repeat in RE2: a count with a leading zero
      {"[+-[:]x", 2, 0},   // a range from + to [, a colon: no [:name:] in it
      {"[[:]x", 2, 0},     // no :] after [:, so no [:name:]: [ and : are members
      {"a{2}{3}", 2, 2},   // RE2 refuses a stacked repeat: the walk stops there
  };
  for (const Case& c : cases) {
    RegexShape shape = AnalyzeRegex(c.regex);
    EXPECT_EQ(shape.max_chars, c.max_chars) << c.regex;
    EXPECT_EQ(shape.repeat_cost, c.repeat_cost) << c.regex;
  }
  EXPECT_EQ(AnalyzeRegex("a{1000,50000}b{3}").largest_repeat, "{1000,50000}");
}

TEST(LimitsTest, DefaultsWhenAbsentAndOverlapFromTheLongestMatch) {
  auto rules = CompileOrDie(PackHeader() + R"(
[[rule]]
id = "w"
category = "abuse"
words = ["坏蛋"]
noise = true
[[rule]]
id = "m"
category = "privacy"
regex = ['1[3-9]\d{9}']
)");
  ASSERT_NE(rules, nullptr);
  const PackLimits defaults;
  EXPECT_EQ(rules->limits().max_terms, defaults.max_terms);
  EXPECT_EQ(rules->limits().max_message_bytes, size_t{1} << 20);
  EXPECT_EQ(rules->limits().oversize, Oversize::kWindow);
  // The mobile regex matches 11 characters; 坏蛋 with up to 3 noise
  // characters between them 5.
  EXPECT_EQ(rules->report().longest_match_chars, 11u);
  EXPECT_EQ(rules->report().window_overlap_chars, 11u + 2 * (11 + 4));
}

// Refused in milliseconds with the place, where Hyperscan would take
// seconds (12 s for the first here, 11 s for the second).
TEST(LimitsTest, HyperscanBlowUpRefusedUpFront) {
  CompileOrDie(PackHeader());  // builds the fold table: not part of the timing
  auto started = std::chrono::steady_clock::now();
  std::shared_ptr<const CompiledRules> rules;
  Status s = CompiledRules::CompileText(PackHeader() + R"(
[[rule]]
id = "secret.blowup"
category = "secret"
regex = ['(?s)机密.{1000}x.{1000}',
         '机密(?:[^。]{1,1000})金额']
)", CHATSCAN_TEST_DATA, "pack.toml", &rules);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kRuleError);
  EXPECT_NE(s.message().find("pack.toml:20: rule 'secret.blowup': regex #1: bounded repeat "
                             "{1000} is larger than max_regex_repeat (200)"),
            std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("pack.toml:21: rule 'secret.blowup': regex #2: bounded repeat "
                             "{1,1000}"),
            std::string::npos)
      << s.message();
  EXPECT_LT(seconds, 1.0);
}

TEST(LimitsTest, OversizeRejectIsAnErrorNotATruncation) {
  auto rules = CompileOrDie(PackHeader() + R"(
[limits]
max_message_bytes = 1024
oversize = "reject"
[[rule]]
id = "w"
category = "abuse"
words = ["坏蛋"]
)");
  ASSERT_NE(rules, nullptr);
  Scanner scanner(rules);
  ScanResult result;
  std::string text = std::string(1018, 'x') + " 坏蛋";  // 1025 bytes
  Status s = scanner.Scan(text, &result);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "message of 1025 bytes is longer than max_message_bytes (1024) and the pack's "
            "[limits] say oversize = \"reject\"");
  EXPECT_TRUE(result.findings.empty());
  text.erase(0, 1);  // exactly the limit
  ASSERT_TRUE(scanner.Scan(text, &result).ok());
  EXPECT_EQ(Describe(*rules, text, result), std::vector<std::string>{"w 1018-1024 坏蛋"});
  // A batch says which message was refused and scans the others.
  BatchScanner batch(rules, 2);
  BatchResult batch_result;
  std::string longer = text + "x";
  std::vector<BatchMessage> messages = {{text, {}}, {longer, {}}, {"坏蛋", {}}};
  ASSERT_TRUE(batch.Scan(messages, &batch_result).ok());
  ASSERT_EQ(batch_result.errors.size(), 1u);
  EXPECT_EQ(batch_result.errors[0].first, 1u);
  EXPECT_EQ(batch_result.verdicts[0], Action::kBlock);
  EXPECT_EQ(batch_result.verdicts[2], Action::kBlock);
}

// A pack with every kind of pattern, once as it is and once with windows
// of 8 KiB.
std::string VarietyRules() {
  return R"(
[[rule]]
id = "w"
category = "abuse"
words = ["坏蛋", "垃圾", "ass"]
unless = ["坏蛋糕"]
noise = true
[[rule]]
id = "r"
category = "abuse"
words = ["傻逼"]
repeats = true
pinyin = true
[[rule]]
id = "m"
category = "privacy"
regex = ['1[3-9]\d{9}']
validate = "mobile"
[[rule]]
id = "s"
category = "secret"
all = [["机密"], ["发给", "转给"]]
within = 12
)";
}

std::string WindowedLimits(size_t bytes) {
  return "[limits]\nmax_message_bytes = " + std::to_string(bytes) + "\n";
}

TEST(LimitsTest, WindowsFindWhatOneScanFinds) {
  auto whole = CompileOrDie(PackHeader() + VarietyRules());
  auto windowed = CompileOrDie(PackHeader() + WindowedLimits(8192) + VarietyRules());
  ASSERT_NE(whole, nullptr);
  ASSERT_NE(windowed, nullptr);
  // Pieces separated by a character that joins nothing, so each match is
  // the same whatever window it is seen in.
  const char* pieces[] = {"坏蛋", "坏 * 蛋", "坏\u200b\u200b蛋", "坏蛋糕", "垃 圾", "ass", "class",
                          "傻傻傻逼", "sha bi", "shabi", "13812345678", "12345678901",
                          "机密文件发给他", "机密", "今天开会", "ok", "\xff", "a\u0336s\u0336s"};
  std::mt19937 rng(7);
  std::string text;
  while (text.size() < 200000) {
    text += pieces[rng() % (sizeof pieces / sizeof pieces[0])];
    text += "的";
  }
  Scanner a(whole), b(windowed);
  ScanResult ra, rb;
  ASSERT_TRUE(a.Scan(text, &ra).ok());
  ASSERT_TRUE(b.Scan(text, &rb).ok());
  EXPECT_GT(ra.findings.size(), 5000u);
  EXPECT_EQ(Describe(*whole, text, ra), Describe(*windowed, text, rb));
  EXPECT_EQ(ra.verdict, rb.verdict);
  EXPECT_EQ(ra.reasons, rb.reasons);
}

// A term at every position across the first seam, also stretched by
// ignorable characters: found once, at its place in the whole text.
TEST(LimitsTest, EveryPositionAcrossASeamFoundOnce) {
  auto rules = CompileOrDie(PackHeader() + WindowedLimits(4096) + R"(
[[rule]]
id = "w"
category = "abuse"
words = ["坏蛋"]
noise = true
)");
  ASSERT_NE(rules, nullptr);
  const size_t overlap = rules->report().window_overlap_chars;
  Scanner scanner(rules);
  ScanResult result;
  const std::string zero_widths(3 * 100, ' ');
  std::string stretched = "坏";
  for (int i = 0; i < 100; ++i) stretched += "\u200b";
  stretched += " * 蛋";
  for (const std::string& term : {std::string("坏蛋"), stretched}) {
    // Filler of 3-byte characters: the first window ends near character
    // 4096 / 3; the seam is the overlap before it.
    for (size_t at = 4096 / 3 - overlap - 8; at < 4096 / 3 + 8; ++at) {
      std::string text;
      for (size_t i = 0; i < at; ++i) text += "的";
      text += term;
      for (size_t i = 0; i < 2000; ++i) text += "的";
      ASSERT_TRUE(scanner.Scan(text, &result).ok());
      ASSERT_EQ(result.findings.size(), 1u) << at;
      EXPECT_EQ(result.findings[0].start, 3 * at);
      EXPECT_EQ(result.findings[0].end, 3 * at + term.size());
      EXPECT_EQ(result.verdict, Action::kBlock);
      EXPECT_EQ(result.reasons, std::vector<uint32_t>{0});
    }
  }
}

// The default pack over both corpora joined into one long text: windows of
// 8 KiB find what one scan finds. Rules with a `none` veto are
// left out: a veto applies to the whole message, and in a long message to
// its window.
TEST(LimitsTest, DefaultPackWindowsAgreeOnTheCorpus) {
  const fs::path dir = fs::temp_directory_path() / ("chatscan_limits_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::copy(std::string(CHATSCAN_SOURCE_RULES_DIR) + "/default", dir, fs::copy_options::recursive);
  std::ofstream(dir / "pack.toml", std::ios::app) << "\n" << WindowedLimits(8192);
  std::shared_ptr<const CompiledRules> whole, windowed;
  ASSERT_TRUE(CompiledRules::Compile(std::string(CHATSCAN_SOURCE_RULES_DIR) + "/default", &whole).ok());
  Status s = CompiledRules::Compile(dir.string(), &windowed);
  fs::remove_all(dir);
  ASSERT_TRUE(s.ok()) << s.message();
  const std::string text = testing::CorpusText();
  ASSERT_GT(text.size(), 8 * 8192u);
  std::set<std::string> vetoed;
  for (const Rule& rule : whole->impl().sources) {
    if (!rule.none.empty()) vetoed.insert(rule.info.id);
  }
  auto kept = [&](const CompiledRules& rules, const ScanResult& result) {
    std::vector<std::string> out;
    for (const std::string& d : Describe(rules, text, result)) {
      if (vetoed.count(d.substr(0, d.find(' '))) == 0) out.push_back(d);
    }
    return out;
  };
  Scanner a(whole), b(windowed);
  ScanResult ra, rb;
  ASSERT_TRUE(a.Scan(text, &ra).ok());
  ASSERT_TRUE(b.Scan(text, &rb).ok());
  std::vector<std::string> expected = kept(*whole, ra);
  EXPECT_GT(expected.size(), 100u);
  EXPECT_EQ(expected, kept(*windowed, rb));
}

}  // namespace
}  // namespace chatscan

namespace chatscan {
namespace {

// Regression guard: a regex of nothing but '(' is walked without recursing
// through all of it (RE2 then refuses it for nesting too deeply).
TEST(LimitsTest, DeeplyNestedRegexIsWalkedSafely) {
  std::string deep(100000, '(');
  EXPECT_EQ(AnalyzeRegex(deep).max_chars, 0u);
  std::string nested;
  for (int i = 0; i < 500; ++i) nested += "(?:a";
  for (int i = 0; i < 500; ++i) nested += ")";
  EXPECT_EQ(AnalyzeRegex(nested).max_chars, 500u);
}

}  // namespace
}  // namespace chatscan

namespace chatscan {
namespace {

// The limits and the window sizes come back from the cache file.
TEST(LimitsTest, LimitsSurviveTheCache) {
  const fs::path dir = fs::temp_directory_path() / ("chatscan_limits_cache_" + std::to_string(getpid()));
  fs::create_directories(dir / "pack");
  std::ofstream(dir / "pack" / "pack.toml") << PackHeader() << R"(
[limits]
max_message_bytes = 4096
oversize = "reject"
re2_max_mem = 2097152
long_match_chars = 77
[[rule]]
id = "m"
category = "privacy"
regex = ['1[3-9]\d+']
)";
  std::shared_ptr<const CompiledRules> compiled, loaded;
  ASSERT_TRUE(CompiledRules::Compile((dir / "pack").string(), &compiled).ok());
  ASSERT_TRUE(compiled->Save((dir / "rules.cache").string()).ok());
  Status s = CompiledRules::Load((dir / "rules.cache").string(), (dir / "pack").string(), &loaded);
  fs::remove_all(dir);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(loaded->limits().max_message_bytes, 4096u);
  EXPECT_EQ(loaded->limits().oversize, Oversize::kReject);
  EXPECT_EQ(loaded->limits().re2_max_mem, 2097152u);
  EXPECT_EQ(loaded->report().longest_match_chars, 77u);
  EXPECT_EQ(loaded->report().window_overlap_chars, compiled->report().window_overlap_chars);
  Scanner scanner(loaded);
  ScanResult result;
  EXPECT_EQ(scanner.Scan(std::string(5000, 'x'), &result).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace chatscan
