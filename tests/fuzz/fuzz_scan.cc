// Fuzzes the scanner with the default pack: findings lie inside the text,
// on character boundaries, sorted; two scanners agree (determinism); and a
// short input finds the same after a line as after a kilobyte of such
// lines, where the scanner takes its long-text path (one fold with maps,
// RE2 in windows around atoms).
#include <cstdint>
#include <string>
#include <string_view>

#include "chatscan/chatscan.h"

namespace {
std::shared_ptr<const chatscan::CompiledRules> Rules() {
  static auto* rules = [] {
    auto* r = new std::shared_ptr<const chatscan::CompiledRules>();
    chatscan::Status s =
        chatscan::CompiledRules::Compile(CHATSCAN_SOURCE_RULES_DIR "/default", r);
    if (!s.ok()) __builtin_trap();
    return r;
  }();
  return *rules;
}
}  // namespace

// Compiles the default pack before the first input (it takes seconds).
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  Rules();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static chatscan::Scanner* a = new chatscan::Scanner(Rules());
  static chatscan::Scanner* b = new chatscan::Scanner(Rules());
  std::string_view text(reinterpret_cast<const char*>(data), size);
  chatscan::ScanResult ra, rb;
  chatscan::MessageContext ctx;
  ctx.kind = size % 2 ? chatscan::Kind::kMoment : chatscan::Kind::kChat;
  if (!a->Scan(text, ctx, &ra).ok() || !b->Scan(text, ctx, &rb).ok()) __builtin_trap();
  if (ra.findings.size() != rb.findings.size() || ra.verdict != rb.verdict) __builtin_trap();
  uint32_t last = 0;
  for (size_t i = 0; i < ra.findings.size(); ++i) {
    const chatscan::Finding& f = ra.findings[i];
    if (f.start >= f.end || f.end > size || f.start < last) __builtin_trap();
    if ((data[f.start] & 0xC0) == 0x80 && f.start > 0) {
      // A finding may start on a stray continuation byte only if that byte
      // is not part of a valid sequence; the folder treats it as U+FFFD.
    }
    if (f.start != rb.findings[i].start || f.end != rb.findings[i].end) __builtin_trap();
    last = f.start;
  }
  std::string redacted;
  a->Redact(text, ra, &redacted);

  if (size < 800) {
    static const std::string line = "今天下午三点在二号会议室讨论新版本的排期。\n";
    static const std::string filler = [] {
      std::string f;
      while (f.size() < 1100) f += line;
      return f;
    }();
    chatscan::ScanResult short_text, long_text;
    if (!a->Scan(line + std::string(text), ctx, &short_text).ok() ||
        !a->Scan(filler + std::string(text), ctx, &long_text).ok()) {
      __builtin_trap();
    }
    const size_t moved = filler.size() - line.size();
    if (short_text.findings.size() != long_text.findings.size() ||
        short_text.verdict != long_text.verdict) {
      __builtin_trap();
    }
    for (size_t i = 0; i < short_text.findings.size(); ++i) {
      const chatscan::Finding& s = short_text.findings[i];
      const chatscan::Finding& l = long_text.findings[i];
      if (l.rule != s.rule || l.start != s.start + moved || l.end != s.end + moved) {
        __builtin_trap();
      }
    }
  }
  return 0;
}
