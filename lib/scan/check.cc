#include "scan/check.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "chatscan/scanner.h"
#include "compile/compiled_rules_impl.h"

namespace chatscan {
namespace {

// A context in which the rule applies: its first kind and audience, and a
// time on the right side of working hours.
MessageContext ContextFor(const CompiledRules::Impl& impl, uint32_t rule) {
  const RuleRuntime& rt = impl.runtime[rule];
  MessageContext ctx;
  if (!rt.kinds.empty()) ctx.kind = rt.kinds.front();
  if (!rt.audiences.empty()) ctx.audience = rt.audiences.front();
  if (rt.when != TimeCondition::kAny) {
    // A Wednesday in the pack's time zone: 03:00 is off hours everywhere,
    // the middle of the working day is working hours.
    int minute = rt.when == TimeCondition::kOffHours
                     ? 3 * 60
                     : (impl.hours.start_minute + impl.hours.end_minute) / 2;
    absl::CivilSecond local(2024, 1, 10, minute / 60, minute % 60, 0);
    ctx.unix_seconds = absl::ToUnixSeconds(absl::FromCivil(local, impl.time_zone));
  }
  return ctx;
}

}  // namespace

CheckReport CheckPack(const CompiledRules& rules) {
  const CompiledRules::Impl& impl = rules.impl();
  CheckReport report;
  Scanner scanner(std::shared_ptr<const CompiledRules>(std::shared_ptr<const CompiledRules>(),
                                                       &rules));
  ScanResult result;
  for (uint32_t r = 0; r < impl.sources.size(); ++r) {
    const Rule& rule = impl.sources[r];
    MessageContext ctx = ContextFor(impl, r);
    auto fired = [&](const std::string& text) {
      scanner.Scan(text, ctx, &result);
      for (const Finding& f : result.findings) {
        if (f.rule == r) return true;
      }
      return false;
    };
    for (const TermSource& e : rule.examples) {
      ++report.examples;
      if (!fired(e.text)) {
        report.failures.push_back(absl::StrCat(e.place.file, ":", e.place.line, ": rule '",
                                               rule.info.id, "': example not caught: ", e.text));
      }
    }
    for (const TermSource& e : rule.counter_examples) {
      ++report.examples;
      if (fired(e.text)) {
        report.failures.push_back(absl::StrCat(e.place.file, ":", e.place.line, ": rule '",
                                               rule.info.id,
                                               "': counter-example flagged: ", e.text));
      }
    }
  }
  // The same folded term in several rules, and terms their own allow-list
  // cancels.
  std::map<std::tuple<uint8_t, std::string>, std::set<uint32_t>> terms;
  std::map<std::tuple<uint32_t, uint8_t, std::string>, const Pattern*> allowed;
  for (const Pattern& p : impl.patterns) {
    if (p.kind == PatternKind::kUnless) allowed[{p.rule, p.view, p.text}] = &p;
  }
  for (const Pattern& p : impl.patterns) {
    if (p.kind != PatternKind::kTerm) continue;
    terms[{p.view, p.text}].insert(p.rule);
    if (allowed.count({p.rule, p.view, p.text})) {
      report.warnings.push_back(absl::StrCat(p.place.file, ":", p.place.line, ": rule '",
                                             impl.infos[p.rule].id, "': term '", p.text,
                                             "' is also on the rule's allow-list: it never matches"));
    }
  }
  for (const auto& [key, owners] : terms) {
    if (owners.size() < 2) continue;
    std::string ids;
    for (uint32_t o : owners) absl::StrAppend(&ids, ids.empty() ? "" : ", ", impl.infos[o].id);
    report.warnings.push_back(absl::StrCat("term '", std::get<1>(key), "' (", 
                                           std::string(ViewName(std::get<0>(key))),
                                           " view) is in several rules: ", ids));
  }
  return report;
}

}  // namespace chatscan
