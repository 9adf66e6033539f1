// Reading the text files a pack refers to: rule files, word lists, imports.
#ifndef CHATSCAN_LIB_RULES_TEXT_FILES_H_
#define CHATSCAN_LIB_RULES_TEXT_FILES_H_

#include <string>
#include <string_view>
#include <vector>

#include "rules/rule_set.h"

namespace chatscan {

// Reads a whole file; false if it cannot be read.
bool ReadTextFile(const std::string& path, std::string* out);

// Splits a word list: UTF-8, one term per line, a byte order mark and CRLF
// line ends accepted, blank lines skipped, and `#` at the start of a line or
// after a space starts a comment. Each term records `file` and its line.
void SplitWordList(std::string_view text, const std::string& file,
                   std::vector<TermSource>* out);

}  // namespace chatscan

#endif  // CHATSCAN_LIB_RULES_TEXT_FILES_H_
