#include "normalize/folder.h"

#include <cstring>

#include "unicode/normalizer2.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"
#include "unicode/utf8.h"

namespace chatscan {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";

// Length of the UTF-8 character starting with byte `lead`.
inline size_t CharLength(uint8_t lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

inline char AsciiLower(char c) {
  return static_cast<unsigned char>(c - 'A') < 26 ? static_cast<char>(c + 32) : c;
}

}  // namespace

std::string_view ViewName(int view) {
  switch (view) {
    case kFoldedView: return "folded";
    case kDenseView: return "dense";
    case kPinyinView: return "pinyin";
  }
  return "?";
}

void View::Grow(size_t need) {
  bytes.Grow(need, size);
  begin.Grow(need, size);
  end.Grow(need, size);
  gap.Grow(need, size);
  flags.Grow(need, size);
}

// Emits one character of `n` bytes; `bytes4` must be readable for 4 bytes
// (the copies are fixed-size, which is what makes this fast). The caller
// has reserved room (ReserveFor).
__attribute__((always_inline)) inline void Folder::EmitOne(const char* bytes4, size_t n, CharClass cls, uint16_t pinyin,
                            uint32_t ob, uint32_t oe) {
  View& folded = out_->views[kFoldedView];
  size_t at = folded.size;
  memcpy(folded.bytes.data() + at, bytes4, 4);
  folded.begin[at] = ob;
  folded.end[at] = oe;
  folded.size = at + n;
  if (!dense_) return;
  if (cls == CharClass::kNoise) {
    gap_ += gap_ < 255;
    return;
  }
  const uint8_t gap = static_cast<uint8_t>(gap_);
  gap_ = 0;
  View& dense = out_->views[kDenseView];
  at = dense.size;
  char* d = dense.bytes.data() + at;
  if (cls == CharClass::kBreak) {
    d[0] = '\n';
    n = 1;
  } else {
    memcpy(d, bytes4, 4);
    if (n == 1) d[0] = AsciiLower(d[0]);
  }
  dense.begin[at] = ob;
  dense.end[at] = oe;
  dense.gap[at] = gap;
  dense.size = at + n;
  if (!pinyin_) return;
  View& py = out_->views[kPinyinView];
  at = py.size;
  uint8_t* flags = py.flags.data() + at;
  if (pinyin != 0 && cls == CharClass::kNormal) {
    memcpy(py.bytes.data() + at, table_.SyllableBytes(pinyin), 8);
    memset(flags, kFromHan, 8);
    flags[0] = kUnitStart | kFromHan;
    n = table_.Syllable(pinyin).size();
  } else {
    memcpy(py.bytes.data() + at, d, 4);
    memset(flags, 0, 4);
    flags[0] = kUnitStart;
  }
  py.begin[at] = ob;
  py.end[at] = oe;
  py.gap[at] = gap;
  py.size = at + n;
}

// One table output may hold several characters (NFKC of ㍿ is 株式会社); each
// becomes a unit of its own that maps to the whole original. Pinyin readings
// belong to single characters only.
void Folder::EmitUnit(const char* bytes, size_t length, CharClass cls, uint16_t pinyin,
                      uint32_t ob, uint32_t oe) {
  const bool single = CharLength(static_cast<uint8_t>(bytes[0])) == length;
  for (size_t i = 0; i < length;) {
    size_t n = std::min(CharLength(static_cast<uint8_t>(bytes[i])), length - i);
    char buf[4] = {0, 0, 0, 0};
    memcpy(buf, bytes + i, n);
    for (View& v : out_->views) v.Reserve(16);
    EmitOne(buf, n, cls, single ? pinyin : 0, ob, oe);
    i += n;
  }
}

// A base character followed by combining marks: NFKC composes them
// depending on the neighbours, so this stretch goes through ICU; marks that
// remain afterwards are dropped (so strike-through letters read as letters).
void Folder::FoldCluster(std::string_view text, size_t start, size_t end) {
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data() + start, static_cast<int32_t>(end - start)));
  icu::UnicodeString n = FoldTable::StripMarks(s);
  for (int32_t i = 0; i < n.length();) {
    UChar32 c = n.char32At(i);
    i += U16_LENGTH(c);
    const FoldEntry& e = table_.Lookup(static_cast<char32_t>(c));
    if (e.cls == CharClass::kIgnorable) continue;
    char buf[4];
    size_t len = 0;
    U8_APPEND_UNSAFE(buf, len, c);
    std::string_view bytes =
        table_.IsIdentityAstral(e) ? std::string_view(buf, len) : table_.Output(e);
    EmitUnit(bytes.data(), bytes.size(), e.cls, e.pinyin, static_cast<uint32_t>(start),
             static_cast<uint32_t>(end));
  }
}

// Removes from `v` the units that came from original bytes at or after
// `orig_start` (they are always at the end).
static void TruncateFrom(View* v, uint32_t orig_start) {
  while (v->size > 0) {
    size_t u = v->size - 1;
    if (v->units_by_flags) {
      while (u > 0 && !(v->flags[u] & kUnitStart)) --u;
    } else {
      while (u > 0 && (static_cast<uint8_t>(v->bytes[u]) & 0xC0) == 0x80) --u;
    }
    if (v->begin[u] < orig_start) break;
    v->size = u;
  }
}

void Folder::ReserveFor(size_t remaining_input) {
  // The fast path writes at most twice the input (a 2-byte character folds
  // to at most 4 bytes; a Han character's syllable is at most 6 letters),
  // plus slack for its fixed-size copies.
  out_->views[kFoldedView].Reserve(2 * remaining_input + 16);
  if (dense_) out_->views[kDenseView].Reserve(2 * remaining_input + 16);
  if (pinyin_) out_->views[kPinyinView].Reserve(2 * remaining_input + 16);
}

void Folder::Fold(std::string_view text, bool dense, bool pinyin, FoldedText* out) {
  out_ = out;
  dense_ = dense || pinyin;
  pinyin_ = pinyin;
  gap_ = 0;
  for (View& v : out->views) v.size = 0;
  out->views[kPinyinView].units_by_flags = true;
  ReserveFor(text.size());
  const uint8_t* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  uint32_t base_gap = 0;  // gap_ before the last character, for combining marks
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c = s[i];
    if (c < 0x80) {
      ++i;
    } else if (c >= 0xE0 && c <= 0xEF && i + 2 < length &&
               (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80 &&
               (c = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F),
                c >= 0x800 && (c < 0xD800 || c > 0xDFFF))) {
      i += 3;  // the common non-ASCII case: a well-formed 3-byte character
    } else {
      U8_NEXT(s, i, length, c);
      if (c < 0) {
        EmitUnit(kReplacement, 3, CharClass::kNoise, 0, start, i);
        ReserveFor(length - i);
        continue;
      }
    }
    const FoldEntry& e = table_.Lookup(static_cast<char32_t>(c));
    if (static_cast<uint8_t>(e.out_len - 1) < 4) {
      base_gap = gap_;
      EmitOne(e.out.bytes, e.out_len, e.cls, e.pinyin, start, i);  // the common case
      continue;
    }
    if (e.cls == CharClass::kIgnorable) continue;
    if (e.cls == CharClass::kCombining) {
      int32_t k = i;
      while (k < length) {
        int32_t m = k;
        UChar32 c2;
        U8_NEXT(s, m, length, c2);
        if (c2 < 0 || table_.Lookup(c2).cls != CharClass::kCombining) break;
        k = m;
      }
      // Take the base character (the last one folded) back out of the
      // views and fold it together with its marks.
      int32_t from = start;
      View& folded = out->views[kFoldedView];
      if (folded.size > 0) {
        size_t u = folded.size - 1;
        while (u > 0 && (static_cast<uint8_t>(folded.bytes[u]) & 0xC0) == 0x80) --u;
        from = static_cast<int32_t>(folded.begin[u]);
        for (View& v : out->views) TruncateFrom(&v, from);
        gap_ = base_gap;
      }
      FoldCluster(text, from, k);
      ReserveFor(length - k);
      i = k;
      continue;
    }
    base_gap = gap_;
    if (table_.IsIdentityAstral(e)) {
      EmitUnit(text.data() + start, i - start, e.cls, e.pinyin, start, i);
    } else {
      std::string_view o = table_.Output(e);
      EmitUnit(o.data(), o.size(), e.cls, e.pinyin, start, i);
    }
    ReserveFor(length - i);
  }
}

}  // namespace chatscan
