// Escaping a literal for Hyperscan's pattern syntax.
#ifndef CHATSCAN_LIB_COMPILE_ESCAPE_H_
#define CHATSCAN_LIB_COMPILE_ESCAPE_H_

#include <cstdio>
#include <string>
#include <string_view>

namespace chatscan {

// ASCII punctuation as \xHH, everything else as it is (in UTF-8 mode
// Hyperscan reads the other bytes as characters).
inline std::string EscapeHyperscanLiteral(std::string_view s) {
  std::string out;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    bool word = (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
    if (u < 0x80 && !word) {
      char buf[5];
      snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace chatscan

#endif  // CHATSCAN_LIB_COMPILE_ESCAPE_H_
