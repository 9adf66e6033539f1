// Scanner: fold -> hs_scan per view -> resolve -> findings and verdict.
#include "chatscan/scanner.h"

#include <hs.h>

#include <algorithm>

#include "compile/compiled_rules_impl.h"
#include "normalize/folder.h"
#include "absl/strings/str_cat.h"
#include "scan/resolve.h"
#include "scan/windows.h"

namespace chatscan {

Scanner::Scanner(std::shared_ptr<const CompiledRules> rules)
    : rules_(std::move(rules)), state_(std::make_unique<State>(*rules_)) {}

Scanner::~Scanner() = default;

Status Scanner::Scan(std::string_view text, const MessageContext& context,
                     ScanResult* result) {
  if (result == nullptr) return Status(StatusCode::kInvalidArgument, "result is null");
  result->findings.clear();
  result->reasons.clear();
  result->verdict = Action::kAllow;
  if (text.size() > UINT32_MAX - 16) {
    return Status(StatusCode::kInvalidArgument,
                  "message longer than 4 GiB; split it before scanning");
  }
  if (!state_->scratch_ok()) {
    return Status(StatusCode::kInternal, "could not allocate Hyperscan scratch");
  }
  const PackLimits& limits = rules_->impl().limits;  // inline: this runs per message
  if (text.size() <= limits.max_message_bytes) {
    return state_->Run(text, context, result, nullptr);
  }
  if (limits.oversize == Oversize::kReject) {
    return Status(StatusCode::kInvalidArgument,
                  absl::StrCat("message of ", text.size(), " bytes is longer than max_message_bytes (",
                               limits.max_message_bytes, ") and the pack's [limits] say "
                               "oversize = \"reject\""));
  }
  return ScanInWindows(state_.get(), *rules_, text, context, result);
}

}  // namespace chatscan
