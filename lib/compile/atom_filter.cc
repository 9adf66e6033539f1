#include "compile/atom_filter.h"

#include "normalize/folder.h"

namespace chatscan {
namespace {

// Atoms shorter than this many bytes are too common to filter with (RE2
// then treats that part of the regex as matching anything): single Han
// characters such as 是 or 万 are in most chat messages, so an atom needs
// two Han characters or six Latin letters. Measured on the default pack:
// whole scans ran about 25% faster with 6 than with 3 or 4.
constexpr int kMinAtomBytes = 6;

// The scanner finds atoms in the folded view, where ASCII keeps its case
// (hence caseless literals) and everything else is already folded. An atom
// that folding would change (RE2 lower-cases some letters differently from
// Unicode case folding) could never be found there.
bool SurvivesFolding(const std::string& atom, Folder* folder, FoldedText* scratch) {
  folder->Fold(atom, false, false, scratch);
  std::string folded(scratch->views[kFoldedView].text());
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return folded == atom;
}

}  // namespace

void AtomFilter::Build(const std::vector<std::string>& regexes, int64_t max_mem) {
  filter_.reset();
  atoms_.clear();
  gated_.assign(regexes.size(), false);
  if (regexes.empty()) return;
  auto filter = std::make_unique<re2::FilteredRE2>(kMinAtomBytes);
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(max_mem);
  for (const std::string& rx : regexes) {
    int id = 0;
    // The compiler has checked every regex with the same options already.
    if (filter->Add(rx, options, &id) != RE2::NoError) return;
  }
  std::vector<std::string> atoms;
  filter->Compile(&atoms);
  Folder folder;
  FoldedText scratch;
  for (const std::string& a : atoms) {
    if (!SurvivesFolding(a, &folder, &scratch)) return;  // stay with prefilters
  }
  // With no atoms found, exactly the regexes without a tree pass.
  std::vector<int> unfiltered;
  filter->AllPotentials({}, &unfiltered);
  gated_.assign(regexes.size(), true);
  for (int id : unfiltered) gated_[id] = false;
  alone_.assign(atoms.size(), {});
  std::vector<int> possible;
  for (size_t a = 0; a < atoms.size(); ++a) {
    filter->AllPotentials({static_cast<int>(a)}, &possible);
    for (int id : possible) {
      if (gated_[id]) alone_[a].push_back(static_cast<uint32_t>(id));
    }
  }
  atoms_ = std::move(atoms);
  filter_ = std::move(filter);
}

void AtomFilter::Candidates(const std::vector<int>& found, std::vector<int>* scratch,
                            std::vector<uint32_t>* regexes) const {
  if (filter_ == nullptr || found.empty()) return;
  if (found.size() == 1) {
    for (uint32_t id : alone_[found[0]]) {
      if (gated_[id]) regexes->push_back(id);  // (unless ungated since)
    }
    return;
  }
  filter_->AllPotentials(found, scratch);
  for (int id : *scratch) {
    if (gated_[id]) regexes->push_back(static_cast<uint32_t>(id));
  }
}

}  // namespace chatscan
