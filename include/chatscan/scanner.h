// chatscan/scanner.h: scanning messages.
//
// A Scanner holds the per-thread state a scan needs (Hyperscan scratch, fold
// buffers, the result arena) and reuses it from message to message, so the
// steady state allocates nothing. A Scanner is NOT thread-safe: give each
// thread its own. The CompiledRules it scans with are shared and immutable.
#ifndef CHATSCAN_SCANNER_H_
#define CHATSCAN_SCANNER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chatscan/rules.h"
#include "chatscan/status.h"

namespace chatscan {

enum class Kind : uint8_t { kChat = 0, kMoment = 1 };
enum class Audience : uint8_t { kInternal = 0, kExternal = 1, kPublic = 2 };

CHATSCAN_EXPORT std::string_view KindName(Kind kind);
CHATSCAN_EXPORT std::string_view AudienceName(Audience audience);

// Where and when a message was sent. Defaults: an internal chat message with
// no known time. Without a time, the message counts as sent in working hours:
// nothing is raised for being off hours, and `when = "off_hours"` rules do
// not apply.
struct MessageContext {
  Kind kind = Kind::kChat;
  Audience audience = Audience::kInternal;
  std::string_view sender;        // free text, may be empty
  std::string_view conversation;  // free text, may be empty
  std::optional<int64_t> unix_seconds;  // send time, UTC seconds
};

// One rule matching one span of the ORIGINAL text.
struct Finding {
  uint32_t rule = 0;   // index into CompiledRules::rules()
  uint32_t start = 0;  // byte offset of the first byte in the original text
  uint32_t end = 0;    // one past the last byte; never inside a UTF-8 sequence
  // What this finding asks for in this context: the category's action table
  // (by audience, Moments posts, raised one step off hours) or the rule's
  // own action.
  Action action = Action::kAllow;
};

struct ScanResult {
  std::vector<Finding> findings;  // sorted by start, then rule
  Action verdict = Action::kAllow;  // the strongest action of the findings
  // Why: indexes into `findings` of the findings whose action is the
  // verdict (their rules' clauses are the clauses broken). Empty for allow.
  std::vector<uint32_t> reasons;
};

// What Scanner::Redact does, for a result scanned with `rules`.
CHATSCAN_EXPORT void Redact(const CompiledRules& rules, std::string_view text,
                            const ScanResult& result, std::string* out);

class CHATSCAN_EXPORT Scanner {
 public:
  // `rules` must not be null.
  explicit Scanner(std::shared_ptr<const CompiledRules> rules);
  ~Scanner();
  Scanner(const Scanner&) = delete;
  Scanner& operator=(const Scanner&) = delete;

  // Scans one message. Any byte string is accepted: invalid UTF-8 is scanned
  // as U+FFFD per bad byte and offsets still point into `text`. A message
  // longer than the pack's max_message_bytes is scanned in overlapping
  // windows, each finding reported once in offsets of the whole text, or
  // refused, as the pack's [limits] say. Fails only for such a refusal, for
  // texts longer than 4 GiB, or when Hyperscan itself fails.
  Status Scan(std::string_view text, const MessageContext& context,
              ScanResult* result);
  Status Scan(std::string_view text, ScanResult* result) {
    return Scan(text, MessageContext(), result);
  }

  // Writes `text` with the spans of `result` (from a Scan of this same text)
  // masked as each finding's category asks: one ＊ per character, or
  // "[category]", or left as it is. Overlapping and adjacent spans are
  // merged; a merged span is labelled if any of its categories asks for a
  // label. Text outside findings is copied byte for byte.
  void Redact(std::string_view text, const ScanResult& result, std::string* out) const {
    chatscan::Redact(*rules_, text, result, out);
  }

  const CompiledRules& rules() const { return *rules_; }
  const std::shared_ptr<const CompiledRules>& shared_rules() const { return rules_; }

  class State;

 private:
  std::shared_ptr<const CompiledRules> rules_;
  std::unique_ptr<State> state_;
};

}  // namespace chatscan

#endif  // CHATSCAN_SCANNER_H_
