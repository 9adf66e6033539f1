#include "chatscan/conversation.h"

#include <algorithm>

namespace chatscan {

ConversationScanner::ConversationScanner(std::shared_ptr<const CompiledRules> rules,
                                         ConversationOptions options)
    : scanner_(std::move(rules)), options_(options) {
  if (options_.max_messages < 1) options_.max_messages = 1;
}

Status ConversationScanner::Scan(uint64_t sequence, std::string_view text,
                                 const MessageContext& context, ConversationResult* result) {
  if (result == nullptr) return Status(StatusCode::kInvalidArgument, "result is null");
  result->joined.clear();
  Status s = scanner_.Scan(text, context, &result->single);
  if (!s.ok()) return s;
  result->verdict = result->single.verdict;
  if (context.sender.empty() || context.conversation.empty()) return Status();

  std::string key(context.conversation);
  key.push_back('\0');
  key.append(context.sender);
  History& history = histories_[key];
  // Drop what has left the window.
  auto& entries = history.entries;
  while (entries.size() >= options_.max_messages) entries.pop_front();
  if (context.unix_seconds) {
    while (!entries.empty() && entries.front().unix_seconds &&
           *context.unix_seconds - *entries.front().unix_seconds > options_.max_seconds) {
      entries.pop_front();
    }
  }
  // Forget reported findings whose messages have all left the window.
  for (auto it = history.reported.begin(); it != history.reported.end();) {
    bool kept = false;
    for (const Entry& e : entries) kept |= e.sequence == std::get<3>(*it);
    it = kept ? std::next(it) : history.reported.erase(it);
  }
  entries.push_back({sequence, std::string(text), context.unix_seconds, result->single.findings});
  if (entries.size() < 2) return Status();

  // Join the window; remember where each message starts.
  joined_.clear();
  std::vector<uint32_t> starts;
  for (const Entry& e : entries) {
    starts.push_back(static_cast<uint32_t>(joined_.size()));
    joined_.append(e.text);
  }
  s = scanner_.Scan(joined_, context, &joined_result_);
  if (!s.ok()) return s;
  auto message_of = [&](uint32_t offset) {
    return static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), offset) -
                               starts.begin() - 1);
  };
  const size_t newest = entries.size() - 1;
  for (const Finding& f : joined_result_.findings) {
    size_t first = message_of(f.start);
    size_t last = message_of(f.end - 1);
    if (first == last || last != newest) continue;  // inside one message, or reported before
    // Overlapping a finding of the same rule inside one message: not new.
    bool known = false;
    for (size_t m = first; m <= last && !known; ++m) {
      for (const Finding& own : entries[m].findings) {
        uint32_t b = starts[m] + own.start, e = starts[m] + own.end;
        if (own.rule == f.rule && b < f.end && f.start < e) known = true;
      }
    }
    auto id = std::make_tuple(f.rule, entries[first].sequence, f.start - starts[first],
                              entries[last].sequence, f.end - starts[last]);
    if (known || !history.reported.insert(id).second) continue;
    ConversationFinding cf;
    cf.rule = f.rule;
    cf.action = f.action;
    for (size_t m = first; m <= last; ++m) {
      uint32_t b = std::max(f.start, starts[m]) - starts[m];
      uint32_t e = std::min<uint32_t>(f.end, starts[m] + entries[m].text.size()) - starts[m];
      if (e > b) cf.pieces.push_back({entries[m].sequence, b, e});
    }
    result->verdict = std::max(result->verdict, cf.action);
    result->joined.push_back(std::move(cf));
  }
  return Status();
}

}  // namespace chatscan
