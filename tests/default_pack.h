// The default pack and the corpus texts, for tests that check a claim
// against every regex of the real pack. Users link nlohmann_json.
#ifndef CHATSCAN_TESTS_DEFAULT_PACK_H_
#define CHATSCAN_TESTS_DEFAULT_PACK_H_

#include <fstream>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chatscan/rules.h"

namespace chatscan::testing {

// rules/default, compiled on first use (seconds) and shared by the tests of
// one binary; null, with a failure reported, if it does not compile.
inline std::shared_ptr<const CompiledRules> DefaultPack() {
  static const std::shared_ptr<const CompiledRules> pack = [] {
    std::shared_ptr<const CompiledRules> rules;
    Status s = CompiledRules::Compile(CHATSCAN_SOURCE_RULES_DIR "/default", &rules);
    EXPECT_TRUE(s.ok()) << s.message();
    return rules;
  }();
  return pack;
}

// The "text" of every message of the named corpora (tests/data/corpus).
inline std::vector<std::string> CorpusTexts(
    std::initializer_list<const char*> names = {"labelled", "heldout"}) {
  std::vector<std::string> out;
  for (const char* name : names) {
    std::ifstream in(std::string(CHATSCAN_TEST_DATA) + "/corpus/" + name + ".jsonl");
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty()) out.push_back(nlohmann::json::parse(line)["text"]);
    }
  }
  return out;
}

}  // namespace chatscan::testing

#endif  // CHATSCAN_TESTS_DEFAULT_PACK_H_
