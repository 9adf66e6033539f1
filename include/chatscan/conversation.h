// chatscan/conversation.h: catching what is split over several messages.
//
// People split a password or an insult over consecutive messages (密 / 码 /
// 是 / 123456). A ConversationScanner scans every message alone, exactly as a
// Scanner does, and also joined with the same sender's preceding messages in
// the same conversation, within a window (by default the last 5 messages
// and 2 minutes). Findings of the joined text that span several messages are
// reported once, naming every message they span; a finding that lies inside
// one message is never reported again.
//
// Messages without both a sender and a conversation id are scanned alone
// only. Messages must be fed in the order they were sent. Like a Scanner, a
// ConversationScanner is not thread-safe.
#ifndef CHATSCAN_CONVERSATION_H_
#define CHATSCAN_CONVERSATION_H_

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "chatscan/scanner.h"

namespace chatscan {

struct ConversationOptions {
  size_t max_messages = 5;    // messages joined at most, the new one included
  int64_t max_seconds = 120;  // oldest joined message at most this much older
};

// A finding of the joined text.
struct ConversationFinding {
  uint32_t rule = 0;  // index into CompiledRules::rules()
  Action action = Action::kAllow;
  struct Piece {
    uint64_t message = 0;  // the caller's sequence number of the message
    uint32_t start = 0;    // byte range within that message's text
    uint32_t end = 0;
  };
  std::vector<Piece> pieces;  // oldest message first; at least two
};

struct ConversationResult {
  ScanResult single;                         // the message alone
  std::vector<ConversationFinding> joined;   // spanning this and earlier messages
  Action verdict = Action::kAllow;           // strongest of both
};

class CHATSCAN_EXPORT ConversationScanner {
 public:
  explicit ConversationScanner(std::shared_ptr<const CompiledRules> rules,
                               ConversationOptions options = ConversationOptions());

  // Scans one message; `sequence` is how the caller names it in results
  // (an index, a database id).
  Status Scan(uint64_t sequence, std::string_view text, const MessageContext& context,
              ConversationResult* result);

 private:
  struct Entry {
    uint64_t sequence;
    std::string text;
    std::optional<int64_t> unix_seconds;
    std::vector<Finding> findings;  // found in this message alone
  };
  struct History {
    std::deque<Entry> entries;
    // Joined findings already reported: rule, first message and start, last
    // message and end.
    std::set<std::tuple<uint32_t, uint64_t, uint32_t, uint64_t, uint32_t>> reported;
  };

  Scanner scanner_;
  ConversationOptions options_;
  std::map<std::string, History> histories_;  // by conversation and sender
  std::string joined_;
  ScanResult joined_result_;
};

}  // namespace chatscan

#endif  // CHATSCAN_CONVERSATION_H_
