#include "report_data.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace chatscan::cli {
namespace {

constexpr int64_t kMaxFilledWeeks = 520;  // longer spans list only weeks with messages

void AddTo(const MessageCounts& m, Tally* t) {
  ++t->messages;
  ++t->verdicts[static_cast<int>(m.verdict)];
  if (m.findings > 0) ++t->with_findings;
  t->findings += m.findings;
  for (size_t c = 0; c < m.category_findings.size(); ++c) {
    t->category_findings[c] += m.category_findings[c];
    if (m.category_findings[c] > 0) ++t->category_messages[c];
  }
}

absl::CivilDay MondayOf(absl::CivilDay day) {
  return day - static_cast<int>(absl::GetWeekday(day));  // Weekday::monday is 0
}

}  // namespace

std::string Date(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

std::string IsoWeekLabel(absl::CivilDay monday) {
  absl::CivilDay thursday = monday + 3;
  return absl::StrFormat("%04d-W%02d", thursday.year(), (absl::GetYearDay(thursday) - 1) / 7 + 1);
}

void InitReport(const CompiledRules& rules, ReportData* data) {
  data->pack_name = rules.report().pack_name;
  const std::vector<RuleInfo>& infos = rules.rules();
  std::vector<std::vector<std::string>> clauses;
  for (const RuleInfo& info : infos) {
    size_t c = std::find(data->categories.begin(), data->categories.end(), info.category) -
               data->categories.begin();
    if (c == data->categories.size()) {
      data->categories.push_back(info.category);
      clauses.emplace_back();
    }
    data->rule_category.push_back(c);
    bool security = false;
    for (const std::string& clause : info.clauses) {
      if (std::find(clauses[c].begin(), clauses[c].end(), clause) == clauses[c].end()) {
        clauses[c].push_back(clause);
      }
      if (clause.rfind("5.", 0) == 0 || clause == "5") security = true;
    }
    data->rule_is_security.push_back(security);
  }
  for (const auto& list : clauses) {
    std::string joined;
    for (const std::string& c : list) absl::StrAppend(&joined, joined.empty() ? "" : ",", c);
    data->category_clauses.push_back(joined);
  }
  size_t n = data->categories.size();
  data->total = data->chats = data->moments = data->untimed = Tally(n);
  data->rule_findings.assign(infos.size(), 0);
  data->rule_messages.assign(infos.size(), 0);
  if (absl::LoadTimeZone("Asia/Shanghai", &data->tz)) {
    data->tz_name = "Asia/Shanghai";
  } else {
    // China has kept UTC+8 without daylight saving since 1991.
    data->tz = absl::FixedTimeZone(8 * 60 * 60);
    data->tz_name = "UTC+08:00";
  }
}

std::vector<SenderRow> RankedSenders(const ReportData& d) {
  std::vector<SenderRow> rows;
  rows.reserve(d.senders.size());
  for (const auto& [name, tally] : d.senders) rows.push_back({&name, &tally});
  std::sort(rows.begin(), rows.end(), [](const SenderRow& a, const SenderRow& b) {
    const Tally& x = *a.tally;
    const Tally& y = *b.tally;
    if (x.flagged() != y.flagged()) return x.flagged() > y.flagged();
    if (x.block() != y.block()) return x.block() > y.block();
    if (x.findings != y.findings) return x.findings > y.findings;
    return *a.name < *b.name;
  });
  return rows;
}

size_t SendersWithFindings(const std::vector<SenderRow>& ranked) {
  return static_cast<size_t>(std::count_if(ranked.begin(), ranked.end(), [](const SenderRow& r) {
    return r.tally->findings > 0;
  }));
}

std::vector<size_t> RankedRules(const ReportData& d, const CompiledRules& rules) {
  std::vector<size_t> order;
  for (size_t r = 0; r < d.rule_findings.size(); ++r) {
    if (d.rule_findings[r] > 0) order.push_back(r);
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (d.rule_findings[a] != d.rule_findings[b]) return d.rule_findings[a] > d.rule_findings[b];
    if (d.rule_messages[a] != d.rule_messages[b]) return d.rule_messages[a] > d.rule_messages[b];
    return rules.rules()[a].id < rules.rules()[b].id;
  });
  return order;
}

std::vector<WeekRow> WeekRows(const ReportData& d, const Tally* empty) {
  std::vector<WeekRow> rows;
  if (d.weeks.empty()) return rows;
  absl::CivilDay first = d.weeks.begin()->first;
  absl::CivilDay last = d.weeks.rbegin()->first;
  if ((last - first) / 7 > kMaxFilledWeeks) {
    for (const auto& [monday, tally] : d.weeks) rows.push_back({monday, &tally});
    return rows;
  }
  for (absl::CivilDay m = first; m <= last; m += 7) {
    auto it = d.weeks.find(m);
    rows.push_back({m, it == d.weeks.end() ? empty : &it->second});
  }
  return rows;
}

std::string Percent(long part, long whole) {
  if (whole <= 0) return "-";
  return absl::StrFormat("%.2f%%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

std::string Count(long n, const char* noun) {
  return absl::StrCat(n, " ", noun, n == 1 ? "" : "s");
}

std::string InputName(const ReportData& d) {
  return d.input == "-" ? "standard input" : d.input;
}

long NamedSenders(const ReportData& d) {
  return static_cast<long>(d.senders.size() - d.senders.count(""));
}

std::string SenderName(const std::string& name) { return name.empty() ? "(no sender)" : name; }

std::string Period(const ReportData& d) {
  if (!d.first_time) return "no message has a time";
  return absl::StrCat(Date(absl::ToCivilDay(*d.first_time, d.tz)), " to ",
                      Date(absl::ToCivilDay(*d.last_time, d.tz)), " (", d.tz_name, ")");
}

std::string BadLinesList(const ReportData& d) {
  std::string out;
  for (long line : d.listed_bad_lines) absl::StrAppend(&out, out.empty() ? "" : ", ", line);
  if (d.bad_lines > static_cast<long>(d.listed_bad_lines.size())) absl::StrAppend(&out, ", ...");
  return out;
}

std::vector<Indicator> Indicators(const ReportData& d) {
  return {
      {"Compliant communication", "4.1, 4.2", d.chats.verdicts[0], d.chats.messages,
       "chat messages with verdict allow / all chat messages"},
      {"Compliant Moments content", "4.3", d.moments.verdicts[0], d.moments.messages,
       "Moments posts with verdict allow / all Moments posts"},
      {"Security management", "5", d.total.messages - d.security_messages, d.total.messages,
       "messages without a finding citing a clause of section 5 / all messages"},
  };
}

std::pair<std::vector<std::string>, std::string> WithCategories(
    const ReportData& d, std::vector<std::string> headers, std::string align) {
  for (const std::string& c : d.categories) {
    headers.push_back(c);
    align += 'r';
  }
  return {std::move(headers), std::move(align)};
}

std::string Shown(size_t shown, size_t all, const char* what) {
  return shown == all ? absl::StrCat("All ", all, " ", what)
                      : absl::StrCat("The ", shown, " of ", all, " ", what);
}

void Counter::Add(const InputMessage& message, const ScanResult& result) {
  ReportData& d = *data_;
  std::fill(counts_.category_findings.begin(), counts_.category_findings.end(), 0);
  counts_.verdict = result.verdict;
  counts_.findings = static_cast<long>(result.findings.size());
  bool security = false;
  ++stamp_;
  for (const Finding& f : result.findings) {
    ++counts_.category_findings[d.rule_category[f.rule]];
    ++d.rule_findings[f.rule];
    if (rule_seen_[f.rule] != stamp_) {
      rule_seen_[f.rule] = stamp_;
      ++d.rule_messages[f.rule];
    }
    security = security || d.rule_is_security[f.rule];
  }
  if (security) ++d.security_messages;
  size_t n = d.categories.size();
  AddTo(counts_, &d.total);
  AddTo(counts_, message.context.kind == Kind::kMoment ? &d.moments : &d.chats);
  AddTo(counts_, &d.senders.try_emplace(message.sender, n).first->second);
  if (message.context.unix_seconds.has_value()) {
    absl::Time t = absl::FromUnixSeconds(*message.context.unix_seconds);
    if (!d.first_time || t < *d.first_time) d.first_time = t;
    if (!d.last_time || t > *d.last_time) d.last_time = t;
    absl::CivilDay monday = MondayOf(absl::ToCivilDay(t, d.tz));
    AddTo(counts_, &d.weeks.try_emplace(monday, n).first->second);
  } else {
    AddTo(counts_, &d.untimed);
  }
}

}  // namespace chatscan::cli
