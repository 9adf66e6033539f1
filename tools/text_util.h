// Decoding UTF-8 and showing untrusted text (messages, sender names) in a
// terminal. Used by `chatscan scan` and `chatscan report`.
#ifndef CHATSCAN_TOOLS_TEXT_UTIL_H_
#define CHATSCAN_TOOLS_TEXT_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace chatscan::cli {

// Decodes the UTF-8 code point at s[*i] and advances *i; -1 (and one byte)
// for a byte that does not start a complete sequence.
int32_t NextCodePoint(std::string_view s, size_t* i);

// Byte offset of the first byte that is not UTF-8, or npos.
size_t InvalidUtf8Offset(std::string_view s);

// Replaces bytes that are not UTF-8 with U+FFFD, so the text fits in JSON.
std::string Utf8Safe(std::string_view s);

// Valid UTF-8 without control characters or bidi overrides: each of those,
// and each bad byte, becomes U+FFFD, so the text cannot rewrite a terminal.
std::string Printable(std::string_view s);

// Columns a string takes in a terminal (CJK characters take two).
int DisplayWidth(std::string_view s);

// At most `columns` columns of `s`, ending in "…" when cut.
std::string Truncate(std::string_view s, int columns);

}  // namespace chatscan::cli

#endif  // CHATSCAN_TOOLS_TEXT_UTIL_H_
