#include "normalize/folder.h"

#include <algorithm>

#include "unicode/normalizer2.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"
#include "unicode/utf8.h"

namespace chatscan {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

inline void Append(View* v, std::string_view bytes, uint32_t b, uint32_t e) {
  size_t at = v->text.size();
  v->text.append(bytes.data(), bytes.size());
  v->begin.resize(v->text.size());
  v->end.resize(v->text.size());
  v->begin[at] = b;
  v->end[at] = e;
}

// Length of the UTF-8 character starting with byte `lead`.
inline size_t CharLength(uint8_t lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
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

void Folder::EmitUnit(std::string_view bytes, CharClass cls, uint16_t pinyin,
                      uint32_t ob, uint32_t oe) {
  // One table output may hold several characters (NFKC of ㍿ is 株式会社);
  // each becomes a unit of its own that maps to the whole original.
  View& folded = out_->views[kFoldedView];
  for (size_t i = 0; i < bytes.size();) {
    size_t n = std::min(CharLength(static_cast<uint8_t>(bytes[i])), bytes.size() - i);
    Append(&folded, bytes.substr(i, n), ob, oe);
    i += n;
  }
  if (!dense_) return;
  View& dense = out_->views[kDenseView];
  View& py = out_->views[kPinyinView];
  if (cls == CharClass::kNoise) {
    if (gap_ < 255) ++gap_;
    return;
  }
  auto add_unit = [&](View* v, std::string_view unit, uint8_t flags) {
    size_t at = v->text.size();
    Append(v, unit, ob, oe);
    v->gap.resize(v->text.size());
    v->gap[at] = static_cast<uint8_t>(gap_);
    if (pinyin_) {
      v->flags.resize(v->text.size(), flags & kFromHan);
      v->flags[at] = flags;
    }
  };
  if (cls == CharClass::kBreak) {
    add_unit(&dense, "\n", kUnitStart);
    if (pinyin_) add_unit(&py, "\n", kUnitStart);
    gap_ = 0;
    return;
  }
  for (size_t i = 0; i < bytes.size();) {
    size_t n = std::min(CharLength(static_cast<uint8_t>(bytes[i])), bytes.size() - i);
    char lower;
    std::string_view unit = bytes.substr(i, n);
    if (n == 1 && bytes[i] >= 'A' && bytes[i] <= 'Z') {
      lower = static_cast<char>(bytes[i] + ('a' - 'A'));
      unit = std::string_view(&lower, 1);
    }
    add_unit(&dense, unit, kUnitStart);
    if (pinyin_) {
      if (pinyin != 0 && bytes.size() == n) {
        std::string_view syllable = table_.Syllable(pinyin);
        size_t at = py.text.size();
        add_unit(&py, syllable, kUnitStart | kFromHan);
        // Every byte of a syllable maps to the Han character it reads.
        for (size_t k = at + 1; k < py.text.size(); ++k) {
          py.begin[k] = ob;
          py.end[k] = oe;
        }
      } else {
        add_unit(&py, unit, kUnitStart);
      }
    }
    gap_ = 0;
    i += n;
  }
}

// A base character followed by combining marks: NFKC composes them
// depending on the neighbours, so this stretch goes through ICU; marks that
// remain afterwards are dropped (so strike-through letters read as letters).
void Folder::FoldCluster(std::string_view text, size_t start, size_t end) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data() + start, static_cast<int32_t>(end - start)));
  icu::UnicodeString n = U_SUCCESS(status) ? nfkc->normalize(s, status) : s;
  if (U_FAILURE(status)) n = s;
  for (int32_t i = 0; i < n.length();) {
    UChar32 c = n.char32At(i);
    i += U16_LENGTH(c);
    int8_t gc = u_charType(c);
    if (gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK) continue;
    const FoldEntry& e = table_.Lookup(static_cast<char32_t>(c));
    if (e.cls == CharClass::kIgnorable) continue;
    char buf[4];
    size_t len = 0;
    U8_APPEND_UNSAFE(buf, len, c);
    std::string_view bytes =
        table_.IsIdentityAstral(e) ? std::string_view(buf, len) : table_.Output(e);
    EmitUnit(bytes, e.cls, e.pinyin, static_cast<uint32_t>(start),
             static_cast<uint32_t>(end));
  }
}

void Folder::Fold(std::string_view text, bool dense, bool pinyin,
                  FoldedText* out) {
  out_ = out;
  dense_ = dense || pinyin;
  pinyin_ = pinyin;
  gap_ = 0;
  for (View& v : out->views) v.Clear();
  const uint8_t* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  // Where the last base character started, and the view sizes before it was
  // emitted: a combining mark re-folds that character together with it.
  int32_t base_start = -1;
  size_t mark[kViewCount] = {0, 0, 0};
  uint32_t base_gap = 0;
  int32_t i = 0;
  while (i < length) {
    int32_t start = i;
    UChar32 c = s[i];
    if (c < 0x80) {
      ++i;
    } else {
      U8_NEXT(s, i, length, c);
      if (c < 0) {
        base_start = -1;
        EmitUnit(kReplacement, CharClass::kNoise, 0, start, i);
        continue;
      }
    }
    const FoldEntry& e = table_.Lookup(static_cast<char32_t>(c));
    if (e.cls == CharClass::kCombining) {
      int32_t k = i;
      while (k < length) {
        int32_t m = k;
        UChar32 c2;
        U8_NEXT(s, m, length, c2);
        if (c2 < 0 || table_.Lookup(c2).cls != CharClass::kCombining) break;
        k = m;
      }
      int32_t from = start;
      if (base_start >= 0) {  // take the base character back out of the views
        from = base_start;
        for (int v = 0; v < kViewCount; ++v) {
          View& view = out->views[v];
          view.text.resize(mark[v]);
          view.begin.resize(mark[v]);
          view.end.resize(mark[v]);
          if (view.gap.size() > mark[v]) view.gap.resize(mark[v]);
          if (view.flags.size() > mark[v]) view.flags.resize(mark[v]);
        }
        gap_ = base_gap;
      }
      FoldCluster(text, from, k);
      base_start = -1;
      i = k;
      continue;
    }
    if (e.cls == CharClass::kIgnorable) continue;
    base_start = start;
    for (int v = 0; v < kViewCount; ++v) mark[v] = out->views[v].text.size();
    base_gap = gap_;
    std::string_view bytes = table_.IsIdentityAstral(e)
                                 ? text.substr(start, i - start)
                                 : table_.Output(e);
    EmitUnit(bytes, e.cls, e.pinyin, start, i);
  }
}

}  // namespace chatscan
