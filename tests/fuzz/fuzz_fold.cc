// Fuzzes the folder: for any bytes, every view's offset map stays inside
// the input, begins never pass ends, and original starts never go back; the
// folded view alone (with BMI2's pext where the processor has it, and
// without) has the same bytes as Fold's, and its shifts map every character
// to the same original bytes as Fold's maps.
#include <cstdint>
#include <string_view>

#include "normalize/folder.h"

// Builds the fold table (seconds of ICU work, more under sanitizers) before
// the first input, so it does not count against the per-input timeout.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  chatscan::FoldTable::Get();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static chatscan::Folder* folder = new chatscan::Folder();
  static chatscan::FoldedText* out = new chatscan::FoldedText();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  static chatscan::Folder* portable = new chatscan::Folder(false);
  static chatscan::FoldedText* alone = new chatscan::FoldedText();
  folder->Fold(text, true, true, out);
  for (chatscan::Folder* f : {folder, portable}) {
    f->FoldBytes(text, false, false, alone);
    const chatscan::View& a = alone->views[chatscan::kFoldedView];
    const chatscan::View& m = out->views[chatscan::kFoldedView];
    if (a.text() != m.text()) __builtin_trap();
    if (!a.by_shifts) continue;  // combining marks: folded with maps
    for (size_t i = 0; i < a.size; ++i) {
      if (!a.UnitStart(i)) continue;
      size_t next = i + 1;
      while (next < a.size && !a.UnitStart(next)) ++next;
      if (a.OriginalBegin(i) != m.OriginalBegin(i)) __builtin_trap();
      if (a.OriginalEnd(next) != m.OriginalEnd(next)) __builtin_trap();
    }
  }
  for (const chatscan::View& v : out->views) {
    uint32_t last_begin = 0;
    std::string_view t = v.text();
    for (size_t i = 0; i < t.size(); ++i) {
      bool unit_start = v.units_by_flags ? (v.flags[i] & chatscan::kUnitStart) != 0
                                         : (static_cast<uint8_t>(t[i]) & 0xC0) != 0x80;
      if (!unit_start) continue;
      if (v.begin[i] >= v.end[i] || v.end[i] > size) __builtin_trap();
      if (v.begin[i] < last_begin) __builtin_trap();  // monotonic
      last_begin = v.begin[i];
    }
  }
  return 0;
}
