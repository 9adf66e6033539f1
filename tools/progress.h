// A progress bar on stderr for long scans: bytes done of the total, the rate
// and the time left.
#ifndef CHATSCAN_TOOLS_PROGRESS_H_
#define CHATSCAN_TOOLS_PROGRESS_H_

#include <cstdint>
#include <string>

#include "absl/time/time.h"

namespace chatscan::cli {

class ProgressBar {
 public:
  // `total` is the input's size in bytes, 0 when unknown (then the bar shows
  // bytes and rate only). A disabled bar draws nothing.
  ProgressBar(bool enabled, uint64_t total);

  // `done` bytes have been read. Redraws at most ten times a second, so it
  // can be called for every line.
  void Update(uint64_t done);

  // Draws the final state and ends its line, so what follows on stderr
  // starts on a line of its own.
  void Finish(uint64_t done);

  // Takes the bar off its line (on a terminal; elsewhere ends the line), so
  // a message can be written to stderr; the next Update draws it again.
  void Clear();

  // The bar's line (without "\r") after `done` bytes in `elapsed`.
  static std::string Line(uint64_t done, uint64_t total, absl::Duration elapsed);

 private:
  void Draw(uint64_t done);

  bool enabled_;
  uint64_t total_;
  absl::Time start_;
  absl::Time last_draw_;
  bool drawn_ = false;  // the bar is on the current line of stderr
  bool terminal_;
};

}  // namespace chatscan::cli

#endif  // CHATSCAN_TOOLS_PROGRESS_H_
