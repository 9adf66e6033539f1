// The regex reader (lib/compile/regex_syntax.h) behind the cost checks and
// the class gates: the tree it makes of RE2 syntax, and its flag for a
// regex it could not read in full, over regexes RE2 accepts and mistakes
// it refuses. Any bytes must be read without a crash.
#include "compile/regex_syntax.h"

#include <cstdio>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "re2/re2.h"

namespace chatscan {
namespace {

std::string Utf8(uint32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

std::string ShowChar(uint32_t c) {
  if (c > 0x20 && c != 0x7F) return Utf8(c);
  char hex[16];
  snprintf(hex, sizeof hex, "\\x{%X}", c);
  return hex;
}

// The tree, one node a token: a character as itself (Q before it if it was
// quoted), [class] with its ranges and names, ANY, <empty> with its text,
// cat(...), alt(...), rep(item min..max operator), with no max if open.
std::string Show(const RegexNode& node) {
  std::string out;
  auto list = [&](const char* name) {
    out = name;
    out += "(";
    for (size_t i = 0; i < node.children.size(); ++i) {
      out += (i == 0 ? "" : " ") + Show(node.children[i]);
    }
    out += ")";
  };
  switch (node.kind) {
    case RegexNode::kChar: return (node.quoted ? "Q" : "") + ShowChar(node.ch);
    case RegexNode::kClass:
      out = node.negated ? "[^" : "[";
      for (const std::pair<uint32_t, uint32_t>& range : node.ranges) {
        out += ShowChar(range.first);
        if (range.second != range.first) out += "-" + ShowChar(range.second);
      }
      for (const std::string& name : node.names) out += name;
      return out + "]";
    case RegexNode::kAnyChar: return "ANY";
    case RegexNode::kEmpty: return "<" + node.text + ">";
    case RegexNode::kConcat: list("cat"); return out;
    case RegexNode::kAlternate: list("alt"); return out;
    case RegexNode::kRepeat:
      return "rep(" + Show(node.children[0]) + " " + std::to_string(node.min) + ".." +
             (node.open ? "" : std::to_string(node.max)) + " " + node.text + ")";
  }
  return "?";
}

TEST(RegexSyntaxTest, ReadsRegexesRe2Accepts) {
  struct Case {
    const char* regex;
    const char* tree;
  } cases[] = {
      {"", "cat()"},
      {"abc", "cat(a b c)"},
      {"a|bc|", "alt(a cat(b c) cat())"},
      {"机密\\d{3,5}", "cat(机 密 rep([\\d] 3..5 {3,5}))"},
      {"(?i)x(?:ab){2}", "cat(<(?i)> x rep(cat(a b) 2..2 {2}))"},
      {"(?i-s:a)(?-m)", "cat(a <(?-m)>)"},
      {"a+?b*c??", "cat(rep(a 1.. +) rep(b 0.. *) rep(c 0..1 ?))"},
      {"x{3,}y{0}", "cat(rep(x 3.. {3,}) rep(y 0..0 {0}))"},
      {"(a*)*", "rep(rep(a 0.. *) 0.. *)"},
      {"^*", "rep(<^> 0.. *)"},
      {"a{,5}", "cat(a { , 5 })"},  // not a repeat in RE2: literal characters
      {"a{2", "cat(a { 2)"},
      {"a{01}b{0,05}", "cat(a { 0 1 } b { 0 , 0 5 })"},
      {"[+-[:]x", "cat([+-[:] x)"},  // a range from + to [, and a colon
      {"[[:]x", "cat([[:] x)"},       // no :] after [:, so no [:name:]
      {"[^]a-c\\d[:alpha:]]", "[^]a-c\\d[:alpha:]]"},
      {"[]a][a-][-a][a-b-c]", "cat([]a] [a-] [-a] [a-b-c])"},
      {"[\\d-z][\\x{FF10}-\\x{FF19}]", "cat([-z\\d] [０-９])"},
      {"[[:^digit:]\\n-\\r]", "[\\x{A}-\\x{D}[:^digit:]]"},
      {"\\p{Han}{1,4}\\pL\\PN\\p{^Greek}",
       "cat(rep([\\p{Han}] 1..4 {1,4}) [\\pL] [\\PN] [\\p{^Greek}])"},
      {"\\x41\\x{FF1A}\\x{1F600}\\.\\n\\ ", "cat(A ： \U0001F600 . \\x{A} \\x{20})"},
      {"\\w\\W\\s\\S\\D", "cat([\\w] [\\W] [\\s] [\\S] [\\D])"},
      {".\\C^$\\b\\B\\A\\z", "cat(ANY ANY <^> <$> <\\b> <\\B> <\\A> <\\z>)"},
      {"(?P<name>ab)?c", "cat(rep(cat(a b) 0..1 ?) c)"},
      {"(?P<名字_1>a)(?s:.)", "cat(a ANY)"},
      {"()(?:)", "cat(cat() cat())"},
      {"(?)a", "cat(<(?)> a)"},
      // \Q...\E: literal characters, up to \E; a repeat takes the last one.
      {"\\Qa.b\\E{3}", "cat(Qa Q. rep(Qb 3..3 {3}))"},
      {"\\Qa\\\\E", "cat(Qa Q\\)"},
      {"\\Q(\\E", "Q("},
      {"\\Qab", "cat(Qa Qb)"},
      {"a\\Q\\E*", "rep(a 0.. *)"},
      {"(?s).{1000}", "cat(<(?s)> rep(ANY 1000..1000 {1000}))"},
  };
  for (const Case& c : cases) {
    RE2 re2(c.regex, RE2::Quiet);
    EXPECT_TRUE(re2.ok()) << c.regex << ": " << re2.error();
    const RegexSyntax syntax = ParseRegexSyntax(c.regex);
    EXPECT_EQ(Show(syntax.root), c.tree) << c.regex;
    EXPECT_TRUE(syntax.complete) << c.regex;
  }
  // Newer RE2 accepts (?<name>...) too.
  EXPECT_TRUE(ParseRegexSyntax("(?<n>a)").complete);
}

// Mistakes, and what the reader does not know: flagged, and read as far as
// it goes. RE2 refuses all but the last few.
TEST(RegexSyntaxTest, FlagsWhatItCannotRead) {
  struct Case {
    std::string regex;
    const char* tree;
  } cases[] = {
      {"a(b", "cat(a b)"},
      {"a)b", "cat(a <)> b)"},
      {"(?", "cat()"},
      {"(?i", "cat()"},
      {"(?P<n", "cat()"},
      {"(?P<>a)", "a"},
      {"(?x)a", "cat(<(?x)> a)"},
      {"(?i-)a", "cat(<(?i-)> a)"},
      {"(?--i)a", "cat(<(?--i)> a)"},
      {"(?P=n)", "<(?P=n)>"},
      {"(?i)*", "rep(<(?i)> 0.. *)"},
      {"[a", "[a]"},
      {"[^", "[^]"},
      {"[]", "[]]"},
      {"[[:alpha", "[[:alpha]"},  // unclosed
      {"[z-a]", "[z-a]"},
      {"[a-\\d]", "[a\\d]"},
      {"[\\b\\C\\Q]", "[Q\\b\\C]"},
      {"\\", "<\\>"},
      {"a\\x", "cat(a \\x{0})"},
      {"\\xZZ", "\\x{0}"},
      {"\\x{", "\xEF\xBF\xBD"},
      {"\\x{}", "\\x{0}"},
      {"\\x{110000}", "\xF4\x90\x80\x80"},
      {"\\p", "[\\p]"},
      {"\\p{Han", "[\\p{Han]"},
      {"\\1\\E", "cat(1 E)"},
      {"\\é", "é"},
      {"*a", "cat(* a)"},  // a repeat of nothing: the operator as a literal
      {"a|+", "alt(a +)"},
      {"{2}", "cat({ 2 })"},
      {"a**b", "rep(a 0.. *)"},  // a stacked repeat: reading stops there
      {"a{2}{3}", "rep(a 2..2 {2})"},
      {"a{3,2}", "rep(a 3..2 {3,2})"},
      {"a{1001}", "rep(a 1001..1001 {1001})"},
      {"a{99999999999999999999999}", "rep(a 18446744073709551615..18446744073709551615 "
                                     "{99999999999999999999999})"},
      {"\xFF", "\xEF\xBF\xBD"},
      {"a\x80" "b", "cat(a \xEF\xBF\xBD b)"},
      {"\xE6\x9C", "\xEF\xBF\xBD"},
      {"\xC0\x80", "\xEF\xBF\xBD"},  // overlong
      {"\xED\xA0\x80", "\xEF\xBF\xBD"},  // a surrogate
      {"(?P<a:b>x)", "x"},
      {"[[:alpha:][:^foo:]]", "[[:alpha:][:^foo:]]"},
      {"[[:^:]]", "[[:^:]]"},
      {std::string(1001, '(') + std::string(1001, ')'), "cat()"},
      // RE2 accepts these; the reader does not know them.
      {"\\012", "cat(0 1 2)"},
      {"a*\\Q\\E*", "rep(a 0.. *)"},
  };
  for (const Case& c : cases) {
    const RegexSyntax syntax = ParseRegexSyntax(c.regex);
    EXPECT_EQ(Show(syntax.root), c.tree) << c.regex;
    EXPECT_FALSE(syntax.complete) << c.regex;
  }
}

// Regexes of nothing but one character: no stack overflow, no time lost.
TEST(RegexSyntaxTest, DeepAndLongRegexesAreReadSafely) {
  for (char c : std::string("()[*+?")) {
    EXPECT_FALSE(ParseRegexSyntax(std::string(100000, c)).complete) << c;
  }
  for (char c : std::string("|{\\")) {  // RE2 accepts these
    EXPECT_TRUE(ParseRegexSyntax(std::string(100000, c)).complete) << c;
  }
  std::string nested;
  for (int i = 0; i < 1000; ++i) nested += "(?:a";
  nested += std::string(1000, ')');
  EXPECT_TRUE(ParseRegexSyntax(nested).complete);
  EXPECT_FALSE(ParseRegexSyntax("(" + nested + ")").complete);  // 1001 deep
  std::string stars;
  for (int i = 0; i < 50000; ++i) stars += "a*\\Q\\E*";
  EXPECT_FALSE(ParseRegexSyntax(stars).complete);
}

// Random regexes of syntax characters: never a crash, and a regex read in
// full is one RE2 accepts (the other way round need not hold: the reader
// does not know everything RE2 does).
TEST(RegexSyntaxTest, ReadInFullMeansRe2Accepts) {
  // No \p{Name} (not checked), nor (?<name>...) (RE2 here is too old).
  const std::string alphabet = "()[]{}|*+?\\^$.,-:019adxwnbzCQE^imsU";
  std::mt19937 rng(11);
  int complete = 0;
  for (int round = 0; round < 200000; ++round) {
    std::string regex(1 + rng() % 12, ' ');
    for (char& c : regex) c = alphabet[rng() % alphabet.size()];
    if (!ParseRegexSyntax(regex).complete) continue;
    ++complete;
    RE2 re2(regex, RE2::Quiet);
    ASSERT_TRUE(re2.ok()) << regex << ": " << re2.error();
  }
  EXPECT_GT(complete, 10000);
}

}  // namespace
}  // namespace chatscan
