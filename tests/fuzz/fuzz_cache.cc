// Fuzzes the cache loader with random and mutated files: they are refused
// cleanly or, when they load, scan without crashing.
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <string>

#include "chatscan/chatscan.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::string dir = [] {
    std::string d = "/tmp/chatscan_fuzz_cache_" + std::to_string(getpid());
    system(("mkdir -p " + d + "/pack").c_str());
    std::ofstream(d + "/pack/pack.toml") << "[pack]\nname = \"f\"\n[categories.abuse]\n"
                                            "clauses = [\"4.1.1\"]\n[[rule]]\nid = \"w\"\n"
                                            "category = \"abuse\"\nwords = [\"坏蛋\"]\n"
                                            "regex = ['(?:偷偷告诉你|只跟你说)\\d+万', '1\\d{10}']\n";
    return d;
  }();
  std::string path = dir + "/rules.cache";
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  std::shared_ptr<const chatscan::CompiledRules> rules;
  chatscan::Status s = chatscan::CompiledRules::Load(path, dir + "/pack", &rules);
  if (s.ok()) {
    chatscan::Scanner scanner(rules);
    chatscan::ScanResult result;
    scanner.Scan("你个坏蛋 test", &result);
  }
  return 0;
}
