/* Scans one message through the C ABI and prints the verdict and findings.
 * Build: cc main.c $(pkg-config --cflags --libs chatscan)
 * usage: consumer PACK_DIR TEXT */
#include <stdio.h>
#include <string.h>

#include "chatscan.h"

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s PACK_DIR TEXT\n", argv[0]);
    return 2;
  }
  chatscan_rules_t *rules = NULL;
  chatscan_error_t *error = NULL;
  if (chatscan_rules_compile(argv[1], &rules, &error) != CHATSCAN_OK) {
    fprintf(stderr, "%s\n", error ? error->message : "compile failed");
    chatscan_error_destroy(error);
    return 2;
  }
  chatscan_scanner_t *scanner = NULL;
  chatscan_scanner_create(rules, &scanner);
  int verdict;
  const chatscan_finding_t *findings;
  size_t count;
  if (chatscan_scanner_scan(scanner, argv[2], strlen(argv[2]), NULL, &verdict, &findings,
                            &count) != CHATSCAN_OK) {
    return 2;
  }
  printf("verdict %d\n", verdict);
  for (size_t i = 0; i < count; ++i) {
    chatscan_rule_info_t info;
    chatscan_rules_info(rules, findings[i].rule, &info);
    printf("%s %s %u-%u\n", info.id, info.category, findings[i].start, findings[i].end);
  }
  chatscan_scanner_destroy(scanner);
  chatscan_rules_destroy(rules);
  return 0;
}
