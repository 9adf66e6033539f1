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
#include <string_view>
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

  // One occurrence of an atom in the folded view: it ends at byte `end`.
  struct Occurrence {
    uint32_t atom;
    uint32_t end;
  };
  struct Window {
    size_t begin, end;
  };
  // Every match of gated regex `id` contains one of the regex's own atoms
  // (those of its tree alone, which are all among atoms()). So if its
  // matches are at most `max_bytes` long, they all lie in `windows`: the
  // stretches of a text of `size` bytes within max_bytes of an occurrence
  // of one of its atoms, merged where they overlap, in text order. RE2 then
  // needs to run only there, with the whole text around (for ^, $ and \b),
  // and finds the same matches. False when the regex's atoms are not known
  // or `max_bytes` is 0 (unbounded): run RE2 over the whole text.
  bool Windows(size_t id, uint32_t max_bytes, const std::vector<Occurrence>& found, size_t size,
               std::vector<Window>* windows) const;
  // Appends the spans of the successive matches of `re` in `text` that lie
  // in `window` ({0, text.size()} for all of them): each search starts where
  // the last match ended, with all of `text` around for ^, $ and \b.
  static void MatchesIn(const RE2& re, std::string_view text, Window window,
                        std::vector<Window>* spans);

 private:
  std::unique_ptr<re2::FilteredRE2> filter_;
  std::vector<std::string> atoms_;
  std::vector<bool> gated_;
  // Per atom, the regexes it makes possible on its own: most messages with
  // an atom have just one (a common word such as 不是), and FilteredRE2
  // allocates on every call.
  std::vector<std::vector<uint32_t>> alone_;
  // Per regex, the indexes of its own atoms, sorted; empty when unknown.
  std::vector<std::vector<uint32_t>> own_;
};

}  // namespace chatscan

#endif  // CHATSCAN_LIB_COMPILE_ATOM_FILTER_H_
