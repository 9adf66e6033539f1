// BatchScanner: a pool of threads with one Scanner each; messages are
// handed out in chunks, results gathered per chunk and joined in order.
#include "chatscan/batch.h"

#include <algorithm>

#include "util/worker_pool.h"

namespace chatscan {
namespace {

constexpr size_t kChunk = 256;  // messages per unit of work

}  // namespace

struct BatchScanner::Worker {
  explicit Worker(std::shared_ptr<const CompiledRules> rules) : scanner(std::move(rules)) {}
  Scanner scanner;
  ScanResult result;
  // Per chunk this worker scanned: findings of the chunk, and counts per
  // message, appended to one reusable arena.
  struct Chunk {
    size_t index;
    size_t findings_begin, findings_end;
  };
  std::vector<Chunk> chunks;
  std::vector<Finding> findings;
  std::vector<uint32_t> per_message;  // findings of each message, chunk by chunk
  std::vector<Action> verdicts;
  std::vector<std::pair<uint32_t, std::string>> errors;
};

BatchScanner::BatchScanner(std::shared_ptr<const CompiledRules> rules, int threads)
    : rules_(std::move(rules)), pool_(std::make_unique<WorkerPool>(threads)) {
  // The calling thread is worker 0; the others wait in the pool.
  for (int i = 0; i < pool_->size(); ++i) workers_.push_back(std::make_unique<Worker>(rules_));
}

// The version is read before the rules (the public constructor's argument
// is evaluated first): if a swap lands in between, the first batch sees a
// newer version and rebuilds.
BatchScanner::BatchScanner(const RulesHolder* holder, int threads)
    : BatchScanner(holder, holder->version(), threads) {}

BatchScanner::BatchScanner(const RulesHolder* holder, uint64_t version, int threads)
    : BatchScanner(holder->Get(), threads) {
  holder_ = holder;
  version_ = version;
}

BatchScanner::~BatchScanner() = default;

void BatchScanner::ScanChunk(Worker* w, const BatchMessage* messages, size_t count, size_t c) {
  Worker::Chunk chunk{c, w->findings.size(), 0};
  const size_t end = std::min(count, (c + 1) * kChunk);
  for (size_t m = c * kChunk; m < end; ++m) {
    Status s = w->scanner.Scan(messages[m].text, messages[m].context, &w->result);
    if (!s.ok()) {
      w->errors.emplace_back(static_cast<uint32_t>(m), s.message());
      w->result.findings.clear();
      w->result.verdict = Action::kAllow;
    }
    if (!w->result.findings.empty()) {  // most messages: an empty insert is still a call
      w->findings.insert(w->findings.end(), w->result.findings.begin(),
                         w->result.findings.end());
    }
    w->per_message.push_back(static_cast<uint32_t>(w->result.findings.size()));
    w->verdicts.push_back(w->result.verdict);
  }
  chunk.findings_end = w->findings.size();
  w->chunks.push_back(chunk);
}

Status BatchScanner::Scan(const BatchMessage* messages, size_t count, BatchResult* result) {
  if (result == nullptr) return Status(StatusCode::kInvalidArgument, "result is null");
  if (messages == nullptr && count > 0) {
    return Status(StatusCode::kInvalidArgument, "messages is null");
  }
  if (count >= UINT32_MAX) {
    return Status(StatusCode::kInvalidArgument, "a batch holds fewer than 2^32 messages");
  }
  if (holder_ != nullptr && holder_->version() != version_) {
    version_ = holder_->version();
    rules_ = holder_->Get();
    for (auto& w : workers_) w = std::make_unique<Worker>(rules_);
  }
  for (auto& w : workers_) {
    w->chunks.clear();
    w->findings.clear();
    w->per_message.clear();
    w->verdicts.clear();
    w->errors.clear();
  }
  pool_->Run((count + kChunk - 1) / kChunk, [&](int worker, size_t chunk) {
    ScanChunk(workers_[worker].get(), messages, count, chunk);
  });

  // Join the chunks in message order.
  const size_t chunks = (count + kChunk - 1) / kChunk;
  struct Where {
    Worker* worker = nullptr;
    size_t chunk_in_worker = 0;
    size_t message_offset = 0;  // into the worker's per_message/verdicts
  };
  std::vector<Where> where(chunks);
  size_t total = 0;
  for (auto& w : workers_) {
    size_t offset = 0;
    for (size_t k = 0; k < w->chunks.size(); ++k) {
      const auto& ch = w->chunks[k];
      where[ch.index] = {w.get(), k, offset};
      offset += std::min(count, (ch.index + 1) * kChunk) - ch.index * kChunk;
      total += ch.findings_end - ch.findings_begin;
    }
  }
  result->findings.resize(total);
  result->message.resize(total);
  result->first_finding.resize(count + 1);
  result->verdicts.resize(count);
  result->errors.clear();
  size_t f = 0;
  for (size_t c = 0; c < chunks; ++c) {
    const Where& at = where[c];
    const auto& ch = at.worker->chunks[at.chunk_in_worker];
    size_t src = ch.findings_begin;
    size_t end = std::min(count, (c + 1) * kChunk);
    for (size_t m = c * kChunk, k = at.message_offset; m < end; ++m, ++k) {
      result->first_finding[m] = static_cast<uint32_t>(f);
      result->verdicts[m] = at.worker->verdicts[k];
      for (uint32_t n = at.worker->per_message[k]; n > 0; --n) {
        result->findings[f] = at.worker->findings[src++];
        result->message[f++] = static_cast<uint32_t>(m);
      }
    }
  }
  result->first_finding[count] = static_cast<uint32_t>(f);
  for (auto& w : workers_) {
    result->errors.insert(result->errors.end(), w->errors.begin(), w->errors.end());
  }
  std::sort(result->errors.begin(), result->errors.end());
  return Status();
}

RulesHolder::RulesHolder(std::shared_ptr<const CompiledRules> rules) : rules_(std::move(rules)) {}

std::shared_ptr<const CompiledRules> RulesHolder::Get() const {
  std::lock_guard<std::mutex> lock(mu_);
  return rules_;
}

void RulesHolder::Swap(std::shared_ptr<const CompiledRules> rules) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    rules_ = std::move(rules);
  }
  version_.fetch_add(1, std::memory_order_acq_rel);
}

HolderScanner::HolderScanner(const RulesHolder* holder)
    : holder_(holder),
      version_(holder->version()),
      scanner_(std::make_unique<Scanner>(holder->Get())) {}

Status HolderScanner::Scan(std::string_view text, const MessageContext& context,
                           ScanResult* result) {
  uint64_t version = holder_->version();
  if (version != version_) {
    // Read the version before the rules: if a swap lands in between, the
    // next message sees a newer version and rebuilds again.
    scanner_ = std::make_unique<Scanner>(holder_->Get());
    version_ = version;
  }
  return scanner_->Scan(text, context, result);
}

}  // namespace chatscan
