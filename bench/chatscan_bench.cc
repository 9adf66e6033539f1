// chatscan-bench: the throughput tool. Builds a deterministic corpus and a
// lexicon (or takes yours), then measures, in the same run, the library at
// 1 and at N threads and the bare-Hyperscan baseline over the same terms:
// one hs_scan per message, an empty callback; and, where the pack reads the
// folded view alone, the library on one thread with folding on and off.
// Figures are medians of --repeat runs; read them as ratios, since these
// machines are shared.
#include <hs.h>
#include <sys/resource.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <optional>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "bench_util.h"
#include "chatscan/chatscan.h"
#include "compile/compiled_rules_impl.h"
#include "compile/escape.h"
#include "corpus.h"
#include "util/worker_pool.h"
#include "nlohmann/json.hpp"

namespace chatscan::bench {
namespace {

// Library and baseline alternate in slices of this many messages.
constexpr size_t kSliceMessages = 20000;

constexpr char kUsage[] = R"(usage: chatscan-bench [options]
  --messages N     generated messages (default 1000000)
  --bytes N        average message length in bytes (default 60)
  --terms N        lexicon size sampled from the dictionary (default 10000)
  --violations F   share of messages with a lexicon term inserted (default 0.01)
  --threads N      the multi-thread run (default: all cores)
  --corpus FILE    messages from FILE (JSONL with "text", or one per line)
  --rules PACK     bench a real rule pack instead of the sampled lexicon
  --noise          sampled lexicon with noise skipping (dense view)
  --repeat R       runs per figure; medians are reported (default 3)
  --json           one JSON object instead of the table
)";

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// The time a run took: CPU time of the process for one thread, so that
// other jobs on a shared machine do not count against either side; wall
// time for several threads, where scaling is the point.
class Stopwatch {
 public:
  explicit Stopwatch(int threads) : cpu_(threads == 1), wall_start_(Clock::now()) {
    start_ = Now();
  }
  double Elapsed() const { return Now() - start_; }
  double Wall() const { return Seconds(wall_start_); }

 private:
  double Now() const {
    if (!cpu_) return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + ts.tv_nsec * 1e-9;
  }
  bool cpu_;
  Clock::time_point wall_start_;
  double start_;
};

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Bare Hyperscan over the compiled rules' own patterns (the folded terms,
// the regexes), all in one database, scanning the raw messages.
struct Baseline {
  hs_database_t* db = nullptr;
  ~Baseline() { hs_free_database(db); }

  bool Build(const CompiledRules& rules) {
    std::vector<std::string> exprs;
    std::vector<unsigned> flags;
    for (const Pattern& p : rules.impl().patterns) {
      if (p.kind == PatternKind::kRegex) {
        exprs.push_back(PrefilterExpression(p.text));
        flags.push_back(HS_FLAG_UTF8 | HS_FLAG_SINGLEMATCH | HS_FLAG_PREFILTER);
      } else if (!p.units.empty()) {
        std::string e;
        for (const std::string& u : p.units) e += "(?:" + EscapeHyperscanLiteral(u) + ")+";
        exprs.push_back(e);
        flags.push_back(HS_FLAG_UTF8 | HS_FLAG_CASELESS);
      } else {
        exprs.push_back(EscapeHyperscanLiteral(p.text));
        flags.push_back(HS_FLAG_UTF8 | HS_FLAG_CASELESS);
      }
    }
    std::vector<const char*> c;
    std::vector<unsigned> ids;
    for (size_t i = 0; i < exprs.size(); ++i) {
      c.push_back(exprs[i].c_str());
      ids.push_back(static_cast<unsigned>(i));
    }
    // Regexes the library serves with RE2 are left out here too.
    for (;;) {
      hs_compile_error_t* err = nullptr;
      if (hs_compile_multi(c.data(), flags.data(), ids.data(), static_cast<unsigned>(c.size()),
                           HS_MODE_BLOCK, nullptr, &db, &err) == HS_SUCCESS) {
        return true;
      }
      int at = err ? err->expression : -1;
      hs_free_compile_error(err);
      if (at < 0) return false;
      c.erase(c.begin() + at);
      flags.erase(flags.begin() + at);
      ids.erase(ids.begin() + at);
    }
  }
};

int Empty(unsigned, unsigned long long, unsigned long long, unsigned, void*) { return 0; }

// Bare Hyperscan on `threads` workers, scheduled as the library schedules a
// batch: one pool for the whole run, with the calling thread as worker 0,
// and pieces of 256 messages. (With a thread started per slice, the
// baseline ran as much as a third slower: each started cold, and could run
// on the other core, away from the cache that had just read the slice.)
class BaselineScanner {
 public:
  BaselineScanner(const Baseline& b, int threads) : b_(b), pool_(threads) {
    hs_scratch_t* proto = nullptr;
    hs_alloc_scratch(b.db, &proto);
    scratch_.resize(pool_.size());
    for (auto& s : scratch_) hs_clone_scratch(proto, &s);
    hs_free_scratch(proto);
  }
  ~BaselineScanner() {
    for (auto& s : scratch_) hs_free_scratch(s);
  }

  double Seconds(const std::string* messages, size_t count) {
    constexpr size_t kPiece = 256;
    Stopwatch watch(pool_.size());
    pool_.Run((count + kPiece - 1) / kPiece, [&](int worker, size_t piece) {
      const size_t end = std::min(count, (piece + 1) * kPiece);
      for (size_t i = piece * kPiece; i < end; ++i) {
        hs_scan(b_.db, messages[i].data(), static_cast<unsigned>(messages[i].size()), 0,
                scratch_[worker], Empty, nullptr);
      }
    });
    return watch.Elapsed();
  }

 private:
  const Baseline& b_;
  WorkerPool pool_;
  std::vector<hs_scratch_t*> scratch_;
};

double LibrarySeconds(BatchScanner* scanner, int threads, const BatchMessage* batch,
                      size_t count, BatchResult* result, size_t* findings, double* wall) {
  Stopwatch watch(threads);
  scanner->Scan(batch, count, result);
  double s = watch.Elapsed();
  *wall = watch.Wall();
  *findings += result->findings.size();
  return s;
}

// Two scans of the same messages, alternating in slices of kSliceMessages
// (tens of milliseconds) so that drifts of a shared machine hit both alike.
// Whichever scans a slice first reads it from memory and leaves it in the
// cache for the other: each goes first on every other slice. `first` and
// `second` time one slice (run, at, n). Times are medians over `repeat` runs;
// `ratio`, second's time over first's (first's throughput over second's),
// is the median over each pair of slices, one with each order, so that a
// drift slower than a pair cancels out of it.
struct Alternation {
  double first_s, second_s, ratio;
};
template <typename First, typename Second>
Alternation Alternate(size_t count, int repeat, First&& first, Second&& second) {
  std::vector<double> firsts, seconds, ratios;
  for (int r = 0; r < repeat; ++r) {
    double first_s = 0, second_s = 0, pair_first = 0, pair_second = 0;
    for (size_t at = 0; at < count; at += kSliceMessages) {
      const size_t n = std::min(kSliceMessages, count - at);
      const bool second_goes_first = (at / kSliceMessages) % 2 == 1;
      double f = 0, g = 0;
      if (second_goes_first) g = second(r, at, n);
      f = first(r, at, n);
      if (!second_goes_first) g = second(r, at, n);
      first_s += f;
      second_s += g;
      pair_first += f;
      pair_second += g;
      if (second_goes_first || at + n == count) {
        ratios.push_back(pair_second / pair_first);
        pair_first = pair_second = 0;
      }
    }
    firsts.push_back(first_s);
    seconds.push_back(second_s);
  }
  return {Median(firsts), Median(seconds), Median(ratios)};
}

// The sampled lexicon's pack, or the pack folder's; null after a message.
std::shared_ptr<const CompiledRules> CompileRules(const std::string& rules_dir,
                                                  const std::vector<std::string>& lexicon,
                                                  bool noise) {
  if (rules_dir.empty()) return LexiconPack(lexicon, noise);
  std::shared_ptr<const CompiledRules> rules;
  Status s = CompiledRules::Compile(rules_dir, &rules);
  if (!s.ok()) fprintf(stderr, "chatscan-bench: %s\n", s.message().c_str());
  return rules;
}

long PeakKilobytes() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

// The value of a numeric option, or exit 2 saying what is wrong with it.
[[noreturn]] void BadValue(const std::string& option, const char* text, const char* want) {
  fprintf(stderr, "chatscan-bench: %s needs %s, not '%s'\n%s", option.c_str(), want, text,
          kUsage);
  exit(2);
}
size_t Count(const std::string& option, const char* text, size_t max = SIZE_MAX) {
  size_t value = 0;
  const char* end = text + strlen(text);
  const std::from_chars_result r = std::from_chars(text, end, value);
  if (r.ec != std::errc() || r.ptr != end) BadValue(option, text, "a whole number");
  if (value > max) BadValue(option, text, ("at most " + std::to_string(max)).c_str());
  return value;
}
double Share(const std::string& option, const char* text) {
  char* end = nullptr;
  const double value = strtod(text, &end);
  if (*text == '\0' || *end != '\0' || !(value >= 0 && value <= 1)) {
    BadValue(option, text, "a share from 0 to 1");
  }
  return value;
}

int Main(int argc, char** argv) {
  size_t n_messages = 1000000, avg_bytes = 60, n_terms = 10000;
  double violations = 0.01;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int repeat = 3;
  std::string corpus_file, rules_dir;
  bool json = false, noise = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> const char* {
      if (i + 1 >= argc) {
        fprintf(stderr, "chatscan-bench: %s needs a value\n%s", a.c_str(), kUsage);
        exit(2);
      }
      return argv[++i];
    };
    if (a == "--messages") n_messages = Count(a, next());
    else if (a == "--bytes") avg_bytes = Count(a, next());
    else if (a == "--terms") n_terms = Count(a, next());
    else if (a == "--violations") violations = Share(a, next());
    else if (a == "--threads") threads = static_cast<int>(Count(a, next(), 1024));
    else if (a == "--corpus") corpus_file = next();
    else if (a == "--rules") rules_dir = next();
    else if (a == "--repeat") repeat = static_cast<int>(Count(a, next(), 1000));
    else if (a == "--noise") noise = true;
    else if (a == "--json") json = true;
    else if (a == "-h" || a == "--help") {
      fputs(kUsage, stdout);
      return 0;
    } else {
      fprintf(stderr, "chatscan-bench: unknown option %s\n%s", a.c_str(), kUsage);
      return 2;
    }
  }
  if (threads < 1 || n_messages == 0 || avg_bytes == 0 || n_terms == 0 || repeat < 1) {
    fprintf(stderr,
            "chatscan-bench: --threads, --messages, --bytes, --terms and --repeat must be "
            "positive\n");
    return 2;
  }
  Dictionary dict = LoadDictionary();
  std::vector<std::string> lexicon = SampleLexicon(dict, n_terms, 1);
  std::vector<std::string> messages;
  if (corpus_file.empty()) {
    messages = MakeMessages(dict, n_messages, avg_bytes, violations, lexicon, 2);
  } else {
    std::string error;
    if (!ReadMessages(corpus_file, &messages, &error)) {
      fprintf(stderr, "chatscan-bench: %s\n", error.c_str());
      return 2;
    }
  }
  if (messages.empty()) {
    fprintf(stderr, "chatscan-bench: no messages in %s\n", corpus_file.c_str());
    return 2;
  }
  size_t bytes = 0;
  for (const std::string& m : messages) bytes += m.size();

  auto compile_start = Clock::now();
  std::shared_ptr<const CompiledRules> rules = CompileRules(rules_dir, lexicon, noise);
  if (rules == nullptr) return 2;
  double compile_s = Seconds(compile_start);
  Baseline baseline;
  if (!baseline.Build(*rules)) {
    fprintf(stderr, "chatscan-bench: the baseline database did not compile\n");
    return 2;
  }
  std::vector<BatchMessage> batch;
  batch.reserve(messages.size());
  for (const std::string& m : messages) batch.push_back({m, MessageContext()});

  struct Row {
    int threads;
    double library_s, baseline_s;
    double library_wall_s;  // for scaling: wall time at every thread count
    double ratio;           // median of the ratios of neighbouring slice pairs
    size_t findings;
  };
  std::vector<Row> rows;
  std::vector<int> thread_counts = {1};
  if (threads > 1) thread_counts.push_back(threads);
  for (int t : thread_counts) {
    BatchScanner scanner(rules, t);
    BaselineScanner bare(baseline, t);
    BatchResult result;
    std::vector<size_t> findings(repeat);
    std::vector<double> walls(repeat);  // for scaling: wall time at every thread count
    Alternation a = Alternate(
        batch.size(), repeat,
        [&](int run, size_t at, size_t n) {
          double wall = 0;
          double s = LibrarySeconds(&scanner, t, batch.data() + at, n, &result, &findings[run],
                                    &wall);
          walls[run] += wall;
          return s;
        },
        [&](int, size_t at, size_t n) {
          return bare.Seconds(messages.data() + at, n);
        });
    rows.push_back({t, a.first_s, a.second_s, Median(walls), a.ratio, findings[0]});
  }
  // What folding costs (#3's measure): the same scan, one thread, with the
  // folded view taken as the text is written. Only where the folded view is
  // all the pack reads: noise skipping and pinyin need folding.
  struct FoldRow {
    double folded_s, unfolded_s, ratio;
    size_t findings;
  };
  std::optional<FoldRow> fold_row;
  if (!rules->impl().needs_dense && !rules->impl().needs_pinyin) {
    std::shared_ptr<const CompiledRules> unfolded =
        WithoutFolding(CompileRules(rules_dir, lexicon, noise));
    if (unfolded == nullptr) return 2;
    BatchScanner folding(rules, 1), not_folding(unfolded, 1);
    BatchResult result;
    std::vector<size_t> findings(repeat);
    double wall = 0;
    Alternation a = Alternate(
        batch.size(), repeat,
        [&](int, size_t at, size_t n) {
          size_t ignored = 0;
          return LibrarySeconds(&folding, 1, batch.data() + at, n, &result, &ignored, &wall);
        },
        [&](int run, size_t at, size_t n) {
          return LibrarySeconds(&not_folding, 1, batch.data() + at, n, &result, &findings[run],
                                &wall);
        });
    fold_row = FoldRow{a.first_s, a.second_s, a.ratio, findings[0]};
  }
  const size_t db_bytes = rules->report().database_bytes;
  const double mb = bytes / 1e6;
  if (json) {
    nlohmann::ordered_json out;
    const Row& one = rows.front();
    const Row& all = rows.back();
    out["messages"] = messages.size();
    out["bytes"] = bytes;
    out["terms"] = rules_dir.empty() ? lexicon.size() : rules->report().literal_patterns;
    out["rules"] = rules_dir.empty() ? "lexicon" : rules_dir;
    out["threads"] = all.threads;
    out["library_msgs_per_s"] = messages.size() / all.library_s;
    out["baseline_msgs_per_s"] = messages.size() / all.baseline_s;
    out["ratio"] = all.ratio;
    out["library_msgs_per_s_1thread"] = messages.size() / one.library_s;
    out["baseline_msgs_per_s_1thread"] = messages.size() / one.baseline_s;
    out["ratio_1thread"] = one.ratio;
    out["scaling"] = one.library_wall_s / all.library_wall_s;
    out["library_mb_per_s"] = mb / all.library_s;
    out["ns_per_message_1thread"] = one.library_s * 1e9 / messages.size();
    out["findings"] = all.findings;
    if (fold_row) {
      out["unfolded_msgs_per_s_1thread"] = messages.size() / fold_row->unfolded_s;
      out["fold_ratio_1thread"] = fold_row->ratio;
      out["unfolded_findings"] = fold_row->findings;
    } else {
      out["fold_ratio_1thread"] = nullptr;
    }
    out["compile_s"] = compile_s;
    out["db_bytes"] = db_bytes;
    out["peak_rss_kb"] = PeakKilobytes();
    out["repeat"] = repeat;
    out["dictionary"] = dict.source;
    printf("%s\n", out.dump().c_str());
    return 0;
  }
  printf("corpus:   %zu messages, %.1f MB, %.1f bytes/message (%s)\n", messages.size(), mb,
         static_cast<double>(bytes) / messages.size(),
         corpus_file.empty() ? dict.source.c_str() : corpus_file.c_str());
  printf("rules:    %s, %zu literal patterns, %zu regexes (%zu class-gated; +%zu by %zu "
         "atoms, +%zu RE2)\n",
         rules_dir.empty() ? (noise ? "sampled lexicon, noise on" : "sampled lexicon")
                           : rules_dir.c_str(),
         rules->report().literal_patterns, rules->report().regex_patterns,
         rules->report().class_gated_regexes,
         rules->report().atom_regexes, rules->report().regex_atoms,
         rules->report().re2_fallbacks.size());
  printf("compile:  %.3f s, databases %.2f MB\n", compile_s, db_bytes / 1e6);
  printf("medians of %d runs (1 thread: CPU time; more threads: wall time); ratio: median over\n"
         "pairs of %zu-message slices, library and baseline alternating:\n",
         repeat, kSliceMessages);
  printf("%8s %16s %10s %10s %16s %8s %10s\n", "threads", "library msg/s", "MB/s", "ns/msg",
         "baseline msg/s", "ratio", "findings");
  for (const Row& r : rows) {
    printf("%8d %16.0f %10.1f %10.1f %16.0f %8.3f %10zu\n", r.threads,
           messages.size() / r.library_s, mb / r.library_s, r.library_s * 1e9 / messages.size(),
           messages.size() / r.baseline_s, r.ratio, r.findings);
  }
  if (fold_row) {
    printf("folding:  1 thread, folding on %.0f msg/s, off %.0f msg/s (%zu findings); ratio "
           "%.3f\n          (median over pairs of slices, the two alternating)\n",
           messages.size() / fold_row->folded_s, messages.size() / fold_row->unfolded_s,
           fold_row->findings, fold_row->ratio);
  } else {
    printf("folding:  not compared: the pack skips noise or reads pinyin, which need folding\n");
  }
  if (rows.size() > 1) {
    printf("scaling:  %.2fx from 1 to %d threads\n",
           rows[0].library_wall_s / rows[1].library_wall_s, rows[1].threads);
  }
  printf("peak RSS: %.1f MB\n", PeakKilobytes() / 1024.0);
  return 0;
}

}  // namespace
}  // namespace chatscan::bench

int main(int argc, char** argv) { return chatscan::bench::Main(argc, argv); }
