// Imports: gitleaks configs and word lists (rules/README.md, "Imports").
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "compile/compiled_rules_impl.h"
#include "scan/check.h"
#include "scan/validators.h"
#include "test_util.h"

namespace chatscan {
namespace {

namespace fs = std::filesystem;
using ::chatscan::testing::ScanDescribe;
using V = std::vector<std::string>;

const std::string kPackDir = std::string(CHATSCAN_TEST_DATA) + "/import";

std::shared_ptr<const CompiledRules> CompileDir(const std::string& dir) {
  std::shared_ptr<const CompiledRules> rules;
  Status s = CompiledRules::Compile(dir, &rules);
  EXPECT_TRUE(s.ok()) << s.message();
  return rules;
}

bool Contains(const std::vector<std::string>& lines, const std::string& part) {
  for (const std::string& l : lines) {
    if (l.find(part) != std::string::npos) return true;
  }
  return false;
}

// A pack folder of its own per test: pack.toml importing gitleaks.toml.
class GitleaksPack : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("chatscan_import_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  // Writes a pack importing `gitleaks` (the config's text).
  void WritePack(const std::string& gitleaks) const {
    Write("pack.toml", R"([[import]]
format = "gitleaks"
path = "gitleaks.toml"
category = "credential"

[pack]
name = "t"
[categories.credential]
action = "block"
)");
    Write("gitleaks.toml", gitleaks);
  }
  Status Compile(std::shared_ptr<const CompiledRules>* rules) const {
    return CompiledRules::Compile(dir_.string(), rules);
  }
  std::shared_ptr<const CompiledRules> CompileOk() const {
    std::shared_ptr<const CompiledRules> rules;
    Status s = Compile(&rules);
    EXPECT_TRUE(s.ok()) << s.message();
    return rules;
  }
  fs::path dir_;
};

// The test pack (tests/data/import), compiled once for the tests that read it.
class ImportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pack_ = new std::shared_ptr<const CompiledRules>(CompileDir(kPackDir));
  }
  static void TearDownTestSuite() { delete pack_; }
  void SetUp() override { ASSERT_NE(*pack_, nullptr); }
  static std::shared_ptr<const CompiledRules>* pack_;
};
std::shared_ptr<const CompiledRules>* ImportTest::pack_ = nullptr;

TEST_F(ImportTest, EveryExampleOfTheTestConfigBehaves) {
  const auto& rules = *pack_;
  CheckReport check = CheckPack(*rules);
  for (const std::string& f : check.failures) ADD_FAILURE() << f;
  EXPECT_EQ(check.examples, 44u);  // every tps and fps of gitleaks.toml
  // Twelve rules from gitleaks (the paths-only one is skipped), three from
  // the word list.
  EXPECT_EQ(rules->rules().size(), 15u);
  EXPECT_EQ(rules->FindRule("pkcs12-file"), -1);
  // The import's severity, the category's action and clauses.
  const RuleInfo& info = rules->rules()[rules->FindRule("github-pat")];
  EXPECT_EQ(info.severity, Severity::kHigh);
  EXPECT_EQ(info.action, Action::kBlock);
  EXPECT_EQ(info.clauses, std::vector<std::string>{"5.1.2"});
  EXPECT_EQ(info.file, "gitleaks.toml");
  EXPECT_EQ(info.description, "GitHub personal access token");
}

TEST_F(ImportTest, CheckSaysWhichEngineServesEachRule) {
  const auto& rules = *pack_;
  const PackReport& r = rules->report();
  EXPECT_EQ(r.engines.size(), 12u);
  EXPECT_TRUE(Contains(r.engines, "gitleaks.toml:23: rule 'aws-access-key-id': Hyperscan "
                                  "prefilter, RE2 confirms; keywords (Hyperscan): akia"));
  EXPECT_TRUE(Contains(r.engines, "rule 'passphrase': RE2 around keyword hits"));
  EXPECT_TRUE(Contains(r.engines, "rule 'internal-token': RE2 around keyword hits"));
  EXPECT_TRUE(Contains(r.re2_fallbacks, "rule 'passphrase'"));
  EXPECT_TRUE(Contains(r.notes, "gitleaks.toml:8: allowlist paths and commits ignored"));
  EXPECT_TRUE(Contains(r.notes, "gitleaks.toml:147: rule 'pkcs12-file': a rule on file paths"));
  EXPECT_TRUE(Contains(r.notes, "rule 'corp-service-token': 'path' ignored"));
}

TEST_F(ImportTest, SecretGroupChoosesTheReportedSpan) {
  const auto& rules = *pack_;
  // secretGroup = 2: the token without its type prefix.
  EXPECT_EQ(ScanDescribe(rules, "xoxb-1234567890-9876543210123-7Hq2Lw9ZtR4mXc8VbN3kPj6Y"),
            V{"slack-token 5-54 1234567890-9876543210123-7Hq2Lw9ZtR4mXc8VbN3kPj6Y"});
  // No secretGroup: the first non-empty group.
  EXPECT_EQ(ScanDescribe(rules, "id AKIAZ7Q4MNB2XK5RW3LP"),
            V{"aws-access-key-id 3-23 AKIAZ7Q4MNB2XK5RW3LP"});
  // The value, not the key: offsets of the original text (full-width colon).
  EXPECT_EQ(ScanDescribe(rules, "微信密钥：c4f1e9b27a8d3650fe12ab9c7d4e8f03"),
            V{"wechat-appsecret 15-47 c4f1e9b27a8d3650fe12ab9c7d4e8f03"});
}

TEST(GitleaksEntropyTest, GitleaksEntropyCountsCodePointsOverBytes) {
  EXPECT_DOUBLE_EQ(GitleaksEntropy("aabb"), 1.0);
  EXPECT_DOUBLE_EQ(GitleaksEntropy("ab"), ShannonEntropy("ab"));
  // "密密码": code points 2:1 over 9 bytes, as Go's shannonEntropy has it.
  const double p = 2.0 / 9, q = 1.0 / 9;
  EXPECT_NEAR(GitleaksEntropy("密密码"), -(p * std::log2(p) + q * std::log2(q)), 1e-12);
}

TEST(HyperscanCostlyTest, LongRepeatsOfUtf8ClassesAreCostly) {
  std::string why;
  EXPECT_TRUE(HyperscanCostly(R"(x[\p{L}\p{N}]{12,64})", &why));
  EXPECT_NE(why.find("Unicode property class ({12,64})"), std::string::npos) << why;
  EXPECT_TRUE(HyperscanCostly(R"(\pL{9})", &why));
  EXPECT_TRUE(HyperscanCostly(R"((?i)token[^\r\n]{0,2000}([a-z0-9]{32}))", &why));
  EXPECT_TRUE(HyperscanCostly(R"(a(?:x|.){300})", &why));  // a group that spans non-ASCII
  EXPECT_TRUE(HyperscanCostly("密码[^是]{0,500}", &why));
  // ASCII classes, short repeats and * or + are fine for Hyperscan.
  EXPECT_FALSE(HyperscanCostly(R"((?i)[\w.-]{0,50}?(?:key)[\s'"]{0,3}=([a-z0-9]{32,300}))", &why));
  EXPECT_FALSE(HyperscanCostly(R"(\p{Han}{2,8}|[^\s]{12,128}|\S+|[\]\p{L}]x{1000})", &why));
  EXPECT_FALSE(HyperscanCostly(R"([[:alpha:]]{500})", &why));
  // A brace that starts no repeat is a literal (the reader before the
  // shared one took "{9\x{41}" for a repeat of 941).
  EXPECT_FALSE(HyperscanCostly(R"(\p{L}{9\x{41})", &why));
}

TEST_F(GitleaksPack, KeywordsGateTheRuleCaselessly) {
  WritePack(R"([[rules]]
id = "code"
regex = '''\bzz[0-9]{6}\b'''
keywords = ["SecretCode"]
)");
  auto rules = CompileOk();
  ASSERT_NE(rules, nullptr);
  EXPECT_EQ(ScanDescribe(rules, "zz123456"), V{});
  EXPECT_EQ(ScanDescribe(rules, "SECRETCODE: zz123456"), V{"code 12-20 zz123456"});
  EXPECT_EQ(ScanDescribe(rules, "secretcode, later: zz123456 and zz654321"),
            (V{"code 19-27 zz123456", "code 32-40 zz654321"}));
}

TEST_F(GitleaksPack, RejectedRegexRunsOnlyAroundKeywordHits) {
  // Hyperscan would spend many seconds on the property class repeat; RE2
  // runs in a window around each keyword hit instead of over every message.
  WritePack(R"([[rules]]
id = "vault"
regex = '''\b([\p{L}\p{N}]{12,40}Z9)\b'''
keywords = ["vault"]
)");
  auto rules = CompileOk();
  ASSERT_NE(rules, nullptr);
  EXPECT_TRUE(Contains(rules->report().engines, "rule 'vault': RE2 around keyword hits"));
  const std::string secret = "abcdefghijklmZ9";
  EXPECT_EQ(ScanDescribe(rules, secret), V{});  // no keyword
  EXPECT_EQ(ScanDescribe(rules, "Vault " + secret), V{"vault 6-21 " + secret});
  // Before the keyword, within the window.
  EXPECT_EQ(ScanDescribe(rules, secret + " (vault)"), V{"vault 0-15 " + secret});
  // Far beyond the window the regex is not run: the bound of this engine.
  std::string far = "vault " + std::string(kKeywordWindowAfter + 100, '.') + " " + secret;
  EXPECT_EQ(ScanDescribe(rules, far), V{});
  // Two keyword hits with windows that overlap: each secret reported once.
  std::string two = "vault " + secret + " vault " + secret;
  EXPECT_EQ(ScanDescribe(rules, two), (V{"vault 6-21 " + secret, "vault 28-43 " + secret}));
}

// gitleaks rules are written for RE2, and their bounded repeats often add
// up to more than max_regex_repeat: such a regex is not refused (a pack's own
// rule would be) but served by RE2 around its keywords, with a note.
TEST_F(GitleaksPack, RegexOverTheRepeatLimitGoesToRe2) {
  WritePack(R"([[rules]]
id = "long"
regex = '''(?i)mytoken[\w.-]{0,150}[=:]\s*([a-z0-9]{20,100})'''
keywords = ["mytoken"]
)");
  auto rules = CompileOk();
  ASSERT_NE(rules, nullptr);
  EXPECT_TRUE(Contains(rules->report().engines, "rule 'long': RE2 around keyword hits"));
  EXPECT_TRUE(Contains(rules->report().re2_fallbacks, "more than max_regex_repeat (200)"));
  EXPECT_EQ(ScanDescribe(rules, "MYTOKEN_prod= abcdefghij0123456789xy"),
            V{"long 14-36 abcdefghij0123456789xy"});
  EXPECT_EQ(ScanDescribe(rules, "prod= abcdefghij0123456789xy"), V{});  // no keyword
}

TEST_F(GitleaksPack, RejectedRegexWithoutKeywordsRunsOnEveryMessage) {
  WritePack(R"([[rules]]
id = "ungreedy"
regex = '''(?U)\bq[0-9]+z'''
)");
  auto rules = CompileOk();
  ASSERT_NE(rules, nullptr);
  EXPECT_TRUE(Contains(rules->report().engines, "rule 'ungreedy': RE2 on every message"));
  EXPECT_EQ(ScanDescribe(rules, "see q123z"), V{"ungreedy 4-9 q123z"});
}

TEST_F(GitleaksPack, AllowListsByTargetAndCondition) {
  WritePack(R"([allowlist]
regexTarget = "line"
regexes = ['''(?i)do not use''']

[[rules]]
id = "tok"
regex = '''\b(k-[a-z0-9]{8})\b'''
[[rules.allowlists]]
regexTarget = "match"
regexes = ['''^k-0''']
[[rules.allowlists]]
condition = "AND"
regexes = ['''7$''']
stopwords = ["dead"]
)");
  auto rules = CompileOk();
  ASSERT_NE(rules, nullptr);
  EXPECT_EQ(ScanDescribe(rules, "k-ab12cd34"), V{"tok 0-10 k-ab12cd34"});
  EXPECT_EQ(ScanDescribe(rules, "k-0b12cd34"), V{});                 // match target
  EXPECT_EQ(ScanDescribe(rules, "k-dead1237"), V{});                 // AND: both hold
  EXPECT_EQ(ScanDescribe(rules, "k-dead1234"), V{"tok 0-10 k-dead1234"});  // AND: one
  EXPECT_EQ(ScanDescribe(rules, "k-beef1237"), V{"tok 0-10 k-beef1237"});
  // The line target sees the whole line, only that line.
  EXPECT_EQ(ScanDescribe(rules, "k-ab12cd34 (do NOT use)"), V{});
  EXPECT_EQ(ScanDescribe(rules, "do not use\nk-ab12cd34"), V{"tok 11-21 k-ab12cd34"});
}

TEST_F(GitleaksPack, ErrorsNameTheImportedFileLineAndRuleId) {
  WritePack(R"(title = "bad"

[[rules]]
description = "no id"
regex = '''x'''

[[rules]]
id = "nothing"
)");
  std::shared_ptr<const CompiledRules> rules;
  Status s = Compile(&rules);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("gitleaks.toml:3: [[rules]] needs an 'id'"), std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("gitleaks.toml:7: rule 'nothing': rule has neither"),
            std::string::npos) << s.message();
  // Regex errors come from the compiler, once the config parses.
  WritePack(R"([[rules]]
id = "broken"
regex = '''(unclosed'''

[[rules]]
id = "group"
regex = '''a(b)'''
secretGroup = 2

[[rules]]
id = "allowed"
regex = '''k-[0-9]{4}'''
[rules.allowlist]
regexes = ['''[z-a]''']
)");
  s = Compile(&rules);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("gitleaks.toml:3: rule 'broken': regex #1 is invalid"),
            std::string::npos) << s.message();
  EXPECT_NE(s.message().find("gitleaks.toml:7: rule 'group': secretGroup 2 but the regex has 1"),
            std::string::npos) << s.message();
  EXPECT_NE(s.message().find("gitleaks.toml:14: rule 'allowed': allowlist regex is invalid"),
            std::string::npos) << s.message();
  WritePack("[[rules]\nid = 1\n");
  s = Compile(&rules);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("gitleaks.toml:1: invalid TOML"), std::string::npos) << s.message();
}

TEST_F(GitleaksPack, ImportEntriesAreChecked) {
  Write("pack.toml", R"([[import]]
format = "yara"
path = "x.toml"
category = "credential"
[[import]]
format = "gitleaks"
path = "missing.toml"
category = "credential"
[[import]]
format = "gitleaks"
path = "x.toml"
tags = "t.txt"

[pack]
name = "t"
[categories.credential]
)");
  std::shared_ptr<const CompiledRules> rules;
  Status s = Compile(&rules);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("pack.toml:1: import: format 'yara'"), std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("pack.toml:5: import: cannot read 'missing.toml'"),
            std::string::npos) << s.message();
  EXPECT_NE(s.message().find("import: 'category' is missing"), std::string::npos);
  EXPECT_NE(s.message().find("import: tags, tag_categories"), std::string::npos);
}

TEST_F(GitleaksPack, ImportedIdsMustNotClashAndPrefixSeparatesThem) {
  const std::string config = "[[rules]]\nid = \"tok\"\nregex = '''k-[0-9]{6}'''\n";
  WritePack(config);
  Write("own.toml", "[[rule]]\nid = \"tok\"\ncategory = \"credential\"\nwords = [\"x1\"]\n");
  std::shared_ptr<const CompiledRules> rules;
  Status s = Compile(&rules);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("own.toml:1: rule 'tok': duplicate id; first defined at "
                             "gitleaks.toml:1"),
            std::string::npos) << s.message();
  Write("pack.toml", R"([[import]]
format = "gitleaks"
path = "gitleaks.toml"
category = "credential"
prefix = "gitleaks."
[pack]
name = "t"
[categories.credential]
)");
  rules = CompileOk();
  ASSERT_NE(rules, nullptr);
  EXPECT_EQ(ScanDescribe(rules, "k-123456"), V{"gitleaks.tok 0-8 k-123456"});
}

TEST_F(ImportTest, WordListWithTags) {
  const auto& rules = *pack_;
  EXPECT_EQ(ScanDescribe(rules, "你这个笨蛋"), V{"dict.abuse 9-15 笨蛋"});
  EXPECT_EQ(ScanDescribe(rules, "idiot!"), V{"dict.abuse 0-5 idiot"});
  EXPECT_EQ(ScanDescribe(rules, "idiots"), V{});
  // Traditional and Simplified forms fold alike: one term, one finding.
  EXPECT_EQ(ScanDescribe(rules, "機密泄露者"), V{"dict.abuse 0-15 機密泄露者"});
  // Tags map words to categories; an unmapped tag leaves the mapped one.
  EXPECT_EQ(ScanDescribe(rules, "赌博网站"), V{"dict.harmful 0-12 赌博网站"});
  EXPECT_EQ(ScanDescribe(rules, "代开发票"), V{"dict.harmful 0-12 代开发票"});
  EXPECT_EQ(ScanDescribe(rules, "内部消息称"), V{"dict.rumour 0-15 内部消息称"});
  EXPECT_EQ(ScanDescribe(rules, "蠢货"), (V{"dict.harmful 0-6 蠢货", "dict.rumour 0-6 蠢货"}));
  const PackReport& r = rules->report();
  EXPECT_TRUE(Contains(r.warnings, "dict.txt:9: rule 'dict.abuse': term 'Ａ' folds to a single"));
  EXPECT_TRUE(Contains(r.warnings, "dict.txt:10: rule 'dict.abuse': term '\u200b' folds to nothing"));
  EXPECT_TRUE(Contains(r.notes, "import dict.txt: 1 repeated words folded"));
  EXPECT_TRUE(Contains(r.notes, "rule 'dict.abuse': 1 terms fold like another"));
  EXPECT_TRUE(Contains(r.notes, "tag '9' (1 uses) is not in tag_categories"));
}

TEST_F(ImportTest, CacheKeepsImportedRules) {
  const auto& rules = *pack_;
  const std::string path =
      (fs::temp_directory_path() / ("chatscan_import_cache_" + std::to_string(getpid()))).string();
  ASSERT_TRUE(rules->Save(path).ok());
  std::shared_ptr<const CompiledRules> loaded;
  Status s = CompiledRules::Load(path, kPackDir, &loaded);
  fs::remove(path);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(loaded->report().engines, rules->report().engines);
  EXPECT_EQ(loaded->report().notes, rules->report().notes);
  CheckReport check = CheckPack(*rules);
  EXPECT_TRUE(check.failures.empty());
  for (const char* text :
       {"备份口令 Tr0ub4dor&3xQz 请保存", "use tk_a8f3k2m9q4w7e1r5t6y0u2i8 for staging",
        "api_key = changeme-9Xr2Lq7Wz4Kt", "测试环境用 sk_live_7Hq2Lw9ZtR4mXc8VbN3kPj6Y 就行",
        "config: API_KEY = 'tok3nV4lu3Zq9RxW2';", "蠢货"}) {
    EXPECT_EQ(ScanDescribe(loaded, text), ScanDescribe(rules, text)) << text;
  }
  EXPECT_EQ(ScanDescribe(loaded, "备份口令 Tr0ub4dor&3xQz 请保存").size(), 1u);
}

}  // namespace
}  // namespace chatscan
