#include "text_util.h"

namespace chatscan::cli {
namespace {

bool IsWide(int32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
         (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
         (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

bool IsZeroWidth(int32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200D) ||
         (cp >= 0xFE00 && cp <= 0xFE0F);
}

// Control characters and bidi overrides in a message or a sender name could
// rewrite a terminal or reorder a page.
bool IsUnsafe(int32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x200E && cp <= 0x200F) ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// `s` with each code point (or bad byte, -1) for which `replace` is true
// turned into U+FFFD.
std::string Replaced(std::string_view s, bool (*replace)(int32_t cp)) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    if (replace(NextCodePoint(s, &i))) {
      out.append("\xEF\xBF\xBD");
    } else {
      out.append(s.substr(start, i - start));
    }
  }
  return out;
}

int Columns(int32_t cp) { return cp < 0 ? 1 : IsZeroWidth(cp) ? 0 : IsWide(cp) ? 2 : 1; }

}  // namespace

int32_t NextCodePoint(std::string_view s, size_t* i) {
  unsigned char c = static_cast<unsigned char>(s[*i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || *i + n > s.size()) {
    ++*i;
    return -1;
  }
  int32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < n; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[*i + k]);
    if ((cc & 0xC0) != 0x80) {
      ++*i;
      return -1;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  *i += n;
  return cp;
}

size_t InvalidUtf8Offset(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    if (NextCodePoint(s, &i) < 0) return start;
  }
  return std::string_view::npos;
}

std::string Utf8Safe(std::string_view s) {
  return Replaced(s, [](int32_t cp) { return cp < 0; });
}

std::string Printable(std::string_view s) {
  return Replaced(s, [](int32_t cp) { return cp < 0 || IsUnsafe(cp); });
}

int DisplayWidth(std::string_view s) {
  int width = 0;
  size_t i = 0;
  while (i < s.size()) width += Columns(NextCodePoint(s, &i));
  return width;
}

std::string Truncate(std::string_view s, int columns) {
  if (DisplayWidth(s) <= columns) return std::string(s);
  std::string out;
  int width = 0;
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    int w = Columns(NextCodePoint(s, &i));
    if (width + w > columns - 1) break;
    out.append(s.substr(start, i - start));
    width += w;
  }
  return out + "\xE2\x80\xA6";
}

}  // namespace chatscan::cli
