// chatscan/status.h: the error type of the public C++ API.
//
// Errors are values. Every fallible call returns a Status; a failed Status
// carries a code and a message that names the place of the problem (rule
// file:line, rule id, message index). No exception leaves the library.
#ifndef CHATSCAN_STATUS_H_
#define CHATSCAN_STATUS_H_

#include <string>
#include <utility>

#include "chatscan/export.h"

namespace chatscan {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument = 1,  // the caller passed something unusable
  kRuleError = 2,        // the rule pack is wrong; the message says where
  kNotFound = 3,         // a file or rule is missing
  kIoError = 4,          // reading or writing a file failed
  kInternal = 5,         // a dependency (Hyperscan, ICU) failed unexpectedly
};

class CHATSCAN_EXPORT Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

}  // namespace chatscan

#endif  // CHATSCAN_STATUS_H_
