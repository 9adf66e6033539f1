// Concurrency: threads scan with their own Scanners (through a RulesHolder)
// and with BatchScanners while the rules are swapped and the cache file is
// rewritten and loaded again, all at once. Run under ThreadSanitizer by
// scripts/test-tsan (ctest label `threads`).
#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "test_util.h"

namespace chatscan {
namespace {

namespace fs = std::filesystem;

// Pack a finds 坏蛋 at 0 of kText, pack b 垃圾 at 9. Small windows, so the
// long text is scanned in windows too.
constexpr char kText[] = "坏蛋和垃圾";
constexpr uint32_t kStartA = 0, kStartB = 9;

void WritePack(const fs::path& dir, const std::string& word) {
  fs::create_directories(dir);
  std::ofstream(dir / "pack.toml") << testing::PackHeader() << R"(
[limits]
max_message_bytes = 2048
[[rule]]
id = "w"
category = "abuse"
noise = true
words = [")" << word << "\"]\n";
}

// The long text: kText at the start, the rest filler, so each pack finds
// exactly one finding in it, wherever the windows fall.
std::string LongText() {
  std::string text = kText;
  while (text.size() < 10000) text += "今天开会 ";
  return text;
}

bool OneOfThePacks(const ScanResult& result) {
  return result.findings.size() == 1 &&
         (result.findings[0].start == kStartA || result.findings[0].start == kStartB);
}

class ThreadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("chatscan_threads_test_" + std::to_string(getpid()));
    WritePack(dir_ / "a", "坏蛋");
    WritePack(dir_ / "b", "垃圾");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Pack(const char* name) const { return (dir_ / name).string(); }
  std::string Cache(const char* name) const { return (dir_ / (std::string(name) + ".cache")).string(); }

  fs::path dir_;
};

TEST_F(ThreadsTest, ScanWhileSwappingAndRewritingTheCache) {
  std::shared_ptr<const CompiledRules> a, b;
  ASSERT_TRUE(CompiledRules::Compile(Pack("a"), &a).ok());
  ASSERT_TRUE(CompiledRules::Compile(Pack("b"), &b).ok());
  ASSERT_TRUE(a->Save(Cache("a")).ok());
  ASSERT_TRUE(b->Save(Cache("b")).ok());
  RulesHolder holder(a);
  const std::string long_text = LongText();
  std::atomic<bool> stop{false};
  std::atomic<int> scanned{0}, batches{0}, wrong{0}, failures{0}, loads{0};
  std::vector<std::thread> threads;

  // Scanners that follow the holder, short and windowed messages.
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&] {
      HolderScanner scanner(&holder);
      ScanResult result;
      for (int i = 0; !stop.load(); ++i) {
        const std::string_view text = i % 8 == 0 ? std::string_view(long_text) : kText;
        if (!scanner.Scan(text, MessageContext(), &result).ok()) ++failures;
        if (!OneOfThePacks(result)) ++wrong;
        ++scanned;
      }
    });
  }
  // Batches on a pool of threads that follows the holder, each batch with
  // the holder's rules of the moment: every message of a batch sees the
  // same pack.
  threads.emplace_back([&] {
    std::vector<BatchMessage> messages(600, BatchMessage{kText, MessageContext()});
    messages[7].text = long_text;
    BatchResult result;
    BatchScanner batch(&holder, 2);
    while (!stop.load()) {
      if (!batch.Scan(messages, &result).ok() || !result.errors.empty()) ++failures;
      const uint32_t start = result.findings.empty() ? UINT32_MAX : result.findings[0].start;
      for (size_t m = 0; m < result.messages(); ++m) {
        if (result.first_finding[m + 1] - result.first_finding[m] != 1 ||
            result.findings[result.first_finding[m]].start != start) {
          ++wrong;
        }
      }
      // The rules the batch says it used are the pack its findings show.
      Scanner used(batch.shared_rules());
      ScanResult one;
      if (!used.Scan(kText, MessageContext(), &one).ok() || one.findings.size() != 1 ||
          one.findings[0].start != start) {
        ++wrong;
      }
      ++batches;
    }
  });
  // Two writers rewrite each cache file and load it back while the other
  // does the same; a load sees a whole file, never a mix of two.
  for (const char* name : {"a", "b"}) {
    for (int writer = 0; writer < 2; ++writer) {
      threads.emplace_back([&, name] {
        const auto& rules = name[0] == 'a' ? a : b;
        while (!stop.load()) {
          std::shared_ptr<const CompiledRules> loaded;
          Status saved = rules->Save(Cache(name));
          Status s = CompiledRules::Load(Cache(name), Pack(name), &loaded);
          if (!saved.ok() || !s.ok()) {
            ADD_FAILURE() << saved.message() << " " << s.message();
            ++failures;
            continue;
          }
          ++loads;
        }
      });
    }
  }
  // The swapper: rules freshly loaded from the caches, and compiled ones.
  for (int swap = 0; swap < 40 || scanned.load() < 400 || batches.load() < 4; ++swap) {
    const char* name = swap % 2 ? "a" : "b";
    std::shared_ptr<const CompiledRules> next;
    if (swap % 4 < 2) {
      Status s = CompiledRules::Load(Cache(name), Pack(name), &next);
      ASSERT_TRUE(s.ok()) << s.message();
    } else {
      next = swap % 2 ? a : b;
    }
    holder.Swap(std::move(next));
  }
  stop = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_GT(loads.load(), 0);
  // No temporary file is left behind.
  for (const auto& entry : fs::directory_iterator(dir_)) {
    EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos) << entry.path();
  }
}

}  // namespace
}  // namespace chatscan
