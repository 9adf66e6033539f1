// Scan, compile and cache-load benchmarks, each next to its bare-Hyperscan
// baseline from the same run. Short messages of 20-200 bytes, 10 KB posts;
// compiles of 1k/10k/50k terms; loading the same from the cache.
#include <filesystem>
#include <fstream>

#include "benchmark/benchmark.h"
#include "bench_util.h"
#include "compile/compiled_rules_impl.h"
#include "corpus.h"
#include "normalize/folder.h"

namespace chatscan::bench {
namespace {

struct Data {
  Data() {
    dict = LoadDictionary();
    lexicon = SampleLexicon(dict, 10000, 1);
    for (size_t bytes : {20, 60, 200}) short_messages.push_back(MakeMessages(dict, 5000, bytes, 0.02, lexicon, bytes));
    posts = MakeMessages(dict, 100, 10000, 0.5, lexicon, 7);
    rules = LexiconPack(lexicon, false);
    noise_rules = LexiconPack(lexicon, true);
  }
  Dictionary dict;
  std::vector<std::string> lexicon;
  std::vector<std::vector<std::string>> short_messages;  // 20, 60, 200 bytes
  std::vector<std::string> posts;
  std::shared_ptr<const CompiledRules> rules, noise_rules;
};

const Data& D() {
  static const Data* d = new Data();
  return *d;
}

const std::vector<std::string>& Corpus(int which) {
  return which < 3 ? D().short_messages[which] : D().posts;
}

void Count(benchmark::State& state, const std::vector<std::string>& messages) {
  size_t bytes = 0;
  for (const std::string& m : messages) bytes += m.size();
  state.SetItemsProcessed(state.iterations() * messages.size());
  state.SetBytesProcessed(state.iterations() * bytes);
}

// Arg: 0/1/2 = 20/60/200-byte messages, 3 = 10 KB posts.
void BM_Baseline(benchmark::State& state) {
  BareHyperscan hs(D().lexicon);
  const auto& messages = Corpus(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(hs.ScanAll(messages));
  Count(state, messages);
}
BENCHMARK(BM_Baseline)->DenseRange(0, 3)->ArgName("corpus");

void BM_Library(benchmark::State& state) {
  Scanner scanner(D().rules);
  ScanResult result;
  const auto& messages = Corpus(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    for (const std::string& m : messages) scanner.Scan(m, &result);
  }
  Count(state, messages);
}
BENCHMARK(BM_Library)->DenseRange(0, 3)->ArgName("corpus");

void BM_LibraryNoise(benchmark::State& state) {
  Scanner scanner(D().noise_rules);
  ScanResult result;
  const auto& messages = Corpus(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    for (const std::string& m : messages) scanner.Scan(m, &result);
  }
  Count(state, messages);
}
BENCHMARK(BM_LibraryNoise)->DenseRange(0, 3)->ArgName("corpus");

void BM_Compile(benchmark::State& state) {
  std::vector<std::string> terms = SampleLexicon(D().dict, state.range(0), 3);
  for (auto _ : state) benchmark::DoNotOptimize(LexiconPack(terms, false));
  state.counters["terms"] = static_cast<double>(terms.size());
}
BENCHMARK(BM_Compile)->Arg(1000)->Arg(10000)->Arg(50000)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_BaselineCompile(benchmark::State& state) {
  std::vector<std::string> terms = SampleLexicon(D().dict, state.range(0), 3);
  for (auto _ : state) BareHyperscan hs(terms);
  state.counters["terms"] = static_cast<double>(terms.size());
}
BENCHMARK(BM_BaselineCompile)->Arg(1000)->Arg(10000)->Arg(50000)->Iterations(1)->Unit(benchmark::kMillisecond);

// Where the default pack's time goes: folding (view bytes only, as every
// message is folded), Hyperscan over each view's database with the texts
// folded beforehand and an empty callback, and the whole scan.
// stage: 0 = fold, 1-3 = folded/dense/pinyin view, 4 = scan; corpus: 1 =
// 60-byte messages, 3 = 10 KB posts.
void BM_DefaultPackStage(benchmark::State& state) {
  static const std::shared_ptr<const CompiledRules> pack = [] {
    std::shared_ptr<const CompiledRules> rules;
    Status s = CompiledRules::Compile(CHATSCAN_SOURCE_RULES_DIR "/default", &rules);
    if (!s.ok()) fprintf(stderr, "%s\n", s.message().c_str());
    return rules;
  }();
  if (pack == nullptr) {
    state.SkipWithError("the default pack did not compile");
    return;
  }
  const CompiledRules::Impl& impl = pack->impl();
  const auto& messages = Corpus(static_cast<int>(state.range(1)));
  const int stage = static_cast<int>(state.range(0));
  Folder folder;
  std::vector<FoldedText> folded(stage >= 1 && stage <= 3 ? messages.size() : 1);
  if (stage >= 1 && stage <= 3) {
    for (size_t i = 0; i < messages.size(); ++i) {
      folder.FoldBytes(messages[i], impl.needs_dense, impl.needs_pinyin, &folded[i]);
    }
  }
  hs_database_t* db = stage >= 1 && stage <= 3 ? impl.databases[stage - 1] : nullptr;
  hs_scratch_t* scratch = nullptr;
  if (db != nullptr && hs_alloc_scratch(db, &scratch) != HS_SUCCESS) {
    state.SkipWithError("no scratch");
    return;
  }
  auto nothing = [](unsigned, unsigned long long, unsigned long long, unsigned, void*) { return 0; };
  Scanner scanner(pack);
  ScanResult result;
  for (auto _ : state) {
    if (stage == 0) {
      for (const std::string& m : messages) {
        folder.FoldBytes(m, impl.needs_dense, impl.needs_pinyin, &folded[0]);
      }
    } else if (stage == 4) {
      for (const std::string& m : messages) scanner.Scan(m, &result);
    } else if (db != nullptr) {
      for (size_t i = 0; i < messages.size(); ++i) {
        std::string_view text =
            folded[i].views[stage - 1].text();
        hs_scan(db, text.data(), static_cast<unsigned>(text.size()), 0, scratch, nothing, nullptr);
      }
    }
  }
  hs_free_scratch(scratch);
  Count(state, messages);
}
BENCHMARK(BM_DefaultPackStage)->ArgsProduct({{0, 1, 2, 3, 4}, {1, 3}})->ArgNames({"stage", "corpus"});

// Loading 50k terms from the cache (the pack folder is written once).
void BM_CacheLoad(benchmark::State& state) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "chatscan_bench_cache";
  fs::create_directories(dir / "pack");
  std::vector<std::string> terms = SampleLexicon(D().dict, state.range(0), 3);
  {
    std::ofstream toml(dir / "pack" / "pack.toml");
    toml << "[pack]\nname = \"bench\"\n[categories.abuse]\nclauses = [\"4.1.1\"]\n"
            "[[rule]]\nid = \"lexicon\"\ncategory = \"abuse\"\nwords_file = \"words.txt\"\n";
    std::ofstream words(dir / "pack" / "words.txt");
    for (const std::string& t : terms) words << t << "\n";
  }
  std::shared_ptr<const CompiledRules> rules;
  if (!CompiledRules::Compile((dir / "pack").string(), &rules).ok() ||
      !rules->Save((dir / "rules.cache").string()).ok()) {
    state.SkipWithError("could not write the cache");
    return;
  }
  for (auto _ : state) {
    std::shared_ptr<const CompiledRules> loaded;
    if (!CompiledRules::Load((dir / "rules.cache").string(), (dir / "pack").string(), &loaded).ok()) {
      state.SkipWithError("cache did not load");
      break;
    }
  }
  fs::remove_all(dir);
}
BENCHMARK(BM_CacheLoad)->Arg(50000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace chatscan::bench

BENCHMARK_MAIN();
