#include "rules/text_files.h"

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "util/absl_compat.h"

namespace chatscan {

bool ReadTextFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

void SplitWordList(std::string_view text, const std::string& file,
                   std::vector<TermSource>* out) {
  if (absl::StartsWith(Av(text), "\xEF\xBB\xBF")) text.remove_prefix(3);
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(Av(text), '\n')) {
    ++line_no;
    // A comment starts at a '#' that begins the line or follows a space.
    size_t hash = line.find('#');
    while (hash != absl::string_view::npos && hash > 0 &&
           !absl::ascii_isspace(line[hash - 1])) {
      hash = line.find('#', hash + 1);
    }
    if (hash != absl::string_view::npos) line = line.substr(0, hash);
    line = absl::StripAsciiWhitespace(line);  // also the '\r' of CRLF
    if (line.empty()) continue;
    out->push_back({std::string(line), {file, line_no}});
  }
}

}  // namespace chatscan
