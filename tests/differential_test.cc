// Differential test: Hyperscan through the whole library against a naive
// reference matcher. Hyperscan forks have shipped missing-match regressions;
// any disagreement here is a failure.
#include <algorithm>
#include <random>
#include <set>
#include <tuple>

#include "test_util.h"

namespace chatscan {
namespace {

using Span = std::tuple<std::string, uint32_t, uint32_t>;  // rule, start, end

bool WordByte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Every occurrence of `term` in `text`, ASCII-caselessly, with Latin word
// boundaries when asked.
void Reference(const std::string& id, const std::string& term, bool boundary,
               const std::string& text, std::set<Span>* out) {
  for (size_t i = 0; i + term.size() <= text.size(); ++i) {
    bool same = true;
    for (size_t k = 0; k < term.size() && same; ++k) same = Lower(text[i + k]) == Lower(term[k]);
    if (!same) continue;
    size_t end = i + term.size();
    if (boundary) {
      if (WordByte(term.front()) && i > 0 && WordByte(text[i - 1])) continue;
      if (WordByte(term.back()) && end < text.size() && WordByte(text[end])) continue;
    }
    out->insert({id, static_cast<uint32_t>(i), static_cast<uint32_t>(end)});
  }
}

void RunRounds(const std::vector<std::string>& alphabet, uint32_t seed, int rounds) {
  std::mt19937 rng(seed);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  for (int round = 0; round < rounds; ++round) {
    // A random lexicon: one rule per term, half of them with word boundaries.
    size_t n_terms = 1 + pick(40);
    std::vector<std::string> terms;
    std::vector<bool> boundary;
    std::string toml = testing::PackHeader();
    for (size_t t = 0; t < n_terms; ++t) {
      std::string term;
      size_t len = 2 + pick(4);
      for (size_t k = 0; k < len; ++k) term += alphabet[pick(alphabet.size())];
      terms.push_back(term);
      boundary.push_back(pick(2) == 0);
      toml += "[[rule]]\nid = \"r" + std::to_string(t) + "\"\ncategory = \"abuse\"\nwords = ['" +
              term + "']\nword_boundary = " + (boundary.back() ? "true" : "false") + "\n";
    }
    auto rules = testing::CompileOrDie(toml);
    ASSERT_NE(rules, nullptr);
    Scanner scanner(rules);
    ScanResult result;
    for (int m = 0; m < 50; ++m) {
      // Texts built from the terms, pieces of them, and other characters.
      std::string text;
      size_t pieces = pick(12);
      for (size_t p = 0; p < pieces; ++p) {
        switch (pick(4)) {
          case 0: text += terms[pick(terms.size())]; break;
          case 1: {
            const std::string& t = terms[pick(terms.size())];
            text += t.substr(0, pick(t.size()) / 3 * 3);
            break;
          }
          case 2: text += alphabet[pick(alphabet.size())]; break;
          default: text += pick(2) ? " " : "X"; break;
        }
      }
      std::set<Span> want;
      for (size_t t = 0; t < terms.size(); ++t) {
        Reference("r" + std::to_string(t), terms[t], boundary[t], text, &want);
      }
      ASSERT_TRUE(scanner.Scan(text, &result).ok());
      std::set<Span> got;
      for (const Finding& f : result.findings) {
        got.insert({rules->rules()[f.rule].id, f.start, f.end});
      }
      ASSERT_EQ(got.size(), result.findings.size()) << "a span was reported twice";
      if (got != want) {
        std::string diff;
        for (const Span& s : want) {
          if (!got.count(s)) diff += " missing " + std::get<0>(s) + "@" + std::to_string(std::get<1>(s));
        }
        for (const Span& s : got) {
          if (!want.count(s)) diff += " extra " + std::get<0>(s) + "@" + std::to_string(std::get<1>(s));
        }
        FAIL() << "seed " << seed << " round " << round << " text [" << text << "]:" << diff;
      }
    }
  }
}

TEST(DifferentialTest, AsciiTerms) { RunRounds({"a", "b", "c", "A", "1"}, 1, 60); }

TEST(DifferentialTest, CjkTerms) { RunRounds({"甲", "乙", "丙", "中"}, 2, 60); }

TEST(DifferentialTest, MixedTerms) { RunRounds({"a", "b", "甲", "乙", "9"}, 3, 60); }

}  // namespace
}  // namespace chatscan
