// Scanner: fold -> hs_scan per view -> resolve -> findings and verdict.
#include "chatscan/scanner.h"

#include <hs.h>

#include <algorithm>

#include "compile/compiled_rules_impl.h"
#include "normalize/folder.h"
#include "scan/resolve.h"

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
  return state_->Run(text, context, result, nullptr);
}

}  // namespace chatscan
