#include "normalize/folder.h"

#include <algorithm>
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

// The shift that holds or precedes view byte `i`: the last one with
// at <= i, or null for the stretch before the first.
static const View::Shift* ShiftAt(const std::vector<View::Shift>& shifts, size_t i) {
  auto it = std::upper_bound(shifts.begin(), shifts.end(), i,
                             [](size_t x, const View::Shift& s) { return x < s.at; });
  return it == shifts.begin() ? nullptr : &*(it - 1);
}

uint32_t View::ShiftedBegin(size_t from) const {
  const Shift* s = ShiftAt(shifts, from);
  if (s == nullptr) return static_cast<uint32_t>(from);
  if (from < s->at + s->length) return s->orig_begin;
  return static_cast<uint32_t>(s->orig_end + (from - s->at - s->length));
}

uint32_t View::ShiftedEnd(size_t to) const {
  const Shift* s = ShiftAt(shifts, to - 1);
  if (s != nullptr && to - 1 < s->at + s->length) return s->orig_end;
  // A copied stretch: the character holding byte to - 1 ends where the
  // next one starts.
  const char* d = data();
  while (to < size && (static_cast<uint8_t>(d[to]) & 0xC0) == 0x80) ++to;
  if (s == nullptr) return static_cast<uint32_t>(to);
  return static_cast<uint32_t>(s->orig_end + (to - s->at - s->length));
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
  // Chinese chat is mostly 3-byte characters: two of them are tested per
  // 8-byte load (little-endian: byte k is bits 8k..8k+7); anything else,
  // one character at a time.
  constexpr uint64_t kTwoMask = 0xC0C0F0C0C0F0ull, kTwoLeads = 0x8080E08080E0ull;
  size_t i = 0;
  while (i < length) {
    while (i + 8 <= length) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if ((w & kTwoMask) != kTwoLeads) break;
      const uint32_t c1 = static_cast<uint32_t>(((w & 0x0F) << 12) | ((w >> 2) & 0xFC0) |
                                                ((w >> 16) & 0x3F));
      const uint32_t c2 = static_cast<uint32_t>(((w >> 12) & 0xF000) | ((w >> 26) & 0xFC0) |
                                                ((w >> 40) & 0x3F));
      // Overlong forms (below U+0800) are never themselves.
      if (std::min(c1, c2) < 0x800 || !table_.FoldsToItself(c1) ||
          !table_.FoldsToItself(c2)) {
        break;
      }
      i += 6;
    }
    if (i >= length) break;
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

// The folded view alone, bytes and shifts: stretches that fold to
// themselves are found with a bit per character and copied in one go, and
// each character between them is looked up and recorded as a shift. False
// when the text holds combining marks (they fold with their neighbours:
// FoldImpl handles them); the view is then unfinished.
bool Folder::FoldFoldedOnly(std::string_view text, View* view) {
  const uint8_t* s = reinterpret_cast<const uint8_t*>(text.data());
  const size_t length = text.size();
  view->shifts.clear();
  view->by_shifts = true;
  size_t i = ItselfPrefix(s, length);
  if (i == length) {
    view->itself = text.data();
    view->size = length;
    return true;
  }
  view->itself = nullptr;
  view->size = 0;
  view->Reserve(length);
  char* out = view->bytes.data();
  memcpy(out, s, i);
  size_t at = i;
  while (i < length) {
    const size_t start = i;
    int32_t next = static_cast<int32_t>(i);
    UChar32 c;
    U8_NEXT(s, next, static_cast<int32_t>(length), c);
    i = static_cast<size_t>(next);
    std::string_view o(kReplacement, 3);
    if (c >= 0) {
      const FoldEntry& e = table_.Lookup(static_cast<char32_t>(c));
      if (e.cls == CharClass::kCombining) return false;
      if (e.cls == CharClass::kIgnorable) {
        o = std::string_view();
      } else if (table_.IsIdentityAstral(e)) {
        o = std::string_view(text.data() + start, i - start);
      } else {
        o = table_.Output(e);
      }
    }
    if (o.size() != i - start || memcmp(o.data(), s + start, o.size()) != 0) {
      view->shifts.push_back({static_cast<uint32_t>(at), static_cast<uint32_t>(o.size()),
                              static_cast<uint32_t>(start), static_cast<uint32_t>(i)});
    }
    const size_t same = ItselfPrefix(s + i, length - i);
    view->size = at;
    view->Reserve(o.size() + same);
    out = view->bytes.data();
    if (!o.empty()) memcpy(out + at, o.data(), o.size());  // (an ignorable: no bytes)
    at += o.size();
    memcpy(out + at, s + i, same);
    at += same;
    i += same;
  }
  view->size = at;
  return true;
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
  if (!kMaps && !dense_ && FoldFoldedOnly(text, &out->views[kFoldedView])) return;
  out->views[kFoldedView].itself = nullptr;
  out->views[kFoldedView].by_shifts = false;
  out->views[kFoldedView].size = 0;
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
