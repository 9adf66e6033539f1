// The counts behind `chatscan report` and the rows of its tables, shared by
// the text report (report_text.cc) and the HTML page (report_html.cc).
// Internal to the chatscan command.
#ifndef CHATSCAN_TOOLS_REPORT_DATA_H_
#define CHATSCAN_TOOLS_REPORT_DATA_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "chatscan/chatscan.h"
#include "message_io.h"

namespace chatscan::cli {

constexpr size_t kListedBadLines = 20;  // line numbers named in the report itself

// The verdicts are the three actions of chatscan/rules.h; a new action needs
// its own column in every table here.
static_assert(static_cast<int>(Action::kAllow) == 0 && static_cast<int>(Action::kReview) == 1 &&
              static_cast<int>(Action::kBlock) == 2);

// Counts over a set of messages (all, one sender, one week, one kind).
struct Tally {
  explicit Tally(size_t categories)
      : category_findings(categories, 0), category_messages(categories, 0) {}

  long messages = 0;
  std::array<long, 3> verdicts{};  // indexed by Action: allow, review, block
  long with_findings = 0;          // messages with at least one finding
  long findings = 0;
  std::vector<long> category_findings;
  std::vector<long> category_messages;  // messages with a finding of the category

  long review() const { return verdicts[static_cast<int>(Action::kReview)]; }
  long block() const { return verdicts[static_cast<int>(Action::kBlock)]; }
  long flagged() const { return review() + block(); }
};

// What one message adds to every tally it belongs to.
struct MessageCounts {
  Action verdict = Action::kAllow;
  long findings = 0;
  std::vector<long> category_findings;
};

// What a report shows: counts over the whole archive and per kind, sender,
// week and rule, filled by a Counter.
struct ReportData {
  std::string input;
  std::string pack_name;
  std::vector<std::string> categories;        // in the order the pack first names them
  std::vector<std::string> category_clauses;  // per category: its rules' clauses, joined
  std::vector<size_t> rule_category;          // per rule: index into categories
  std::vector<bool> rule_is_security;         // per rule: cites a clause of section 5
  Tally total{0};
  Tally chats{0};
  Tally moments{0};
  long security_messages = 0;  // messages with a finding citing a clause of section 5
  std::unordered_map<std::string, Tally> senders;
  std::map<absl::CivilDay, Tally> weeks;  // by the Monday of the ISO week
  Tally untimed{0};                       // messages without a time
  std::vector<long> rule_findings;
  std::vector<long> rule_messages;
  long bad_lines = 0;
  std::vector<long> listed_bad_lines;  // the first kListedBadLines
  std::optional<absl::Time> first_time;
  std::optional<absl::Time> last_time;
  absl::TimeZone tz;
  std::string tz_name;
};

// "2024-01-08"; years before 1000 keep four digits.
std::string Date(absl::CivilDay day);

// ISO 8601 week of the week starting on `monday`: the week belongs to the
// year of its Thursday.
std::string IsoWeekLabel(absl::CivilDay monday);

// Sets up `data` for the categories and rules of `rules`.
void InitReport(const CompiledRules& rules, ReportData* data);

// Adds scanned messages to a ReportData.
class Counter {
 public:
  explicit Counter(ReportData* data)
      : data_(data), rule_seen_(data->rule_findings.size(), 0) {
    counts_.category_findings.assign(data->categories.size(), 0);
  }

  // Counts one scanned message in every tally it belongs to.
  void Add(const InputMessage& message, const ScanResult& result);

 private:
  ReportData* data_;
  MessageCounts counts_;
  std::vector<uint64_t> rule_seen_;  // per rule: the last message (stamp) it was found in
  uint64_t stamp_ = 0;
};

struct SenderRow {
  const std::string* name;
  const Tally* tally;
};

// Every sender, worst first: most messages needing review or block, then most
// blocked, then most findings, then by name.
std::vector<SenderRow> RankedSenders(const ReportData& d);

// How many of the ranked senders have findings.
size_t SendersWithFindings(const std::vector<SenderRow>& ranked);

// Rules with findings, most findings first.
std::vector<size_t> RankedRules(const ReportData& d, const CompiledRules& rules);

struct WeekRow {
  absl::CivilDay monday;
  const Tally* tally;  // an empty tally for weeks without messages
};

// Every week from the first to the last one with messages, so gaps show;
// only the weeks with messages when they span more than ten years.
std::vector<WeekRow> WeekRows(const ReportData& d, const Tally* empty);

// "12.34%", or "-" for a share of nothing.
std::string Percent(long part, long whole);

// "1 message", "2 messages"
std::string Count(long n, const char* noun);

// The input as the report names it.
std::string InputName(const ReportData& d);

// Senders with a name; messages without one are counted as "(no sender)".
long NamedSenders(const ReportData& d);

// "(no sender)" for messages without one.
std::string SenderName(const std::string& name);

// The dates of the first and last message, or that no message has a time.
std::string Period(const ReportData& d);

// The listed malformed line numbers, "..." when there are more.
std::string BadLinesList(const ReportData& d);

// The clause 7.2 indicators a message archive can measure.
struct Indicator {
  std::string name;
  std::string clause;
  long good;
  long all;
  std::string definition;
};

// Compliant communication, compliant Moments content, security management.
std::vector<Indicator> Indicators(const ReportData& d);

// Headers and alignment of a table with one count column per category.
std::pair<std::vector<std::string>, std::string> WithCategories(
    const ReportData& d, std::vector<std::string> headers, std::string align);

// "All 4 rules with findings" or "The 10 of 75 senders with findings".
std::string Shown(size_t shown, size_t all, const char* what);

// The report as text tables for a terminal, with the top `top` rules and senders.
std::string TextReport(const ReportData& d, const CompiledRules& rules, int top);

// The report as one self-contained HTML page with inline SVG charts.
std::string HtmlReport(const ReportData& d, const CompiledRules& rules, int top);

}  // namespace chatscan::cli

#endif  // CHATSCAN_TOOLS_REPORT_DATA_H_
