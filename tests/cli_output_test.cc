// The pieces of `chatscan scan`'s output for people: highlighting spans,
// CSV fields, the progress bar's line, UTF-8 checks.
#include "output.h"
#include "progress.h"
#include "text_util.h"

#include "gtest/gtest.h"

namespace chatscan::cli {
namespace {

constexpr char kOn[] = "\x1b[1;31m";
constexpr char kOff[] = "\x1b[0m";

std::vector<Finding> Spans(std::vector<std::pair<uint32_t, uint32_t>> spans) {
  std::vector<Finding> out;
  for (auto [start, end] : spans) out.push_back({0, start, end, Action::kBlock});
  return out;
}

std::string Marked(const std::string& a, const std::string& b, const std::string& c) {
  return a + kOn + b + kOff + c;
}

TEST(HighlightTest, WithoutColourIsThePrintableText) {
  EXPECT_EQ(Highlight("a\x1b[31mb", Spans({{0, 1}}), false), "a\xEF\xBF\xBD[31mb");
}

TEST(HighlightTest, ExactlyTheSpanBytes) {
  EXPECT_EQ(Highlight("abcdef", Spans({{1, 3}}), true), Marked("a", "bc", "def"));
  EXPECT_EQ(Highlight("abcdef", Spans({{0, 6}}), true), Marked("", "abcdef", ""));
}

TEST(HighlightTest, OverlapsAndNeighboursAreMerged) {
  EXPECT_EQ(Highlight("abcdef", Spans({{2, 5}, {1, 4}}), true), Marked("a", "bcde", "f"));
  EXPECT_EQ(Highlight("abcdef", Spans({{0, 2}, {2, 4}}), true), Marked("", "abcd", "ef"));
  EXPECT_EQ(Highlight("abcdef", Spans({{0, 1}, {3, 4}}), true),
            std::string(kOn) + "a" + kOff + "bc" + kOn + "d" + kOff + "ef");
}

TEST(HighlightTest, NeverSplitsAUtf8Sequence) {
  // 傻 is E5 82 BB, 逼 is E9 80 BC: a span from inside one to inside the
  // other covers both whole.
  EXPECT_EQ(Highlight("a傻逼b", Spans({{2, 5}}), true), Marked("a", "傻逼", "b"));
}

TEST(HighlightTest, BadBytesAndSpansPastTheEnd) {
  EXPECT_EQ(Highlight("a\xff" "b", Spans({{1, 2}}), true), Marked("a", "\xEF\xBF\xBD", "b"));
  EXPECT_EQ(Highlight("abc", Spans({{2, 99}}), true), Marked("ab", "c", ""));
}

TEST(HighlightTest, ControlCharactersInsideASpanAreReplaced) {
  EXPECT_EQ(Highlight("a\x1b" "b", Spans({{0, 3}}), true), Marked("", "a\xEF\xBF\xBD" "b", ""));
}

TEST(CsvFieldTest, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(CsvField("plain text 傻逼"), "plain text 傻逼");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("cr\r"), "\"cr\r\"");
  EXPECT_EQ(CsvField(""), "");
}

TEST(ProgressTest, LineShowsShareBytesRateAndTimeLeft) {
  EXPECT_EQ(ProgressBar::Line(50, 100, absl::Seconds(1)),
            "[############------------]  50.0%  50 B / 100 B  50 B/s  ETA 0:01");
  EXPECT_EQ(ProgressBar::Line(3000000, 12000000, absl::Seconds(2)),
            "[######------------------]  25.0%  3.0 MB / 12.0 MB  1.5 MB/s  ETA 0:06");
  EXPECT_EQ(ProgressBar::Line(1500, 0, absl::Seconds(1)), "1.5 kB  1.5 kB/s");
  EXPECT_EQ(ProgressBar::Line(0, 100, absl::ZeroDuration()),
            "[------------------------]   0.0%  0 B / 100 B  0 B/s  ETA ?");
}

TEST(Utf8Test, InvalidUtf8Offset) {
  EXPECT_EQ(InvalidUtf8Offset("傻逼 ok"), std::string_view::npos);
  EXPECT_EQ(InvalidUtf8Offset("ok\xff"), 2u);
  EXPECT_EQ(InvalidUtf8Offset("ab\xe5\x82"), 2u);  // cut short
}

}  // namespace
}  // namespace chatscan::cli
