#include "rules/names.h"

#include <array>
#include <utility>

#include "absl/strings/str_join.h"
#include "chatscan/status.h"

namespace chatscan {
namespace {

template <typename E, size_t N>
bool Lookup(const std::array<std::pair<std::string_view, E>, N>& names,
            std::string_view name, E* out) {
  for (const auto& [n, e] : names) {
    if (n == name) {
      *out = e;
      return true;
    }
  }
  return false;
}

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<std::string_view, E>, N>& names,
                        E value) {
  for (const auto& [n, e] : names) {
    if (e == value) return n;
  }
  return "?";
}

constexpr std::array<std::pair<std::string_view, Action>, 3> kActions = {{
    {"allow", Action::kAllow}, {"review", Action::kReview}, {"block", Action::kBlock}}};
constexpr std::array<std::pair<std::string_view, Severity>, 4> kSeverities = {{
    {"low", Severity::kLow}, {"medium", Severity::kMedium},
    {"high", Severity::kHigh}, {"critical", Severity::kCritical}}};
constexpr std::array<std::pair<std::string_view, Kind>, 2> kKinds = {{
    {"chat", Kind::kChat}, {"moment", Kind::kMoment}}};
constexpr std::array<std::pair<std::string_view, Audience>, 3> kAudiences = {{
    {"internal", Audience::kInternal}, {"external", Audience::kExternal},
    {"public", Audience::kPublic}}};
constexpr std::array<const char*, 7> kValidators = {
    "luhn", "resident_id", "mobile", "entropy", "domain", "email", "url"};

}  // namespace

bool ParseAction(std::string_view name, Action* out) { return Lookup(kActions, name, out); }
bool ParseSeverity(std::string_view name, Severity* out) { return Lookup(kSeverities, name, out); }
bool ParseKind(std::string_view name, Kind* out) { return Lookup(kKinds, name, out); }
bool ParseAudience(std::string_view name, Audience* out) { return Lookup(kAudiences, name, out); }

std::string_view ActionName(Action action) { return NameOf(kActions, action); }
std::string_view SeverityName(Severity severity) { return NameOf(kSeverities, severity); }
std::string_view KindName(Kind kind) { return NameOf(kKinds, kind); }
std::string_view AudienceName(Audience audience) { return NameOf(kAudiences, audience); }

bool IsKnownValidator(std::string_view name) {
  for (const char* v : kValidators) {
    if (v == name) return true;
  }
  return false;
}

std::string KnownValidators() { return absl::StrJoin(kValidators, ", "); }

std::string Status::ToString() const {
  if (ok()) return "OK";
  return message_;
}

}  // namespace chatscan
