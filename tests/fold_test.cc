// Folding: the golden table of disguises, a property test with random
// disguises, and the fold table checked against ICU itself.
#include <fstream>
#include <random>

#include "absl/strings/str_split.h"
#include "compile/compiled_rules_impl.h"
#include "normalize/fold_table.h"
#include "normalize/folder.h"
#include "test_util.h"
#include "unicode/utf8.h"

namespace chatscan {
namespace {

// Decodes \u{XXXX} escapes.
std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 3, "\\u{") == 0) {
      size_t close = s.find('}', i);
      UChar32 c = static_cast<UChar32>(std::stoul(s.substr(i + 3, close - i - 3), nullptr, 16));
      char buf[4];
      int32_t n = 0;
      U8_APPEND_UNSAFE(buf, n, c);
      out.append(buf, n);
      i = close;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::shared_ptr<const CompiledRules> FoldPack() {
  std::shared_ptr<const CompiledRules> rules;
  Status s = CompiledRules::Compile(std::string(CHATSCAN_TEST_DATA) + "/fold", &rules);
  EXPECT_TRUE(s.ok()) << s.message();
  return rules;
}

TEST(FoldTest, GoldenTable) {
  auto rules = FoldPack();
  ASSERT_NE(rules, nullptr);
  std::ifstream in(std::string(CHATSCAN_TEST_DATA) + "/fold/golden.tsv");
  ASSERT_TRUE(in) << "golden.tsv missing";
  Scanner scanner(rules);
  ScanResult result;
  std::string line;
  int positives = 0, negatives = 0, line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols = absl::StrSplit(line, '\t');
    ASSERT_EQ(cols.size(), 3u) << "golden.tsv:" << line_no << ": need 3 tab-separated columns";
    std::string text = Unescape(cols[0]);
    ASSERT_TRUE(scanner.Scan(text, &result).ok());
    std::vector<std::string> got = testing::Describe(*rules, text, result);
    std::string all;
    for (const std::string& g : got) all += "\n  " + g;
    if (cols[1] == "-") {
      ++negatives;
      EXPECT_TRUE(result.findings.empty()) << "golden.tsv:" << line_no << ": " << cols[0]
                                           << " must not match, got:" << all;
      continue;
    }
    ++positives;
    std::string match = Unescape(cols[2]);
    size_t at = text.find(match);
    ASSERT_NE(at, std::string::npos) << "golden.tsv:" << line_no << ": match not in text";
    std::string want = cols[1] + " " + std::to_string(at) + "-" +
                       std::to_string(at + match.size()) + " " + match;
    EXPECT_NE(std::find(got.begin(), got.end(), want), got.end())
        << "golden.tsv:" << line_no << ": " << cols[0] << "\n want " << want << "\n got:" << all;
  }
  EXPECT_GE(positives, 100);
  EXPECT_GE(negatives, 25);
}

// Random texts with a term disguised by noise, ignorables, full-width forms
// and Traditional characters: the term is found with exactly the disguised
// span, and every finding's span, folded, holds its term.
TEST(FoldTest, RandomDisguisesAreSeenThrough) {
  auto rules = testing::CompileOrDie(testing::PackHeader() + R"(
[[rule]]
id = "t"
category = "abuse"
words = ["坏蛋", "机密文件", "abc"]
noise = true
)");
  ASSERT_NE(rules, nullptr);
  const std::vector<std::string> terms = {"坏蛋", "机密文件", "abc"};
  // Disguises of single characters.
  auto disguise = [](const std::string& ch, std::mt19937& rng) -> std::string {
    if (ch == "机" && rng() % 2) return "機";
    if (ch == "文" && rng() % 3 == 0) return "文";
    if (ch.size() == 1 && rng() % 2) {  // full-width capital: U+FF21 + (c - 'a')
      return std::string("\xEF\xBC") + static_cast<char>(0xA1 + (ch[0] - 'a'));
    }
    return ch;
  };
  const std::vector<std::string> noise = {" ", "*", ".", "_", "\xF0\x9F\x98\x80", "-", "~"};
  const std::vector<std::string> ignorable = {"\u200B", "\u200D", "\u00AD", "\uFE0F", "\u2060"};
  const std::vector<std::string> filler = {"今天", "开会", "的", "好", "，", " ", "x", "9", "。"};
  std::mt19937 rng(11);
  Scanner scanner(rules);
  ScanResult result;
  for (int round = 0; round < 3000; ++round) {
    size_t which = rng() % terms.size();
    const std::string& term = terms[which];
    std::vector<std::string> chars;
    for (size_t i = 0; i < term.size();) {
      size_t n = term[i] & 0x80 ? 3 : 1;
      chars.push_back(term.substr(i, n));
      i += n;
    }
    std::string disguised;
    for (size_t c = 0; c < chars.size(); ++c) {
      if (c > 0) {
        int gap = rng() % 4;  // at most 3 noise characters: must still match
        for (int g = 0; g < gap; ++g) disguised += noise[rng() % noise.size()];
        if (rng() % 3 == 0) disguised += ignorable[rng() % ignorable.size()];
      }
      disguised += disguise(chars[c], rng);
    }
    std::string before, after;
    for (int k = rng() % 4; k > 0; --k) before += filler[rng() % filler.size()];
    for (int k = rng() % 4; k > 0; --k) after += filler[rng() % filler.size()];
    // Latin terms need word boundaries around them.
    if (which == 2) {
      before += " ";
      after = " " + after;
    }
    std::string text = before + disguised + after;
    ASSERT_TRUE(scanner.Scan(text, &result).ok());
    bool found = false;
    for (const Finding& f : result.findings) {
      ASSERT_LE(f.end, text.size());
      ASSERT_NE(static_cast<uint8_t>(text[f.start]) & 0xC0, 0x80) << "start inside a character";
      if (f.end < text.size()) {
        ASSERT_NE(static_cast<uint8_t>(text[f.end]) & 0xC0, 0x80) << "end inside a character";
      }
      // The span, folded and with noise removed, is one of the terms.
      std::string folded = FoldTable::FoldWithIcu(text.substr(f.start, f.end - f.start));
      std::string kept;
      for (char ch : folded) {
        if (std::string(" *._-~").find(ch) == std::string::npos) kept += ch;
      }
      // Drop the emoji (4-byte sequences) and lower-case what is left.
      std::string plain;
      for (size_t i = 0; i < kept.size(); ++i) {
        if (static_cast<uint8_t>(kept[i]) == 0xF0) {
          i += 3;
          continue;
        }
        plain += (kept[i] >= 'A' && kept[i] <= 'Z') ? static_cast<char>(kept[i] + 32) : kept[i];
      }
      ASSERT_NE(std::find(terms.begin(), terms.end(), plain), terms.end())
          << "span [" << text.substr(f.start, f.end - f.start) << "] folds to [" << plain << "]";
      if (f.start == before.size() && f.end == before.size() + disguised.size()) found = true;
    }
    ASSERT_TRUE(found) << "round " << round << ": [" << text << "] disguised [" << disguised
                       << "] not found with its exact span";
  }
}

// The table gives, character by character, what ICU gives for the string.
TEST(FoldTest, TableAgreesWithIcu) {
  Folder folder;
  FoldedText out;
  int checked = 0;
  for (UChar32 c = 0x20; c < 0x30000; ++c) {
    if ((c >= 0xD800 && c <= 0xDFFF) || (c > 0x2FFFF)) continue;
    if (c >= 0x3400 && c % 7 != 0) continue;  // sample the large Han blocks
    const FoldEntry& e = FoldTable::Get().Lookup(static_cast<char32_t>(c));
    if (e.cls == CharClass::kCombining) continue;
    char buf[4];
    int32_t n = 0;
    U8_APPEND_UNSAFE(buf, n, c);
    std::string one(buf, n);
    folder.Fold(one, false, false, &out);
    ASSERT_EQ(out.views[kFoldedView].text(), FoldTable::FoldWithIcu(one)) << "U+" << std::hex << c;
    ++checked;
  }
  EXPECT_GT(checked, 30000);
}

TEST(FoldTest, OffsetMapCoversTheDisguise) {
  Folder folder;
  FoldedText out;
  std::string text = "你傻 *\u200B逼！";
  folder.Fold(text, true, true, &out);
  const View& dense = out.views[kDenseView];
  EXPECT_EQ(dense.text(), "你傻逼\n");
  size_t at = dense.text().find("傻逼");
  EXPECT_EQ(dense.OriginalBegin(at), 3u);
  EXPECT_EQ(dense.OriginalEnd(at + 6), text.find("！"));
  EXPECT_EQ(dense.gap[at + 3], 2);  // space and star; the zero-width space is not noise
  const View& py = out.views[kPinyinView];
  EXPECT_EQ(py.text(), "nishabi\n");
  EXPECT_EQ(py.OriginalBegin(2), 3u);
  EXPECT_EQ(py.OriginalEnd(7), text.find("！"));
}

TEST(FoldTest, HanNumeralsStayHan) {
  auto rules = FoldPack();
  ASSERT_NE(rules, nullptr);
  EXPECT_EQ(testing::ScanDescribe(rules, "一条狗 下三滥"), std::vector<std::string>{});
  EXPECT_EQ(testing::ScanDescribe(rules, "1条狗"), std::vector<std::string>{"secret.digits 0-7 1条狗"});
  EXPECT_EQ(testing::ScanDescribe(rules, "１条狗"), std::vector<std::string>{"secret.digits 0-9 １条狗"});
}

TEST(FoldTest, InvalidUtf8IsDeterministic) {
  auto rules = FoldPack();
  ASSERT_NE(rules, nullptr);
  Scanner a(rules), b(rules);
  ScanResult ra, rb;
  std::mt19937 rng(5);
  for (int i = 0; i < 500; ++i) {
    std::string text = "傻";
    for (int k = rng() % 8; k > 0; --k) text.push_back(static_cast<char>(0x80 + rng() % 0x80));
    text += "\xED\xA0\x80逼";  // an encoded lone surrogate
    ASSERT_TRUE(a.Scan(text, &ra).ok());
    ASSERT_TRUE(b.Scan(text, &rb).ok());
    ASSERT_EQ(testing::Describe(*rules, text, ra), testing::Describe(*rules, text, rb));
    for (const Finding& f : ra.findings) ASSERT_LE(f.end, text.size());
  }
}

// chatscan-bench compares the scan with the scan that takes the text as
// written (Impl::fold_text false) to measure what folding costs: that scan
// must find the plain terms, at their offsets, and none of the disguises.
TEST(FoldTest, ScanWithFoldingOffTakesTheTextAsWritten) {
  const std::string pack = testing::PackHeader() +
                           "[[rule]]\nid = \"secret.w\"\ncategory = \"secret\"\n"
                           "words = [\"机密\", \"mima\"]\n";
  auto folding = testing::CompileOrDie(pack);
  auto unfolded = testing::CompileOrDie(pack);
  ASSERT_NE(folding, nullptr);
  ASSERT_NE(unfolded, nullptr);
  const_cast<CompiledRules::Impl&>(unfolded->impl()).fold_text = false;
  const std::string text = "機密，机密！ｍｉｍａ mima";
  EXPECT_EQ(testing::ScanDescribe(folding, text),
            (std::vector<std::string>{"secret.w 0-6 機密", "secret.w 9-15 机密",
                                      "secret.w 18-30 ｍｉｍａ", "secret.w 31-35 mima"}));
  EXPECT_EQ(testing::ScanDescribe(unfolded, text),
            (std::vector<std::string>{"secret.w 9-15 机密", "secret.w 31-35 mima"}));
}

// The scanner scans the bytes FoldBytes writes and takes offsets from the
// maps Fold writes: both must produce the same view bytes for any input,
// including combining marks after ignorables, invalid UTF-8 and multi-unit
// outputs.
TEST(FoldTest, FoldBytesWritesTheSameViewsAsFold) {
  const std::vector<std::string> pieces = {
      "傻", "逼", "機密", "Ｓ", "B", "a", " ", "*", "\u200B", "\u0301", "\u0302", "e",
      "\xE3\x8D\xBF" /* ㍿ */, "\xF0\x9F\x98\x80" /* emoji */, "\xFF", "\xED\xA0\x80",
      "。", "1", "①", "ﬁ", "\n", "中文", "\xC3"};
  // The folded view alone is folded one way with BMI2's pext and another
  // without: both are checked, the first where the processor has it.
  Folder with_maps, bytes_only, portable(false);
  FoldedText a, b;
  std::mt19937 rng(17);
  int identical = 0, shifted = 0;
  for (int round = 0; round < 6000; ++round) {
    std::string text;
    for (int k = rng() % 24; k > 0; --k) text += pieces[rng() % pieces.size()];
    with_maps.Fold(text, true, true, &a);
    bytes_only.FoldBytes(text, true, true, &b);
    for (int v = 0; v < kViewCount; ++v) {
      ASSERT_EQ(a.views[v].text(), b.views[v].text())
          << "view " << ViewName(v) << " of [" << text << "]";
    }
    (round % 2 == 0 ? bytes_only : portable).FoldBytes(text, false, false, &b);
    ASSERT_EQ(a.views[kFoldedView].text(), b.views[kFoldedView].text()) << "[" << text << "]";
    const View& fa = a.views[kFoldedView];
    const View& fb = b.views[kFoldedView];
    if (fb.by_shifts && fb.shifts.empty() && !text.empty()) {
      ASSERT_EQ(fb.text(), text);
      ++identical;
    }
    // Without combining marks the shifts stand in for the maps: every
    // unit start and every unit end maps to the same original bytes.
    const bool marks = text.find("\u0301") != std::string::npos ||
                       text.find("\u0302") != std::string::npos;
    ASSERT_EQ(fb.by_shifts, !marks) << "[" << text << "]";
    if (!fb.by_shifts) continue;
    ++shifted;
    for (size_t from = 0; from < fb.size; ++from) {
      if (!fb.UnitStart(from)) continue;
      ASSERT_EQ(fb.OriginalBegin(from), fa.OriginalBegin(from)) << from << " [" << text << "]";
      size_t to = from + 1;
      while (to < fb.size && !fb.UnitStart(to)) ++to;
      ASSERT_EQ(fb.OriginalEnd(to), fa.OriginalEnd(to)) << to << " [" << text << "]";
    }
  }
  EXPECT_GT(identical, 100);  // the pieces include texts that fold to themselves
  EXPECT_GT(shifted, 1000);   // and many that fold with shifts
  bytes_only.FoldBytes("傻逼 hello。", false, false, &b);
  EXPECT_TRUE(b.views[kFoldedView].shifts.empty());
  bytes_only.FoldBytes("傻逼 Ｈello。", false, false, &b);
  EXPECT_EQ(b.views[kFoldedView].shifts.size(), 1u);
  EXPECT_EQ(b.views[kFoldedView].text(), "傻逼 Hello。");
}

// Every character below U+10000, alone and in runs long enough for the
// two-at-a-time test, and the malformed 3-byte forms (overlong, surrogate,
// cut off): the folded view alone, with and without pext, is the folded
// view Fold writes.
TEST(FoldTest, FoldedViewAloneAgreesForEveryCharacter) {
  Folder with_maps, fast, portable(false);
  FoldedText a, b, c;
  std::string run;
  for (char32_t cp = 1; cp < 0x10000; ++cp) {
    if (cp == 0xD800) cp = 0xE000;
    char buf[4];
    int32_t n = 0;
    U8_APPEND_UNSAFE(buf, n, cp);
    const std::string one(buf, n);
    std::string text = one + one + one + "x" + one + one + one;
    with_maps.Fold(text, false, false, &a);
    fast.FoldBytes(text, false, false, &b);
    portable.FoldBytes(text, false, false, &c);
    ASSERT_EQ(a.views[kFoldedView].text(), b.views[kFoldedView].text()) << "U+" << std::hex << cp;
    ASSERT_EQ(a.views[kFoldedView].text(), c.views[kFoldedView].text()) << "U+" << std::hex << cp;
    ASSERT_EQ(b.views[kFoldedView].shifts.size(), c.views[kFoldedView].shifts.size());
    // The shifts give each unit the original bytes the maps give it.
    const View& fa = a.views[kFoldedView];
    const View& fb = b.views[kFoldedView];
    if (!fb.by_shifts) continue;  // combining marks: Fold wrote the view
    for (size_t from = 0; from < fb.size; ++from) {
      if (!fb.UnitStart(from)) continue;
      ASSERT_EQ(fb.OriginalBegin(from), fa.OriginalBegin(from)) << "U+" << std::hex << cp;
      size_t to = from + 1;
      while (to < fb.size && !fb.UnitStart(to)) ++to;
      ASSERT_EQ(fb.OriginalEnd(to), fa.OriginalEnd(to)) << "U+" << std::hex << cp;
    }
  }
  for (const std::string malformed : {"\xE0\x80\x80", "\xE0\x9F\xBF", "\xED\xA0\x80",
                                      "\xED\xBF\xBF", "\xE4\xB8", "\xEF\xBF"}) {
    for (const std::string& text : {malformed + "中文中文", "中文中" + malformed + "中文",
                                    "中文中文中文" + malformed}) {
      with_maps.Fold(text, false, false, &a);
      fast.FoldBytes(text, false, false, &b);
      portable.FoldBytes(text, false, false, &c);
      ASSERT_EQ(a.views[kFoldedView].text(), b.views[kFoldedView].text());
      ASSERT_EQ(a.views[kFoldedView].text(), c.views[kFoldedView].text());
      EXPECT_NE(b.views[kFoldedView].text().find("\xEF\xBF\xBD"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace chatscan
