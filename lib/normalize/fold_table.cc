#include "normalize/fold_table.h"

#include <cstring>
#include <memory>
#include <mutex>

#include "util/binary_io.h"

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include <cstdio>
#include <cstdlib>
#include "unicode/normalizer2.h"
#include "unicode/translit.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"
#include "unicode/utf8.h"

namespace chatscan {
namespace {

// The table is built from ICU's data; if that data is missing the
// installation is broken and nothing can be scanned correctly.
void Require(bool ok, const char* what, UErrorCode status = U_ZERO_ERROR) {
  if (ok) return;
  fprintf(stderr, "chatscan: cannot build the fold table: %s (%s)\n", what,
          u_errorName(status));
  abort();
}

bool IsHan(UChar32 c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0x20000 && c <= 0x2FFFF);
}

// Characters that end a clause; a term never spans one.
bool IsBreak(UChar32 c) {
  switch (c) {
    case '\n': case '\r': case 0x0B: case 0x0C: case 0x85: case 0x2028: case 0x2029:
    case 0x3001: case 0x3002:  // 、 。
    case 0xFF0C: case 0xFF01: case 0xFF1F: case 0xFF1B: case 0xFF1A:  // ，！？；：
    case 0xFF61: case 0xFF64:  // halfwidth 。、
    case 0xFE10: case 0xFE11: case 0xFE12: case 0xFE13: case 0xFE14:  // vertical forms
    case 0xFE15: case 0xFE16:
    case 0xFE50: case 0xFE51: case 0xFE52: case 0xFE54: case 0xFE55:  // small forms
    case 0xFE56: case 0xFE57:
      return true;
    default:
      return false;
  }
}

bool IsNoiseCategory(int8_t gc) {
  switch (gc) {
    case U_SPACE_SEPARATOR: case U_LINE_SEPARATOR: case U_PARAGRAPH_SEPARATOR:
    case U_CONTROL_CHAR:
    case U_DASH_PUNCTUATION: case U_START_PUNCTUATION: case U_END_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION: case U_OTHER_PUNCTUATION:
    case U_INITIAL_PUNCTUATION: case U_FINAL_PUNCTUATION:
    case U_MATH_SYMBOL: case U_CURRENCY_SYMBOL: case U_MODIFIER_SYMBOL:
    case U_OTHER_SYMBOL:
      return true;
    default:
      return false;
  }
}

// NFKC, then accents off: NFD, drop non-spacing and enclosing marks, NFC.
// "ｆúｃｋ" and "shǎbī" read as plain letters.
}  // namespace

icu::UnicodeString FoldTable::StripMarks(const icu::UnicodeString& s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return s;
  icu::UnicodeString decomposed = nfd->normalize(nfkc->normalize(s, status), status);
  icu::UnicodeString kept;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    int8_t gc = u_charType(c);
    if (gc != U_NON_SPACING_MARK && gc != U_ENCLOSING_MARK) kept.append(c);
  }
  icu::UnicodeString out = nfc->normalize(kept, status);
  return U_SUCCESS(status) ? out : s;
}

namespace {

std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// Runs `transliterator` over many single characters at once: they are joined
// with line breaks (which the transliterators leave alone) and split again.
// Returns one result per input, or an empty vector if the split went wrong.
std::vector<icu::UnicodeString> TransliterateEach(
    const char* id, const std::vector<UChar32>& chars) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
      icu::UnicodeString::fromUTF8(id), UTRANS_FORWARD, status));
  Require(U_SUCCESS(status), id, status);
  icu::UnicodeString joined;
  for (UChar32 c : chars) {
    joined.append(c);
    joined.append(static_cast<UChar>('\n'));
  }
  t->transliterate(joined);
  std::vector<icu::UnicodeString> out;
  int32_t start = 0;
  for (int32_t i = 0; i < joined.length(); ++i) {
    if (joined[i] == '\n') {
      out.emplace_back(joined, start, i - start);
      start = i + 1;
    }
  }
  if (out.size() != chars.size()) out.clear();
  return out;
}

}  // namespace

FoldTable::FoldTable() { Build(); }

namespace {
std::mutex table_mu;
const FoldTable* table = nullptr;
}  // namespace

const FoldTable& FoldTable::Get() {
  // Fast path once set; the mutex only guards the first build or install.
  static const FoldTable* ready = [] {
    std::lock_guard<std::mutex> lock(table_mu);
    if (table == nullptr) table = new FoldTable();
    return table;
  }();
  return *ready;
}

bool FoldTable::Install(BinaryReader* in) {
  auto t = std::unique_ptr<FoldTable>(new FoldTable(NoBuild{}));
  if (!t->Deserialize(in)) return false;
  std::lock_guard<std::mutex> lock(table_mu);
  if (table == nullptr) table = t.release();
  return true;
}

void FoldTable::Serialize(BinaryWriter* out) const {
  out->Raw(bmp_.data(), bmp_.size() * sizeof(FoldEntry));
  out->U64(astral_.size());
  for (const auto& [cp, e] : astral_) {
    out->U32(cp);
    out->Raw(&e, sizeof e);
  }
  out->Str(pool_);
  out->U64(syllables_.size());
  for (const Syllable8& s : syllables_) out->Raw(&s, sizeof s);
}

bool FoldTable::Deserialize(BinaryReader* in) {
  bmp_.resize(0x10000);
  in->Raw(bmp_.data(), bmp_.size() * sizeof(FoldEntry));
  uint64_t n = in->Count(4 + sizeof(FoldEntry));
  std::vector<std::pair<char32_t, FoldEntry>> astral;
  for (uint64_t i = 0; i < n && in->ok(); ++i) {
    char32_t cp = in->U32();
    FoldEntry e;
    in->Raw(&e, sizeof e);
    astral.emplace_back(cp, e);
  }
  pool_ = in->Str();
  uint64_t syllables = in->Count(sizeof(Syllable8));
  syllables_.resize(syllables);
  for (Syllable8& s : syllables_) in->Raw(&s, sizeof s);
  if (!in->ok() || syllables_.empty()) return false;
  // Never trust an entry: every index must stay inside the table.
  auto valid = [&](const FoldEntry& e) {
    if (static_cast<uint8_t>(e.cls) > static_cast<uint8_t>(CharClass::kCombining)) return false;
    if (e.pinyin >= syllables_.size()) return false;
    if (e.out_len == kLongOutput) {
      return e.out.pool_offset < pool_.size() &&
             static_cast<uint8_t>(pool_[e.out.pool_offset]) <= pool_.size() - e.out.pool_offset - 1;
    }
    return (e.out_len & ~kMultiChar) <= 4;
  };
  for (const FoldEntry& e : bmp_) {
    if (!valid(e)) return false;
  }
  for (const auto& [cp, e] : astral) {
    if (cp < 0x10000 || cp > 0x10FFFF || !valid(e)) return false;
    astral_[cp] = e;
  }
  for (const Syllable8& s : syllables_) {
    if (s.length > 7) return false;
  }
  astral_default_.cls = CharClass::kNormal;
  astral_default_.out_len = 0;
  MarkItself();
  return true;
}

void FoldTable::MarkItself() {
  for (char32_t c = 0; c < 0x10000; ++c) {
    if ((c >= 0x80 && c < 0x800) || (c >= 0xD800 && c <= 0xDFFF)) continue;
    char buf[4];
    int32_t n = 0;
    U8_APPEND_UNSAFE(buf, n, c);
    const FoldEntry& e = bmp_[c];
    if (e.out_len != n || memcmp(e.out.bytes, buf, n) != 0) continue;
    const uint32_t key = c < 0x80 ? c : Key3(static_cast<uint8_t>(buf[0]),
                                             static_cast<uint8_t>(buf[1]),
                                             static_cast<uint8_t>(buf[2]));
    (c < 0x80 ? ascii_itself_ : itself3_)[key >> 6] |= uint64_t{1} << (key & 63);
  }
}

const FoldEntry& FoldTable::LookupAstral(char32_t cp) const {
  auto it = astral_.find(cp);
  return it != astral_.end() ? it->second : astral_default_;
}


std::string FoldTable::FoldWithIcu(std::string_view text) {
  static std::once_flag once;
  static icu::Transliterator* t2s = nullptr;
  std::call_once(once, [] {
    UErrorCode s = U_ZERO_ERROR;
    t2s = icu::Transliterator::createInstance("Traditional-Simplified",
                                              UTRANS_FORWARD, s);
  });
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString kept;
  for (int32_t i = 0; i < in.length();) {
    UChar32 c = in.char32At(i);
    i += U16_LENGTH(c);
    if (!u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) kept.append(c);
  }
  icu::UnicodeString norm = StripMarks(kept);
  icu::UnicodeString out;
  for (int32_t i = 0; i < norm.length();) {
    UChar32 c = norm.char32At(i);
    i += U16_LENGTH(c);
    if (c < 0x80) {
      out.append(c);
      continue;
    }
    icu::UnicodeString one(c);
    one.foldCase();
    if (IsHan(c) && t2s != nullptr) t2s->transliterate(one);
    out.append(one);
  }
  return ToUtf8(out);
}

void FoldTable::Build() {
  UErrorCode status = U_ZERO_ERROR;
  icu::Normalizer2::getNFKCInstance(status);  // fails early if ICU data is missing
  Require(U_SUCCESS(status), "ICU NFKC", status);

  syllables_.push_back(Syllable8{});
  absl::flat_hash_map<std::string, uint16_t> syllable_index;

  // Pass 1: NFKC + case folding per code point.
  struct Draft {
    UChar32 cp;
    CharClass cls;
    icu::UnicodeString out;
  };
  std::vector<Draft> drafts;
  auto draft_of = [&](UChar32 c) {
    Draft d{c, CharClass::kNormal, icu::UnicodeString(c)};
    int8_t gc = u_charType(c);
    if (c >= 0xD800 && c <= 0xDFFF) {
      d.out = icu::UnicodeString(static_cast<UChar32>(0xFFFD));
      d.cls = CharClass::kNoise;
      return d;
    }
    if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
      d.out.remove();
      d.cls = CharClass::kIgnorable;
      return d;
    }
    if (gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK) {
      d.cls = CharClass::kCombining;
      return d;
    }
    d.out = StripMarks(d.out);
    // Case-fold what is not ASCII; ASCII keeps its case (regexes may care).
    icu::UnicodeString folded;
    for (int32_t i = 0; i < d.out.length();) {
      UChar32 oc = d.out.char32At(i);
      i += U16_LENGTH(oc);
      icu::UnicodeString one(oc);
      if (oc >= 0x80) one.foldCase();
      folded.append(one);
    }
    d.out = folded;
    // The class follows what the character folds to: Ⓢ is a letter once
    // folded, and the compatibility forms of 、。！ are breaks like them.
    if (d.out.isEmpty()) {
      d.cls = CharClass::kIgnorable;
      return d;
    }
    UChar32 first = d.out.char32At(0);
    if (IsBreak(c) || IsBreak(first)) {
      d.cls = CharClass::kBreak;
    } else if (IsNoiseCategory(u_charType(first))) {
      d.cls = CharClass::kNoise;
    }
    return d;
  };
  for (UChar32 c = 0; c < 0x10000; ++c) drafts.push_back(draft_of(c));
  auto add_astral_range = [&](UChar32 lo, UChar32 hi) {
    for (UChar32 c = lo; c <= hi; ++c) drafts.push_back(draft_of(c));
  };
  add_astral_range(0x10000, 0x1FFFF);  // math letters, emoji, symbols
  add_astral_range(0x2F800, 0x2FA1F);  // CJK compatibility supplement
  add_astral_range(0xE0000, 0xE01EF);  // tags, variation selectors

  // Pass 2: Traditional -> Simplified for every Han character in an output.
  std::vector<UChar32> han_set;
  {
    absl::flat_hash_set<UChar32> seen;
    for (const Draft& d : drafts) {
      for (int32_t i = 0; i < d.out.length();) {
        UChar32 oc = d.out.char32At(i);
        i += U16_LENGTH(oc);
        if (IsHan(oc) && seen.insert(oc).second) han_set.push_back(oc);
      }
    }
  }
  std::vector<icu::UnicodeString> simplified =
      TransliterateEach("Traditional-Simplified", han_set);
  Require(!simplified.empty(), "Traditional-Simplified split");
  absl::flat_hash_map<UChar32, UChar32> to_simplified;
  for (size_t k = 0; k < han_set.size(); ++k) {
    if (simplified[k].countChar32() == 1 && simplified[k].char32At(0) != han_set[k]) {
      to_simplified[han_set[k]] = simplified[k].char32At(0);
    }
  }
  std::vector<size_t> han_drafts;
  std::vector<UChar32> han_chars;
  for (size_t i = 0; i < drafts.size(); ++i) {
    icu::UnicodeString& o = drafts[i].out;
    icu::UnicodeString mapped;
    bool changed = false;
    for (int32_t j = 0; j < o.length();) {
      UChar32 oc = o.char32At(j);
      j += U16_LENGTH(oc);
      auto it = to_simplified.find(oc);
      if (it != to_simplified.end()) {
        oc = it->second;
        changed = true;
      }
      mapped.append(oc);
    }
    if (changed) o = mapped;
    if (o.countChar32() == 1 && IsHan(o.char32At(0))) {
      han_drafts.push_back(i);
      han_chars.push_back(o.char32At(0));
    }
  }

  // Pass 3: toneless pinyin of every Han output.
  std::vector<icu::UnicodeString> readings =
      TransliterateEach("Han-Latin; Latin-ASCII; Lower", han_chars);
  Require(!readings.empty(), "Han-Latin split");

  bmp_.assign(0x10000, FoldEntry{});
  auto fill = [&](const Draft& d, FoldEntry* e) {
    std::string out = ToUtf8(d.out);
    e->cls = d.cls;
    e->pinyin = 0;
    if (d.cls == CharClass::kCombining || d.cls == CharClass::kIgnorable) {
      e->out_len = 0;
    } else if (out.size() <= 4) {
      e->out_len = static_cast<uint8_t>(out.size());
      if (d.out.countChar32() != 1) e->out_len |= kMultiChar;
      memcpy(e->out.bytes, out.data(), out.size());
    } else {
      Require(out.size() < 256, "fold output too long");
      e->out_len = kLongOutput;
      e->out.pool_offset = static_cast<uint32_t>(pool_.size());
      pool_.push_back(static_cast<char>(out.size()));
      pool_.append(out);
    }
  };
  std::vector<FoldEntry> entries(drafts.size());
  for (size_t i = 0; i < drafts.size(); ++i) fill(drafts[i], &entries[i]);
  for (size_t k = 0; k < han_drafts.size(); ++k) {
    std::string r = ToUtf8(readings[k]);
    bool plain = !r.empty();
    for (char ch : r) plain &= (ch >= 'a' && ch <= 'z');
    if (!plain || r.size() > 7) continue;  // no reading: ICU left the character as it was
    auto [it, inserted] =
        syllable_index.emplace(r, static_cast<uint16_t>(syllables_.size()));
    if (inserted) {
      Syllable8 syl{};
      memcpy(syl.bytes, r.data(), r.size());
      syl.length = static_cast<uint8_t>(r.size());
      syllables_.push_back(syl);
    }
    entries[han_drafts[k]].pinyin = it->second;
  }
  for (size_t i = 0; i < drafts.size(); ++i) {
    UChar32 c = drafts[i].cp;
    if (c < 0x10000) {
      bmp_[c] = entries[i];
      continue;
    }
    // Astral: keep only what differs from "itself, normal, no reading".
    std::string self = ToUtf8(icu::UnicodeString(c));
    if (entries[i].cls != CharClass::kNormal || entries[i].pinyin != 0 ||
        Output(entries[i]) != self) {
      astral_[c] = entries[i];
    }
  }
  astral_default_.cls = CharClass::kNormal;
  astral_default_.out_len = 0;
  MarkItself();
}

}  // namespace chatscan
