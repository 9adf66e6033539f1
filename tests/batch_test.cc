// Batches: the same results as one Scanner, in message order, whatever the
// number of threads; hot swapping rules under load.
#include <atomic>
#include <random>
#include <thread>

#include "test_util.h"

namespace chatscan {
namespace {

std::shared_ptr<const CompiledRules> Pack(const std::string& words) {
  return testing::CompileOrDie(testing::PackHeader() + "[[rule]]\nid = \"w\"\ncategory = \"abuse\"\n" +
                               "noise = true\nwords = [" + words + "]\n" +
                               "[[rule]]\nid = \"m\"\ncategory = \"privacy\"\n"
                               "regex = ['1[3-9]\\d{9}']\nvalidate = \"mobile\"\n");
}

std::vector<std::string> Messages(size_t n, uint32_t seed) {
  const char* pieces[] = {"今天", "开会", "坏蛋", "坏 * 蛋", "13812345678", "，", "ok", "垃圾",
                          "12345678901", "机密", "\xff", "傻逼"};
  std::mt19937 rng(seed);
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    std::string m;
    for (int k = rng() % 8; k > 0; --k) m += pieces[rng() % 12];
    out.push_back(m);
  }
  return out;
}

TEST(BatchTest, SameAsOneScannerInOrder) {
  auto rules = Pack("'坏蛋', '垃圾', '傻逼'");
  std::vector<std::string> texts = Messages(5000, 3);
  std::vector<BatchMessage> batch;
  for (const std::string& t : texts) batch.push_back({t, MessageContext()});
  Scanner single(rules);
  ScanResult expected;
  for (int threads : {1, 2, 4}) {
    SCOPED_TRACE(threads);
    BatchScanner scanner(rules, threads);
    EXPECT_EQ(scanner.threads(), threads);
    BatchResult result;
    for (int round = 0; round < 2; ++round) {  // the result arena is reused
      ASSERT_TRUE(scanner.Scan(batch, &result).ok());
      ASSERT_EQ(result.messages(), texts.size());
      ASSERT_EQ(result.first_finding.size(), texts.size() + 1);
      EXPECT_TRUE(result.errors.empty());
      size_t total = 0;
      for (size_t m = 0; m < texts.size(); ++m) {
        ASSERT_TRUE(single.Scan(texts[m], &expected).ok());
        ASSERT_EQ(result.verdicts[m], expected.verdict) << m;
        uint32_t begin = result.first_finding[m], end = result.first_finding[m + 1];
        ASSERT_EQ(end - begin, expected.findings.size()) << m;
        for (uint32_t f = begin; f < end; ++f) {
          EXPECT_EQ(result.message[f], m);
          EXPECT_EQ(result.findings[f].start, expected.findings[f - begin].start);
          EXPECT_EQ(result.findings[f].end, expected.findings[f - begin].end);
          EXPECT_EQ(result.findings[f].rule, expected.findings[f - begin].rule);
        }
        total += expected.findings.size();
      }
      EXPECT_EQ(result.findings.size(), total);
      EXPECT_GT(total, 1000u);
    }
  }
}

TEST(BatchTest, EmptyAndBadArguments) {
  auto rules = Pack("'坏蛋'");
  BatchScanner scanner(rules, 2);
  BatchResult result;
  ASSERT_TRUE(scanner.Scan(nullptr, 0, &result).ok());
  EXPECT_EQ(result.messages(), 0u);
  EXPECT_EQ(result.first_finding, std::vector<uint32_t>{0});
  EXPECT_EQ(scanner.Scan(nullptr, 3, &result).code(), StatusCode::kInvalidArgument);
  BatchMessage one{"坏蛋", MessageContext()};
  EXPECT_EQ(scanner.Scan(&one, 1, nullptr).code(), StatusCode::kInvalidArgument);
}

// A BatchScanner made from a holder takes up a swap at its next batch.
TEST(BatchTest, FollowsAHolderBatchByBatch) {
  auto a = Pack("'坏蛋'");
  auto b = Pack("'垃圾'");
  RulesHolder holder(a);
  BatchScanner batch(&holder, 2);
  EXPECT_EQ(batch.shared_rules(), a);
  // Pack a finds 坏蛋 at 0, pack b 垃圾 at 9; every message of a batch
  // sees the same pack, and rules() says which.
  std::vector<BatchMessage> messages(700, BatchMessage{"坏蛋和垃圾", MessageContext()});
  BatchResult result;
  for (int round = 0; round < 4; ++round) {
    if (round == 2) holder.Swap(b);
    ASSERT_TRUE(batch.Scan(messages, &result).ok());
    const uint32_t start = round < 2 ? 0 : 9;
    EXPECT_EQ(batch.shared_rules(), round < 2 ? a : b) << round;
    ASSERT_EQ(result.findings.size(), messages.size()) << round;
    for (const Finding& f : result.findings) ASSERT_EQ(f.start, start) << round;
  }
}

// Threads scan while the rules are swapped back and forth: every message is
// scanned entirely with one of the two packs, and none fails.
TEST(BatchTest, HotSwapUnderLoad) {
  auto a = Pack("'坏蛋'");
  auto b = Pack("'垃圾'");
  RulesHolder holder(a);
  std::atomic<bool> stop{false};
  std::atomic<int> scanned{0}, failures{0}, mixed{0};
  const std::string text = "坏蛋和垃圾";
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      HolderScanner scanner(&holder);
      ScanResult result;
      while (!stop.load()) {
        if (!scanner.Scan(text, MessageContext(), &result).ok()) ++failures;
        // Pack a finds 坏蛋 at 0, pack b finds 垃圾 at 9: exactly one.
        if (result.findings.size() != 1 ||
            (result.findings[0].start != 0 && result.findings[0].start != 9)) {
          ++mixed;
        }
        ++scanned;
      }
    });
  }
  for (int swap = 0; swap < 200; ++swap) {
    holder.Swap(swap % 2 ? a : b);
    std::this_thread::yield();
  }
  while (scanned.load() < 2000) std::this_thread::yield();
  stop = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(mixed.load(), 0);
  EXPECT_GE(holder.version(), 201u);
}

}  // namespace
}  // namespace chatscan
