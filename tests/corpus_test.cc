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

std::vector<Labelled> LoadCorpus(const std::string& name) {
  std::ifstream in(std::string(CHATSCAN_TEST_DATA) + "/corpus/" + name);
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

struct CorpusRun {
  const char* file;
  bool rewrite;
  // The bounds: the tuning corpus must meet the issue's; the held-out one,
  // written without seeing the rules, guards against regressions.
  double min_precision, min_recall, max_clean_flagged;
  size_t min_messages;  // a guard against a truncated file
};

// Held-out corpus, written without seeing the rules: figures as measured when it
// was added (rumour and secret recall about 0.40), kept as a floor.
#define HELDOUT_BOUNDS 0.90, 0.35, 0.02, 300
// The second held-out corpus, rumour and secret only, also written blind
// (the first one's rumour and secret parts were looked at when those rules
// were generalised): figures as measured when it was added, kept as a floor.
#define HELDOUT2_BOUNDS 0.90, 0.50, 0.02, 150

class CorpusTest : public ::testing::TestWithParam<CorpusRun> {};

TEST_P(CorpusTest, DefaultPackMeetsPrecisionAndRecall) {
  const CorpusRun& run = GetParam();
  const bool rewrite = run.rewrite;
  std::shared_ptr<const CompiledRules> rules;
  Status s = CompiledRules::Compile(std::string(CHATSCAN_SOURCE_RULES_DIR) + "/default", &rules);
  ASSERT_TRUE(s.ok()) << s.message();
  std::vector<Labelled> corpus = LoadCorpus(run.file);
  ASSERT_GE(corpus.size(), run.min_messages);
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
  printf("\n%-13s %5s %5s %5s %9s %7s   (%s, %s)\n", "category", "tp", "fp", "fn", "precision",
         "recall", run.file, rewrite ? "Traditional + full-width" : "as written");
  for (auto& [category, c] : counts) {
    double precision = c.tp + c.fp == 0 ? 1.0 : static_cast<double>(c.tp) / (c.tp + c.fp);
    double recall = c.tp + c.fn == 0 ? 1.0 : static_cast<double>(c.tp) / (c.tp + c.fn);
    printf("%-13s %5d %5d %5d %9.3f %7.3f\n", category.c_str(), c.tp, c.fp, c.fn, precision,
           recall);
    bool ok = precision >= run.min_precision && recall >= run.min_recall;
    if (verbose || !ok) {
      for (const std::string& miss : c.misses) printf("%s\n", miss.c_str());
    }
    EXPECT_GE(precision, run.min_precision) << category;
    EXPECT_GE(recall, run.min_recall) << category;
  }
  double flagged_share = static_cast<double>(clean_flagged) / clean;
  printf("clean messages flagged: %d of %d (%.2f%%)\n", clean_flagged, clean, 100 * flagged_share);
  EXPECT_LE(flagged_share, run.max_clean_flagged);
}

INSTANTIATE_TEST_SUITE_P(
    Corpus, CorpusTest,
    ::testing::Values(CorpusRun{"labelled.jsonl", false, 0.95, 0.90, 0.01, 300},
                      CorpusRun{"labelled.jsonl", true, 0.95, 0.90, 0.01, 300},
                      CorpusRun{"heldout.jsonl", false, HELDOUT_BOUNDS},
                      CorpusRun{"heldout.jsonl", true, HELDOUT_BOUNDS},
                      CorpusRun{"heldout2.jsonl", false, HELDOUT2_BOUNDS},
                      CorpusRun{"heldout2.jsonl", true, HELDOUT2_BOUNDS}),
    [](const ::testing::TestParamInfo<CorpusRun>& info) {
      std::string name = std::string(info.param.file).substr(0, std::string(info.param.file).find('.'));
      return name + (info.param.rewrite ? "_TraditionalFullWidth" : "_AsWritten");
    });

}  // namespace
}  // namespace chatscan
