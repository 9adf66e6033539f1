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
#include "compile/compiled_rules_impl.h"
#include "re2/filtered_re2.h"

namespace chatscan {
namespace {

TEST(AtomFilterTest, CandidatesAreWhatFilteredRe2Allows) {
  std::shared_ptr<const CompiledRules> rules;
  Status s = CompiledRules::Compile(CHATSCAN_SOURCE_RULES_DIR "/default", &rules);
  ASSERT_TRUE(s.ok()) << s.message();
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

}  // namespace
}  // namespace chatscan
