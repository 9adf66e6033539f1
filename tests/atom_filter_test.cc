// The atom filter (lib/compile/atom_filter.h) against RE2's FilteredRE2 over
// the same regexes: the candidates of any set of atoms found must be the
// regexes FilteredRE2 says those atoms make possible, whether the filter
// answers from its per-atom table (one atom) or asks FilteredRE2 (more).
#include "compile/atom_filter.h"

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
#include "re2/filtered_re2.h"

namespace chatscan {
namespace {

TEST(AtomFilterTest, CandidatesAreWhatFilteredRe2Allows) {
  std::shared_ptr<const CompiledRules> rules = testing::DefaultPack();
  ASSERT_NE(rules, nullptr);
  std::vector<std::string> regexes;
  for (const Re2Pattern& p : rules->impl().re2_patterns) regexes.push_back(p.re->pattern());
  const int64_t max_mem = static_cast<int64_t>(rules->impl().limits.re2_max_mem);
  AtomFilter filter;
  filter.Build(regexes, max_mem);
  const std::vector<std::string>& atoms = filter.atoms();
  ASSERT_GT(atoms.size(), 100u);  // the default pack's regexes have many

  // The reference: FilteredRE2 built the same way (atoms of two Han
  // characters or six letters at least; the same atoms in the same order).
  re2::FilteredRE2 reference(6);
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(max_mem);
  for (const std::string& rx : regexes) {
    int id = 0;
    ASSERT_EQ(reference.Add(rx, options, &id), RE2::NoError) << rx;
  }
  std::vector<std::string> reference_atoms;
  reference.Compile(&reference_atoms);
  ASSERT_EQ(reference_atoms, atoms);

  auto expected = [&](const std::vector<int>& found) {
    std::vector<int> possible;
    reference.AllPotentials(found, &possible);
    std::vector<uint32_t> out;
    for (int id : possible) {
      if (filter.gated(static_cast<size_t>(id))) out.push_back(static_cast<uint32_t>(id));
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  auto candidates = [&](const std::vector<int>& found) {
    std::vector<int> scratch;
    std::vector<uint32_t> out;
    filter.Candidates(found, &scratch, &out);
    std::sort(out.begin(), out.end());
    return out;
  };
  size_t nonempty = 0;
  for (int a = 0; a < static_cast<int>(atoms.size()); ++a) {
    const std::vector<uint32_t> got = candidates({a});
    ASSERT_EQ(got, expected({a})) << "atom " << atoms[a];
    nonempty += !got.empty();
  }
  EXPECT_GT(nonempty, atoms.size() / 2);  // most atoms alone make a candidate
  std::mt19937 rng(11);
  for (int round = 0; round < 2000; ++round) {
    std::vector<int> found;
    for (int k = 2 + static_cast<int>(rng() % 4); k > 0; --k) {
      const int a = static_cast<int>(rng() % atoms.size());
      if (std::find(found.begin(), found.end(), a) == found.end()) found.push_back(a);
    }
    ASSERT_EQ(candidates(found), expected(found));
  }
}

// The claim RE2's windows rest on (AtomFilter::Windows): over long texts
// made of the labelled corpus's messages, every default-pack regex that is
// windowed finds in its windows exactly the matches it finds in the whole
// text.
TEST(AtomFilterTest, WindowsAroundAtomsHoldEveryMatch) {
  std::shared_ptr<const CompiledRules> rules = testing::DefaultPack();
  ASSERT_NE(rules, nullptr);
  const CompiledRules::Impl& impl = rules->impl();
  const AtomFilter& filter = impl.atom_filter;
  const std::vector<std::string> texts = testing::CorpusTexts({"labelled"});
  ASSERT_GT(texts.size(), 500u);
  const char* separators[] = {"", "，", "。", " ", "\n", "\n\n", "!", "abc ", "2024"};
  std::mt19937 rng(5);
  Folder folder;
  FoldedText folded;
  std::vector<AtomFilter::Occurrence> found;
  std::vector<AtomFilter::Window> windows, whole, windowed;
  size_t compared = 0, matches = 0, narrower = 0;
  for (int round = 0; round < 60; ++round) {
    std::string text;
    while (text.size() < 4000) {
      text += texts[rng() % texts.size()];
      text += separators[rng() % (sizeof(separators) / sizeof(separators[0]))];
    }
    folder.Fold(text, false, false, &folded);
    const std::string_view view = folded.views[kFoldedView].text();
    // Every occurrence of every atom, as the scanner's caseless literals
    // find them in the folded view.
    std::string lower(view);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    found.clear();
    for (uint32_t a = 0; a < filter.atoms().size(); ++a) {
      const std::string& atom = filter.atoms()[a];
      for (size_t at = lower.find(atom); at != std::string::npos; at = lower.find(atom, at + 1)) {
        found.push_back({a, static_cast<uint32_t>(at + atom.size())});
      }
    }
    for (uint32_t r = 0; r < impl.re2_patterns.size(); ++r) {
      const Re2Pattern& p = impl.re2_patterns[r];
      if (!filter.gated(r) ||
          !filter.Windows(r, p.max_bytes, found, view.size(), &windows)) {
        continue;
      }
      whole.clear();
      windowed.clear();
      AtomFilter::MatchesIn(*p.re, view, {0, view.size()}, &whole);
      size_t covered = 0;
      for (const AtomFilter::Window& w : windows) {
        AtomFilter::MatchesIn(*p.re, view, w, &windowed);
        covered += w.end - w.begin;
      }
      ASSERT_EQ(windowed.size(), whole.size()) << p.re->pattern() << "\n" << view;
      for (size_t m = 0; m < whole.size(); ++m) {
        ASSERT_EQ(windowed[m].begin, whole[m].begin) << p.re->pattern() << "\n" << view;
        ASSERT_EQ(windowed[m].end, whole[m].end) << p.re->pattern() << "\n" << view;
      }
      ++compared;
      matches += whole.size();
      narrower += covered < view.size();
    }
  }
  EXPECT_GT(compared, 60u * 15);   // most windowed regexes, in every text
  EXPECT_GT(matches, 200u);        // and they do match
  EXPECT_GT(narrower, compared / 2);  // in windows narrower than the text
}

// End to end: a message in the middle of a long text (a post: RE2 then runs
// in windows, and the text is folded once with its maps) gives the findings
// it gives between the same lines in a short text, moved by the text before.
TEST(AtomFilterTest, LongTextsFindWhatShortOnesFind) {
  std::shared_ptr<const CompiledRules> rules = testing::DefaultPack();
  ASSERT_NE(rules, nullptr);
  Scanner scanner(rules);
  const std::string line = "今天下午三点在二号会议室讨论新版本的排期。\n";
  std::string filler;
  while (filler.size() < 1200) filler += line;
  ScanResult short_text, long_text;
  ASSERT_TRUE(scanner.Scan(filler + filler, &long_text).ok());
  ASSERT_TRUE(long_text.findings.empty());
  const size_t moved = filler.size() - line.size();
  size_t with_findings = 0;
  for (const std::string& text : testing::CorpusTexts({"labelled"})) {
    ASSERT_LT(line.size() + text.size() + 1 + line.size(), 1024u);  // not a long text
    ASSERT_TRUE(scanner.Scan(line + text + "\n" + line, &short_text).ok());
    ASSERT_TRUE(scanner.Scan(filler + text + "\n" + filler, &long_text).ok());
    ASSERT_EQ(long_text.findings.size(), short_text.findings.size()) << text;
    for (size_t f = 0; f < short_text.findings.size(); ++f) {
      EXPECT_EQ(long_text.findings[f].rule, short_text.findings[f].rule) << text;
      EXPECT_EQ(long_text.findings[f].start, short_text.findings[f].start + moved) << text;
      EXPECT_EQ(long_text.findings[f].end, short_text.findings[f].end + moved) << text;
    }
    EXPECT_EQ(long_text.verdict, short_text.verdict) << text;
    with_findings += !short_text.findings.empty();
  }
  EXPECT_GT(with_findings, 300u);
}

}  // namespace
}  // namespace chatscan
