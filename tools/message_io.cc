#include "message_io.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "rules/names.h"
#include "text_util.h"
#include "util/absl_compat.h"

namespace chatscan::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

}  // namespace

namespace {

bool GetString(const json& obj, const char* key, std::string* out, std::string* error) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return true;
  if (!it->is_string()) {
    *error = absl::StrCat("field '", key, "' must be a string");
    return false;
  }
  *out = it->get<std::string>();
  return true;
}

}  // namespace

bool ParseInputLine(std::string_view line, InputFormat format, long line_no,
                    InputMessage* out, std::string* error) {
  *out = InputMessage();
  size_t first = line.find_first_not_of(" \t\r");
  bool is_json = format == InputFormat::kJsonl ||
                 (format == InputFormat::kAuto && first != std::string_view::npos &&
                  line[first] == '{');
  if (!is_json) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out->id = line_no;
    out->text = std::string(line);
    out->invalid_utf8 = InvalidUtf8Offset(out->text);
    return true;
  }
  // The JSON parser rejects bad bytes too; saying where is more helpful.
  if (size_t bad = InvalidUtf8Offset(line); bad != std::string_view::npos) {
    *error = absl::StrCat("not valid JSON: byte ", bad + 1, " is not UTF-8");
    return false;
  }
  json obj = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (obj.is_discarded()) {
    *error = "not valid JSON";
    return false;
  }
  if (!obj.is_object()) {
    *error = "expected a JSON object";
    return false;
  }
  auto text = obj.find("text");
  if (text == obj.end()) {
    *error = "field 'text' is missing";
    return false;
  }
  if (!text->is_string()) {
    *error = "field 'text' must be a string";
    return false;
  }
  out->text = text->get<std::string>();
  auto id = obj.find("id");
  out->id = id != obj.end() ? *id : json(line_no);
  std::string kind, audience;
  if (!GetString(obj, "kind", &kind, error) || !GetString(obj, "audience", &audience, error) ||
      !GetString(obj, "sender", &out->sender, error) ||
      !GetString(obj, "conversation", &out->conversation, error) ||
      !GetString(obj, "time", &out->time, error)) {
    return false;
  }
  if (!kind.empty() && !ParseKind(kind, &out->context.kind)) {
    *error = absl::StrCat("kind '", kind, "' is not chat or moment");
    return false;
  }
  if (!audience.empty() && !ParseAudience(audience, &out->context.audience)) {
    *error = absl::StrCat("audience '", audience, "' is not internal, external or public");
    return false;
  }
  if (!out->time.empty()) {
    absl::Time t;
    std::string why;
    if (!absl::ParseTime(absl::RFC3339_full, out->time, &t, &why)) {
      *error = absl::StrCat("time '", out->time, "' is not RFC 3339 (", why, ")");
      return false;
    }
    out->context.unix_seconds = absl::ToUnixSeconds(t);
  }
  out->context.sender = out->sender;
  out->context.conversation = out->conversation;
  return true;
}

nlohmann::ordered_json ResultJson(const CompiledRules& rules, const InputMessage& message,
                const ScanResult& result) {
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const Finding& f : result.findings) {
    const RuleInfo& info = rules.rules()[f.rule];
    findings.push_back({
        {"rule", info.id},
        {"category", info.category},
        {"clauses", info.clauses},
        {"severity", std::string(SeverityName(info.severity))},
        {"action", std::string(ActionName(f.action))},
        {"start", f.start},
        {"end", f.end},
        {"match", Utf8Safe(std::string_view(message.text).substr(f.start, f.end - f.start))},
    });
  }
  nlohmann::ordered_json out = {{"id", message.id},
              {"verdict", std::string(ActionName(result.verdict))},
              {"reasons", result.reasons},
              {"findings", std::move(findings)}};
  return out;
}

std::string DefaultPackDir(const char* argv0) {
  if (const char* env = getenv("CHATSCAN_RULES_DIR"); env != nullptr && *env) {
    return (fs::path(env) / "default").string();
  }
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) exe = fs::absolute(argv0, ec);
  fs::path installed = exe.parent_path().parent_path() / "share" / "chatscan" / "rules" / "default";
  if (fs::is_directory(installed, ec)) return installed.string();
  return (fs::path(CHATSCAN_SOURCE_RULES_DIR) / "default").string();
}

bool LoadRules(const std::string& pack_dir, const std::string& cache, const char* argv0,
               std::shared_ptr<const CompiledRules>* rules) {
  std::string dir = pack_dir.empty() ? DefaultPackDir(argv0) : pack_dir;
  Status s;
  if (cache.empty()) {
    s = CompiledRules::Compile(dir, rules);
  } else {
    std::string note;
    s = CompiledRules::CompileWithCache(dir, cache, rules, &note);
    if (s.ok()) fprintf(stderr, "chatscan: %s\n", note.c_str());
  }
  if (!s.ok()) {
    fprintf(stderr, "chatscan: rule pack %s:\n%s\n", dir.c_str(), s.message().c_str());
    return false;
  }
  return true;
}

}  // namespace chatscan::cli
