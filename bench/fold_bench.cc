// Folding and scanning short chat messages (about 62 bytes), next to the
// bare-Hyperscan baseline over the same terms, all in one run.
//
// Read the figures as ratios: BM_LibraryScan / BM_BareHyperscan is the
// share of bare Hyperscan's throughput the whole library keeps, and
// BM_LibraryScan / BM_LibraryScanFoldingOff the share folding leaves.
#include "benchmark/benchmark.h"
#include "bench_util.h"
#include "corpus.h"
#include "normalize/folder.h"

namespace chatscan::bench {
namespace {

struct Fixture {
  Fixture() {
    Dictionary dict = LoadDictionary();
    lexicon = SampleLexicon(dict, 1000, 1);
    messages = MakeMessages(dict, 20000, 62, 0.05, lexicon, 2);
    for (const std::string& m : messages) bytes += m.size();
  }
  std::vector<std::string> lexicon;
  std::vector<std::string> messages;
  size_t bytes = 0;
};

const Fixture& Data() {
  static const Fixture* f = new Fixture();
  return *f;
}

void Report(benchmark::State& state) {
  state.SetItemsProcessed(state.iterations() * Data().messages.size());
  state.SetBytesProcessed(state.iterations() * Data().bytes);
}

// views: 0 = folded, 1 = + dense, 2 = + pinyin. maps: 1 = with the offset
// maps (Fold, what a message with a hit costs), 0 = view bytes only
// (FoldBytes, what every other message costs).
void BM_Fold(benchmark::State& state) {
  Folder folder;
  FoldedText out;
  const bool dense = state.range(0) >= 1, pinyin = state.range(0) >= 2;
  const bool maps = state.range(1) != 0;
  for (auto _ : state) {
    for (const std::string& m : Data().messages) {
      if (maps) {
        folder.Fold(m, dense, pinyin, &out);
      } else {
        folder.FoldBytes(m, dense, pinyin, &out);
      }
      benchmark::DoNotOptimize(out.views[0].bytes.data());
    }
  }
  Report(state);
}
BENCHMARK(BM_Fold)->ArgsProduct({{0, 1, 2}, {1, 0}})->ArgNames({"views", "maps"});

// The folded view's bytes on the portable path (pext:0) and, where the
// processor has a fast one, with BMI2's pext (pext:1; the same as
// BM_Fold/views:0/maps:0).
void BM_FoldFoldedPath(benchmark::State& state) {
  Folder folder(state.range(0) != 0);
  FoldedText out;
  for (auto _ : state) {
    for (const std::string& m : Data().messages) {
      folder.FoldBytes(m, false, false, &out);
      benchmark::DoNotOptimize(out.views[0].size);
    }
  }
  Report(state);
}
BENCHMARK(BM_FoldFoldedPath)->Arg(0)->Arg(1)->ArgName("pext");

void BM_BareHyperscan(benchmark::State& state) {
  BareHyperscan hs(Data().lexicon);
  for (auto _ : state) benchmark::DoNotOptimize(hs.ScanAll(Data().messages));
  Report(state);
}
BENCHMARK(BM_BareHyperscan);

// Scans every message with `rules` per iteration.
void ScanAll(benchmark::State& state, std::shared_ptr<const CompiledRules> rules) {
  if (rules == nullptr) {
    state.SkipWithError("pack did not compile");
    return;
  }
  Scanner scanner(rules);
  ScanResult result;
  for (auto _ : state) {
    for (const std::string& m : Data().messages) {
      scanner.Scan(m, &result);
      benchmark::DoNotOptimize(result.findings.data());
    }
  }
  Report(state);
}

void BM_LibraryScan(benchmark::State& state) {
  ScanAll(state, LexiconPack(Data().lexicon, state.range(0) != 0));
}
BENCHMARK(BM_LibraryScan)->Arg(0)->Arg(1)->ArgName("noise");

// The same scan with folding off (the folded view is the text as written):
// BM_LibraryScan/noise:0 over this is what folding leaves of the scan's
// throughput.
void BM_LibraryScanFoldingOff(benchmark::State& state) {
  ScanAll(state, WithoutFolding(LexiconPack(Data().lexicon, false)));
}
BENCHMARK(BM_LibraryScanFoldingOff);

}  // namespace
}  // namespace chatscan::bench

BENCHMARK_MAIN();
