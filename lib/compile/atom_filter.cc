#include "compile/atom_filter.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
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
  alone_.clear();
  own_.clear();
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
  // Each regex's own atoms, from a filter over that regex alone: the
  // shared tree may drop an atom that guards many regexes, but not from
  // the list of atoms, and a regex whose own atoms are not all found
  // there is not windowed.
  absl::flat_hash_map<std::string, uint32_t> index;
  for (size_t a = 0; a < atoms.size(); ++a) index.emplace(atoms[a], static_cast<uint32_t>(a));
  own_.assign(regexes.size(), {});
  for (size_t id = 0; id < regexes.size(); ++id) {
    if (!gated_[id]) continue;
    re2::FilteredRE2 alone(kMinAtomBytes);
    int ignored = 0;
    std::vector<std::string> own;
    if (alone.Add(regexes[id], options, &ignored) != RE2::NoError) continue;
    alone.Compile(&own);
    std::vector<uint32_t> ids;
    for (const std::string& a : own) {
      auto it = index.find(a);
      if (it == index.end()) break;
      ids.push_back(it->second);
    }
    if (own.empty() || ids.size() != own.size()) continue;
    std::sort(ids.begin(), ids.end());
    own_[id] = std::move(ids);
  }
  atoms_ = std::move(atoms);
  filter_ = std::move(filter);
}

bool AtomFilter::Windows(size_t id, uint32_t max_bytes, const std::vector<Occurrence>& found,
                         size_t size, std::vector<Window>* windows) const {
  windows->clear();
  if (max_bytes == 0 || id >= own_.size() || own_[id].empty()) return false;
  const std::vector<uint32_t>& own = own_[id];
  for (const Occurrence& o : found) {
    if (!std::binary_search(own.begin(), own.end(), o.atom)) continue;
    // A match holding this occurrence starts at most max_bytes before its
    // end and ends at most max_bytes after its start.
    const size_t start = o.end - atoms_[o.atom].size();
    windows->push_back({o.end > max_bytes ? o.end - max_bytes : 0,
                        std::min<size_t>(size, start + max_bytes)});
  }
  std::sort(windows->begin(), windows->end(),
            [](const Window& a, const Window& b) { return a.begin < b.begin; });
  size_t kept = 0;
  for (const Window& w : *windows) {
    if (kept > 0 && w.begin <= (*windows)[kept - 1].end) {
      (*windows)[kept - 1].end = std::max((*windows)[kept - 1].end, w.end);
    } else {
      (*windows)[kept++] = w;
    }
  }
  windows->resize(kept);
  return true;
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

void AtomFilter::MatchesIn(const RE2& re, std::string_view text, Window window,
                           std::vector<Window>* spans) {
  const re2::StringPiece input(text.data(), text.size());
  re2::StringPiece match;
  size_t pos = window.begin;
  while (pos <= window.end && re.Match(input, pos, window.end, RE2::UNANCHORED, &match, 1)) {
    const size_t from = static_cast<size_t>(match.data() - text.data());
    const size_t to = from + match.size();
    spans->push_back({from, to});
    pos = to > from ? to : to + 1;
  }
}

}  // namespace chatscan
