#include "normalize/folder.h"

#include <algorithm>
#include <cstdlib>
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

// The code point of the well-formed 3-byte character at s[i], or -1 when
// none starts there (ASCII, other lengths, an overlong form, a surrogate, a
// cut-off sequence): the caller's general path decides.
inline int32_t DecodeThree(const uint8_t* s, size_t i, size_t length) {
  if (i + 2 >= length) return -1;
  const uint32_t lead = s[i];
  if ((lead & 0xF0) != 0xE0 || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80) return -1;
  const uint32_t cp = ((lead & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
  return cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) ? -1 : static_cast<int32_t>(cp);
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
  if (shifts.size() <= 8) {  // a chat message's few: a walk costs less than a search
    const View::Shift* last = nullptr;
    for (const View::Shift& s : shifts) {
      if (s.at > i) break;
      last = &s;
    }
    return last;
  }
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
    } else {
      const int32_t three = DecodeThree(s, static_cast<size_t>(i), static_cast<size_t>(length));
      if (three < 0) break;
      cp = static_cast<uint32_t>(three);
      i += 3;
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

bool Folder::HasFastPext() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  // AMD before Zen 3 runs pext in microcode, slower than the shifts.
  return __builtin_cpu_supports("bmi2") && !__builtin_cpu_is("amdfam15h") &&
         !__builtin_cpu_is("amdfam17h");
#else
  return false;
#endif
}

namespace {

// BMI2's pext, as inline assembly so that the library needs no BMI2 target:
// called only where HasFastPext said yes.
inline uint64_t Pext(uint64_t bits, uint64_t mask) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  uint64_t out;
  asm("pextq %2, %1, %0" : "=r"(out) : "r"(bits), "rm"(mask));
  return out;
#else
  (void)bits, (void)mask;
  abort();
#endif
}

// The Key3 of the 3-byte characters in the low 3 bytes of `w` (kChars 1)
// or in its low 6 (kChars 2: the second's in bits 16-31).
template <bool kPext, int kChars>
inline uint32_t Keys3(uint64_t w) {
  if constexpr (kPext) {
    return static_cast<uint32_t>(Pext(w, kChars == 2 ? 0x3F3F0F3F3F0Full : 0x3F3F0Full));
  }
  uint32_t keys = FoldTable::Key3(static_cast<uint32_t>(w), static_cast<uint32_t>(w >> 8),
                                  static_cast<uint32_t>(w >> 16));
  if constexpr (kChars == 2) {
    keys |= FoldTable::Key3(static_cast<uint32_t>(w >> 24), static_cast<uint32_t>(w >> 32),
                            static_cast<uint32_t>(w >> 40))
            << 16;
  }
  return keys;
}

// Bytes 0-5 of a word are two 3-byte characters when these bits are these.
constexpr uint64_t kTwoMask = 0xC0C0F0C0C0F0ull, kTwoLeads = 0x8080E08080E0ull;

// Whether bytes 0-5 of `w` are two 3-byte characters that fold to
// themselves.
template <bool kPext>
inline bool TwoFoldToThemselves(const FoldTable& table, uint64_t w) {
  if ((w & kTwoMask) != kTwoLeads) return false;
  const uint32_t keys = Keys3<kPext, 2>(w);
  return table.Key3FoldsToItself(keys & 0xFFFF) && table.Key3FoldsToItself(keys >> 16);
}

}  // namespace

// The folded view alone, bytes and shifts, in one pass: characters that
// fold to themselves are found with a bit per character and copied as they
// are tested; any other character is looked up and recorded as a shift.
// Chinese chat is mostly 3-byte characters: two of them are tested and
// copied per 8-byte load (little-endian: byte k is bits 8k..8k+7; the last
// pair from the text's last 8 bytes), a last single one and anything else
// one character at a time, in the same loop, so that the punctuation in a
// message (，！？ fold to ASCII) costs no call and no return. False when the
// text holds combining marks (they fold with their neighbours: FoldImpl
// handles them); the view is then unfinished.
template <bool kPext>
bool Folder::FoldFoldedOnlyWith(std::string_view text, View* view) {
  const uint8_t* s = reinterpret_cast<const uint8_t*>(text.data());
  const size_t length = text.size();
  view->shifts.clear();
  view->by_shifts = true;
  view->size = 0;
  view->Reserve(length);
  // Room for the input and 8 bytes of slack, as long as the output is no
  // longer than the input so far (at <= i); a longer output reserves more.
  char* out = view->bytes.data();
  const FoldTable& table = table_;  // in a register: a store to `out` may alias a member
  // Pairs start before this: a whole 8-byte load from each.
  const size_t pairs_end = length >= 8 ? length - 7 : 0;
  size_t i = 0, at = 0;
  for (;;) {
    while (i < pairs_end) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if ((w & kTwoMask) != kTwoLeads) break;
      const uint32_t keys = Keys3<kPext, 2>(w);
      const uint32_t first = table.Key3FoldsToItself(keys & 0xFFFF);
      memcpy(out + at, &w, 8);
      if (!(first & table.Key3FoldsToItself(keys >> 16))) {
        // Keep the first if it folds to itself, without a branch: the
        // character at i then does not, and the code below folds it.
        i += 3 * first;
        at += 3 * first;
        break;
      }
      i += 6;
      at += 6;
    }
    if (i >= pairs_end && i + 6 <= length && length >= 8) {
      // The last pair: the text's last 8 bytes, shifted down.
      uint64_t w;
      memcpy(&w, s + length - 8, 8);
      w >>= 8 * (i + 8 - length);
      if (TwoFoldToThemselves<kPext>(table, w)) {
        memcpy(out + at, &w, 8);
        i += 6;
        at += 6;
      }
    }
    if (i >= length) break;
    const size_t start = i;
    UChar32 c;
    if (s[i] < 0x80) {
      c = s[i++];
      if (table.AsciiFoldsToItself(static_cast<uint32_t>(c))) {
        out[at++] = static_cast<char>(c);
        continue;
      }
    } else {
      if (i + 3 <= length && (s[i] & 0xF0) == 0xE0 && (s[i + 1] & 0xC0) == 0x80 &&
          (s[i + 2] & 0xC0) == 0x80) {
        if (table.Key3FoldsToItself(FoldTable::Key3(s[i], s[i + 1], s[i + 2]))) {
          memcpy(out + at, s + i, 3);  // (overlong forms and surrogates are never marked)
          i += 3;
          at += 3;
          continue;
        }
        // A character that folds to at most three bytes (，！？, the
        // full-width forms, the ignorables): from its entry, four bytes at
        // once (at <= i: within the slack).
        const uint32_t cp = (s[i] & 0x0Fu) << 12 | (s[i + 1] & 0x3Fu) << 6 | (s[i + 2] & 0x3Fu);
        const FoldEntry& e = table.bmp()[cp];
        const uint32_t n = e.out_len & ~FoldTable::kMultiChar;  // kLongOutput: 0x7F
        if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF) && n <= 3 &&
            e.cls != CharClass::kCombining) {
          memcpy(out + at, e.out.bytes, 4);
          View::Shift& shift = view->shifts.emplace_back();
          shift.at = static_cast<uint32_t>(at);
          shift.length = n;
          shift.orig_begin = static_cast<uint32_t>(i);
          shift.orig_end = static_cast<uint32_t>(i + 3);
          i += 3;
          at += n;
          continue;
        }
      }
      c = DecodeThree(s, i, length);
      if (c >= 0) {
        i += 3;
      } else {
        int32_t next = static_cast<int32_t>(i);
        U8_NEXT(s, next, static_cast<int32_t>(length), c);
        i = static_cast<size_t>(next);
      }
    }
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
      // Field by field: a braced temporary is built on the stack with four
      // 4-byte stores and copied with one 16-byte load, which the
      // processor cannot forward from them (a stall per shift).
      View::Shift& shift = view->shifts.emplace_back();
      shift.at = static_cast<uint32_t>(at);
      shift.length = static_cast<uint32_t>(o.size());
      shift.orig_begin = static_cast<uint32_t>(start);
      shift.orig_end = static_cast<uint32_t>(i);
    }
    if (at + o.size() > i) {  // longer than what it replaced: keep room for the rest
      view->size = at;
      view->Reserve(o.size() + (length - i));
      out = view->bytes.data();
    }
    for (size_t k = 0; k < o.size(); ++k) out[at + k] = o[k];
    at += o.size();
  }
  view->size = at;
  return true;
}
template bool Folder::FoldFoldedOnlyWith<true>(std::string_view text, View* view);
template bool Folder::FoldFoldedOnlyWith<false>(std::string_view text, View* view);

void Folder::Fold(std::string_view text, bool dense, bool pinyin, FoldedText* out) {
  FoldImpl<true>(text, dense, pinyin, out);
}

void Folder::CopyUnfolded(std::string_view text, FoldedText* out) {
  for (View& v : out->views) v.size = 0;
  View& view = out->views[kFoldedView];
  view.shifts.clear();
  view.by_shifts = true;
  view.Reserve(text.size());
  memcpy(view.bytes.data(), text.data(), text.size());
  view.size = text.size();
}

template <bool kMaps>
void Folder::FoldImpl(std::string_view text, bool dense, bool pinyin, FoldedText* out) {
  out_ = out;
  dense_ = dense || pinyin;
  pinyin_ = pinyin;
  gap_ = 0;
  for (View& v : out->views) v.size = 0;
  out->views[kPinyinView].units_by_flags = true;
  out->views[kFoldedView].by_shifts = false;
  out->views[kFoldedView].size = 0;
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

// FoldBytes, inline in the header, calls this one.
template void Folder::FoldImpl<false>(std::string_view text, bool dense, bool pinyin,
                                      FoldedText* out);

}  // namespace chatscan
