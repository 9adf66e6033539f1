#include "progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace chatscan::cli {
namespace {

constexpr int kBarColumns = 24;
constexpr absl::Duration kRedrawEvery = absl::Milliseconds(100);

// 999 -> "999 B", 1234567 -> "1.2 MB"
std::string Bytes(double bytes) {
  if (bytes < 1e3) return absl::StrFormat("%.0f B", bytes);
  if (bytes < 1e6) return absl::StrFormat("%.1f kB", bytes / 1e3);
  if (bytes < 1e9) return absl::StrFormat("%.1f MB", bytes / 1e6);
  return absl::StrFormat("%.2f GB", bytes / 1e9);
}

// 75 -> "1:15", 3725 -> "1:02:05"
std::string Clock(int64_t seconds) {
  if (seconds >= 3600) {
    return absl::StrFormat("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }
  return absl::StrFormat("%d:%02d", seconds / 60, seconds % 60);
}

}  // namespace

ProgressBar::ProgressBar(bool enabled, uint64_t total)
    : enabled_(enabled),
      total_(total),
      start_(absl::Now()),
      last_draw_(absl::InfinitePast()),
      terminal_(isatty(STDERR_FILENO)) {}

std::string ProgressBar::Line(uint64_t done, uint64_t total, absl::Duration elapsed) {
  double seconds = absl::ToDoubleSeconds(elapsed);
  double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  std::string speed = absl::StrCat(Bytes(rate), "/s");
  if (total == 0) return absl::StrCat(Bytes(static_cast<double>(done)), "  ", speed);
  double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
  int filled = static_cast<int>(fraction * kBarColumns);
  std::string eta = rate > 0 ? Clock(static_cast<int64_t>((total - std::min(done, total)) / rate))
                             : "?";
  return absl::StrFormat("[%s%s] %5.1f%%  %s / %s  %s  ETA %s", std::string(filled, '#'),
                         std::string(kBarColumns - filled, '-'), 100 * fraction,
                         Bytes(static_cast<double>(done)),
                         Bytes(static_cast<double>(total)), speed, eta);
}

void ProgressBar::Update(uint64_t done) {
  if (!enabled_) return;
  absl::Time now = absl::Now();
  if (now - last_draw_ < kRedrawEvery) return;
  last_draw_ = now;
  Draw(done);
}

void ProgressBar::Finish(uint64_t done) {
  if (!enabled_) return;
  Draw(done);
  fputc('\n', stderr);
  drawn_ = false;
}

void ProgressBar::Clear() {
  if (!drawn_) return;
  fputs(terminal_ ? "\r\x1b[K" : "\n", stderr);
  drawn_ = false;
}

void ProgressBar::Draw(uint64_t done) {
  // Trailing blanks wipe the end of a longer previous line.
  fprintf(stderr, "\r%s   ", Line(done, total_, absl::Now() - start_).c_str());
  fflush(stderr);
  drawn_ = true;
}

}  // namespace chatscan::cli
