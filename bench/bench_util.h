// Shared pieces of the benchmarks: the bare-Hyperscan baseline and packs
// built from a lexicon.
#ifndef CHATSCAN_BENCH_BENCH_UTIL_H_
#define CHATSCAN_BENCH_BENCH_UTIL_H_

#include <hs.h>

#include <memory>
#include <string>
#include <vector>

#include "chatscan/chatscan.h"

namespace chatscan::bench {

// The baseline every figure is compared with: one Hyperscan block-mode
// database of the same (folded) terms, one hs_scan per message, an empty
// callback.
class BareHyperscan {
 public:
  explicit BareHyperscan(const std::vector<std::string>& terms);
  ~BareHyperscan();
  // Scans every message once; returns the number of matches.
  size_t ScanAll(const std::vector<std::string>& messages);
  bool ok() const { return db_ != nullptr && scratch_ != nullptr; }

 private:
  hs_database_t* db_ = nullptr;
  hs_scratch_t* scratch_ = nullptr;
};

// A one-rule pack over `terms` (category "abuse"), optionally with noise
// skipping; nullptr and a message on stderr if it does not compile.
std::shared_ptr<const CompiledRules> LexiconPack(const std::vector<std::string>& terms,
                                                 bool noise);

// `rules`, which no scanner may use yet, set to scan with folding off (the
// folded view taken as the text is written): the scan #3 compares with.
std::shared_ptr<const CompiledRules> WithoutFolding(std::shared_ptr<const CompiledRules> rules);

}  // namespace chatscan::bench

#endif  // CHATSCAN_BENCH_BENCH_UTIL_H_
