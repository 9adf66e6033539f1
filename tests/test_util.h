// Helpers shared by the tests.
#ifndef CHATSCAN_TESTS_TEST_UTIL_H_
#define CHATSCAN_TESTS_TEST_UTIL_H_

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "chatscan/chatscan.h"
#include "gtest/gtest.h"

namespace chatscan::testing {

// Compiles a one-file pack; fails the test on error.
inline std::shared_ptr<const CompiledRules> CompileOrDie(const std::string& toml) {
  std::shared_ptr<const CompiledRules> rules;
  Status s = CompiledRules::CompileText(toml, CHATSCAN_TEST_DATA, "pack.toml", &rules);
  EXPECT_TRUE(s.ok()) << s.message();
  return rules;
}

// A pack header with every default category, for tests to append rules to.
inline std::string PackHeader() {
  return R"(
[pack]
name = "test"
[categories.abuse]
clauses = ["4.1.1"]
action = "block"
[categories.secret]
clauses = ["5.2.1"]
action = "block"
[categories.link]
clauses = ["5.3.1"]
action = "review"
[categories.privacy]
clauses = ["3.2.1"]
action = "review"
)";
}

// "rule-id start-end match" for each finding, in order.
inline std::vector<std::string> Describe(const CompiledRules& rules, const std::string& text,
                                         const ScanResult& result) {
  std::vector<std::string> out;
  for (const Finding& f : result.findings) {
    out.push_back(rules.rules()[f.rule].id + " " + std::to_string(f.start) + "-" +
                  std::to_string(f.end) + " " + text.substr(f.start, f.end - f.start));
  }
  return out;
}

inline std::vector<std::string> ScanDescribe(const std::shared_ptr<const CompiledRules>& rules,
                                             const std::string& text,
                                             const MessageContext& ctx = MessageContext()) {
  Scanner scanner(rules);
  ScanResult result;
  Status s = scanner.Scan(text, ctx, &result);
  EXPECT_TRUE(s.ok()) << s.message();
  return Describe(*rules, text, result);
}

// The texts of both corpora (tests/data/corpus), one per line.
inline std::string CorpusText() {
  std::string text, line;
  for (const char* corpus : {"labelled", "heldout"}) {
    std::ifstream in(std::string(CHATSCAN_TEST_DATA) + "/corpus/" + corpus + ".jsonl");
    while (std::getline(in, line)) {
      size_t from = line.find("\"text\": \"") + 9;
      text += line.substr(from, line.find('"', from) - from) + "\n";
    }
  }
  return text;
}

}  // namespace chatscan::testing

#endif  // CHATSCAN_TESTS_TEST_UTIL_H_
