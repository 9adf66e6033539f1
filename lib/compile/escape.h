// Escaping a literal for Hyperscan's pattern syntax, and the prefilter form
// of a regex.
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

// The Hyperscan prefilter of a regex: the regex without its word-boundary
// assertions (\b, \B). A prefilter may match more than its regex (RE2
// confirms every hit), and Hyperscan runs boundary assertions slowly: a
// leading \b costs about as much as the rest of a short regex.
inline std::string PrefilterExpression(std::string_view regex) {
  std::string out;
  bool in_class = false;
  for (size_t i = 0; i < regex.size(); ++i) {
    const char c = regex[i];
    if (c == '\\' && i + 1 < regex.size()) {
      if (!in_class && (regex[i + 1] == 'b' || regex[i + 1] == 'B')) {
        ++i;
        continue;
      }
      out.append(regex.substr(i, 2));
      ++i;
      continue;
    }
    out.push_back(c);
    if (c == '[' && !in_class) {
      in_class = true;
      // "]" first in a class ("[]a]", "[^]a]") is a literal, not its end.
      if (i + 1 < regex.size() && regex[i + 1] == '^') out.push_back(regex[++i]);
      if (i + 1 < regex.size() && regex[i + 1] == ']') out.push_back(regex[++i]);
    } else if (c == ']') {
      in_class = false;
    }
  }
  return out;
}

}  // namespace chatscan

#endif  // CHATSCAN_LIB_COMPILE_ESCAPE_H_
