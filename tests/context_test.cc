// Context: the default pack's action tables (audience, Moments posts, off
// hours, holidays, time zones), verdict reasons, redaction and
// conversations.
#include <fstream>
#include <sstream>

#include "absl/time/time.h"
#include "test_util.h"

namespace chatscan {
namespace {

// The default pack's [pack], [hours] and [categories] tables with one
// test rule per category (each rule a made-up word), so the tables are
// tested as shipped while the real rules may change.
std::shared_ptr<const CompiledRules> DefaultTablesPack() {
  std::ifstream in(std::string(CHATSCAN_SOURCE_RULES_DIR) + "/default/pack.toml");
  std::stringstream pack;
  pack << in.rdbuf();
  std::string toml = pack.str();
  for (const char* c : {"abuse", "rumour", "secret", "credential", "privacy", "exaggeration", "link"}) {
    toml += std::string("[[rule]]\nid = \"t.") + c + "\"\ncategory = \"" + c + "\"\nwords = [\"tok" +
            c + "\"]\n";
  }
  return testing::CompileOrDie(toml);
}

int64_t Time(const char* rfc3339) {
  absl::Time t;
  std::string err;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &err)) << err;
  return absl::ToUnixSeconds(t);
}

struct Cell {
  const char* category;
  Kind kind;
  Audience audience;
  const char* time;  // nullptr: unknown
  Action expected;
};

constexpr Kind kChat = Kind::kChat;
constexpr Kind kMoment = Kind::kMoment;
constexpr Audience kIn = Audience::kInternal;
constexpr Audience kExt = Audience::kExternal;
constexpr Audience kPub = Audience::kPublic;
constexpr Action kAllow = Action::kAllow;
constexpr Action kReview = Action::kReview;
constexpr Action kBlock = Action::kBlock;

// Monday 2 November 2026: 10:00 Shanghai is working time, 23:00 is not.
constexpr const char* kWork = "2026-11-02T10:00:00+08:00";
constexpr const char* kOff = "2026-11-02T23:00:00+08:00";

const Cell kCells[] = {
    // abuse: block everywhere.
    {"abuse", kChat, kIn, kWork, kBlock}, {"abuse", kChat, kExt, kWork, kBlock},
    {"abuse", kChat, kPub, kWork, kBlock}, {"abuse", kMoment, kPub, kWork, kBlock},
    {"abuse", kChat, kIn, kOff, kBlock}, {"abuse", kChat, kIn, nullptr, kBlock},
    // rumour: review, block when public or in a Moments post.
    {"rumour", kChat, kIn, kWork, kReview}, {"rumour", kChat, kExt, kWork, kReview},
    {"rumour", kChat, kPub, kWork, kBlock}, {"rumour", kMoment, kIn, kWork, kBlock},
    {"rumour", kChat, kIn, kOff, kReview},
    // secret: review to colleagues, block outside; one step up off hours.
    {"secret", kChat, kIn, kWork, kReview}, {"secret", kChat, kExt, kWork, kBlock},
    {"secret", kChat, kPub, kWork, kBlock}, {"secret", kMoment, kIn, kWork, kBlock},
    {"secret", kChat, kIn, kOff, kBlock}, {"secret", kChat, kExt, kOff, kBlock},
    {"secret", kChat, kIn, nullptr, kReview},
    // credential: block everywhere.
    {"credential", kChat, kIn, kWork, kBlock}, {"credential", kChat, kExt, kWork, kBlock},
    {"credential", kMoment, kPub, kOff, kBlock},
    // privacy: review to colleagues, block outside.
    {"privacy", kChat, kIn, kWork, kReview}, {"privacy", kChat, kExt, kWork, kBlock},
    {"privacy", kChat, kPub, kWork, kBlock}, {"privacy", kMoment, kIn, kWork, kBlock},
    {"privacy", kChat, kIn, kOff, kReview},
    // exaggeration and link: review.
    {"exaggeration", kChat, kIn, kWork, kReview}, {"exaggeration", kMoment, kPub, kWork, kReview},
    {"exaggeration", kChat, kExt, kOff, kReview},
    {"link", kChat, kIn, kWork, kReview}, {"link", kChat, kExt, kWork, kReview},
    {"link", kMoment, kPub, kOff, kReview},
    // Holidays and make-up working days (the pack's example dates), and the
    // edge of the working day given in UTC: 09:59Z is 17:59 in Shanghai.
    {"secret", kChat, kIn, "2026-10-01T10:00:00+08:00", kBlock},  // a holiday, Thursday
    {"secret", kChat, kIn, "2026-10-10T10:00:00+08:00", kReview},  // a make-up Saturday
    {"secret", kChat, kIn, "2026-11-07T10:00:00+08:00", kBlock},  // an ordinary Saturday
    {"secret", kChat, kIn, "2026-11-02T09:59:00Z", kReview},       // 17:59 Shanghai
    {"secret", kChat, kIn, "2026-11-02T10:01:00Z", kBlock},        // 18:01 Shanghai
    {"secret", kChat, kIn, "2026-11-02T08:59:00+08:00", kBlock},   // before nine
    {"secret", kChat, kIn, "2026-11-02T09:00:00+08:00", kReview},
    {"secret", kChat, kIn, "2026-11-02T18:00:00+08:00", kBlock},   // the end is exclusive
};

TEST(ContextTest, DefaultActionTables) {
  auto rules = DefaultTablesPack();
  ASSERT_NE(rules, nullptr);
  Scanner scanner(rules);
  ScanResult result;
  for (const Cell& cell : kCells) {
    MessageContext ctx;
    ctx.kind = cell.kind;
    ctx.audience = cell.audience;
    if (cell.time != nullptr) ctx.unix_seconds = Time(cell.time);
    std::string text = std::string("看看 tok") + cell.category + " 这个";
    ASSERT_TRUE(scanner.Scan(text, ctx, &result).ok());
    ASSERT_EQ(result.findings.size(), 1u) << text;
    EXPECT_EQ(result.verdict, cell.expected)
        << cell.category << " " << KindName(cell.kind) << " " << AudienceName(cell.audience)
        << " " << (cell.time ? cell.time : "no time") << ": got " << ActionName(result.verdict);
    EXPECT_EQ(result.reasons, std::vector<uint32_t>{0});
  }
}

TEST(ContextTest, ReasonsNameTheFindingsThatDecide) {
  auto rules = DefaultTablesPack();
  ASSERT_NE(rules, nullptr);
  Scanner scanner(rules);
  ScanResult result;
  ASSERT_TRUE(scanner.Scan("toklink 和 tokabuse 和 toksecret", &result).ok());
  ASSERT_EQ(result.findings.size(), 3u);
  EXPECT_EQ(result.verdict, kBlock);
  EXPECT_EQ(result.reasons, std::vector<uint32_t>{1});  // abuse blocks; link and secret review
  ASSERT_TRUE(scanner.Scan("没有问题", &result).ok());
  EXPECT_EQ(result.verdict, kAllow);
  EXPECT_TRUE(result.reasons.empty());
}

TEST(ContextTest, WhenConditions) {
  auto rules = testing::CompileOrDie(testing::PackHeader() + R"(
[[rule]]
id = "off"
category = "secret"
words = ["报价"]
when = "off_hours"
)");
  MessageContext ctx;
  EXPECT_TRUE(testing::ScanDescribe(rules, "报价", ctx).empty());  // unknown time
  ctx.unix_seconds = Time(kWork);
  EXPECT_TRUE(testing::ScanDescribe(rules, "报价", ctx).empty());
  ctx.unix_seconds = Time(kOff);
  EXPECT_EQ(testing::ScanDescribe(rules, "报价", ctx).size(), 1u);
}

TEST(RedactTest, MasksLabelsAndMerges) {
  auto rules = DefaultTablesPack();
  ASSERT_NE(rules, nullptr);
  Scanner scanner(rules);
  ScanResult result;
  std::string out;
  // abuse is masked per character, secret labelled, link left alone.
  std::string text = "你 tokabuse 看 toksecret 和 toklink";
  ASSERT_TRUE(scanner.Scan(text, &result).ok());
  scanner.Redact(text, result, &out);
  EXPECT_EQ(out, "你 ＊＊＊＊＊＊＊＊ 看 [secret] 和 toklink");
  // Overlapping spans merge into one.
  ScanResult overlapping;
  overlapping.findings = {{0, 0, 6, kBlock}, {0, 3, 9, kBlock}, {0, 9, 12, kBlock}};
  scanner.Redact("一二三四五", overlapping, &out);
  EXPECT_EQ(out, "＊＊＊＊五");
}

TEST(ConversationTest, SplitMessagesAreCaughtOnce) {
  auto rules = testing::CompileOrDie(testing::PackHeader() + R"(
[[rule]]
id = "pw"
category = "secret"
regex = ['密码是\d{6}']
)");
  ConversationScanner conv(rules);
  ConversationResult r;
  MessageContext ctx;
  ctx.sender = "li";
  ctx.conversation = "g";
  int64_t t0 = Time(kWork);
  const char* parts[] = {"密", "码", "是", "123456"};
  for (int i = 0; i < 4; ++i) {
    ctx.unix_seconds = t0 + i * 10;
    ASSERT_TRUE(conv.Scan(i, parts[i], ctx, &r).ok());
    EXPECT_TRUE(r.single.findings.empty());
    if (i < 3) {
      EXPECT_TRUE(r.joined.empty()) << i;
    }
  }
  ASSERT_EQ(r.joined.size(), 1u);
  EXPECT_EQ(r.verdict, kBlock);
  ASSERT_EQ(r.joined[0].pieces.size(), 4u);
  EXPECT_EQ(r.joined[0].pieces[0].message, 0u);
  EXPECT_EQ(r.joined[0].pieces[3].message, 3u);
  EXPECT_EQ(r.joined[0].pieces[3].end, 6u);
  // The next message does not report it again.
  ctx.unix_seconds = t0 + 50;
  ASSERT_TRUE(conv.Scan(4, "好的", ctx, &r).ok());
  EXPECT_TRUE(r.joined.empty());
  EXPECT_EQ(r.verdict, kAllow);
}

TEST(ConversationTest, OutsideTheWindowIsNotJoined) {
  auto rules = testing::CompileOrDie(testing::PackHeader() + R"(
[[rule]]
id = "pw"
category = "secret"
regex = ['密码是\d{6}']
)");
  MessageContext ctx;
  ctx.sender = "li";
  ctx.conversation = "g";
  ConversationResult r;
  {  // more than two minutes apart
    ConversationScanner conv(rules);
    ctx.unix_seconds = Time(kWork);
    ASSERT_TRUE(conv.Scan(0, "密码是", ctx, &r).ok());
    ctx.unix_seconds = *ctx.unix_seconds + 121;
    ASSERT_TRUE(conv.Scan(1, "123456", ctx, &r).ok());
    EXPECT_TRUE(r.joined.empty());
  }
  {  // more than five messages apart
    ConversationScanner conv(rules);
    ctx.unix_seconds.reset();
    ASSERT_TRUE(conv.Scan(0, "密码是", ctx, &r).ok());
    for (int i = 1; i <= 4; ++i) ASSERT_TRUE(conv.Scan(i, "嗯", ctx, &r).ok());
    ASSERT_TRUE(conv.Scan(5, "123456", ctx, &r).ok());
    EXPECT_TRUE(r.joined.empty());
  }
  {  // another sender's messages are not joined with li's
    ConversationScanner conv(rules);
    ASSERT_TRUE(conv.Scan(0, "密码是", ctx, &r).ok());
    MessageContext other = ctx;
    other.sender = "wang";
    ASSERT_TRUE(conv.Scan(1, "123456", other, &r).ok());
    EXPECT_TRUE(r.joined.empty());
  }
  {  // a finding inside one message is not reported again when joined
    ConversationScanner conv(rules);
    ASSERT_TRUE(conv.Scan(0, "密码是123456", ctx, &r).ok());
    EXPECT_EQ(r.single.findings.size(), 1u);
    ASSERT_TRUE(conv.Scan(1, "789", ctx, &r).ok());
    EXPECT_TRUE(r.joined.empty());
  }
}

}  // namespace
}  // namespace chatscan

namespace chatscan {
namespace {

// Over the whole labelled corpus: what redaction masks is gone when the
// redacted text is scanned again, and redacting twice changes nothing.
TEST(RedactTest, RoundTripOverTheCorpus) {
  std::shared_ptr<const CompiledRules> rules;
  Status s = CompiledRules::Compile(std::string(CHATSCAN_SOURCE_RULES_DIR) + "/default", &rules);
  ASSERT_TRUE(s.ok()) << s.message();
  std::ifstream in(std::string(CHATSCAN_TEST_DATA) + "/corpus/labelled.jsonl");
  Scanner scanner(rules);
  ScanResult first, again;
  std::string redacted, twice, line;
  int messages = 0, masked = 0;
  while (std::getline(in, line)) {
    // The text field only; the corpus test reads the rest.
    size_t at = line.find("\"text\": \"");
    ASSERT_NE(at, std::string::npos);
    std::string text;
    for (size_t i = at + 9; i < line.size() && line[i] != '"'; ++i) {
      if (line[i] == '\\' && i + 1 < line.size()) {
        ++i;
        if (line[i] == 'n') {
          text += '\n';
          continue;
        }
        if (line[i] == 'u') {  // \uXXXX escapes are rare here; keep them as written
          text += "\\u";
          continue;
        }
      }
      text += line[i];
    }
    ++messages;
    ASSERT_TRUE(scanner.Scan(text, &first).ok());
    scanner.Redact(text, first, &redacted);
    if (redacted != text) ++masked;
    ASSERT_TRUE(scanner.Scan(redacted, &again).ok());
    for (const Finding& f : again.findings) {
      const RuleInfo& info = rules->rules()[f.rule];
      bool kept_category = info.category == "link";  // the default pack does not mask links
      EXPECT_TRUE(kept_category) << "after redaction [" << redacted << "] still has " << info.id
                                 << " on [" << redacted.substr(f.start, f.end - f.start) << "]";
    }
    scanner.Redact(redacted, again, &twice);
    EXPECT_EQ(twice, redacted) << "redacting twice changed [" << text << "]";
  }
  EXPECT_GT(messages, 700);
  EXPECT_GT(masked, 100);
}

}  // namespace
}  // namespace chatscan
