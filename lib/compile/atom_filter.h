// AtomFilter: the literals a pack's regexes cannot match without.
//
// Hyperscan's prefilter mode approximates a regex, and for some shapes (a
// long alternation of phrases, then a bounded gap, then alternations of
// figures) the approximation matches nearly every message, so RE2 would run
// on every message. RE2's FilteredRE2 instead works out, per regex, an
// AND/OR tree of literal "atoms" every match must contain. The compiler
// adds the atoms to the folded view's database as plain literals; after a
// scan, the regexes whose tree the matched atoms satisfy are the
// candidates RE2 confirms. A regex without such a tree (\d{11}) keeps its
// Hyperscan prefilter.
#ifndef CHATSCAN_LIB_COMPILE_ATOM_FILTER_H_
#define CHATSCAN_LIB_COMPILE_ATOM_FILTER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "re2/filtered_re2.h"

namespace chatscan {

class AtomFilter {
 public:
  // Builds the filter over `regexes` (ids are their indexes). Deterministic:
  // the same regexes give the same atoms in the same order, which is what
  // lets a cache file refer to atoms by index.
  // RE2 may use `max_mem` bytes per regex, as for the pack's own programs.
  void Build(const std::vector<std::string>& regexes, int64_t max_mem);

  // The atoms to find in the folded view, lower-case (match them
  // caselessly). Empty when no regex has a tree.
  const std::vector<std::string>& atoms() const { return atoms_; }
  // True if regex `id` is served by the atoms rather than a prefilter.
  bool gated(size_t id) const { return id < gated_.size() && gated_[id]; }
  // Regex `id` is served another way (RE2 on its own): never a candidate.
  void Ungate(size_t id) {
    if (id < gated_.size()) gated_[id] = false;
  }

  // Appends to `regexes` the gated regexes that the atoms found (indexes
  // into atoms(), each once, in any order) make possible.
  void Candidates(const std::vector<int>& found, std::vector<int>* scratch,
                  std::vector<uint32_t>* regexes) const;

 private:
  std::unique_ptr<re2::FilteredRE2> filter_;
  std::vector<std::string> atoms_;
  std::vector<bool> gated_;
  // Per atom, the regexes it makes possible on its own: most messages with
  // an atom have just one (a common word such as 不是), and FilteredRE2
  // allocates on every call.
  std::vector<std::vector<uint32_t>> alone_;
};

}  // namespace chatscan

#endif  // CHATSCAN_LIB_COMPILE_ATOM_FILTER_H_
