// chatscan/batch.h: scanning many messages at once on all cores, and
// swapping rules while services keep scanning.
#ifndef CHATSCAN_BATCH_H_
#define CHATSCAN_BATCH_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "chatscan/rules.h"
#include "chatscan/scanner.h"

namespace chatscan {

// One message of a batch. The text and the context's strings must stay
// valid until BatchScanner::Scan returns.
struct BatchMessage {
  std::string_view text;
  MessageContext context;
};

// The results of a batch in one flat arena, in message order whatever the
// number of threads. Reused from batch to batch: its vectors keep their
// capacity.
struct BatchResult {
  std::vector<Finding> findings;        // message 0's findings first, then message 1's, ...
  std::vector<uint32_t> message;        // message index of each finding
  std::vector<uint32_t> first_finding;  // per message, index of its first finding; one extra
                                        // entry at the end, so message m has findings
                                        // [first_finding[m], first_finding[m + 1])
  std::vector<Action> verdicts;         // per message
  // Messages that could not be scanned (longer than 4 GiB, or Hyperscan
  // failed): their index and why. Their verdict is allow and they have no
  // findings; every other message is scanned as usual.
  std::vector<std::pair<uint32_t, std::string>> errors;

  size_t messages() const { return verdicts.size(); }
};

class WorkerPool;
class RulesHolder;

// Scans batches with a pool of threads, each with its own Scanner, all
// created up front. Not thread-safe itself: one batch at a time (use one
// BatchScanner per calling thread if several threads submit batches).
class CHATSCAN_EXPORT BatchScanner {
 public:
  // threads <= 0: one per core.
  explicit BatchScanner(std::shared_ptr<const CompiledRules> rules, int threads = 0);
  // Follows `holder`, which must outlive this: each batch is scanned wholly
  // with the rules the holder had when the batch started. After a swap, the
  // next batch first rebuilds the threads' scanners for the new rules.
  explicit BatchScanner(const RulesHolder* holder, int threads = 0);
  ~BatchScanner();
  BatchScanner(const BatchScanner&) = delete;
  BatchScanner& operator=(const BatchScanner&) = delete;

  // Scans `count` messages. Fails only for bad arguments; per-message
  // problems go to result->errors.
  Status Scan(const BatchMessage* messages, size_t count, BatchResult* result);
  Status Scan(const std::vector<BatchMessage>& messages, BatchResult* result) {
    return Scan(messages.data(), messages.size(), result);
  }

  int threads() const { return static_cast<int>(workers_.size()); }
  // The rules the last batch was scanned with (before the first, the ones
  // this was made with): rule indexes in its results refer to these.
  const CompiledRules& rules() const { return *rules_; }
  const std::shared_ptr<const CompiledRules>& shared_rules() const { return rules_; }

 private:
  struct Worker;
  BatchScanner(const RulesHolder* holder, uint64_t version, int threads);
  void ScanChunk(Worker* worker, const BatchMessage* messages, size_t count, size_t chunk);

  std::shared_ptr<const CompiledRules> rules_;
  const RulesHolder* holder_ = nullptr;  // when following one
  uint64_t version_ = 0;                 // the holder's, when rules_ was read
  std::unique_ptr<WorkerPool> pool_;
  std::vector<std::unique_ptr<Worker>> workers_;  // one per thread of the pool
};

// Holds the current CompiledRules of a service and lets it swap in new ones
// while other threads scan: a scan that started with the old rules finishes
// with them (it holds a reference); the next one uses the new rules.
// Thread-safe.
class CHATSCAN_EXPORT RulesHolder {
 public:
  explicit RulesHolder(std::shared_ptr<const CompiledRules> rules);
  std::shared_ptr<const CompiledRules> Get() const;
  void Swap(std::shared_ptr<const CompiledRules> rules);
  uint64_t version() const { return version_.load(std::memory_order_acquire); }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const CompiledRules> rules_;
  std::atomic<uint64_t> version_{1};
};

// A Scanner that follows a RulesHolder: before each message it checks the
// holder's version and, when the rules changed, rebuilds itself for the new
// ones. Each message is scanned entirely with one set of rules. Like a
// Scanner, not thread-safe: one per thread.
class CHATSCAN_EXPORT HolderScanner {
 public:
  explicit HolderScanner(const RulesHolder* holder);
  Status Scan(std::string_view text, const MessageContext& context, ScanResult* result);
  // The rules the last message was scanned with (before the first, the
  // holder's rules when this scanner was made): rule indexes in its
  // findings refer to these.
  const CompiledRules& rules() const { return scanner_->rules(); }
  const std::shared_ptr<const CompiledRules>& shared_rules() const {
    return scanner_->shared_rules();
  }

 private:
  const RulesHolder* holder_;
  uint64_t version_ = 0;
  std::unique_ptr<Scanner> scanner_;
};

}  // namespace chatscan

#endif  // CHATSCAN_BATCH_H_
