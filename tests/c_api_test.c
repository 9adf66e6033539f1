/* The C ABI, from C: behaviour, and an argument check for every entry
 * point (NULLs, bad enums, out-of-range indexes): misuse returns a status,
 * never crashes. Compiled as C. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatscan.h"

static int passed = 0, failed = 0;

#define CHECK(cond)                                                   \
  do {                                                                \
    if (cond) {                                                       \
      ++passed;                                                       \
    } else {                                                          \
      ++failed;                                                       \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                 \
  } while (0)

static const char kPack[] =
    "[pack]\nname = \"c\"\n"
    "[categories.abuse]\nclauses = [\"4.1.1\"]\naction = \"block\"\n"
    "[categories.secret]\nclauses = [\"5.2.1\"]\naction = \"review\"\nexternal = \"block\"\n"
    "redact = \"label\"\n"
    "[[rule]]\nid = \"abuse.w\"\ncategory = \"abuse\"\nwords = [\"\xE5\x9D\x8F\xE8\x9B\x8B\"]\n"
    "noise = true\n"
    "[[rule]]\nid = \"secret.w\"\ncategory = \"secret\"\nwords = [\"\xE7\xBB\x9D\xE5\xAF\x86\"]\n";
/* 坏蛋 and 绝密 */
#define BAD "\xE5\x9D\x8F\xE8\x9B\x8B"
#define SECRET "\xE7\xBB\x9D\xE5\xAF\x86"

static chatscan_rules_t *Compile(void) {
  chatscan_rules_t *rules = NULL;
  chatscan_error_t *error = NULL;
  chatscan_status_t s = chatscan_rules_compile_toml(kPack, strlen(kPack), NULL, &rules, &error);
  CHECK(s == CHATSCAN_OK);
  CHECK(error == NULL);
  return rules;
}

static void TestVersion(void) {
  char header[32];
  snprintf(header, sizeof header, "%d.%d.%d", CHATSCAN_VERSION_MAJOR, CHATSCAN_VERSION_MINOR,
           CHATSCAN_VERSION_PATCH);
  CHECK(strcmp(chatscan_version(), header) == 0);
  CHECK(chatscan_abi_version() == CHATSCAN_ABI_VERSION);
  CHECK(strcmp(chatscan_status_string(CHATSCAN_RULE_ERROR), "rule error") == 0);
  CHECK(strcmp(chatscan_status_string(12345), "unknown status") == 0);
}

static void TestCompileErrors(void) {
  const char bad[] = "[pack]\nname = \"x\"\n[categories.abuse]\nclauses = [\"4.1.1\"]\n"
                     "[[rule]]\nid = \"r\"\ncategory = \"abuse\"\nregex = ['(a+']\n";
  chatscan_rules_t *rules = (chatscan_rules_t *)1;
  chatscan_error_t *error = NULL;
  CHECK(chatscan_rules_compile_toml(bad, strlen(bad), NULL, &rules, &error) == CHATSCAN_RULE_ERROR);
  CHECK(rules == NULL);
  CHECK(error != NULL);
  if (error != NULL) {
    CHECK(error->status == CHATSCAN_RULE_ERROR);
    CHECK(strcmp(error->file, "pack.toml") == 0);
    CHECK(error->line == 8);
    CHECK(strcmp(error->rule_id, "r") == 0);
    CHECK(strstr(error->message, "missing )") != NULL);
  }
  chatscan_error_destroy(error);
  /* Without an error object the status still says what happened. */
  CHECK(chatscan_rules_compile_toml(bad, strlen(bad), NULL, &rules, NULL) == CHATSCAN_RULE_ERROR);
  CHECK(chatscan_rules_compile("/no/such/pack", &rules, &error) == CHATSCAN_NOT_FOUND);
  CHECK(error != NULL && strstr(error->message, "/no/such/pack") != NULL);
  chatscan_error_destroy(error);
}

static void TestScan(void) {
  chatscan_rules_t *rules = Compile();
  size_t count = 0, index = 0;
  CHECK(chatscan_rules_count(rules, &count) == CHATSCAN_OK && count == 2);
  CHECK(chatscan_rules_find(rules, "secret.w", &index) == CHATSCAN_OK && index == 1);
  CHECK(chatscan_rules_find(rules, "nope", &index) == CHATSCAN_NOT_FOUND);
  chatscan_rule_info_t info;
  CHECK(chatscan_rules_info(rules, 0, &info) == CHATSCAN_OK);
  CHECK(strcmp(info.id, "abuse.w") == 0 && strcmp(info.category, "abuse") == 0);
  CHECK(info.clause_count == 1 && strcmp(info.clauses[0], "4.1.1") == 0);
  const char *name = NULL;
  CHECK(chatscan_rules_category_name(rules, info.category_index, &name) == CHATSCAN_OK &&
        strcmp(name, "abuse") == 0);

  chatscan_scanner_t *scanner = NULL;
  CHECK(chatscan_scanner_create(rules, &scanner) == CHATSCAN_OK);
  chatscan_rules_destroy(rules); /* the scanner keeps what it needs */
  const char text[] = "x " BAD " * " SECRET;
  int verdict = -1;
  const chatscan_finding_t *findings = NULL;
  CHECK(chatscan_scanner_scan(scanner, text, strlen(text), NULL, &verdict, &findings, &count) ==
        CHATSCAN_OK);
  CHECK(verdict == CHATSCAN_BLOCK);
  CHECK(count == 2);
  if (count == 2) {
    CHECK(findings[0].rule == 0 && findings[0].start == 2 && findings[0].end == 8);
    CHECK(findings[1].rule == 1 && findings[1].action == CHATSCAN_REVIEW);
  }
  chatscan_context_t ctx;
  memset(&ctx, 0, sizeof ctx);
  ctx.audience = CHATSCAN_AUDIENCE_EXTERNAL;
  CHECK(chatscan_scanner_scan(scanner, SECRET, 6, &ctx, &verdict, &findings, &count) == CHATSCAN_OK);
  CHECK(verdict == CHATSCAN_BLOCK && count == 1);
  const char *redacted = NULL;
  size_t redacted_length = 0;
  CHECK(chatscan_scanner_redact(scanner, text, strlen(text), NULL, &redacted, &redacted_length) ==
        CHATSCAN_OK);
  CHECK(redacted_length == strlen("x \xEF\xBC\x8A\xEF\xBC\x8A * [secret]") &&
        memcmp(redacted, "x \xEF\xBC\x8A\xEF\xBC\x8A * [secret]", redacted_length) == 0);
  /* Empty text, and invalid UTF-8. */
  CHECK(chatscan_scanner_scan(scanner, NULL, 0, NULL, &verdict, &findings, &count) == CHATSCAN_OK &&
        count == 0 && verdict == CHATSCAN_ALLOW);
  CHECK(chatscan_scanner_scan(scanner, "\xff\xfe" BAD, 8, NULL, &verdict, &findings, &count) ==
        CHATSCAN_OK && count == 1);
  chatscan_scanner_destroy(scanner);
}

static void TestBatchAndHolder(void) {
  chatscan_rules_t *rules = Compile();
  chatscan_batch_t *batch = NULL;
  chatscan_batch_result_t *result = NULL;
  CHECK(chatscan_batch_create(rules, 2, &batch) == CHATSCAN_OK);
  CHECK(chatscan_batch_result_create(&result) == CHATSCAN_OK);
  enum { kN = 1000 };
  static const char *texts[kN];
  static size_t lengths[kN];
  static chatscan_context_t contexts[kN];
  for (int i = 0; i < kN; ++i) {
    texts[i] = i % 3 == 0 ? "ok" : (i % 3 == 1 ? BAD : SECRET);
    lengths[i] = strlen(texts[i]);
    memset(&contexts[i], 0, sizeof contexts[i]);
    contexts[i].audience = i % 2 ? CHATSCAN_AUDIENCE_EXTERNAL : CHATSCAN_AUDIENCE_INTERNAL;
  }
  CHECK(chatscan_batch_scan(batch, texts, lengths, contexts, kN, result) == CHATSCAN_OK);
  chatscan_batch_view_t view;
  CHECK(chatscan_batch_result_view(result, &view) == CHATSCAN_OK);
  CHECK(view.messages == kN);
  CHECK(view.findings == 666);
  CHECK(view.errors == 0);
  int ok = 1;
  for (int i = 0; i < kN; ++i) {
    uint32_t n = view.first_finding[i + 1] - view.first_finding[i];
    int want = i % 3 == 0 ? CHATSCAN_ALLOW
               : i % 3 == 1 ? CHATSCAN_BLOCK
                            : (i % 2 ? CHATSCAN_BLOCK : CHATSCAN_REVIEW);
    ok &= view.verdicts[i] == want && n == (i % 3 == 0 ? 0u : 1u);
    if (n == 1) ok &= view.message[view.first_finding[i]] == (uint32_t)i;
  }
  CHECK(ok);

  chatscan_holder_t *holder = NULL;
  chatscan_scanner_t *follower = NULL;
  CHECK(chatscan_holder_create(rules, &holder) == CHATSCAN_OK);
  CHECK(chatscan_scanner_create_from_holder(holder, &follower) == CHATSCAN_OK);
  chatscan_batch_t *batch_follower = NULL;
  CHECK(chatscan_batch_create_from_holder(holder, 2, &batch_follower) == CHATSCAN_OK);
  const char other[] = "[pack]\nname = \"o\"\n[categories.abuse]\nclauses = [\"4.1.1\"]\n"
                       "[[rule]]\nid = \"o\"\ncategory = \"abuse\"\nwords = [\"" SECRET "\"]\n";
  chatscan_rules_t *rules2 = NULL;
  CHECK(chatscan_rules_compile_toml(other, strlen(other), NULL, &rules2, NULL) == CHATSCAN_OK);
  int verdict;
  const chatscan_finding_t *findings;
  size_t count;
  CHECK(chatscan_scanner_scan(follower, BAD, 6, NULL, &verdict, &findings, &count) == CHATSCAN_OK &&
        count == 1);
  /* The follower's findings name rules of the pack it scanned with, which
   * changes with a swap: chatscan_scanner_rules says which. */
  chatscan_rules_t *used = NULL;
  chatscan_rule_info_t info;
  CHECK(chatscan_scanner_rules(follower, &used) == CHATSCAN_OK && used != NULL);
  CHECK(chatscan_rules_info(used, findings[0].rule, &info) == CHATSCAN_OK &&
        strcmp(info.id, "abuse.w") == 0);
  /* Until a swap, the next call shares the views the first one made. */
  chatscan_rules_t *again = NULL;
  chatscan_rule_info_t again_info;
  CHECK(chatscan_scanner_rules(follower, &again) == CHATSCAN_OK && again != used);
  CHECK(chatscan_rules_info(again, findings[0].rule, &again_info) == CHATSCAN_OK &&
        again_info.clauses == info.clauses);
  chatscan_rules_destroy(again);
  chatscan_rules_destroy(used);
  CHECK(chatscan_holder_swap(holder, rules2) == CHATSCAN_OK);
  CHECK(chatscan_scanner_scan(follower, BAD, 6, NULL, &verdict, &findings, &count) == CHATSCAN_OK &&
        count == 0);
  CHECK(chatscan_scanner_scan(follower, SECRET, 6, NULL, &verdict, &findings, &count) ==
            CHATSCAN_OK && count == 1);
  CHECK(chatscan_scanner_rules(follower, &used) == CHATSCAN_OK);
  size_t rule_count = 0;
  CHECK(chatscan_rules_count(used, &rule_count) == CHATSCAN_OK && rule_count == 1);
  CHECK(chatscan_rules_info(used, findings[0].rule, &info) == CHATSCAN_OK &&
        strcmp(info.id, "o") == 0);
  chatscan_rules_destroy(used);
  /* A batch that follows the holder: made before the swap, it scans its
   * next batch wholly with the new pack, and says so. */
  const char *pair[2] = {BAD, SECRET};
  const size_t pair_lengths[2] = {6, 6};
  CHECK(chatscan_batch_scan(batch_follower, pair, pair_lengths, NULL, 2, result) == CHATSCAN_OK);
  CHECK(chatscan_batch_result_view(result, &view) == CHATSCAN_OK);
  CHECK(view.messages == 2 && view.findings == 1 && view.message[0] == 1);
  CHECK(chatscan_batch_rules(batch_follower, &used) == CHATSCAN_OK);
  CHECK(chatscan_rules_info(used, view.rule[0], &info) == CHATSCAN_OK && strcmp(info.id, "o") == 0);
  chatscan_rules_destroy(used);
  /* A plain batch's rules are the ones it was made with. */
  CHECK(chatscan_batch_rules(batch, &used) == CHATSCAN_OK);
  CHECK(chatscan_rules_count(used, &rule_count) == CHATSCAN_OK && rule_count == 2);
  chatscan_rules_destroy(used);
  chatscan_batch_destroy(batch_follower);
  CHECK(chatscan_batch_create_from_holder(NULL, 2, &batch_follower) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(batch_follower == NULL);
  CHECK(chatscan_batch_rules(NULL, &used) == CHATSCAN_INVALID_ARGUMENT && used == NULL);
  CHECK(chatscan_batch_create_from_holder(holder, 2, &batch_follower) == CHATSCAN_OK);
  CHECK(chatscan_batch_rules(batch_follower, NULL) == CHATSCAN_INVALID_ARGUMENT);
  chatscan_batch_destroy(batch_follower);
  /* A scanner made from a holder knows its rules before its first message;
   * a plain scanner's are the ones it was made with. */
  chatscan_scanner_t *fresh = NULL;
  CHECK(chatscan_scanner_create_from_holder(holder, &fresh) == CHATSCAN_OK);
  CHECK(chatscan_scanner_rules(fresh, &used) == CHATSCAN_OK);
  chatscan_scanner_destroy(fresh);  /* the handle outlives the scanner */
  CHECK(chatscan_rules_find(used, "o", &rule_count) == CHATSCAN_OK);
  CHECK(chatscan_rules_info(used, rule_count, &info) == CHATSCAN_OK && info.clause_count == 1);
  chatscan_rules_destroy(used);
  CHECK(chatscan_scanner_create(rules, &fresh) == CHATSCAN_OK);
  CHECK(chatscan_scanner_rules(fresh, &used) == CHATSCAN_OK);
  CHECK(chatscan_rules_count(used, &rule_count) == CHATSCAN_OK && rule_count == 2);
  chatscan_rules_destroy(used);
  chatscan_scanner_destroy(fresh);
  chatscan_scanner_destroy(follower);
  chatscan_holder_destroy(holder);
  chatscan_rules_destroy(rules2);
  chatscan_batch_result_destroy(result);
  chatscan_batch_destroy(batch);
  chatscan_rules_destroy(rules);
}

/* A message the pack refuses (longer than max_message_bytes, oversize =
 * "reject") is an error of that message alone, with its reason; its
 * neighbours are scanned. */
static void TestBatchErrors(void) {
  const char pack[] = "[pack]\nname = \"r\"\n[limits]\nmax_message_bytes = 1024\n"
                      "oversize = \"reject\"\n[categories.abuse]\nclauses = [\"4.1.1\"]\n"
                      "action = \"block\"\n[[rule]]\nid = \"a\"\ncategory = \"abuse\"\n"
                      "words = [\"" BAD "\"]\n";
  chatscan_rules_t *rules = NULL;
  CHECK(chatscan_rules_compile_toml(pack, strlen(pack), NULL, &rules, NULL) == CHATSCAN_OK);
  chatscan_batch_t *batch = NULL;
  chatscan_batch_result_t *result = NULL;
  CHECK(chatscan_batch_create(rules, 1, &batch) == CHATSCAN_OK);
  CHECK(chatscan_batch_result_create(&result) == CHATSCAN_OK);
  char long_text[2000];
  memset(long_text, 'x', sizeof long_text);
  const char *texts[3] = {BAD, long_text, BAD};
  const size_t lengths[3] = {6, sizeof long_text, 6};
  CHECK(chatscan_batch_scan(batch, texts, lengths, NULL, 3, result) == CHATSCAN_OK);
  chatscan_batch_view_t view;
  CHECK(chatscan_batch_result_view(result, &view) == CHATSCAN_OK);
  CHECK(view.messages == 3 && view.errors == 1 && view.error_message[0] == 1);
  CHECK(view.verdicts[0] == CHATSCAN_BLOCK && view.verdicts[2] == CHATSCAN_BLOCK);
  uint32_t message = 99;
  const char *reason = NULL;
  CHECK(chatscan_batch_result_error(result, 0, &message, &reason) == CHATSCAN_OK);
  CHECK(message == 1 && reason != NULL && strstr(reason, "max_message_bytes (1024)") != NULL);
  CHECK(chatscan_batch_result_error(result, 1, &message, &reason) == CHATSCAN_OUT_OF_RANGE);
  CHECK(chatscan_batch_result_error(NULL, 0, &message, &reason) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_batch_result_error(result, 0, NULL, &reason) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_batch_result_error(result, 0, &message, NULL) == CHATSCAN_INVALID_ARGUMENT);
  chatscan_batch_result_destroy(result);
  chatscan_batch_destroy(batch);
  chatscan_rules_destroy(rules);
}

static void TestCache(const char *tmp_dir) {
  char pack_dir[512], pack_file[600], cache[600];
  snprintf(pack_dir, sizeof pack_dir, "%s/c_api_pack", tmp_dir);
  snprintf(pack_file, sizeof pack_file, "%s/pack.toml", pack_dir);
  snprintf(cache, sizeof cache, "%s/c_api.cache", tmp_dir);
  char command[700];
  snprintf(command, sizeof command, "mkdir -p '%s'", pack_dir);
  CHECK(system(command) == 0);
  FILE *f = fopen(pack_file, "w");
  CHECK(f != NULL);
  if (f == NULL) return;
  fputs(kPack, f);
  fclose(f);
  chatscan_rules_t *rules = NULL, *loaded = NULL;
  chatscan_error_t *error = NULL;
  CHECK(chatscan_rules_compile(pack_dir, &rules, NULL) == CHATSCAN_OK);
  CHECK(chatscan_rules_save(rules, cache, NULL) == CHATSCAN_OK);
  CHECK(chatscan_rules_load(cache, pack_dir, &loaded, &error) == CHATSCAN_OK);
  size_t count = 0;
  CHECK(chatscan_rules_count(loaded, &count) == CHATSCAN_OK && count == 2);
  chatscan_rules_destroy(loaded);
  f = fopen(cache, "wb");
  if (f != NULL) {
    fputs("junk", f);
    fclose(f);
  }
  CHECK(chatscan_rules_load(cache, pack_dir, &loaded, &error) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(loaded == NULL && error != NULL && strstr(error->message, "not a chatscan cache") != NULL);
  chatscan_error_destroy(error);
  chatscan_rules_destroy(rules);
}

/* Every entry point with NULLs and bad values. */
static void TestArgumentChecks(void) {
  chatscan_rules_t *rules = Compile();
  chatscan_rules_t *out_rules = NULL;
  chatscan_error_t *error = NULL;
  CHECK(chatscan_rules_compile(NULL, &out_rules, &error) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(error != NULL && strstr(error->message, "pack_dir") != NULL);
  chatscan_error_destroy(error);
  CHECK(chatscan_rules_compile("x", NULL, NULL) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_rules_compile_toml(NULL, 3, NULL, &out_rules, NULL) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_rules_compile_toml("x", 1, NULL, NULL, NULL) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_rules_load(NULL, "x", &out_rules, NULL) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_rules_load("x", NULL, &out_rules, NULL) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_rules_load("x", "y", NULL, NULL) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_rules_save(NULL, "x", NULL) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_rules_save(rules, NULL, NULL) == CHATSCAN_INVALID_ARGUMENT);
  size_t n;
  CHECK(chatscan_rules_count(NULL, &n) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_rules_count(rules, NULL) == CHATSCAN_INVALID_ARGUMENT);
  chatscan_rule_info_t info;
  CHECK(chatscan_rules_info(NULL, 0, &info) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_rules_info(rules, 0, NULL) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_rules_info(rules, 2, &info) == CHATSCAN_OUT_OF_RANGE);
  CHECK(chatscan_rules_info(rules, (size_t)-1, &info) == CHATSCAN_OUT_OF_RANGE);
  CHECK(chatscan_rules_find(NULL, "x", &n) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_rules_find(rules, NULL, &n) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_rules_find(rules, "x", NULL) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_rules_category_count(NULL, &n) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_rules_category_count(rules, NULL) == CHATSCAN_INVALID_ARGUMENT);
  const char *name;
  CHECK(chatscan_rules_category_name(NULL, 0, &name) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_rules_category_name(rules, 0, NULL) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_rules_category_name(rules, 99, &name) == CHATSCAN_OUT_OF_RANGE);

  chatscan_scanner_t *scanner = NULL;
  CHECK(chatscan_scanner_create(NULL, &scanner) == CHATSCAN_INVALID_ARGUMENT && scanner == NULL);
  CHECK(chatscan_scanner_create(rules, NULL) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_scanner_create(rules, &scanner) == CHATSCAN_OK);
  int verdict;
  const chatscan_finding_t *findings;
  CHECK(chatscan_scanner_scan(NULL, "x", 1, NULL, &verdict, &findings, &n) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_scanner_scan(scanner, NULL, 5, NULL, &verdict, &findings, &n) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_scanner_scan(scanner, "x", 1, NULL, NULL, &findings, &n) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_scanner_scan(scanner, "x", 1, NULL, &verdict, NULL, &n) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_scanner_scan(scanner, "x", 1, NULL, &verdict, &findings, NULL) == CHATSCAN_INVALID_ARGUMENT);
  chatscan_context_t ctx;
  memset(&ctx, 0, sizeof ctx);
  ctx.kind = 7;
  CHECK(chatscan_scanner_scan(scanner, "x", 1, &ctx, &verdict, &findings, &n) == CHATSCAN_INVALID_ARGUMENT);
  ctx.kind = 0;
  ctx.audience = -1;
  CHECK(chatscan_scanner_scan(scanner, "x", 1, &ctx, &verdict, &findings, &n) == CHATSCAN_INVALID_ARGUMENT);
  ctx.audience = 0;
  ctx.sender_length = 4; /* with a NULL sender */
  CHECK(chatscan_scanner_scan(scanner, "x", 1, &ctx, &verdict, &findings, &n) == CHATSCAN_INVALID_ARGUMENT);
  ctx.sender_length = 0;
  ctx.conversation_length = 4;
  CHECK(chatscan_scanner_scan(scanner, "x", 1, &ctx, &verdict, &findings, &n) == CHATSCAN_INVALID_ARGUMENT);
  const char *red;
  size_t red_n;
  CHECK(chatscan_scanner_redact(NULL, "x", 1, NULL, &red, &red_n) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_scanner_redact(scanner, NULL, 1, NULL, &red, &red_n) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_scanner_redact(scanner, "x", 1, NULL, NULL, &red_n) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_scanner_redact(scanner, "x", 1, NULL, &red, NULL) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_scanner_rules(scanner, NULL) == CHATSCAN_INVALID_ARGUMENT);
  chatscan_scanner_destroy(scanner);

  chatscan_batch_t *batch = NULL;
  chatscan_batch_result_t *result = NULL;
  CHECK(chatscan_batch_create(NULL, 1, &batch) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_batch_create(rules, 1, NULL) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_batch_create(rules, 100000, &batch) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_batch_create(rules, 1, &batch) == CHATSCAN_OK);
  CHECK(chatscan_batch_result_create(NULL) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_batch_result_create(&result) == CHATSCAN_OK);
  const char *texts[2] = {"a", NULL};
  size_t lengths[2] = {1, 3};
  CHECK(chatscan_batch_scan(NULL, texts, lengths, NULL, 1, result) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_batch_scan(batch, NULL, lengths, NULL, 1, result) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_batch_scan(batch, texts, NULL, NULL, 1, result) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_batch_scan(batch, texts, lengths, NULL, 1, NULL) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_batch_scan(batch, texts, lengths, NULL, 2, result) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_batch_scan(batch, NULL, NULL, NULL, 0, result) == CHATSCAN_OK);
  chatscan_batch_view_t view;
  CHECK(chatscan_batch_result_view(NULL, &view) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_batch_result_view(result, NULL) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_batch_result_view(result, &view) == CHATSCAN_OK && view.messages == 0);

  chatscan_holder_t *holder = NULL;
  CHECK(chatscan_holder_create(NULL, &holder) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_holder_create(rules, NULL) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_holder_create(rules, &holder) == CHATSCAN_OK);
  CHECK(chatscan_holder_swap(NULL, rules) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_holder_swap(holder, NULL) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_scanner_create_from_holder(NULL, &scanner) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_scanner_create_from_holder(holder, NULL) == CHATSCAN_INVALID_ARGUMENT);
  CHECK(chatscan_scanner_rules(NULL, &out_rules) == CHATSCAN_INVALID_ARGUMENT &&
        out_rules == NULL);

  /* Every destroy accepts NULL. */
  chatscan_rules_destroy(NULL);
  chatscan_error_destroy(NULL);
  chatscan_scanner_destroy(NULL);
  chatscan_batch_destroy(NULL);
  chatscan_batch_result_destroy(NULL);
  chatscan_holder_destroy(NULL);

  chatscan_holder_destroy(holder);
  chatscan_batch_result_destroy(result);
  chatscan_batch_destroy(batch);
  chatscan_rules_destroy(rules);
}

int main(int argc, char **argv) {
  const char *tmp = argc > 1 ? argv[1] : "/tmp";
  TestVersion();
  TestCompileErrors();
  TestScan();
  TestBatchAndHolder();
  TestBatchErrors();
  TestCache(tmp);
  TestArgumentChecks();
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
