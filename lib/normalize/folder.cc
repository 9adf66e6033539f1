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

// Where the next unit of each view goes, with every array the views write
// to. Folding works on a local copy: stores through char* may alias
// anything, so pointers and sizes read from the views would be reloaded
// from memory for every character; a local whose address never escapes
// stays in registers.
struct Folder::Cursor {
  struct Out {
    explicit Out(View& v)
        : bytes(v.bytes.data()), begin(v.begin.data()), end(v.end.data()),
          gap(v.gap.data()), flags(v.flags.data()), at(v.size) {}
    char* bytes;
    uint32_t* begin;
    uint32_t* end;
    uint8_t* gap;
    uint8_t* flags;
    size_t at;
  };
  Cursor(const Folder& folder, FoldedText* out)
      : f(out->views[kFoldedView]),
        d(out->views[kDenseView]),
        p(out->views[kPinyinView]),
        gap(folder.gap_),
        dense(folder.dense_),
        pinyin(folder.pinyin_) {}
  void StoreTo(Folder* folder, FoldedText* out) const {
    out->views[kFoldedView].size = f.at;
    out->views[kDenseView].size = d.at;
    out->views[kPinyinView].size = p.at;
    folder->gap_ = gap;
  }
  Out f, d, p;
  uint32_t gap;  // noise characters since the last unit of the dense view
  const bool dense, pinyin;
};

// Emits one character of `n` bytes; `bytes4` must be readable for 4 bytes
// (the copies are fixed-size, which is what makes this fast). The caller
// has reserved room (ReserveFor). Without kMaps only the view bytes are
// written: offsets, gaps and flags cost more than the bytes, and most
// messages never need them.
template <bool kMaps>
__attribute__((always_inline)) inline void Folder::EmitOne(Cursor& c, const char* bytes4,
                                                           size_t n, CharClass cls,
                                                           uint16_t pinyin, uint32_t ob,
                                                           uint32_t oe) {
  memcpy(c.f.bytes + c.f.at, bytes4, 4);
  if (kMaps) {
    c.f.begin[c.f.at] = ob;
    c.f.end[c.f.at] = oe;
  }
  c.f.at += n;
  if (!c.dense) return;
  if (cls == CharClass::kNoise) {
    c.gap += c.gap < 255;
    return;
  }
  const uint8_t gap = static_cast<uint8_t>(c.gap);
  c.gap = 0;
  char* d = c.d.bytes + c.d.at;
  if (cls == CharClass::kBreak) {
    d[0] = '\n';
    n = 1;
  } else {
    memcpy(d, bytes4, 4);
    if (n == 1) d[0] = AsciiLower(d[0]);
  }
  if (kMaps) {
    c.d.begin[c.d.at] = ob;
    c.d.end[c.d.at] = oe;
    c.d.gap[c.d.at] = gap;
  }
  c.d.at += n;
  if (!c.pinyin) return;
  uint8_t* flags = c.p.flags + c.p.at;
  if (kMaps) {
    c.p.begin[c.p.at] = ob;
    c.p.end[c.p.at] = oe;
    c.p.gap[c.p.at] = gap;
  }
  if (pinyin != 0 && cls == CharClass::kNormal) {
    const FoldTable::Syllable8& syllable = syllables_[pinyin];
    memcpy(c.p.bytes + c.p.at, syllable.bytes, 8);
    if (kMaps) {
      memset(flags, kFromHan, 8);
      flags[0] = kUnitStart | kFromHan;
    }
    c.p.at += syllable.length;
  } else {
    memcpy(c.p.bytes + c.p.at, d, 4);
    if (kMaps) {
      memset(flags, 0, 4);
      flags[0] = kUnitStart;
    }
    c.p.at += n;
  }
}

// One table output may hold several characters (NFKC of ㍿ is 株式会社); each
// becomes a unit of its own that maps to the whole original. Pinyin readings
// belong to single characters only.
template <bool kMaps>
void Folder::EmitUnit(const char* bytes, size_t length, CharClass cls, uint16_t pinyin,
                      uint32_t ob, uint32_t oe) {
  const bool single = CharLength(static_cast<uint8_t>(bytes[0])) == length;
  for (size_t i = 0; i < length;) {
    size_t n = std::min(CharLength(static_cast<uint8_t>(bytes[i])), length - i);
    char buf[4] = {0, 0, 0, 0};
    memcpy(buf, bytes + i, n);
    for (View& v : out_->views) v.Reserve(16);
    Cursor c(*this, out_);
    EmitOne<kMaps>(c, buf, n, cls, single ? pinyin : 0, ob, oe);
    c.StoreTo(this, out_);
    i += n;
  }
}

// A base character followed by combining marks: NFKC composes them
// depending on the neighbours, so this stretch goes through ICU; marks that
// remain afterwards are dropped (so strike-through letters read as letters).
template <bool kMaps>
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
    EmitUnit<kMaps>(bytes.data(), bytes.size(), e.cls, e.pinyin,
                    static_cast<uint32_t>(start), static_cast<uint32_t>(end));
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

// Folds the common characters (ASCII, and well-formed 3-byte characters
// whose fold is one character) from `i` on, with the cursor in a local.
// Returns where it stopped: the end, or a character for the general path.
// Not inlined: inside FoldImpl it would share registers with the general
// path and spill its cursors.
template <bool kMaps>
__attribute__((noinline)) int32_t Folder::FastRun(const uint8_t* s, int32_t i,
                                                              int32_t length, Base* base) {
  Cursor c(*this, out_);
  Base b = *base;
  const FoldEntry* const bmp = bmp_;
  while (i < length) {
    const int32_t start = i;
    uint32_t cp = s[i];
    if (cp < 0x80) {
      ++i;
    } else if (cp >= 0xE0 && cp <= 0xEF && i + 2 < length && (s[i + 1] & 0xC0) == 0x80 &&
               (s[i + 2] & 0xC0) == 0x80) {
      cp = ((cp & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
      if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) break;
      i += 3;
    } else {
      break;
    }
    const FoldEntry& e = bmp[cp];  // cp < 0x10000 here
    if (static_cast<uint8_t>(e.out_len - 1) >= 4) {
      i = start;
      break;
    }
    b = Base{start, {c.f.at, c.d.at, c.p.at}, c.gap};
    EmitOne<kMaps>(c, e.out.bytes, e.out_len, e.cls, e.pinyin, start, i);
  }
  c.StoreTo(this, out_);
  *base = b;
  return i;
}

// Length of the longest prefix of `s` that folds to itself, character by
// character: for most chat messages, all of it.
size_t Folder::ItselfPrefix(const uint8_t* s, size_t length) const {
  size_t i = 0;
  while (i < length) {
    uint32_t c = s[i];
    size_t n = 1;
    if (c >= 0x80) {
      if (c < 0xE0 || c > 0xEF || i + 2 >= length || (s[i + 1] & 0xC0) != 0x80 ||
          (s[i + 2] & 0xC0) != 0x80) {
        break;  // not a 3-byte character: the general path decides
      }
      c = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
      if (c < 0x800) break;  // overlong (surrogates are never marked)
      n = 3;
    }
    if (!table_.FoldsToItself(c)) break;
    i += n;
  }
  return i;
}

void Folder::Fold(std::string_view text, bool dense, bool pinyin, FoldedText* out) {
  FoldImpl<true>(text, dense, pinyin, out);
}

void Folder::FoldBytes(std::string_view text, bool dense, bool pinyin, FoldedText* out) {
  FoldImpl<false>(text, dense, pinyin, out);
}

template <bool kMaps>
void Folder::FoldImpl(std::string_view text, bool dense, bool pinyin, FoldedText* out) {
  out_ = out;
  dense_ = dense || pinyin;
  pinyin_ = pinyin;
  gap_ = 0;
  for (View& v : out->views) v.size = 0;
  out->views[kPinyinView].units_by_flags = true;
  ReserveFor(text.size());
  const uint8_t* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  // Where the last character that produced output began, in the original
  // and in each view, and the noise gap before it: combining marks that
  // follow take it back out and fold it again together with them.
  Base base{0, {0, 0, 0}, 0};
  auto mark_base = [&](int32_t start) {
    base.start = start;
    for (int v = 0; v < kViewCount; ++v) base.size[v] = out->views[v].size;
    base.gap = gap_;
  };
  int32_t i = 0;
  out->views[kFoldedView].itself = nullptr;
  if (!kMaps && !dense_) {
    // Most messages fold to themselves: check with a bit per character and
    // copy the part that does in one go, or not at all.
    const size_t same = ItselfPrefix(s, text.size());
    if (same == text.size()) {
      out->views[kFoldedView].itself = text.data();
      out->views[kFoldedView].size = text.size();
      return;
    }
    memcpy(out->views[kFoldedView].bytes.data(), text.data(), same);
    out->views[kFoldedView].size = same;
    i = static_cast<int32_t>(same);
  }
  while (true) {
    i = FastRun<kMaps>(s, i, length, &base);
    if (i >= length) break;
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) {
      mark_base(start);
      EmitUnit<kMaps>(kReplacement, 3, CharClass::kNoise, 0, start, i);
      ReserveFor(length - i);
      continue;
    }
    const FoldEntry& e = table_.Lookup(static_cast<char32_t>(c));
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
      if (out->views[kFoldedView].size > 0) {
        from = base.start;
        for (int v = 0; v < kViewCount; ++v) out->views[v].size = base.size[v];
        gap_ = base.gap;
      }
      mark_base(from);
      FoldCluster<kMaps>(text, from, k);
      ReserveFor(length - k);
      i = k;
      continue;
    }
    mark_base(start);
    if (table_.IsIdentityAstral(e)) {
      EmitUnit<kMaps>(text.data() + start, i - start, e.cls, e.pinyin, start, i);
    } else {
      std::string_view o = table_.Output(e);
      EmitUnit<kMaps>(o.data(), o.size(), e.cls, e.pinyin, start, i);
    }
    ReserveFor(length - i);
  }
}

}  // namespace chatscan
