#include "scan/windows.h"

#include <algorithm>

#include "normalize/fold_table.h"
#include "unicode/utf8.h"

namespace chatscan {
namespace {

// The start of the character at or before `at` (at most 3 bytes back: a
// stray continuation byte is a character of its own, as the folder reads it).
size_t CharStart(std::string_view text, size_t at) {
  for (size_t back = 0; back < 3 && at > 0 && at < text.size() &&
                        (static_cast<uint8_t>(text[at]) & 0xC0) == 0x80;
       ++back) {
    --at;
  }
  return at;
}

// Whether the character at `at` (`length` bytes) counts towards a match's
// length: ignorable characters and combining marks vanish when folding.
bool Counts(const FoldTable& table, std::string_view text, size_t at, size_t* length) {
  const uint8_t* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = static_cast<int32_t>(at);
  UChar32 c;
  U8_NEXT(s, i, static_cast<int32_t>(text.size()), c);
  *length = static_cast<size_t>(i) - at;
  if (c < 0) return true;  // read as U+FFFD
  CharClass cls = table.Lookup(static_cast<char32_t>(c)).cls;
  return cls != CharClass::kIgnorable && cls != CharClass::kCombining;
}

// Walks back from `from` until `chars` counted characters lie in between,
// stopping at the start of a counted character and never before `floor`.
size_t Back(const FoldTable& table, std::string_view text, size_t from, uint64_t chars,
            size_t floor) {
  size_t at = from;
  while (chars > 0 && at > floor) {
    at = CharStart(text, at - 1);
    size_t length;
    if (Counts(table, text, at, &length)) --chars;
  }
  return std::max(at, floor);
}

// Walks forward from `from` over `chars` counted characters, not past `ceiling`.
size_t Forward(const FoldTable& table, std::string_view text, size_t from, uint64_t chars,
               size_t ceiling) {
  size_t at = from;
  while (chars > 0 && at < ceiling) {
    size_t length;
    if (Counts(table, text, at, &length)) --chars;
    at += length;
  }
  return std::min(at, ceiling);
}

}  // namespace

Status ScanInWindows(Scanner::State* state, const CompiledRules& rules, std::string_view text,
                     const MessageContext& context, ScanResult* result) {
  const FoldTable& table = FoldTable::Get();
  // The pack parser and the cache loader keep windows at 1 KiB or more;
  // 16 bytes is what the arithmetic below needs to move forward.
  const size_t window = std::max<size_t>(rules.limits().max_message_bytes, 16);
  const uint64_t overlap = rules.report().window_overlap_chars;
  const uint64_t margin = rules.report().longest_match_chars + 4;
  ScanResult part;
  size_t start = 0;
  size_t owned_from = 0;  // this window reports findings that start in [owned_from, owned_to)
  for (;;) {
    const bool last = text.size() - start <= window;
    const size_t end = last ? text.size() : CharStart(text, start + window);
    size_t next = end, owned_to = text.size();
    if (!last) {
      // Half a window at least, so that a long run of characters that do
      // not count still moves the scan forward.
      next = Back(table, text, end, overlap, start + window / 2);
      owned_to = Forward(table, text, next, margin, end);
    }
    part.findings.clear();
    part.verdict = Action::kAllow;
    Status s = state->Run(text.substr(start, end - start), context, &part, nullptr);
    if (!s.ok()) return s;
    for (Finding f : part.findings) {
      f.start += static_cast<uint32_t>(start);
      f.end += static_cast<uint32_t>(start);
      if (f.start >= owned_from && f.start < owned_to) result->findings.push_back(f);
    }
    if (last) break;
    start = next;
    owned_from = owned_to;
  }
  // Windows own consecutive stretches, so the findings are in order already.
  for (uint32_t i = 0; i < result->findings.size(); ++i) {
    result->verdict = std::max(result->verdict, result->findings[i].action);
  }
  for (uint32_t i = 0; i < result->findings.size(); ++i) {
    if (result->verdict != Action::kAllow && result->findings[i].action == result->verdict) {
      result->reasons.push_back(i);
    }
  }
  return Status();
}

}  // namespace chatscan
