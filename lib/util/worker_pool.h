// WorkerPool: threads kept for many rounds of work (BatchScanner's
// batches, the CLI's reading and writing). In a round, every worker, the
// calling thread as worker 0, takes the next piece until none is left.
#ifndef CHATSCAN_LIB_UTIL_WORKER_POOL_H_
#define CHATSCAN_LIB_UTIL_WORKER_POOL_H_

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace chatscan {

class WorkerPool {
 public:
  // `threads` workers (<= 0: one per core): the caller and threads - 1
  // started now, which wait between rounds.
  explicit WorkerPool(int threads)
      : size_(threads > 0 ? threads
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))) {
    for (int w = 1; w < size_; ++w) threads_.emplace_back(&WorkerPool::Loop, this, w);
  }
  ~WorkerPool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    start_.notify_all();
    for (std::thread& t : threads_) t.join();
  }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int size() const { return size_; }

  // Calls fn(worker, piece) once for every piece in [0, pieces), handing
  // them out in order as workers come free; returns when all are done. One
  // round at a time. With one worker or one piece, all on the caller.
  void Run(size_t pieces, const std::function<void(int, size_t)>& fn) {
    if (size_ == 1 || pieces < 2) {
      for (size_t p = 0; p < pieces; ++p) fn(0, p);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      fn_ = &fn;
      pieces_ = pieces;
      next_.store(0, std::memory_order_relaxed);
      busy_ = size_ - 1;
      ++generation_;
    }
    start_.notify_all();
    Take(0);
    std::unique_lock<std::mutex> lock(mu_);
    done_.wait(lock, [this] { return busy_ == 0; });
  }

 private:
  void Loop(int worker) {
    uint64_t seen = 0;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mu_);
        start_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
      }
      Take(worker);
      std::lock_guard<std::mutex> lock(mu_);
      if (--busy_ == 0) done_.notify_one();
    }
  }

  void Take(int worker) {
    for (;;) {
      const size_t p = next_.fetch_add(1, std::memory_order_relaxed);
      if (p >= pieces_) return;
      (*fn_)(worker, p);
    }
  }

  const int size_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable start_, done_;
  bool stop_ = false;
  uint64_t generation_ = 0;
  int busy_ = 0;  // started workers still in this round
  // The round's work, set under mu_ before it starts.
  const std::function<void(int, size_t)>* fn_ = nullptr;
  size_t pieces_ = 0;
  std::atomic<size_t> next_{0};
};

}  // namespace chatscan

#endif  // CHATSCAN_LIB_UTIL_WORKER_POOL_H_
