// Folder: turns a message into the views the rules are matched against, with
// an offset map from every view back to the original bytes.
//
//   folded  NFKC, non-ASCII case folding, Traditional -> Simplified,
//           ignorables removed. ASCII case is kept (regexes may care);
//           literal terms match it caselessly.
//   dense   folded, lower-cased, noise removed: 傻 * 逼 reads 傻逼. Each unit
//           records how many noise characters were skipped before it, so a
//           rule can bound the gap. Break characters (line ends, 。，！？)
//           stay as "\n" so that terms never join across sentences.
//   pinyin  dense, with every Han character replaced by its toneless pinyin
//           syllable: 煞笔 and sha bi both read "shabi".
//
// A Folder is not thread-safe; each Scanner owns one. Buffers are reused, so
// folding allocates only while a message is longer than all before it.
#ifndef CHATSCAN_LIB_NORMALIZE_FOLDER_H_
#define CHATSCAN_LIB_NORMALIZE_FOLDER_H_

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/attributes.h"
#include "normalize/fold_table.h"

namespace chatscan {

enum ViewId : int { kFoldedView = 0, kDenseView = 1, kPinyinView = 2, kViewCount = 3 };

std::string_view ViewName(int view);

// Unit flags in the pinyin view.
enum UnitFlag : uint8_t { kUnitStart = 1, kFromHan = 2 };

// Growable storage that is not initialised: the views are rewritten for
// every message, so clearing them would be wasted work.
template <typename T>
class PodArray {
 public:
  T* data() { return data_.get(); }
  const T* data() const { return data_.get(); }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  size_t capacity() const { return capacity_; }
  // Makes room for `n` elements, keeping the first `keep`.
  void Grow(size_t n, size_t keep) {
    if (n <= capacity_) return;
    size_t cap = std::max(n, capacity_ * 2);
    std::unique_ptr<T[]> bigger(new T[cap]);
    if (keep > 0) std::copy(data_.get(), data_.get() + keep, bigger.get());
    data_ = std::move(bigger);
    capacity_ = cap;
  }

 private:
  std::unique_ptr<T[]> data_;
  size_t capacity_ = 0;
};

struct View {
  PodArray<char> bytes;
  // Valid at every UTF-8 character start: the original bytes [begin, end)
  // the character came from.
  PodArray<uint32_t> begin;
  PodArray<uint32_t> end;
  // Dense and pinyin views, at unit starts: noise characters skipped just
  // before this unit (saturating at 255).
  PodArray<uint8_t> gap;
  // Pinyin view: UnitFlag bits per byte.
  PodArray<uint8_t> flags;
  size_t size = 0;
  bool units_by_flags = false;  // pinyin: units are marked in `flags`
  // Set by FoldBytes when only the folded view was asked for: the places
  // where folding changed the text, in view order, map every offset back
  // instead of `begin` and `end`. Between two of them the view is a copy of
  // the original, shifted by a constant; chat text has few of them (，！？
  // fold to ASCII), so recording them costs next to nothing.
  struct Shift {
    uint32_t at;      // view bytes [at, at + length) came from
    uint32_t length;  // (0 for a character that folded to nothing)
    uint32_t orig_begin, orig_end;
  };
  std::vector<Shift> shifts;
  bool by_shifts = false;

  const char* data() const { return bytes.data(); }
  // True if byte `i` starts a unit: a syllable or character (pinyin view),
  // else a UTF-8 character.
  bool UnitStart(size_t i) const {
    return units_by_flags ? (flags[i] & kUnitStart) != 0
                          : (static_cast<uint8_t>(data()[i]) & 0xC0) != 0x80;
  }
  std::string_view text() const { return std::string_view(data(), size); }

  // Makes room for `n` more bytes, plus slack for fixed-size copies.
  void Reserve(size_t n) {
    if (size + n + 8 > bytes.capacity()) Grow(size + n + 8);
  }
  void Grow(size_t need);
  // Original byte range of view bytes [from, to); `to` > `from`.
  uint32_t OriginalBegin(size_t from) const {
    return by_shifts ? ShiftedBegin(from) : begin[from];
  }
  uint32_t OriginalEnd(size_t to) const {
    if (by_shifts) return ShiftedEnd(to);
    size_t last = to - 1;
    while (last > 0 && !UnitStart(last)) --last;
    return end[last];
  }

 private:
  uint32_t ShiftedBegin(size_t from) const;
  uint32_t ShiftedEnd(size_t to) const;
};

struct FoldedText {
  View views[kViewCount];
};

class Folder {
 public:
  Folder() : Folder(true) {}
  // `allow_pext`: use BMI2's pext where the processor has a fast one;
  // false takes the portable path everywhere (the tests compare the two).
  explicit Folder(bool allow_pext)
      : table_(FoldTable::Get()),
        bmp_(table_.bmp()),
        syllables_(table_.syllables()),
        pext_(allow_pext && HasFastPext()) {}

  // Fills the folded view, and the dense and pinyin views when asked (the
  // pinyin view needs the dense one and implies it).
  void Fold(std::string_view text, bool dense, bool pinyin, FoldedText* out);

  // The same view bytes as Fold, without the offset maps, gaps and unit
  // flags: enough to scan with, at a fraction of the cost. The scanner
  // folds every message this way and calls Fold only when a scan hits.
  // When only the folded view is asked for, the result is complete: the
  // view maps offsets back through its shifts (View::by_shifts); a text
  // that folds to itself has none. Inline: it runs for every message.
  void FoldBytes(std::string_view text, bool dense, bool pinyin, FoldedText* out) {
    // The folded view alone, for most packs, without FoldImpl's set-up.
    if (!dense && !pinyin) {
      for (View& v : out->views) v.size = 0;
      out->views[kPinyinView].units_by_flags = true;
      if (FoldFoldedOnly(text, &out->views[kFoldedView])) return;
    }
    FoldImpl<false>(text, dense, pinyin, out);
  }

  // Folds `text` into the folded view alone, bytes and shifts, leaving the
  // other views as they are: enough for offsets when every hit is in the
  // folded view, at a fraction of Fold's cost. False (the view is then
  // unfinished: call Fold) when the text holds combining marks.
  bool FoldFoldedOnly(std::string_view text, View* view) {
    return pext_ ? FoldFoldedOnlyWith<true>(text, view) : FoldFoldedOnlyWith<false>(text, view);
  }

  // The text as written in the folded view (no shifts), the other views
  // empty: a scan without folding, for measuring what folding costs.
  static void CopyUnfolded(std::string_view text, FoldedText* out);

 private:
  struct Cursor;
  // The last character that produced output: where it began in the
  // original and in each view, and the noise gap before it.
  struct Base {
    int32_t start;
    size_t size[kViewCount];
    uint32_t gap;
  };

  // Out of line: FoldBytes calls it only when the folded view alone will
  // not do, and its set-up would cost every other message.
  template <bool kMaps>
  ABSL_ATTRIBUTE_NOINLINE void FoldImpl(std::string_view text, bool dense, bool pinyin,
                                        FoldedText* out);
  template <bool kMaps>
  void EmitUnit(const char* bytes, size_t length, CharClass cls, uint16_t pinyin,
                uint32_t orig_begin, uint32_t orig_end);
  template <bool kMaps>
  void EmitOne(Cursor& c, const char* bytes4, size_t n, CharClass cls, uint16_t pinyin,
               uint32_t orig_begin, uint32_t orig_end);
  static bool HasFastPext();
  template <bool kPext>
  bool FoldFoldedOnlyWith(std::string_view text, View* view);
  template <bool kMaps>
  int32_t FastRun(const uint8_t* s, int32_t i, int32_t length, Base* base);
  template <bool kMaps>
  void FoldCluster(std::string_view text, size_t start, size_t end);
  void ReserveFor(size_t remaining_input);

  const FoldTable& table_;
  const FoldEntry* const bmp_;                  // table_'s, for the hot loop
  const FoldTable::Syllable8* const syllables_;
  const bool pext_;
  FoldedText* out_ = nullptr;
  bool dense_ = false;
  bool pinyin_ = false;
  uint32_t gap_ = 0;
};

}  // namespace chatscan

#endif  // CHATSCAN_LIB_NORMALIZE_FOLDER_H_
