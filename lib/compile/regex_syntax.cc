#include "compile/regex_syntax.h"

#include <algorithm>

#include "absl/strings/ascii.h"

namespace chatscan {
namespace {

// RE2 refuses groups nested deeper than this, and repeats larger.
constexpr int kMaxDepth = 1000;
constexpr uint64_t kMaxRepeat = 1000;
// [:alpha:] and the like, as RE2 knows them.
constexpr std::string_view kPosixClasses =
    " alnum alpha ascii blank cntrl digit graph lower print punct space upper word xdigit ";

RegexNode Leaf(RegexNode::Kind kind, uint32_t ch = 0) {
  RegexNode node;
  node.kind = kind;
  node.ch = ch;
  return node;
}

// A concatenation or alternation of one item is that item.
RegexNode Simplest(RegexNode node) {
  if (node.children.size() != 1) return node;
  RegexNode only = std::move(node.children[0]);
  return only;
}

// Some of imsU, then at most one '-' and at least one more.
bool ValidFlags(std::string_view flags) {
  const size_t minus = std::min(flags.find('-'), flags.size());
  return flags.find_first_not_of("imsU-") == flags.npos &&
         (minus == flags.size() ||
          (minus + 1 < flags.size() && flags.find('-', minus + 1) == flags.npos));
}

// A byte of a group name: letters, digits and _ of any script.
bool IsNameByte(char c) { return absl::ascii_isalnum(c) || c == '_' || (c & 0x80) != 0; }

// A recursive-descent reader. A mistake clears `complete_`; where it has
// an obvious reading the reader reads on (an unbalanced ')' is nothing, a
// '*' with nothing before it a literal), so that the cost checks see the
// rest; where it has none (a stacked repeat, nesting too deep, an unclosed
// name) it stops.
class Parser {
 public:
  explicit Parser(std::string_view re) : re_(re) {}

  RegexSyntax Run() {
    RegexNode root = Alternation(0);
    return {std::move(root), complete_};
  }

 private:
  bool AtEnd() const { return pos_ >= re_.size(); }
  char Peek() const { return re_[pos_]; }
  bool At(std::string_view s) const { return re_.substr(pos_, s.size()) == s; }
  void Check(bool as_expected) { complete_ = complete_ && as_expected; }
  RegexNode StopReading() {
    complete_ = false;
    pos_ = re_.size();
    return Leaf(RegexNode::kConcat);
  }
  // The ) or ] that closes a group or class.
  void Close() {
    Check(!AtEnd());
    pos_ = std::min(pos_ + 1, re_.size());
  }
  // A node whose text is what was read since `start` (a class: its name).
  RegexNode Written(RegexNode::Kind kind, size_t start) const {
    RegexNode node = Leaf(kind);
    node.text = std::string(re_.substr(start, pos_ - start));
    if (kind == RegexNode::kClass) node.names = {node.text};
    return node;
  }

  RegexNode Alternation(int depth) {
    RegexNode alternation = Leaf(RegexNode::kAlternate);
    alternation.children.push_back(Concatenation(depth));
    while (!AtEnd() && Peek() == '|') {
      ++pos_;
      alternation.children.push_back(Concatenation(depth));
    }
    return Simplest(std::move(alternation));
  }

  // Stops at '|', or at ')' inside a group; at the top level an unbalanced
  // ')' is read as nothing, and reading goes on.
  RegexNode Concatenation(int depth) {
    RegexNode sequence = Leaf(RegexNode::kConcat);
    std::vector<RegexNode>& items = sequence.children;
    bool after_repeat = false;
    while (!AtEnd() && Peek() != '|' && !(Peek() == ')' && depth > 0)) {
      const size_t start = pos_;
      RegexNode repeat = Leaf(RegexNode::kRepeat);
      if (Repeat(&repeat)) {
        if (after_repeat) {  // a** or a{2}{3}
          StopReading();
          break;
        }
        if (!items.empty()) {
          // RE2 refuses a repeat of (?flags), which is no item.
          const RegexNode& item = items.back();
          Check(item.kind != RegexNode::kEmpty || item.text.compare(0, 2, "(?") != 0);
          repeat.children.push_back(std::move(items.back()));
          items.back() = std::move(repeat);
          after_repeat = true;
          continue;
        }
        Check(false);  // a repeat of nothing: its operator is read as literal characters
        pos_ = start;
      }
      const size_t items_before = items.size();
      if (At("\\Q")) {
        Quoted(&items);
      } else {
        items.push_back(Atom(depth));
      }
      // After an empty \Q\E a repeat operator would still apply to the
      // item before it, repeating a repeat (nesting the tree without end).
      if (items.size() > items_before) after_repeat = false;
    }
    return Simplest(std::move(sequence));
  }

  // A repeat operator at pos_, read into `repeat`, with the ? that makes it
  // non-greedy; false, reading nothing, if there is none (a brace that does
  // not start {m}, {m,} or {m,n} is a literal, as RE2 reads it).
  bool Repeat(RegexNode* repeat) {
    const size_t start = pos_;
    const char c = Peek();
    if (c == '*' || c == '+' || c == '?') {
      ++pos_;
      repeat->min = c == '+' ? 1 : 0;
      repeat->max = c == '?' ? 1 : RegexNode::kHuge;
      repeat->open = c != '?';
    } else if (c != '{' || !Bounds(repeat)) {
      return false;
    }
    repeat->text = std::string(re_.substr(start, pos_ - start));
    if (!AtEnd() && Peek() == '?') ++pos_;
    return true;
  }

  // {m}, {m,} or {m,n}, its counts saturating.
  bool Bounds(RegexNode* repeat) {
    size_t k = pos_ + 1;
    bool leading_zero = false;
    auto number = [&](uint64_t* out) {
      const size_t first = k;
      for (*out = 0; k < re_.size() && absl::ascii_isdigit(re_[k]); ++k) {
        const uint64_t digit = static_cast<uint64_t>(re_[k] - '0');
        *out = *out <= (RegexNode::kHuge - digit) / 10 ? *out * 10 + digit : RegexNode::kHuge;
      }
      leading_zero |= k - first > 1 && re_[first] == '0';
      return k > first;
    };
    if (!number(&repeat->min)) return false;
    repeat->max = repeat->min;
    if (k < re_.size() && re_[k] == ',') {
      ++k;
      repeat->open = !number(&repeat->max);
      if (repeat->open) repeat->max = RegexNode::kHuge;
    }
    // RE2 reads {01} as literal characters, like {,1}.
    if (k >= re_.size() || re_[k] != '}' || leading_zero) return false;
    pos_ = k + 1;
    Check(repeat->min <= kMaxRepeat && (repeat->open || repeat->max <= kMaxRepeat) &&
          repeat->min <= repeat->max);
    return true;
  }

  RegexNode Atom(int depth) {
    const size_t start = pos_;
    switch (Peek()) {
      case '(': return Group(depth);
      case '[': return Class();
      case '\\': return Escape(false);
      case '.':
        ++pos_;
        return Leaf(RegexNode::kAnyChar);
      case ')':  // unbalanced
        Check(false);
        [[fallthrough]];
      case '^': case '$':
        ++pos_;
        return Written(RegexNode::kEmpty, start);
      default: return Leaf(RegexNode::kChar, Char());
    }
  }

  // \Q...\E: every character up to \E, or to the end, is a literal.
  void Quoted(std::vector<RegexNode>* items) {
    pos_ += 2;
    const size_t end = std::min(re_.find("\\E", pos_), re_.size());
    while (pos_ < end) {
      items->push_back(Leaf(RegexNode::kChar, Char()));
      items->back().quoted = true;
    }
    pos_ = std::min(end + 2, re_.size());
  }

  RegexNode Group(int depth) {
    const size_t start = pos_++;
    // Stop rather than recurse through a regex of nothing but '('.
    if (depth >= kMaxDepth) return StopReading();
    if (At("?P<") || At("?<")) {
      pos_ = re_.find('<', pos_) + 1;
      const size_t close = re_.find('>', pos_);
      if (close == std::string_view::npos) return StopReading();
      const std::string_view name = re_.substr(pos_, close - pos_);
      Check(!name.empty() && std::all_of(name.begin(), name.end(), IsNameByte));
      pos_ = close + 1;
    } else if (At("?")) {  // (?flags) alone, or (?flags:...)
      const size_t flags = ++pos_;
      while (!AtEnd() && Peek() != ':' && Peek() != ')') ++pos_;
      if (AtEnd()) return StopReading();
      Check(ValidFlags(re_.substr(flags, pos_ - flags)));
      if (re_[pos_++] == ')') return Written(RegexNode::kEmpty, start);
    }
    RegexNode inner = Alternation(depth + 1);
    Close();
    return inner;
  }

  RegexNode Class() {
    RegexNode cls = Leaf(RegexNode::kClass);
    ++pos_;
    cls.negated = At("^");
    pos_ += cls.negated;
    // A ] first is a member.
    for (bool first = true; !AtEnd() && (Peek() != ']' || first); first = false) {
      // [:alpha:] or [:^alpha:]; without a :] later, [ is a member.
      const size_t close = At("[:") ? re_.find(":]", pos_ + 2) : std::string_view::npos;
      if (close != std::string_view::npos) {
        std::string_view name = re_.substr(pos_ + 2, close - pos_ - 2);
        if (name.substr(0, 1) == "^") name.remove_prefix(1);
        Check(kPosixClasses.find(" " + std::string(name) + " ") != std::string_view::npos);
        cls.names.emplace_back(re_.substr(pos_, close + 2 - pos_));
        pos_ = close + 2;
        continue;
      }
      uint32_t lo = 0;
      if (!ClassMember(&cls, &lo)) continue;
      uint32_t hi = lo;
      if (At("-") && pos_ + 1 < re_.size() && re_[pos_ + 1] != ']') {
        ++pos_;
        Check(ClassMember(&cls, &hi) && lo <= hi);
      }
      cls.ranges.emplace_back(lo, hi);
    }
    Close();
    return cls;
  }

  // A character of a class, into `c`; false if it was a named class (\d),
  // added to `cls` instead.
  bool ClassMember(RegexNode* cls, uint32_t* c) {
    const size_t start = pos_;
    const RegexNode member = Peek() == '\\' ? Escape(true) : Leaf(RegexNode::kChar, Char());
    if (member.kind == RegexNode::kChar) {
      *c = member.ch;
      return true;
    }
    cls->names.emplace_back(re_.substr(start, pos_ - start));
    return false;
  }

  RegexNode Escape(bool in_class) {
    const size_t start = pos_++;
    Check(!AtEnd());
    if (AtEnd()) return Written(RegexNode::kEmpty, start);
    const char c = re_[pos_++];
    switch (c) {
      case 'd': case 'D': case 's': case 'S': case 'w': case 'W':
        return Written(RegexNode::kClass, start);
      case 'p': case 'P': {  // \pL, \p{Han}
        const bool braces = At("{");
        const size_t end = braces ? re_.find('}', pos_) : pos_;
        Check(end < re_.size() && (braces || absl::ascii_isalpha(re_[end])));
        pos_ = std::min(end, re_.size() - 1) + 1;
        return Written(RegexNode::kClass, start);
      }
      case 'x': return Leaf(RegexNode::kChar, Hex());
      case 'a': case 'f': case 'n': case 'r': case 't': case 'v':  // \n and the like
        return Leaf(RegexNode::kChar, "\a\f\n\r\t\v"[std::string_view("afnrtv").find(c)]);
      case 'b': case 'B': case 'A': case 'z': case 'C':
        Check(!in_class);
        return c == 'C' ? Leaf(RegexNode::kAnyChar) : Written(RegexNode::kEmpty, start);
      default:
        // Escaped punctuation is itself. Other escapes (\Q in a class, \E,
        // octal \012, \1) are not read: as the letter or digit.
        Check(!absl::ascii_isalnum(c));
        if (absl::ascii_isalnum(c)) return Leaf(RegexNode::kChar, static_cast<uint8_t>(c));
        --pos_;
        const uint32_t ch = Char();
        Check(ch < 0x80);  // RE2 escapes only ASCII
        return Leaf(RegexNode::kChar, ch);
    }
  }

  // The character of \xHH or \x{H...}, after the x.
  uint32_t Hex() {
    const bool braces = At("{");
    const size_t end = braces ? re_.find('}', pos_) : std::min(pos_ + 2, re_.size());
    if (end == std::string_view::npos) {
      StopReading();
      return 0xFFFD;
    }
    const std::string_view digits = re_.substr(pos_ + braces, end - pos_ - braces);
    pos_ = end + braces;
    uint32_t c = 0;
    for (char d : digits) {
      const size_t value = std::string_view("0123456789abcdef").find(absl::ascii_tolower(d));
      Check(value < 16);
      // Saturates past the last code point.
      c = std::min<uint32_t>(c * 16 + (value < 16 ? value : 0), 0x110000);
    }
    Check(digits.size() >= (braces ? 1 : 2) && c <= 0x10FFFF);
    return c;
  }

  // One UTF-8 character: a lead byte and the continuation bytes after it,
  // U+FFFD if they do not make one.
  uint32_t Char() {
    const uint8_t lead = static_cast<uint8_t>(re_[pos_++]);
    if (lead < 0x80) return lead;
    const size_t length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    uint32_t c = lead & (0x7F >> length);
    size_t read = 1;
    for (; !AtEnd() && (static_cast<uint8_t>(Peek()) & 0xC0) == 0x80; ++pos_, ++read) {
      c = (c << 6) | (static_cast<uint8_t>(Peek()) & 0x3F);
    }
    constexpr uint32_t kLeast[] = {0, 0, 0x80, 0x800, 0x10000};  // else overlong
    const bool valid = lead >= 0xC2 && lead <= 0xF4 && read == length && c >= kLeast[length] &&
                       c <= 0x10FFFF && (c < 0xD800 || c > 0xDFFF);
    Check(valid);
    return valid ? c : 0xFFFD;
  }

  std::string_view re_;
  size_t pos_ = 0;
  bool complete_ = true;
};

}  // namespace

RegexSyntax ParseRegexSyntax(std::string_view regex) { return Parser(regex).Run(); }

}  // namespace chatscan
