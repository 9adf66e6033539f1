// Scans one message with a rule pack and prints the verdict and findings.
// usage: consumer PACK_DIR TEXT
#include <cstdio>

#include "chatscan/chatscan.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s PACK_DIR TEXT\n", argv[0]);
    return 2;
  }
  std::shared_ptr<const chatscan::CompiledRules> rules;
  chatscan::Status s = chatscan::CompiledRules::Compile(argv[1], &rules);
  if (!s.ok()) {
    fprintf(stderr, "%s\n", s.message().c_str());
    return 2;
  }
  chatscan::Scanner scanner(rules);  // one per thread
  chatscan::ScanResult result;
  s = scanner.Scan(argv[2], &result);
  if (!s.ok()) return 2;
  printf("verdict %s\n", std::string(chatscan::ActionName(result.verdict)).c_str());
  for (const chatscan::Finding& f : result.findings) {
    const chatscan::RuleInfo& rule = rules->rules()[f.rule];
    printf("%s %s %u-%u\n", rule.id.c_str(), rule.category.c_str(), f.start, f.end);
  }
  return 0;
}
