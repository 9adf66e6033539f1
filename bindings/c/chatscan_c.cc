// The C ABI: an exception firewall around the C++ API. Every entry point
// checks its arguments and catches everything; handles own shared
// references, so they can be destroyed in any order.
#include "chatscan.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "chatscan/chatscan.h"
#include "compile/compiled_rules_impl.h"

namespace {

// C views of one pack's rule metadata, built once and shared by every
// handle to the pack.
struct RuleViews {
  std::shared_ptr<const chatscan::CompiledRules> rules;
  std::vector<std::vector<const char*>> clauses;
  std::vector<uint32_t> category_index;
};

}  // namespace

struct chatscan_rules {
  std::shared_ptr<const RuleViews> views;
};

struct chatscan_scanner {
  std::unique_ptr<chatscan::Scanner> scanner;              // for plain rules
  std::unique_ptr<chatscan::HolderScanner> holder_scanner;  // or following a holder
  chatscan::ScanResult result;
  std::vector<chatscan_finding_t> findings;
  std::string redacted;
  // The views chatscan_scanner_rules last made: a holder scanner's rules
  // change only with a swap, so the next call shares them.
  mutable std::shared_ptr<const RuleViews> last_views;
};

struct chatscan_batch {
  std::unique_ptr<chatscan::BatchScanner> scanner;
  std::vector<chatscan::BatchMessage> messages;
  mutable std::shared_ptr<const RuleViews> last_views;  // as chatscan_scanner's
};

struct chatscan_batch_result {
  chatscan::BatchResult result;
  std::vector<uint8_t> verdicts;
  std::vector<uint32_t> rule, category, start, end, error_message;
  std::vector<uint8_t> action;
};

struct chatscan_holder {
  std::unique_ptr<chatscan::RulesHolder> holder;
};

namespace {

using chatscan::Status;
using chatscan::StatusCode;

chatscan_status_t ToC(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return CHATSCAN_OK;
    case StatusCode::kInvalidArgument: return CHATSCAN_INVALID_ARGUMENT;
    case StatusCode::kRuleError: return CHATSCAN_RULE_ERROR;
    case StatusCode::kNotFound: return CHATSCAN_NOT_FOUND;
    case StatusCode::kIoError: return CHATSCAN_IO_ERROR;
    case StatusCode::kInternal: return CHATSCAN_INTERNAL;
  }
  return CHATSCAN_INTERNAL;
}

char* Dup(const std::string& s) {
  char* p = static_cast<char*>(malloc(s.size() + 1));
  if (p != nullptr) memcpy(p, s.c_str(), s.size() + 1);
  return p;
}

// Fills *error (when asked for) from a failed Status: the message, and the
// place of the first problem parsed from its first line
// ("file:line: rule 'id': ...").
chatscan_status_t Fail(const Status& s, chatscan_error_t** error) {
  chatscan_status_t code = ToC(s.code());
  if (error == nullptr) return code;
  auto* e = static_cast<chatscan_error_t*>(calloc(1, sizeof(chatscan_error_t)));
  if (e == nullptr) return code;
  e->status = code;
  e->message = Dup(s.message());
  std::string first = s.message().substr(0, s.message().find('\n'));
  std::string file, rule;
  int line = 0;
  size_t colon = first.find(':');
  if (colon != std::string::npos) {
    size_t colon2 = first.find(':', colon + 1);
    std::string number = first.substr(colon + 1, colon2 - colon - 1);
    if (!number.empty() && number.find_first_not_of("0123456789") == std::string::npos) {
      file = first.substr(0, colon);
      line = atoi(number.c_str());
    }
  }
  size_t r = first.find("rule '");
  if (r != std::string::npos) {
    size_t q = first.find('\'', r + 6);
    if (q != std::string::npos) rule = first.substr(r + 6, q - r - 6);
  }
  e->file = Dup(file);
  e->line = line;
  e->rule_id = Dup(rule);
  *error = e;
  return code;
}

chatscan_status_t Fail(chatscan_status_t code, const char* message, chatscan_error_t** error) {
  StatusCode c = code == CHATSCAN_NOT_FOUND ? StatusCode::kNotFound : StatusCode::kInvalidArgument;
  return Fail(Status(c, message), error);
}

// Runs `body`, turning exceptions into statuses.
template <typename F>
chatscan_status_t Guard(F&& body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return CHATSCAN_NO_MEMORY;
  } catch (...) {
    return CHATSCAN_INTERNAL;
  }
}

std::shared_ptr<const RuleViews> MakeViews(std::shared_ptr<const chatscan::CompiledRules> rules) {
  auto v = std::make_shared<RuleViews>();
  v->rules = std::move(rules);
  for (const auto& info : v->rules->rules()) {
    std::vector<const char*> c;
    for (const std::string& clause : info.clauses) c.push_back(clause.c_str());
    v->clauses.push_back(std::move(c));
  }
  for (const auto& rt : v->rules->impl().runtime) v->category_index.push_back(rt.category);
  return v;
}

chatscan_rules_t* Wrap(std::shared_ptr<const chatscan::CompiledRules> rules) {
  return new chatscan_rules{MakeViews(std::move(rules))};
}

bool ToContext(const chatscan_context_t* in, chatscan::MessageContext* out) {
  *out = chatscan::MessageContext();
  if (in == nullptr) return true;
  if (in->kind < 0 || in->kind > 1 || in->audience < 0 || in->audience > 2) return false;
  if ((in->sender == nullptr && in->sender_length > 0) ||
      (in->conversation == nullptr && in->conversation_length > 0)) {
    return false;
  }
  out->kind = static_cast<chatscan::Kind>(in->kind);
  out->audience = static_cast<chatscan::Audience>(in->audience);
  if (in->sender != nullptr) out->sender = std::string_view(in->sender, in->sender_length);
  if (in->conversation != nullptr) {
    out->conversation = std::string_view(in->conversation, in->conversation_length);
  }
  if (in->has_time) out->unix_seconds = in->unix_seconds;
  return true;
}

chatscan_status_t Scan(chatscan_scanner_t* s, const char* text, size_t length,
                       const chatscan_context_t* context) {
  if (text == nullptr && length > 0) return CHATSCAN_INVALID_ARGUMENT;
  chatscan::MessageContext ctx;
  if (!ToContext(context, &ctx)) return CHATSCAN_INVALID_ARGUMENT;
  std::string_view view(text == nullptr ? "" : text, length);
  Status st = s->holder_scanner ? s->holder_scanner->Scan(view, ctx, &s->result)
                                : s->scanner->Scan(view, ctx, &s->result);
  return ToC(st.code());
}

// A rules handle on `current`, sharing the views in `last` while they are
// of the same rules.
chatscan_rules_t* RulesHandle(std::shared_ptr<const chatscan::CompiledRules> current,
                              std::shared_ptr<const RuleViews>* last) {
  if (*last == nullptr || (*last)->rules != current) *last = MakeViews(std::move(current));
  return new chatscan_rules{*last};
}

// chatscan_batch_create and chatscan_batch_create_from_holder: `make` makes
// the BatchScanner from what was given, once the arguments are checked.
template <typename MakeScanner>
chatscan_status_t NewBatch(bool source_given, int threads, chatscan_batch_t** batch,
                           MakeScanner make) {
  if (batch == nullptr) return CHATSCAN_INVALID_ARGUMENT;
  *batch = nullptr;
  if (!source_given || threads > 1024) return CHATSCAN_INVALID_ARGUMENT;
  return Guard([&] {
    auto b = std::make_unique<chatscan_batch>();
    b->scanner = make();
    *batch = b.release();
    return CHATSCAN_OK;
  });
}

}  // namespace

extern "C" {

const char* chatscan_version(void) { return CHATSCAN_VERSION_STRING; }
int chatscan_abi_version(void) { return CHATSCAN_ABI_VERSION; }

const char* chatscan_status_string(chatscan_status_t status) {
  switch (status) {
    case CHATSCAN_OK: return "ok";
    case CHATSCAN_INVALID_ARGUMENT: return "invalid argument";
    case CHATSCAN_RULE_ERROR: return "rule error";
    case CHATSCAN_NOT_FOUND: return "not found";
    case CHATSCAN_IO_ERROR: return "i/o error";
    case CHATSCAN_INTERNAL: return "internal error";
    case CHATSCAN_OUT_OF_RANGE: return "index out of range";
    case CHATSCAN_NO_MEMORY: return "out of memory";
  }
  return "unknown status";
}

chatscan_status_t chatscan_rules_compile(const char* pack_dir, chatscan_rules_t** rules,
                                         chatscan_error_t** error) {
  if (error != nullptr) *error = nullptr;
  if (rules == nullptr) return Fail(CHATSCAN_INVALID_ARGUMENT, "rules is NULL", error);
  *rules = nullptr;
  if (pack_dir == nullptr) return Fail(CHATSCAN_INVALID_ARGUMENT, "pack_dir is NULL", error);
  return Guard([&] {
    std::shared_ptr<const chatscan::CompiledRules> compiled;
    Status s = chatscan::CompiledRules::Compile(pack_dir, &compiled);
    if (!s.ok()) return Fail(s, error);
    *rules = Wrap(std::move(compiled));
    return CHATSCAN_OK;
  });
}

chatscan_status_t chatscan_rules_compile_toml(const char* toml, size_t length,
                                              const char* base_dir, chatscan_rules_t** rules,
                                              chatscan_error_t** error) {
  if (error != nullptr) *error = nullptr;
  if (rules == nullptr) return Fail(CHATSCAN_INVALID_ARGUMENT, "rules is NULL", error);
  *rules = nullptr;
  if (toml == nullptr) return Fail(CHATSCAN_INVALID_ARGUMENT, "toml is NULL", error);
  return Guard([&] {
    std::shared_ptr<const chatscan::CompiledRules> compiled;
    Status s = chatscan::CompiledRules::CompileText(std::string_view(toml, length),
                                                    base_dir ? base_dir : ".", "pack.toml",
                                                    &compiled);
    if (!s.ok()) return Fail(s, error);
    *rules = Wrap(std::move(compiled));
    return CHATSCAN_OK;
  });
}

chatscan_status_t chatscan_rules_load(const char* cache_path, const char* pack_dir,
                                      chatscan_rules_t** rules, chatscan_error_t** error) {
  if (error != nullptr) *error = nullptr;
  if (rules == nullptr) return Fail(CHATSCAN_INVALID_ARGUMENT, "rules is NULL", error);
  *rules = nullptr;
  if (cache_path == nullptr || pack_dir == nullptr) {
    return Fail(CHATSCAN_INVALID_ARGUMENT, "cache_path or pack_dir is NULL", error);
  }
  return Guard([&] {
    std::shared_ptr<const chatscan::CompiledRules> loaded;
    Status s = chatscan::CompiledRules::Load(cache_path, pack_dir, &loaded);
    if (!s.ok()) return Fail(s, error);
    *rules = Wrap(std::move(loaded));
    return CHATSCAN_OK;
  });
}

chatscan_status_t chatscan_rules_save(const chatscan_rules_t* rules, const char* cache_path,
                                      chatscan_error_t** error) {
  if (error != nullptr) *error = nullptr;
  if (rules == nullptr || cache_path == nullptr) {
    return Fail(CHATSCAN_INVALID_ARGUMENT, "rules or cache_path is NULL", error);
  }
  return Guard([&] {
    Status s = rules->views->rules->Save(cache_path);
    return s.ok() ? CHATSCAN_OK : Fail(s, error);
  });
}

void chatscan_rules_destroy(chatscan_rules_t* rules) { delete rules; }

void chatscan_error_destroy(chatscan_error_t* error) {
  if (error == nullptr) return;
  free(error->message);
  free(error->file);
  free(error->rule_id);
  free(error);
}

chatscan_status_t chatscan_rules_count(const chatscan_rules_t* rules, size_t* count) {
  if (rules == nullptr || count == nullptr) return CHATSCAN_INVALID_ARGUMENT;
  *count = rules->views->rules->rules().size();
  return CHATSCAN_OK;
}

chatscan_status_t chatscan_rules_info(const chatscan_rules_t* rules, size_t index,
                                      chatscan_rule_info_t* info) {
  if (rules == nullptr || info == nullptr) return CHATSCAN_INVALID_ARGUMENT;
  if (index >= rules->views->rules->rules().size()) return CHATSCAN_OUT_OF_RANGE;
  const chatscan::RuleInfo& r = rules->views->rules->rules()[index];
  info->id = r.id.c_str();
  info->category = r.category.c_str();
  info->description = r.description.c_str();
  info->clauses = rules->views->clauses[index].data();
  info->clause_count = rules->views->clauses[index].size();
  info->severity = static_cast<int>(r.severity);
  info->category_index = rules->views->category_index[index];
  return CHATSCAN_OK;
}

chatscan_status_t chatscan_rules_find(const chatscan_rules_t* rules, const char* id,
                                      size_t* index) {
  if (rules == nullptr || id == nullptr || index == nullptr) return CHATSCAN_INVALID_ARGUMENT;
  int i = rules->views->rules->FindRule(id);
  if (i < 0) return CHATSCAN_NOT_FOUND;
  *index = static_cast<size_t>(i);
  return CHATSCAN_OK;
}

chatscan_status_t chatscan_rules_category_count(const chatscan_rules_t* rules, size_t* count) {
  if (rules == nullptr || count == nullptr) return CHATSCAN_INVALID_ARGUMENT;
  *count = rules->views->rules->impl().categories.size();
  return CHATSCAN_OK;
}

chatscan_status_t chatscan_rules_category_name(const chatscan_rules_t* rules, size_t index,
                                               const char** name) {
  if (rules == nullptr || name == nullptr) return CHATSCAN_INVALID_ARGUMENT;
  const auto& categories = rules->views->rules->impl().categories;
  if (index >= categories.size()) return CHATSCAN_OUT_OF_RANGE;
  *name = categories[index].name.c_str();
  return CHATSCAN_OK;
}

chatscan_status_t chatscan_scanner_create(const chatscan_rules_t* rules,
                                          chatscan_scanner_t** scanner) {
  if (scanner == nullptr) return CHATSCAN_INVALID_ARGUMENT;
  *scanner = nullptr;
  if (rules == nullptr) return CHATSCAN_INVALID_ARGUMENT;
  return Guard([&] {
    auto s = std::make_unique<chatscan_scanner>();
    s->scanner = std::make_unique<chatscan::Scanner>(rules->views->rules);
    *scanner = s.release();
    return CHATSCAN_OK;
  });
}

chatscan_status_t chatscan_scanner_create_from_holder(const chatscan_holder_t* holder,
                                                      chatscan_scanner_t** scanner) {
  if (scanner == nullptr) return CHATSCAN_INVALID_ARGUMENT;
  *scanner = nullptr;
  if (holder == nullptr) return CHATSCAN_INVALID_ARGUMENT;
  return Guard([&] {
    auto s = std::make_unique<chatscan_scanner>();
    s->holder_scanner = std::make_unique<chatscan::HolderScanner>(holder->holder.get());
    *scanner = s.release();
    return CHATSCAN_OK;
  });
}

void chatscan_scanner_destroy(chatscan_scanner_t* scanner) { delete scanner; }

chatscan_status_t chatscan_scanner_rules(const chatscan_scanner_t* scanner,
                                         chatscan_rules_t** rules) {
  if (rules == nullptr) return CHATSCAN_INVALID_ARGUMENT;
  *rules = nullptr;
  if (scanner == nullptr) return CHATSCAN_INVALID_ARGUMENT;
  return Guard([&] {
    *rules = RulesHandle(scanner->holder_scanner != nullptr
                             ? scanner->holder_scanner->shared_rules()
                             : scanner->scanner->shared_rules(),
                         &scanner->last_views);
    return CHATSCAN_OK;
  });
}

chatscan_status_t chatscan_scanner_scan(chatscan_scanner_t* scanner, const char* text,
                                        size_t length, const chatscan_context_t* context,
                                        int* verdict, const chatscan_finding_t** findings,
                                        size_t* count) {
  if (scanner == nullptr || verdict == nullptr || findings == nullptr || count == nullptr) {
    return CHATSCAN_INVALID_ARGUMENT;
  }
  *findings = nullptr;
  *count = 0;
  *verdict = CHATSCAN_ALLOW;
  return Guard([&] {
    chatscan_status_t st = Scan(scanner, text, length, context);
    if (st != CHATSCAN_OK) return st;
    scanner->findings.clear();
    for (const chatscan::Finding& f : scanner->result.findings) {
      scanner->findings.push_back({f.rule, f.start, f.end, static_cast<int>(f.action)});
    }
    *verdict = static_cast<int>(scanner->result.verdict);
    *findings = scanner->findings.data();
    *count = scanner->findings.size();
    return CHATSCAN_OK;
  });
}

chatscan_status_t chatscan_scanner_redact(chatscan_scanner_t* scanner, const char* text,
                                          size_t length, const chatscan_context_t* context,
                                          const char** redacted, size_t* redacted_length) {
  if (scanner == nullptr || redacted == nullptr || redacted_length == nullptr) {
    return CHATSCAN_INVALID_ARGUMENT;
  }
  *redacted = nullptr;
  *redacted_length = 0;
  return Guard([&] {
    chatscan_status_t st = Scan(scanner, text, length, context);
    if (st != CHATSCAN_OK) return st;
    std::string_view view(text == nullptr ? "" : text, length);
    const chatscan::CompiledRules& rules = scanner->holder_scanner
                                               ? scanner->holder_scanner->rules()
                                               : scanner->scanner->rules();
    chatscan::Redact(rules, view, scanner->result, &scanner->redacted);
    *redacted = scanner->redacted.data();
    *redacted_length = scanner->redacted.size();
    return CHATSCAN_OK;
  });
}

chatscan_status_t chatscan_batch_create(const chatscan_rules_t* rules, int threads,
                                        chatscan_batch_t** batch) {
  return NewBatch(rules != nullptr, threads, batch, [&] {
    return std::make_unique<chatscan::BatchScanner>(rules->views->rules, threads);
  });
}

chatscan_status_t chatscan_batch_create_from_holder(const chatscan_holder_t* holder, int threads,
                                                    chatscan_batch_t** batch) {
  return NewBatch(holder != nullptr, threads, batch, [&] {
    return std::make_unique<chatscan::BatchScanner>(holder->holder.get(), threads);
  });
}

void chatscan_batch_destroy(chatscan_batch_t* batch) { delete batch; }

chatscan_status_t chatscan_batch_rules(const chatscan_batch_t* batch, chatscan_rules_t** rules) {
  if (rules == nullptr) return CHATSCAN_INVALID_ARGUMENT;
  *rules = nullptr;
  if (batch == nullptr) return CHATSCAN_INVALID_ARGUMENT;
  return Guard([&] {
    *rules = RulesHandle(batch->scanner->shared_rules(), &batch->last_views);
    return CHATSCAN_OK;
  });
}

chatscan_status_t chatscan_batch_result_create(chatscan_batch_result_t** result) {
  if (result == nullptr) return CHATSCAN_INVALID_ARGUMENT;
  return Guard([&] {
    *result = new chatscan_batch_result;
    return CHATSCAN_OK;
  });
}

void chatscan_batch_result_destroy(chatscan_batch_result_t* result) { delete result; }

chatscan_status_t chatscan_batch_scan(chatscan_batch_t* batch, const char* const* texts,
                                      const size_t* lengths, const chatscan_context_t* contexts,
                                      size_t count, chatscan_batch_result_t* result) {
  if (batch == nullptr || result == nullptr) return CHATSCAN_INVALID_ARGUMENT;
  if (count > 0 && (texts == nullptr || lengths == nullptr)) return CHATSCAN_INVALID_ARGUMENT;
  return Guard([&] {
    batch->messages.resize(count);
    for (size_t i = 0; i < count; ++i) {
      if (texts[i] == nullptr && lengths[i] > 0) return CHATSCAN_INVALID_ARGUMENT;
      batch->messages[i].text = std::string_view(texts[i] ? texts[i] : "", lengths[i]);
      if (!ToContext(contexts ? &contexts[i] : nullptr, &batch->messages[i].context)) {
        return CHATSCAN_INVALID_ARGUMENT;
      }
    }
    Status s = batch->scanner->Scan(batch->messages, &result->result);
    if (!s.ok()) return ToC(s.code());
    // Struct of arrays for the caller.
    const chatscan::BatchResult& r = result->result;
    const auto& impl = batch->scanner->rules().impl();
    size_t n = r.findings.size();
    result->rule.resize(n);
    result->category.resize(n);
    result->start.resize(n);
    result->end.resize(n);
    result->action.resize(n);
    for (size_t i = 0; i < n; ++i) {
      const chatscan::Finding& f = r.findings[i];
      result->rule[i] = f.rule;
      result->category[i] = impl.runtime[f.rule].category;
      result->start[i] = f.start;
      result->end[i] = f.end;
      result->action[i] = static_cast<uint8_t>(f.action);
    }
    result->verdicts.resize(r.verdicts.size());
    for (size_t m = 0; m < r.verdicts.size(); ++m) {
      result->verdicts[m] = static_cast<uint8_t>(r.verdicts[m]);
    }
    result->error_message.clear();
    for (const auto& e : r.errors) result->error_message.push_back(e.first);
    return CHATSCAN_OK;
  });
}

chatscan_status_t chatscan_batch_result_view(const chatscan_batch_result_t* result,
                                             chatscan_batch_view_t* view) {
  if (result == nullptr || view == nullptr) return CHATSCAN_INVALID_ARGUMENT;
  const chatscan::BatchResult& r = result->result;
  view->messages = r.verdicts.size();
  view->verdicts = result->verdicts.data();
  view->first_finding = r.first_finding.data();
  view->findings = r.findings.size();
  view->message = r.message.data();
  view->rule = result->rule.data();
  view->category = result->category.data();
  view->start = result->start.data();
  view->end = result->end.data();
  view->action = result->action.data();
  view->errors = result->error_message.size();
  view->error_message = result->error_message.data();
  return CHATSCAN_OK;
}

chatscan_status_t chatscan_batch_result_error(const chatscan_batch_result_t* result,
                                              size_t index, uint32_t* message,
                                              const char** reason) {
  if (result == nullptr || message == nullptr || reason == nullptr) {
    return CHATSCAN_INVALID_ARGUMENT;
  }
  const auto& errors = result->result.errors;
  if (index >= errors.size()) return CHATSCAN_OUT_OF_RANGE;
  *message = errors[index].first;
  *reason = errors[index].second.c_str();
  return CHATSCAN_OK;
}

chatscan_status_t chatscan_holder_create(const chatscan_rules_t* rules,
                                         chatscan_holder_t** holder) {
  if (holder == nullptr) return CHATSCAN_INVALID_ARGUMENT;
  *holder = nullptr;
  if (rules == nullptr) return CHATSCAN_INVALID_ARGUMENT;
  return Guard([&] {
    auto h = std::make_unique<chatscan_holder>();
    h->holder = std::make_unique<chatscan::RulesHolder>(rules->views->rules);
    *holder = h.release();
    return CHATSCAN_OK;
  });
}

void chatscan_holder_destroy(chatscan_holder_t* holder) { delete holder; }

chatscan_status_t chatscan_holder_swap(chatscan_holder_t* holder, const chatscan_rules_t* rules) {
  if (holder == nullptr || rules == nullptr) return CHATSCAN_INVALID_ARGUMENT;
  return Guard([&] {
    holder->holder->Swap(rules->views->rules);
    return CHATSCAN_OK;
  });
}

}  // extern "C"
