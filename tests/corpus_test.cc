// The default pack on the labelled corpus (tests/data/corpus): per
// category precision >= 0.95 and recall >= 0.90, and at most 1% of the clean
// messages flagged. Run twice: as written, and rewritten in Traditional
// characters with full-width Latin letters and digits.
//
// Set CHATSCAN_CORPUS_VERBOSE=1 to list every miss and false alarm.
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include "nlohmann/json.hpp"
#include "test_util.h"
#include "unicode/translit.h"
#include "unicode/unistr.h"

namespace chatscan {
namespace {

struct Labelled {
  std::string id;
  std::string text;
  MessageContext context;
  std::set<std::string> labels;
};

std::vector<Labelled> LoadCorpus() {
  std::ifstream in(std::string(CHATSCAN_TEST_DATA) + "/corpus/labelled.jsonl");
  std::vector<Labelled> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line);
    Labelled m;
    m.id = j["id"];
    m.text = j["text"];
    m.context.kind = j.value("kind", "chat") == "moment" ? Kind::kMoment : Kind::kChat;
    std::string audience = j.value("audience", "internal");
    m.context.audience = audience == "public"     ? Audience::kPublic
                         : audience == "external" ? Audience::kExternal
                                                  : Audience::kInternal;
    for (const auto& l : j["labels"]) m.labels.insert(l.get<std::string>());
    out.push_back(std::move(m));
  }
  return out;
}

// Traditional characters, and ASCII letters and digits in full width.
std::string TraditionalFullWidth(const std::string& text) {
  static icu::Transliterator* t2 = [] {
    UErrorCode status = U_ZERO_ERROR;
    return icu::Transliterator::createInstance("Simplified-Traditional", UTRANS_FORWARD, status);
  }();
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  t2->transliterate(u);
  icu::UnicodeString wide;
  for (int32_t i = 0; i < u.length(); ++i) {
    UChar c = u[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    wide.append(alnum ? static_cast<UChar>(c - 0x20 + 0xFF00) : c);
  }
  std::string out;
  wide.toUTF8String(out);
  return out;
}

class CorpusTest : public ::testing::TestWithParam<bool> {};

TEST_P(CorpusTest, DefaultPackMeetsPrecisionAndRecall) {
  const bool rewrite = GetParam();
  std::shared_ptr<const CompiledRules> rules;
  Status s = CompiledRules::Compile(std::string(CHATSCAN_SOURCE_RULES_DIR) + "/default", &rules);
  ASSERT_TRUE(s.ok()) << s.message();
  std::vector<Labelled> corpus = LoadCorpus();
  ASSERT_GT(corpus.size(), 700u);
  const bool verbose = getenv("CHATSCAN_CORPUS_VERBOSE") != nullptr;
  Scanner scanner(rules);
  ScanResult result;
  struct Counts {
    int tp = 0, fp = 0, fn = 0;
    std::vector<std::string> misses;
  };
  std::map<std::string, Counts> counts;
  for (const char* c : {"abuse", "rumour", "secret", "credential", "privacy", "exaggeration", "link"}) {
    counts[c];
  }
  int clean = 0, clean_flagged = 0;
  for (const Labelled& m : corpus) {
    std::string text = rewrite ? TraditionalFullWidth(m.text) : m.text;
    ASSERT_TRUE(scanner.Scan(text, m.context, &result).ok());
    std::set<std::string> predicted;
    std::string why;
    for (const Finding& f : result.findings) {
      const RuleInfo& info = rules->rules()[f.rule];
      predicted.insert(info.category);
      why += " " + info.id + "[" + text.substr(f.start, f.end - f.start) + "]";
    }
    if (m.labels.empty()) {
      ++clean;
      if (!predicted.empty()) ++clean_flagged;
    }
    for (auto& [category, c] : counts) {
      bool want = m.labels.count(category) > 0, got = predicted.count(category) > 0;
      if (want && got) ++c.tp;
      if (!want && got) {
        ++c.fp;
        c.misses.push_back("  false alarm " + m.id + ": " + text + " ->" + why);
      }
      if (want && !got) {
        ++c.fn;
        c.misses.push_back("  missed " + m.id + ": " + text + (why.empty() ? "" : " ->" + why));
      }
    }
  }
  printf("\n%-13s %5s %5s %5s %9s %7s   (%s)\n", "category", "tp", "fp", "fn", "precision",
         "recall", rewrite ? "Traditional + full-width" : "as written");
  for (auto& [category, c] : counts) {
    double precision = c.tp + c.fp == 0 ? 1.0 : static_cast<double>(c.tp) / (c.tp + c.fp);
    double recall = c.tp + c.fn == 0 ? 1.0 : static_cast<double>(c.tp) / (c.tp + c.fn);
    printf("%-13s %5d %5d %5d %9.3f %7.3f\n", category.c_str(), c.tp, c.fp, c.fn, precision,
           recall);
    bool ok = precision >= 0.95 && recall >= 0.90;
    if (verbose || !ok) {
      for (const std::string& miss : c.misses) printf("%s\n", miss.c_str());
    }
    EXPECT_GE(precision, 0.95) << category;
    EXPECT_GE(recall, 0.90) << category;
  }
  double flagged_share = static_cast<double>(clean_flagged) / clean;
  printf("clean messages flagged: %d of %d (%.2f%%)\n", clean_flagged, clean, 100 * flagged_share);
  EXPECT_LE(flagged_share, 0.01);
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "TraditionalFullWidth" : "AsWritten";
                         });

}  // namespace
}  // namespace chatscan
