// FoldTable: what every code point becomes when text is folded.
//
// Built once per process with ICU (NFKC, case folding of non-ASCII letters,
// Traditional -> Simplified, Han -> toneless pinyin); applied per message by
// plain table look-ups, because ICU's transliterators cost 10-300 us per
// message while a look-up costs nanoseconds and gives the same answer for
// these 1:1 mappings.
#ifndef CHATSCAN_LIB_NORMALIZE_FOLD_TABLE_H_
#define CHATSCAN_LIB_NORMALIZE_FOLD_TABLE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "unicode/unistr.h"

namespace chatscan {

// How a character takes part in matching.
enum class CharClass : uint8_t {
  kNormal = 0,     // letters, digits, Han: part of terms
  kIgnorable = 1,  // zero-width, bidi controls, variation selectors: dropped
  kNoise = 2,      // spaces, punctuation, symbols, emoji: skippable in terms
  kBreak = 3,      // line breaks and CJK sentence punctuation: never skipped
  kCombining = 4,  // combining marks: the stretch goes through ICU
};

struct FoldEntry {
  // Bytes of folded output: 1-4 for exactly one character (the fast path),
  // kMultiChar | n for several characters in n <= 4 bytes, kLongOutput when
  // the output is in the pool, 0 for none (ignorable, combining, or an
  // astral character that stands for itself).
  uint8_t out_len;
  CharClass cls;
  uint16_t pinyin;  // index into the syllable list, 0 = no reading
  union {
    char bytes[4];  // the folded UTF-8, when out_len <= 4
    uint32_t pool_offset;
  } out;
};
static_assert(sizeof(FoldEntry) == 8, "FoldEntry must stay small");

class FoldTable {
 public:
  static constexpr uint8_t kMultiChar = 0x80;
  static constexpr uint8_t kLongOutput = 0xFF;

  // The process-wide table; built on first use (about a second of ICU work)
  // unless one was installed from a cache file before.
  static const FoldTable& Get();

  // Writes the table for the cache file.
  void Serialize(class BinaryWriter* out) const;
  // Installs a table read from a cache file as the process-wide one, if
  // none is in use yet. False if the data is malformed (nothing installed).
  static bool Install(class BinaryReader* in);

  const FoldEntry& Lookup(char32_t cp) const {
    if (cp < 0x10000) return bmp_[cp];
    return LookupAstral(cp);
  }
  // Whether a character folds to itself in the folded view, as bit tests
  // in 8 KB that stay in the L1 cache, where Lookup reads a 512 KB table.
  // An ASCII character:
  bool AsciiFoldsToItself(uint32_t c) const { return (ascii_itself_[c >> 6] >> (c & 63)) & 1; }
  // A 3-byte character, by the payload bits of its bytes in byte order (4
  // of the lead byte, then 6 of each continuation byte): a permutation of
  // the code point that BMI2's pext takes out of two characters in one step.
  // False for the overlong forms of characters below U+0800 and surrogates.
  static uint32_t Key3(uint32_t lead, uint32_t second, uint32_t third) {
    return (lead & 0x0F) | (second & 0x3F) << 4 | (third & 0x3F) << 10;
  }
  bool Key3FoldsToItself(uint32_t key) const { return (itself3_[key >> 6] >> (key & 63)) & 1; }
  // The astral entries are identity unless listed; identity output is the
  // code point's own encoding, which the caller has at hand.
  bool IsIdentityAstral(const FoldEntry& e) const { return &e == &astral_default_; }

  std::string_view Output(const FoldEntry& e) const {
    if (e.out_len == kLongOutput) {
      const char* p = pool_.data() + e.out.pool_offset;
      return std::string_view(p + 1, static_cast<uint8_t>(p[0]));
    }
    return std::string_view(e.out.bytes, e.out_len & ~kMultiChar);
  }
  std::string_view Syllable(uint16_t index) const {
    return std::string_view(syllables_[index].bytes, syllables_[index].length);
  }
  struct Syllable8 {
    char bytes[8];  // zero-padded; the longest toneless syllable has 6 letters
    uint8_t length;
  };
  // The raw tables, for the folder's hot loop: entries of U+0000..U+FFFF,
  // and the syllables by index.
  const FoldEntry* bmp() const { return bmp_.data(); }
  const Syllable8* syllables() const { return syllables_.data(); }

  // The syllable padded to 8 bytes, for fixed-size copies.
  const char* SyllableBytes(uint16_t index) const { return syllables_[index].bytes; }

  // Folds a whole string with ICU, the slow reference the tests check the
  // table against: ignorables removed, NFKC, accents removed, non-ASCII case
  // folding, Traditional -> Simplified. Noise is kept.
  static std::string FoldWithIcu(std::string_view text);
  // NFKC, then NFD, non-spacing and enclosing marks dropped, then NFC.
  static icu::UnicodeString StripMarks(const icu::UnicodeString& s);

 private:
  FoldTable();
  struct NoBuild {};
  explicit FoldTable(NoBuild) {}
  void Build();
  bool Deserialize(class BinaryReader* in);
  const FoldEntry& LookupAstral(char32_t cp) const;
  void MarkItself();

  std::vector<FoldEntry> bmp_;
  absl::flat_hash_map<char32_t, FoldEntry> astral_;
  FoldEntry astral_default_{};
  std::string pool_;
  std::vector<Syllable8> syllables_;  // [0] is ""
  // Derived from bmp_ (MarkItself):
  uint64_t ascii_itself_[2] = {};       // by character
  uint64_t itself3_[0x10000 / 64] = {};  // by Key3
};

}  // namespace chatscan

#endif  // CHATSCAN_LIB_NORMALIZE_FOLD_TABLE_H_
