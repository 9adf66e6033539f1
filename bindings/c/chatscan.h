/* chatscan.h: the C ABI of chatscan.
 *
 * Modelled on Hyperscan's hs.h: opaque handles, chatscan_<noun>_<verb>
 * names, every fallible call returns a chatscan_status_t, every create has a
 * destroy that accepts NULL, text is a pointer plus a length in bytes
 * (UTF-8; invalid bytes are scanned, not rejected). Every argument is
 * checked: misuse returns a status, never crashes. No C++ exception crosses
 * this interface.
 *
 * Threads: a chatscan_rules_t is immutable and may be shared by all threads.
 * A chatscan_scanner_t, chatscan_batch_t or chatscan_batch_result_t must be
 * used by one thread at a time. A chatscan_holder_t is thread-safe.
 *
 * Lifetimes: handles are independent: destroying rules while scanners made
 * from them still exist is safe (the scanners keep what they need).
 * Pointers returned into a handle (findings, rule info strings, redacted
 * text, batch views) stay valid until the next call that changes that
 * handle, or its destruction.
 */
#ifndef CHATSCAN_C_H_
#define CHATSCAN_C_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define CHATSCAN_API __declspec(dllexport)
#else
#define CHATSCAN_API __attribute__((visibility("default")))
#endif

/* Version of the header; chatscan_version() gives the library's. */
#define CHATSCAN_VERSION_MAJOR 0
#define CHATSCAN_VERSION_MINOR 1
#define CHATSCAN_VERSION_PATCH 0
/* Bumped whenever the C ABI changes incompatibly (it is the SONAME). */
#define CHATSCAN_ABI_VERSION 0

typedef int chatscan_status_t;
#define CHATSCAN_OK 0
#define CHATSCAN_INVALID_ARGUMENT 1 /* NULL where not allowed, bad enum, ...   */
#define CHATSCAN_RULE_ERROR 2       /* the pack is wrong; see the error object */
#define CHATSCAN_NOT_FOUND 3        /* file, folder or rule id not found       */
#define CHATSCAN_IO_ERROR 4         /* reading or writing a file failed        */
#define CHATSCAN_INTERNAL 5         /* Hyperscan/ICU failed, or a bug          */
#define CHATSCAN_OUT_OF_RANGE 6     /* an index past the end                   */
#define CHATSCAN_NO_MEMORY 7

/* Enumerations, as int. */
#define CHATSCAN_ALLOW 0
#define CHATSCAN_REVIEW 1
#define CHATSCAN_BLOCK 2
#define CHATSCAN_SEVERITY_LOW 0
#define CHATSCAN_SEVERITY_MEDIUM 1
#define CHATSCAN_SEVERITY_HIGH 2
#define CHATSCAN_SEVERITY_CRITICAL 3
#define CHATSCAN_KIND_CHAT 0
#define CHATSCAN_KIND_MOMENT 1
#define CHATSCAN_AUDIENCE_INTERNAL 0
#define CHATSCAN_AUDIENCE_EXTERNAL 1
#define CHATSCAN_AUDIENCE_PUBLIC 2

typedef struct chatscan_rules chatscan_rules_t;
typedef struct chatscan_scanner chatscan_scanner_t;
typedef struct chatscan_batch chatscan_batch_t;
typedef struct chatscan_batch_result chatscan_batch_result_t;
typedef struct chatscan_holder chatscan_holder_t;

/* What went wrong in a compile or load: all problems in `message`, one per
 * line; `file`, `line` and `rule_id` locate the first ("" and 0 when there
 * is no such place). Free with chatscan_error_destroy. */
typedef struct chatscan_error {
  chatscan_status_t status;
  char *message;
  char *file;
  int line;
  char *rule_id;
} chatscan_error_t;

/* Where and when a message was sent. Pass NULL for the defaults: an
 * internal chat message at an unknown time. Strings are pointer + length
 * and may be NULL when their length is 0. */
typedef struct chatscan_context {
  int kind;     /* CHATSCAN_KIND_* */
  int audience; /* CHATSCAN_AUDIENCE_* */
  const char *sender;
  size_t sender_length;
  const char *conversation;
  size_t conversation_length;
  int has_time;         /* nonzero when unix_seconds is set */
  int64_t unix_seconds; /* send time, UTC */
} chatscan_context_t;

/* One finding: a rule matching bytes [start, end) of the original text. */
typedef struct chatscan_finding {
  uint32_t rule;  /* index for chatscan_rules_info */
  uint32_t start;
  uint32_t end;
  int action;     /* CHATSCAN_ALLOW/REVIEW/BLOCK in this context */
} chatscan_finding_t;

/* Describes rule `index`; strings live as long as the rules. */
typedef struct chatscan_rule_info {
  const char *id;
  const char *category;
  const char *description;
  const char *const *clauses;
  size_t clause_count;
  int severity; /* CHATSCAN_SEVERITY_* */
  uint32_t category_index;
} chatscan_rule_info_t;

/* ---- version ------------------------------------------------------------ */
CHATSCAN_API const char *chatscan_version(void); /* "0.1.0" */
CHATSCAN_API int chatscan_abi_version(void);
CHATSCAN_API const char *chatscan_status_string(chatscan_status_t status);

/* ---- rules -------------------------------------------------------------- */
/* Compiles the pack in folder `pack_dir` (NUL-terminated path). On failure
 * *rules is NULL and, if `error` is not NULL, *error describes it. */
CHATSCAN_API chatscan_status_t chatscan_rules_compile(const char *pack_dir,
                                                      chatscan_rules_t **rules,
                                                      chatscan_error_t **error);
/* Compiles a pack given as the text of its pack.toml; word lists are read
 * relative to `base_dir` (may be NULL: the current folder). */
CHATSCAN_API chatscan_status_t chatscan_rules_compile_toml(const char *toml, size_t length,
                                                           const char *base_dir,
                                                           chatscan_rules_t **rules,
                                                           chatscan_error_t **error);
/* Loads rules from a cache file written by chatscan_rules_save for the pack
 * in `pack_dir`; refuses (with the reason) a file that does not fit. */
CHATSCAN_API chatscan_status_t chatscan_rules_load(const char *cache_path, const char *pack_dir,
                                                   chatscan_rules_t **rules,
                                                   chatscan_error_t **error);
CHATSCAN_API chatscan_status_t chatscan_rules_save(const chatscan_rules_t *rules,
                                                   const char *cache_path,
                                                   chatscan_error_t **error);
CHATSCAN_API void chatscan_rules_destroy(chatscan_rules_t *rules);
CHATSCAN_API void chatscan_error_destroy(chatscan_error_t *error);

CHATSCAN_API chatscan_status_t chatscan_rules_count(const chatscan_rules_t *rules, size_t *count);
CHATSCAN_API chatscan_status_t chatscan_rules_info(const chatscan_rules_t *rules, size_t index,
                                                   chatscan_rule_info_t *info);
/* Index of the rule with this id (NUL-terminated); CHATSCAN_NOT_FOUND if none. */
CHATSCAN_API chatscan_status_t chatscan_rules_find(const chatscan_rules_t *rules, const char *id,
                                                   size_t *index);
CHATSCAN_API chatscan_status_t chatscan_rules_category_count(const chatscan_rules_t *rules,
                                                             size_t *count);
CHATSCAN_API chatscan_status_t chatscan_rules_category_name(const chatscan_rules_t *rules,
                                                            size_t index, const char **name);

/* ---- one message at a time ---------------------------------------------- */
CHATSCAN_API chatscan_status_t chatscan_scanner_create(const chatscan_rules_t *rules,
                                                       chatscan_scanner_t **scanner);
CHATSCAN_API void chatscan_scanner_destroy(chatscan_scanner_t *scanner);
/* Scans one message. `context` may be NULL. *findings points to *count
 * findings sorted by start, valid until the next call on this scanner.
 * `verdict`, `findings` and `count` must not be NULL. */
CHATSCAN_API chatscan_status_t chatscan_scanner_scan(chatscan_scanner_t *scanner, const char *text,
                                                     size_t length,
                                                     const chatscan_context_t *context,
                                                     int *verdict,
                                                     const chatscan_finding_t **findings,
                                                     size_t *count);
/* Scans and returns the text with findings masked as their categories ask
 * (one ＊ per character, or [category]). *redacted (not NUL-terminated;
 * *redacted_length bytes) is valid until the next call on this scanner. */
CHATSCAN_API chatscan_status_t chatscan_scanner_redact(chatscan_scanner_t *scanner,
                                                       const char *text, size_t length,
                                                       const chatscan_context_t *context,
                                                       const char **redacted,
                                                       size_t *redacted_length);

/* ---- batches -------------------------------------------------------------- */
/* A pool of `threads` threads (<= 0: one per core), each with its own
 * scanner, created now. */
CHATSCAN_API chatscan_status_t chatscan_batch_create(const chatscan_rules_t *rules, int threads,
                                                     chatscan_batch_t **batch);
CHATSCAN_API void chatscan_batch_destroy(chatscan_batch_t *batch);
CHATSCAN_API chatscan_status_t chatscan_batch_result_create(chatscan_batch_result_t **result);
CHATSCAN_API void chatscan_batch_result_destroy(chatscan_batch_result_t *result);
/* Scans `count` messages (texts[i], lengths[i]); `contexts` is NULL or an
 * array of `count` contexts. Results go to `result`, replacing what it held. */
CHATSCAN_API chatscan_status_t chatscan_batch_scan(chatscan_batch_t *batch,
                                                   const char *const *texts,
                                                   const size_t *lengths,
                                                   const chatscan_context_t *contexts,
                                                   size_t count,
                                                   chatscan_batch_result_t *result);

/* The results of the last batch as arrays, read without copying. Findings
 * are in message order; message m has findings [first_finding[m],
 * first_finding[m + 1]). */
typedef struct chatscan_batch_view {
  size_t messages;
  const uint8_t *verdicts;        /* [messages] CHATSCAN_ALLOW/REVIEW/BLOCK */
  const uint32_t *first_finding;  /* [messages + 1] */
  size_t findings;
  const uint32_t *message;        /* [findings] message index */
  const uint32_t *rule;           /* [findings] rule index */
  const uint32_t *category;       /* [findings] category index */
  const uint32_t *start;          /* [findings] byte offsets in the message */
  const uint32_t *end;            /* [findings] */
  const uint8_t *action;          /* [findings] */
  size_t errors;                  /* messages that could not be scanned */
  const uint32_t *error_message;  /* [errors] their indexes */
} chatscan_batch_view_t;
CHATSCAN_API chatscan_status_t chatscan_batch_result_view(const chatscan_batch_result_t *result,
                                                          chatscan_batch_view_t *view);
/* Error `index` (< view.errors) of the last batch: the message it stopped
 * (as view.error_message[index]) and why, NUL-terminated, valid until the
 * next batch into `result`. The other messages of the batch were scanned. */
CHATSCAN_API chatscan_status_t chatscan_batch_result_error(const chatscan_batch_result_t *result,
                                                           size_t index, uint32_t *message,
                                                           const char **reason);

/* ---- hot swap ------------------------------------------------------------- */
/* A holder of the current rules; thread-safe. Scanners made from it follow
 * every swap: each message is scanned wholly with the old or the new rules. */
CHATSCAN_API chatscan_status_t chatscan_holder_create(const chatscan_rules_t *rules,
                                                      chatscan_holder_t **holder);
CHATSCAN_API void chatscan_holder_destroy(chatscan_holder_t *holder);
CHATSCAN_API chatscan_status_t chatscan_holder_swap(chatscan_holder_t *holder,
                                                    const chatscan_rules_t *rules);
/* A scanner that follows `holder`, which must outlive it. */
CHATSCAN_API chatscan_status_t chatscan_scanner_create_from_holder(const chatscan_holder_t *holder,
                                                                   chatscan_scanner_t **scanner);
/* A batch scanner (as chatscan_batch_create) that follows `holder`, which
 * must outlive it: each batch is scanned wholly with the rules the holder
 * had when the batch started. */
CHATSCAN_API chatscan_status_t chatscan_batch_create_from_holder(const chatscan_holder_t *holder,
                                                                 int threads,
                                                                 chatscan_batch_t **batch);
/* The rules `scanner` scanned its last message with (before the first, the
 * ones it was made with). The rule indexes of its findings refer to these:
 * for a scanner made from a holder they change with each swap, so read
 * rule infos through this, not through the rules first given to the
 * holder. A new handle to free with chatscan_rules_destroy, valid after
 * the scanner is gone. Calls between two swaps share the C views of the
 * rule infos: only the first call after a swap costs time in the number
 * of rules. The scanner's last findings stay valid. */
CHATSCAN_API chatscan_status_t chatscan_scanner_rules(const chatscan_scanner_t *scanner,
                                                      chatscan_rules_t **rules);
/* The rules `batch` scanned its last batch with (before the first, the ones
 * it was made with), as chatscan_scanner_rules: the rule and category
 * indexes of that batch's results refer to these. */
CHATSCAN_API chatscan_status_t chatscan_batch_rules(const chatscan_batch_t *batch,
                                                    chatscan_rules_t **rules);

#ifdef __cplusplus
}
#endif

#endif /* CHATSCAN_C_H_ */
