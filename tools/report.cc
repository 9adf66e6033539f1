#include "report.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "chatscan/chatscan.h"
#include "message_io.h"
#include "text_util.h"

namespace chatscan::cli {
namespace {

constexpr char kUsage[] = R"(usage: chatscan report [--rules PACK] [--html FILE] [--top N] [FILE|-]

Scans an archive of JSONL messages (as `chatscan scan` reads them) and prints
the clause 7.2 indicators: messages per verdict, findings and rates per
category, the top N rules, the N worst senders and every ISO week (Asia/Shanghai
time) of the messages' "time". Malformed lines are named on stderr, counted
in the report, and skipped.

  --rules PACK   rule pack folder (default: the default pack)
  --html FILE    also write the report as one self-contained HTML page with
                 charts (no scripts, nothing fetched: opens offline)
  --top N        rules and senders to list (default 10)

Exit 0: nothing found; 1: findings; 2: errors (bad pack, unreadable file,
malformed lines, HTML not written). See docs/report.md.

examples:
  chatscan report archive.jsonl
  chatscan report --top 20 --html report.html archive.jsonl > report.txt
)";

constexpr int kDefaultTop = 10;
constexpr size_t kListedBadLines = 20;  // line numbers named in the report itself
constexpr int64_t kMaxFilledWeeks = 520;  // longer spans list only weeks with messages

struct ReportOptions {
  std::string rules;
  std::string html;
  int top = kDefaultTop;
  std::string input = "-";
};

int UsageError(const std::string& error) {
  fprintf(stderr, "chatscan report: %s\n\n%s", error.c_str(), kUsage);
  return 2;
}

// Returns -1 to go on, else the exit status.
int ParseReportArgs(const std::vector<std::string>& args, ReportOptions* opts) {
  bool have_input = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= args.size()) return false;
      *out = args[++i];
      return true;
    };
    if (a == "--rules") {
      if (!value(&opts->rules)) return UsageError("--rules needs a value");
    } else if (a == "--html") {
      if (!value(&opts->html)) return UsageError("--html needs a value");
    } else if (a == "--top") {
      std::string v;
      if (!value(&v)) return UsageError("--top needs a value");
      char* end = nullptr;
      errno = 0;
      long n = strtol(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || errno != 0 || n < 1 || n > 1000000) {
        return UsageError("--top must be a number from 1 to 1000000");
      }
      opts->top = static_cast<int>(n);
    } else if (a == "-h" || a == "--help") {
      fputs(kUsage, stdout);
      return 0;
    } else if (a.size() > 1 && a[0] == '-') {
      return UsageError("unknown option " + a);
    } else if (have_input) {
      return UsageError("report takes at most one FILE");
    } else {
      opts->input = a;
      have_input = true;
    }
  }
  return -1;
}

// ---------------------------------------------------------------------------
// Counting.

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
std::string Date(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::CivilDay MondayOf(absl::CivilDay day) {
  return day - static_cast<int>(absl::GetWeekday(day));  // Weekday::monday is 0
}

// ISO 8601 week of the week starting on `monday`: the week belongs to the
// year of its Thursday.
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

class Counter {
 public:
  explicit Counter(ReportData* data)
      : data_(data), rule_seen_(data->rule_findings.size(), 0) {
    counts_.category_findings.assign(data->categories.size(), 0);
  }

  void Add(const InputMessage& message, const ScanResult& result) {
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

 private:
  ReportData* data_;
  MessageCounts counts_;
  std::vector<uint64_t> rule_seen_;  // per rule: the last message (stamp) it was found in
  uint64_t stamp_ = 0;
};

// ---------------------------------------------------------------------------
// Views of the counts shared by the text and the HTML report.

struct SenderRow {
  const std::string* name;
  const Tally* tally;
};

// Every sender, worst first: most messages needing review or block, then most
// blocked, then most findings, then by name.
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

// Rules with findings, most findings first.
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

struct WeekRow {
  absl::CivilDay monday;
  const Tally* tally;  // an empty tally for weeks without messages
};

// Every week from the first to the last one with messages, so gaps show;
// only the weeks with messages when they span more than ten years.
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

// "1 message", "2 messages"
std::string Count(long n, const char* noun) {
  return absl::StrCat(n, " ", noun, n == 1 ? "" : "s");
}

std::string InputName(const ReportData& d) {
  return d.input == "-" ? "standard input" : d.input;
}

// Senders with a name; messages without one are counted as "(no sender)".
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

// The clause 7.2 indicators a message archive can measure.
struct Indicator {
  std::string name;
  std::string clause;
  long good;
  long all;
  std::string definition;
};

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

// Headers and alignment of a table with one count column per category.
std::pair<std::vector<std::string>, std::string> WithCategories(
    const ReportData& d, std::vector<std::string> headers, std::string align) {
  for (const std::string& c : d.categories) {
    headers.push_back(c);
    align += 'r';
  }
  return {std::move(headers), std::move(align)};
}

// "All 4 rules with findings" or "The 10 of 75 senders with findings".
std::string Shown(size_t shown, size_t all, const char* what) {
  return shown == all ? absl::StrCat("All ", all, " ", what)
                      : absl::StrCat("The ", shown, " of ", all, " ", what);
}

// ---------------------------------------------------------------------------
// Text for terminals and for HTML.

// A table of text cells aligned on display columns.
class TextTable {
 public:
  // `align` has one letter per column: 'l' or 'r'.
  TextTable(std::vector<std::string> headers, std::string align)
      : align_(std::move(align)) {
    rows_.push_back(std::move(headers));
  }

  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }

  std::string Render() const {
    if (rows_.size() == 1) return "  (none)\n";
    std::vector<int> widths(align_.size(), 0);
    for (const auto& row : rows_) {
      for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
        widths[c] = std::max(widths[c], DisplayWidth(row[c]));
      }
    }
    std::string out;
    for (const auto& row : rows_) {
      std::string line = "  ";
      for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
        std::string pad(static_cast<size_t>(widths[c] - DisplayWidth(row[c])), ' ');
        if (c > 0) line += "  ";
        line += align_[c] == 'r' ? pad + row[c] : row[c] + pad;
      }
      line.erase(line.find_last_not_of(' ') + 1);
      absl::StrAppend(&out, line, "\n");
    }
    return out;
  }

 private:
  std::string align_;
  std::vector<std::vector<std::string>> rows_;
};

constexpr int kNameColumns = 28;  // sender names are cut to this in the terminal

std::string TextHead(const ReportData& d) {
  const Tally& t = d.total;
  std::string out = absl::StrCat("chatscan report: ", Printable(InputName(d)), ", pack ",
                                 Printable(d.pack_name), "\n");
  absl::StrAppend(&out, Count(t.messages, "message"), ", ",
                  Count(NamedSenders(d), "sender"), ", ", Period(d), "\n");
  absl::StrAppend(&out, Count(t.with_findings, "message"), " with findings (",
                  Percent(t.with_findings, t.messages), "), ", Count(t.findings, "finding"),
                  "\n");
  absl::StrAppend(&out, Count(d.bad_lines, "malformed line"));
  if (d.bad_lines > 0) absl::StrAppend(&out, " (lines ", BadLinesList(d), "; see stderr)");
  return out + "\n";
}

std::string TextIndicators(const ReportData& d) {
  TextTable table({"indicator", "clauses", "compliant", "of", "rate"}, "llrrr");
  for (const Indicator& i : Indicators(d)) {
    table.AddRow({i.name, i.clause, absl::StrCat(i.good), absl::StrCat(i.all),
                  Percent(i.good, i.all)});
  }
  return absl::StrCat("\n== Clause 7.2 indicators ==\n", table.Render());
}

std::string TextVerdicts(const ReportData& d) {
  const Tally& t = d.total;
  TextTable table({"verdict", "messages", "share"}, "lrr");
  for (int v = 0; v < 3; ++v) {
    table.AddRow({std::string(ActionName(static_cast<Action>(v))), absl::StrCat(t.verdicts[v]),
                  Percent(t.verdicts[v], t.messages)});
  }
  table.AddRow({"all", absl::StrCat(t.messages), Percent(t.messages, t.messages)});
  return absl::StrCat("\n== Messages per verdict ==\n", table.Render());
}

std::string TextCategories(const ReportData& d) {
  const Tally& t = d.total;
  TextTable table({"category", "clauses", "findings", "messages", "rate"}, "llrrr");
  for (size_t c = 0; c < d.categories.size(); ++c) {
    table.AddRow({d.categories[c], d.category_clauses[c], absl::StrCat(t.category_findings[c]),
                  absl::StrCat(t.category_messages[c]),
                  Percent(t.category_messages[c], t.messages)});
  }
  return absl::StrCat("\n== Categories ==\n", table.Render());
}

std::string TextTopRules(const ReportData& d, const CompiledRules& rules, int top) {
  std::vector<size_t> ranked = RankedRules(d, rules);
  TextTable table({"rule", "category", "severity", "findings", "messages"}, "lllrr");
  for (size_t i = 0; i < ranked.size() && i < static_cast<size_t>(top); ++i) {
    const RuleInfo& info = rules.rules()[ranked[i]];
    table.AddRow({info.id, info.category, std::string(SeverityName(info.severity)),
                  absl::StrCat(d.rule_findings[ranked[i]]),
                  absl::StrCat(d.rule_messages[ranked[i]])});
  }
  std::string out = absl::StrCat("\n== Top rules ==\n", table.Render());
  if (ranked.size() > static_cast<size_t>(top)) {
    absl::StrAppend(&out, "(", ranked.size() - top,
                    " more rules with findings: --top or --html lists them)\n");
  }
  return out;
}

std::string TextWorstSenders(const ReportData& d, const std::vector<SenderRow>& senders,
                             int top) {
  auto [headers, align] =
      WithCategories(d, {"sender", "messages", "review", "block", "rate"}, "lrrrr");
  TextTable table(headers, align);
  size_t offenders = SendersWithFindings(senders);
  for (size_t i = 0; i < offenders && i < static_cast<size_t>(top); ++i) {
    const Tally& s = *senders[i].tally;
    std::vector<std::string> row = {Truncate(Printable(SenderName(*senders[i].name)), kNameColumns),
                                    absl::StrCat(s.messages), absl::StrCat(s.review()),
                                    absl::StrCat(s.block()), Percent(s.flagged(), s.messages)};
    for (long f : s.category_findings) row.push_back(absl::StrCat(f));
    table.AddRow(std::move(row));
  }
  std::string out = absl::StrCat("\n== Worst senders ==\n", table.Render());
  if (offenders > static_cast<size_t>(top)) {
    absl::StrAppend(&out, "(", offenders - top,
                    " more senders with findings: --top or --html lists them)\n");
  }
  return out;
}

std::string TextWeeks(const ReportData& d) {
  auto [headers, align] = WithCategories(
      d, {"week", "monday", "messages", "allow", "review", "block", "rate"}, "llrrrrr");
  TextTable table(headers, align);
  auto add = [&](std::string label, std::string monday, const Tally& w) {
    std::vector<std::string> row = {std::move(label), std::move(monday),
                                    absl::StrCat(w.messages), absl::StrCat(w.verdicts[0]),
                                    absl::StrCat(w.review()), absl::StrCat(w.block()),
                                    Percent(w.flagged(), w.messages)};
    for (long f : w.category_findings) row.push_back(absl::StrCat(f));
    table.AddRow(std::move(row));
  };
  Tally empty(d.categories.size());
  for (const WeekRow& w : WeekRows(d, &empty)) {
    add(IsoWeekLabel(w.monday), Date(w.monday), *w.tally);
  }
  if (d.untimed.messages > 0) add("no-time", "-", d.untimed);
  return absl::StrCat("\n== Weeks (ISO 8601, ", d.tz_name, ") ==\n", table.Render());
}

std::string TextReport(const ReportData& d, const CompiledRules& rules, int top) {
  std::vector<SenderRow> senders = RankedSenders(d);
  return absl::StrCat(TextHead(d), TextIndicators(d), TextVerdicts(d), TextCategories(d),
                      TextTopRules(d, rules, top), TextWorstSenders(d, senders, top),
                      TextWeeks(d),
                      "\nrate = messages flagged (verdict review or block) / messages of the "
                      "row; sender and week columns per category count findings.\n");
}

// ---------------------------------------------------------------------------
// HTML.

std::string Esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// 1234567 -> "1,234,567"
std::string Grouped(long n) {
  std::string digits = absl::StrCat(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string F(double x) { return absl::StrFormat("%.1f", x); }

constexpr char kAllowColor[] = "#9aa8b8";
constexpr char kReviewColor[] = "#f0a020";
constexpr char kBlockColor[] = "#d43d2a";
constexpr char kBarColor[] = "#3b6fd8";
constexpr int kChartWidth = 1000;
constexpr double kCharWidth = 7.0;  // rough width of one display column at 12px

// 1, 2 or 5 times a power of ten, at least x.
double NiceStep(double x) {
  if (x <= 0) return 1;
  double p = std::pow(10.0, std::floor(std::log10(x)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * p >= x) return m * p;
  }
  return 10 * p;
}

std::string FormatTick(double v, double step) {
  if (step >= 1) return Grouped(static_cast<long>(std::llround(v)));
  int decimals = static_cast<int>(std::ceil(-std::log10(step)));
  return absl::StrFormat("%.*f", decimals, v);
}

struct Segment {
  long value;
  const char* color;
};

struct HBar {
  std::string label;
  std::vector<Segment> segments;
  std::string value_text;
  std::string tooltip;
};

// Horizontal bars, one row each, labels on the left, values on the right.
std::string HBarChart(const std::vector<HBar>& bars, const std::string& description) {
  if (bars.empty()) return "<p class=\"note\">Nothing to chart.</p>\n";
  constexpr int kRow = 24, kBar = 16, kPad = 4;
  int label_columns = 0, value_columns = 0;
  long max = 0;
  for (const HBar& b : bars) {
    label_columns = std::max(label_columns, DisplayWidth(b.label));
    value_columns = std::max(value_columns, DisplayWidth(b.value_text));
    long sum = 0;
    for (const Segment& s : b.segments) sum += s.value;
    max = std::max(max, sum);
  }
  double label_width = std::clamp(label_columns * kCharWidth + 16, 90.0, 320.0);
  int fit_columns = static_cast<int>((label_width - 16) / kCharWidth);
  double plot = kChartWidth - label_width - (value_columns * kCharWidth + 16);
  int height = 2 * kPad + kRow * static_cast<int>(bars.size());
  std::string out = absl::StrCat("<svg class=\"chart\" viewBox=\"0 0 ", kChartWidth, " ", height,
                                 "\" role=\"img\" aria-label=\"", Esc(description), "\">\n");
  for (size_t i = 0; i < bars.size(); ++i) {
    const HBar& b = bars[i];
    double y = kPad + kRow * static_cast<double>(i);
    absl::StrAppend(&out, "<g><title>", Esc(b.tooltip), "</title>");
    absl::StrAppend(&out, "<text x=\"", F(label_width - 8), "\" y=\"", F(y + kRow / 2.0 + 4),
                    "\" text-anchor=\"end\">", Esc(Truncate(b.label, fit_columns)), "</text>");
    double x = label_width;
    for (const Segment& s : b.segments) {
      if (s.value <= 0 || max <= 0) continue;
      double w = plot * static_cast<double>(s.value) / static_cast<double>(max);
      absl::StrAppend(&out, "<rect x=\"", F(x), "\" y=\"", F(y + (kRow - kBar) / 2.0),
                      "\" width=\"", F(std::max(w, 1.0)), "\" height=\"", kBar, "\" fill=\"",
                      s.color, "\"/>");
      x += w;
    }
    absl::StrAppend(&out, "<text x=\"", F(x + 6), "\" y=\"", F(y + kRow / 2.0 + 4), "\">",
                    Esc(b.value_text), "</text></g>\n");
  }
  absl::StrAppend(&out, "</svg>\n");
  return out;
}

// One bar split into allow, review and block, with a legend under it.
std::string VerdictChart(const Tally& t) {
  constexpr int kHeight = 70;
  const char* colors[3] = {kAllowColor, kReviewColor, kBlockColor};
  std::string out = absl::StrCat("<svg class=\"chart\" viewBox=\"0 0 ", kChartWidth, " ", kHeight,
                                 "\" role=\"img\" aria-label=\"messages per verdict\">\n");
  double x = 0;
  for (int v = 0; v < 3; ++v) {
    std::string name(ActionName(static_cast<Action>(v)));
    if (t.messages > 0 && t.verdicts[v] > 0) {
      double w = kChartWidth * static_cast<double>(t.verdicts[v]) / static_cast<double>(t.messages);
      absl::StrAppend(&out, "<rect x=\"", F(x), "\" y=\"4\" width=\"", F(std::max(w, 1.0)),
                      "\" height=\"28\" fill=\"", colors[v], "\"><title>", name, ": ",
                      Grouped(t.verdicts[v]), " (", Percent(t.verdicts[v], t.messages),
                      ")</title></rect>\n");
      x += w;
    }
    double lx = 4 + v * 300.0;
    absl::StrAppend(&out, "<rect x=\"", F(lx), "\" y=\"46\" width=\"14\" height=\"14\" fill=\"",
                    colors[v], "\"/><text x=\"", F(lx + 20), "\" y=\"58\">", name, ": ",
                    Grouped(t.verdicts[v]), " (", Percent(t.verdicts[v], t.messages),
                    ")</text>\n");
  }
  if (t.messages == 0) {
    absl::StrAppend(&out, "<rect x=\"0\" y=\"4\" width=\"", kChartWidth,
                    "\" height=\"28\" fill=\"#eef1f4\"/>\n");
  }
  absl::StrAppend(&out, "</svg>\n");
  return out;
}

// Frame shared by the weekly charts: x slots per week, a y axis with ticks.
struct WeekFrame {
  static constexpr double kLeft = 64, kRight = 12, kTop = 12, kBottom = 44, kHeight = 260;
  size_t weeks;
  double slot() const { return (kChartWidth - kLeft - kRight) / static_cast<double>(weeks); }
  double plot_height() const { return kHeight - kTop - kBottom; }
  double Y(double v, double top) const { return kTop + plot_height() * (1 - v / top); }
};

// Axis, gridlines and week labels; returns the value at the top of the axis.
double WeekAxes(const WeekFrame& f, const std::vector<WeekRow>& rows, double max, bool percent,
                std::string* out) {
  double step = NiceStep(max > 0 ? max / 4 : 0.25);
  double top = std::max(step, std::ceil(max / step - 1e-9) * step);
  for (double v = 0; v <= top + step / 2; v += step) {
    double y = f.Y(v, top);
    absl::StrAppend(out, "<line x1=\"", F(WeekFrame::kLeft), "\" x2=\"",
                    F(kChartWidth - WeekFrame::kRight), "\" y1=\"", F(y), "\" y2=\"", F(y),
                    "\" class=\"grid\"/><text x=\"", F(WeekFrame::kLeft - 6), "\" y=\"", F(y + 4),
                    "\" text-anchor=\"end\">", FormatTick(v, step), percent ? "%" : "",
                    "</text>\n");
  }
  // Label every k-th week so labels (about 60 px) do not overlap.
  size_t every = std::max<size_t>(1, static_cast<size_t>(std::ceil(64 / f.slot())));
  for (size_t i = 0; i < rows.size(); i += every) {
    double cx = WeekFrame::kLeft + f.slot() * (static_cast<double>(i) + 0.5);
    bool at_edge = cx + 32 > kChartWidth;  // keep the last label inside the picture
    absl::StrAppend(out, "<text x=\"", F(at_edge ? kChartWidth - 2 : cx), "\" y=\"",
                    F(WeekFrame::kHeight - 26), "\" text-anchor=\"", at_edge ? "end" : "middle",
                    "\">", IsoWeekLabel(rows[i].monday), "</text>\n");
  }
  absl::StrAppend(out, "<line x1=\"", F(WeekFrame::kLeft), "\" x2=\"",
                  F(kChartWidth - WeekFrame::kRight), "\" y1=\"", F(f.Y(0, top)), "\" y2=\"",
                  F(f.Y(0, top)), "\" class=\"axis\"/>\n");
  return top;
}

std::string WeekTooltip(const WeekRow& w) {
  const Tally& t = *w.tally;
  return absl::StrCat(IsoWeekLabel(w.monday), " (from ", Date(w.monday), "): ",
                      Grouped(t.messages), " messages, ", Grouped(t.review()), " review, ",
                      Grouped(t.block()), " block, ", Percent(t.flagged(), t.messages),
                      " flagged");
}

// Columns per week: blocked messages at the bottom, messages for review above.
std::string WeekVerdictChart(const std::vector<WeekRow>& rows) {
  WeekFrame f{rows.size()};
  std::string out = absl::StrCat("<svg class=\"chart\" viewBox=\"0 0 ", kChartWidth, " ",
                                 F(WeekFrame::kHeight),
                                 "\" role=\"img\" aria-label=\"flagged messages per week\">\n");
  double max = 0;
  for (const WeekRow& w : rows) max = std::max(max, static_cast<double>(w.tally->flagged()));
  double top = WeekAxes(f, rows, max, false, &out);
  double bar = std::max(1.0, f.slot() * 0.7);
  for (size_t i = 0; i < rows.size(); ++i) {
    const Tally& t = *rows[i].tally;
    double x = WeekFrame::kLeft + f.slot() * static_cast<double>(i) + (f.slot() - bar) / 2;
    absl::StrAppend(&out, "<g><title>", Esc(WeekTooltip(rows[i])), "</title>");
    double base = 0;
    for (auto [value, color] : {std::pair<long, const char*>{t.block(), kBlockColor},
                                std::pair<long, const char*>{t.review(), kReviewColor}}) {
      if (value <= 0) continue;
      double y1 = f.Y(base + static_cast<double>(value), top);
      double y0 = f.Y(base, top);
      absl::StrAppend(&out, "<rect x=\"", F(x), "\" y=\"", F(y1), "\" width=\"", F(bar),
                      "\" height=\"", F(std::max(y0 - y1, 0.5)), "\" fill=\"", color, "\"/>");
      base += static_cast<double>(value);
    }
    // An invisible full-height target so the tooltip shows on empty weeks too.
    absl::StrAppend(&out, "<rect x=\"", F(x), "\" y=\"", F(WeekFrame::kTop), "\" width=\"", F(bar),
                    "\" height=\"", F(f.plot_height()), "\" fill=\"transparent\"/></g>\n");
  }
  double ly = WeekFrame::kHeight - 8;
  absl::StrAppend(&out, "<rect x=\"", F(WeekFrame::kLeft), "\" y=\"", F(ly - 10),
                  "\" width=\"12\" height=\"12\" fill=\"", kBlockColor, "\"/><text x=\"",
                  F(WeekFrame::kLeft + 18), "\" y=\"", F(ly), "\">block</text>");
  absl::StrAppend(&out, "<rect x=\"", F(WeekFrame::kLeft + 90), "\" y=\"", F(ly - 10),
                  "\" width=\"12\" height=\"12\" fill=\"", kReviewColor, "\"/><text x=\"",
                  F(WeekFrame::kLeft + 108), "\" y=\"", F(ly), "\">review</text>\n</svg>\n");
  return out;
}

// The share of each week's messages that were flagged, as a line; weeks
// without messages break the line.
std::string WeekRateChart(const std::vector<WeekRow>& rows) {
  WeekFrame f{rows.size()};
  std::string out = absl::StrCat("<svg class=\"chart\" viewBox=\"0 0 ", kChartWidth, " ",
                                 F(WeekFrame::kHeight - 18),
                                 "\" role=\"img\" aria-label=\"share of messages flagged per "
                                 "week\">\n");
  auto rate = [](const Tally& t) {
    return 100.0 * static_cast<double>(t.flagged()) / static_cast<double>(t.messages);
  };
  double max = 0;
  for (const WeekRow& w : rows) {
    if (w.tally->messages > 0) max = std::max(max, rate(*w.tally));
  }
  double top = WeekAxes(f, rows, max, true, &out);
  std::string points, dots;
  auto flush = [&]() {
    if (!points.empty()) {
      absl::StrAppend(&out, "<polyline class=\"rate\" points=\"", points, "\"/>\n");
      points.clear();
    }
  };
  for (size_t i = 0; i < rows.size(); ++i) {
    const Tally& t = *rows[i].tally;
    if (t.messages == 0) {
      flush();
      continue;
    }
    double x = WeekFrame::kLeft + f.slot() * (static_cast<double>(i) + 0.5);
    double y = f.Y(rate(t), top);
    absl::StrAppend(&points, points.empty() ? "" : " ", F(x), ",", F(y));
    absl::StrAppend(&dots, "<circle cx=\"", F(x), "\" cy=\"", F(y), "\" r=\"3\"><title>",
                    Esc(WeekTooltip(rows[i])), "</title></circle>\n");
  }
  flush();
  absl::StrAppend(&out, dots, "</svg>\n");
  return out;
}

class HtmlTable {
 public:
  // `align` has one letter per column: 'l', 'r' (numbers) or 'w' (long text
  // that may wrap).
  HtmlTable(const std::vector<std::string>& headers, std::string align) : align_(std::move(align)) {
    out_ = "<table>\n<thead><tr>";
    for (size_t c = 0; c < headers.size(); ++c) {
      absl::StrAppend(&out_, align_[c] == 'r' ? "<th class=\"n\">" : "<th>", Esc(headers[c]),
                      "</th>");
    }
    out_ += "</tr></thead>\n<tbody>\n";
  }

  void AddRow(const std::vector<std::string>& cells, const char* row_class = nullptr) {
    out_ += row_class ? absl::StrCat("<tr class=\"", row_class, "\">") : "<tr>";
    for (size_t c = 0; c < cells.size(); ++c) {
      absl::StrAppend(&out_,
                      align_[c] == 'r'   ? "<td class=\"n\">"
                      : align_[c] == 'w' ? "<td class=\"w\">"
                                         : "<td>",
                      Esc(cells[c]), "</td>");
    }
    out_ += "</tr>\n";
  }

  std::string Finish() { return out_ + "</tbody>\n</table>\n"; }

 private:
  std::string align_;
  std::string out_;
};

constexpr char kStyle[] = R"(
:root { --ink: #1d2733; --muted: #5f6b7a; --line: #dfe4ea; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Source Han Sans SC",
       "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: #fff;
       max-width: 1100px; margin: 24px auto; padding: 0 20px; line-height: 1.45; }
h1 { font-size: 24px; margin: 0 0 4px; }
h3 { font-size: 15px; margin: 18px 0 4px; }
h2 { font-size: 18px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
p.sub, p.note, footer { color: var(--muted); font-size: 13px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 128px; }
.card .v { font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .l { color: var(--muted); font-size: 12px; }
.card.bad .v { color: #b42318; }
table { border-collapse: collapse; font-size: 13px; margin: 10px 0; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top;
         white-space: nowrap; }
td.w { white-space: normal; min-width: 200px; }
th { background: #f5f7f9; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 600; }
tr.empty td { color: var(--muted); }
svg.chart { width: 100%; height: auto; display: block; margin: 8px 0; }
svg.chart text { font-size: 12px; fill: #344054; }
svg.chart .grid { stroke: #e6e9ee; stroke-width: 1; }
svg.chart .axis { stroke: #98a2b3; stroke-width: 1; }
svg.chart .rate { fill: none; stroke: #3b6fd8; stroke-width: 2; }
svg.chart circle { fill: #3b6fd8; }
.wide { overflow-x: auto; }
.key { display: inline-block; width: 11px; height: 11px; vertical-align: -1px; margin-left: 6px; }
dl dt { font-weight: 600; margin-top: 8px; }
dl dd { margin-left: 16px; color: var(--muted); font-size: 14px; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
  svg.chart, tr { break-inside: avoid; } }
)";

std::string Card(const std::string& value, const std::string& label, bool bad = false) {
  return absl::StrCat("<div class=\"card", bad ? " bad" : "", "\"><div class=\"v\">", Esc(value),
                      "</div><div class=\"l\">", Esc(label), "</div></div>\n");
}

std::string HtmlHead(const ReportData& d) {
  std::string input = Printable(InputName(d));
  const Tally& t = d.total;
  std::string out = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      // Nothing may be loaded from anywhere: the page is complete as it is.
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>Chat compliance report: ",
      Esc(input), "</title>\n<style>", kStyle, "</style>\n</head>\n<body>\n");
  absl::StrAppend(&out, "<h1>Chat compliance report</h1>\n<p class=\"sub\">", Esc(input),
                  " &middot; rule pack ", Esc(Printable(d.pack_name)), " &middot; ",
                  Esc(Period(d)), "</p>\n");
  absl::StrAppend(&out, "<div class=\"cards\">\n", Card(Grouped(t.messages), "messages"),
                  Card(Grouped(NamedSenders(d)), "senders"),
                  Card(Percent(t.flagged(), t.messages), "flagged (review or block)"),
                  Card(Grouped(t.review()), "review"), Card(Grouped(t.block()), "block"),
                  Card(Grouped(t.findings), "findings"),
                  Card(Grouped(d.bad_lines), "malformed lines", d.bad_lines > 0), "</div>\n");
  if (d.bad_lines > 0) {
    absl::StrAppend(&out, "<p class=\"note\">Malformed lines were not counted: lines ",
                    Esc(BadLinesList(d)),
                    ". <code>chatscan report</code> names each one on its standard error.</p>\n");
  }
  return out;
}

std::string HtmlIndicators(const ReportData& d) {
  HtmlTable table({"indicator", "clauses", "compliant", "of", "rate", "measured as"}, "llrrrw");
  for (const Indicator& i : Indicators(d)) {
    table.AddRow({i.name, i.clause, Grouped(i.good), Grouped(i.all), Percent(i.good, i.all),
                  i.definition});
  }
  table.AddRow({"Completeness of contact records", "3.1", "", "", "-",
                "not measurable from messages"},
               "empty");
  return absl::StrCat("<h2>Clause 7.2 indicators</h2>\n", table.Finish());
}

std::string HtmlVerdicts(const ReportData& d) {
  const Tally& t = d.total;
  HtmlTable table({"verdict", "messages", "share"}, "lrr");
  for (int v = 0; v < 3; ++v) {
    table.AddRow({std::string(ActionName(static_cast<Action>(v))), Grouped(t.verdicts[v]),
                  Percent(t.verdicts[v], t.messages)});
  }
  table.AddRow({"all", Grouped(t.messages), Percent(t.messages, t.messages)}, "total");
  return absl::StrCat("<h2>Messages per verdict</h2>\n", VerdictChart(t), table.Finish());
}

std::string HtmlCategories(const ReportData& d) {
  const Tally& t = d.total;
  std::vector<HBar> bars;
  HtmlTable table({"category", "clauses", "findings", "messages", "rate"}, "llrrr");
  for (size_t c = 0; c < d.categories.size(); ++c) {
    bars.push_back({d.categories[c], {{t.category_messages[c], kBarColor}},
                    absl::StrCat(Grouped(t.category_messages[c]), " (",
                                 Percent(t.category_messages[c], t.messages), ")"),
                    absl::StrCat(d.categories[c], " (", d.category_clauses[c], "): ",
                                 Grouped(t.category_findings[c]), " findings in ",
                                 Grouped(t.category_messages[c]), " messages")});
    table.AddRow({d.categories[c], d.category_clauses[c], Grouped(t.category_findings[c]),
                  Grouped(t.category_messages[c]), Percent(t.category_messages[c], t.messages)});
  }
  return absl::StrCat(
      "<h2>Categories</h2>\n<p class=\"note\">Bars: messages with at least one finding of the "
      "category. Rate: those messages / all messages.</p>\n",
      HBarChart(bars, "messages per category"), table.Finish());
}

std::string HtmlWeeks(const ReportData& d) {
  Tally empty(d.categories.size());
  std::vector<WeekRow> weeks = WeekRows(d, &empty);
  std::string out = absl::StrCat(
      "<h2>By week</h2>\n<p class=\"note\">ISO 8601 weeks (Monday to Sunday) of each message's "
      "time, in ",
      Esc(d.tz_name), " time. Hover over a week for its numbers.</p>\n");
  if (weeks.empty()) {
    absl::StrAppend(&out, "<p class=\"note\">No message has a time.</p>\n");
  } else {
    absl::StrAppend(&out, "<h3>Flagged messages</h3>\n", WeekVerdictChart(weeks),
                    "<h3>Share of messages flagged</h3>\n", WeekRateChart(weeks));
  }
  auto [headers, align] = WithCategories(
      d, {"week", "from", "messages", "allow", "review", "block", "rate"}, "llrrrrr");
  HtmlTable table(headers, align);
  auto add = [&](std::string label, std::string monday, const Tally& w) {
    std::vector<std::string> row = {std::move(label), std::move(monday), Grouped(w.messages),
                                    Grouped(w.verdicts[0]), Grouped(w.review()),
                                    Grouped(w.block()), Percent(w.flagged(), w.messages)};
    for (long f : w.category_findings) row.push_back(Grouped(f));
    table.AddRow(row, w.messages == 0 ? "empty" : nullptr);
  };
  for (const WeekRow& w : weeks) {
    add(IsoWeekLabel(w.monday), Date(w.monday), *w.tally);
  }
  if (d.untimed.messages > 0) add("no time", "", d.untimed);
  if (weeks.empty() && d.untimed.messages == 0) return out;
  absl::StrAppend(&out,
                  "<p class=\"note\">Rate: messages for review or block / the week's messages. "
                  "Category columns count findings. The first and last weeks may be "
                  "partial.</p>\n<div class=\"wide\">",
                  table.Finish(), "</div>\n");
  return out;
}

std::string HtmlTopRules(const ReportData& d, const CompiledRules& rules, int top) {
  std::vector<size_t> ranked = RankedRules(d, rules);
  std::string out = "<h2>Top rules</h2>\n";
  if (ranked.empty()) return out + "<p class=\"note\">No rule found anything.</p>\n";
  size_t shown = std::min(ranked.size(), static_cast<size_t>(top));
  std::vector<HBar> bars;
  HtmlTable table({"rule", "category", "clauses", "severity", "findings", "messages",
                   "description"},
                  "llllrrw");
  for (size_t i = 0; i < shown; ++i) {
    const RuleInfo& info = rules.rules()[ranked[i]];
    long findings = d.rule_findings[ranked[i]];
    bars.push_back({info.id, {{findings, kBarColor}}, Grouped(findings),
                    absl::StrCat(info.id, ": ", info.description)});
    std::string clauses;
    for (const std::string& c : info.clauses) {
      absl::StrAppend(&clauses, clauses.empty() ? "" : ",", c);
    }
    table.AddRow({info.id, info.category, clauses, std::string(SeverityName(info.severity)),
                  Grouped(findings), Grouped(d.rule_messages[ranked[i]]), info.description});
  }
  absl::StrAppend(&out, "<p class=\"note\">", Shown(shown, ranked.size(), "rules with findings"),
                  ", most findings first.</p>\n", HBarChart(bars, "findings per rule"),
                  table.Finish());
  return out;
}

std::string HtmlWorstSenders(const std::vector<SenderRow>& senders, int top) {
  size_t offenders = SendersWithFindings(senders);
  std::string out = "<h2>Worst senders</h2>\n";
  if (offenders == 0) return out + "<p class=\"note\">No sender has findings.</p>\n";
  size_t shown = std::min(offenders, static_cast<size_t>(top));
  std::vector<HBar> bars;
  for (size_t i = 0; i < shown; ++i) {
    const Tally& s = *senders[i].tally;
    std::string name = Printable(SenderName(*senders[i].name));
    bars.push_back({name, {{s.block(), kBlockColor}, {s.review(), kReviewColor}},
                    absl::StrCat(Grouped(s.flagged()), " of ", Grouped(s.messages), " (",
                                 Percent(s.flagged(), s.messages), ")"),
                    absl::StrCat(name, ": ", Grouped(s.block()), " block, ", Grouped(s.review()),
                                 " review, ", Grouped(s.messages), " messages")});
  }
  absl::StrAppend(&out, "<p class=\"note\">", Shown(shown, offenders, "senders with findings"),
                  ", most messages for review or block first (then most blocked, most "
                  "findings).</p>\n",
                  HBarChart(bars, "worst senders"),
                  "<p class=\"note\"><span class=\"key\" style=\"background:", kBlockColor,
                  "\"></span> block <span class=\"key\" style=\"background:", kReviewColor,
                  "\"></span> review; the numbers: messages for review or block of the "
                  "sender's messages (rate).</p>\n");
  return out;
}

std::string HtmlAllSenders(const ReportData& d, const std::vector<SenderRow>& senders) {
  std::string out = "<h2>All senders</h2>\n";
  if (senders.empty()) return out + "<p class=\"note\">No messages.</p>\n";
  auto [headers, align] = WithCategories(
      d, {"#", "sender", "messages", "review", "block", "rate", "findings"}, "rlrrrrr");
  HtmlTable table(headers, align);
  for (size_t i = 0; i < senders.size(); ++i) {
    const Tally& s = *senders[i].tally;
    std::vector<std::string> row = {absl::StrCat(i + 1), Printable(SenderName(*senders[i].name)),
                                    Grouped(s.messages), Grouped(s.review()), Grouped(s.block()),
                                    Percent(s.flagged(), s.messages), Grouped(s.findings)};
    for (long f : s.category_findings) row.push_back(Grouped(f));
    table.AddRow(row, s.findings == 0 ? "empty" : nullptr);
  }
  absl::StrAppend(&out,
                  "<p class=\"note\">Worst first. Rate: messages for review or block / the "
                  "sender's messages. Category columns count findings.</p>\n<div "
                  "class=\"wide\">",
                  table.Finish(), "</div>\n");
  return out;
}

constexpr char kHowToRead[] = R"(<h2>How to read this report</h2>
<dl>
<dt>Verdict</dt><dd>What each message needs: <b>allow</b> (nothing to do), <b>review</b> (a person
should look at it), <b>block</b> (should not have been sent). A message's verdict is the strongest
action of its findings; the same words can weigh more in a Moments post, to an external audience
or outside working hours.</dd>
<dt>Flagged</dt><dd>Messages with verdict review or block. Rates are shares of all messages in the
row: of the archive, of one sender, of one week.</dd>
<dt>Finding</dt><dd>One rule matching one place in a message. A message can have several findings,
so finding counts can exceed message counts.</dd>
<dt>Findings are leads, not proof</dt><dd>Check the messages themselves (<code>chatscan scan</code>
lists each finding with its text) before acting on a number. Senders with few messages can have
high rates by chance.</dd>
</dl>
)";

std::string HtmlReport(const ReportData& d, const CompiledRules& rules, int top) {
  std::vector<SenderRow> senders = RankedSenders(d);
  return absl::StrCat(
      HtmlHead(d), HtmlIndicators(d), HtmlVerdicts(d), HtmlCategories(d), HtmlWeeks(d),
      HtmlTopRules(d, rules, top), HtmlWorstSenders(senders, top), HtmlAllSenders(d, senders),
      kHowToRead, "<footer><p>Generated by chatscan report at ",
      absl::FormatTime("%Y-%m-%d %H:%M", absl::Now(), d.tz), " (", Esc(d.tz_name),
      ").</p></footer>\n</body>\n</html>\n");
}

// ---------------------------------------------------------------------------

bool WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    fprintf(stderr, "chatscan report: cannot write %s: %s\n", path.c_str(), strerror(errno));
    return false;
  }
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.close();
  if (!out) {
    fprintf(stderr, "chatscan report: writing %s failed: %s\n", path.c_str(), strerror(errno));
    return false;
  }
  return true;
}

}  // namespace

int ReportCommand(const std::vector<std::string>& args, const std::string& default_pack_dir) {
  ReportOptions opts;
  if (int status = ParseReportArgs(args, &opts); status >= 0) return status;

  std::string pack_dir = opts.rules.empty() ? default_pack_dir : opts.rules;
  std::shared_ptr<const CompiledRules> rules;
  Status s = CompiledRules::Compile(pack_dir, &rules);
  if (!s.ok()) {
    fprintf(stderr, "chatscan: rule pack %s:\n%s\n", pack_dir.c_str(), s.message().c_str());
    return 2;
  }

  std::ifstream file;
  std::istream* in = &std::cin;
  if (opts.input != "-") {
    std::error_code ec;
    if (std::filesystem::is_directory(opts.input, ec)) {
      fprintf(stderr, "chatscan: cannot read %s: it is a directory\n", opts.input.c_str());
      return 2;
    }
    file.open(opts.input, std::ios::binary);
    if (!file) {
      fprintf(stderr, "chatscan: cannot open %s: %s\n", opts.input.c_str(), strerror(errno));
      return 2;
    }
    in = &file;
  }

  ReportData data;
  data.input = opts.input;
  InitReport(*rules, &data);
  Counter counter(&data);
  Scanner scanner(rules);
  ScanResult result;
  InputMessage message;
  std::string line, error;
  long line_no = 0;
  auto bad_line = [&](const std::string& why) {
    fprintf(stderr, "chatscan: %s:%ld: %s\n", opts.input.c_str(), line_no, why.c_str());
    ++data.bad_lines;
    if (data.listed_bad_lines.size() < kListedBadLines) data.listed_bad_lines.push_back(line_no);
  };
  while (std::getline(*in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (!ParseInputLine(line, InputFormat::kAuto, line_no, &message, &error)) {
      bad_line(error);
      continue;
    }
    Status scanned = scanner.Scan(message.text, message.context, &result);
    if (!scanned.ok()) {
      bad_line(scanned.message());
      continue;
    }
    counter.Add(message, result);
  }
  if (in->bad()) {
    fprintf(stderr, "chatscan: reading %s failed after line %ld: %s\n", opts.input.c_str(),
            line_no, strerror(errno));
    return 2;
  }

  // The page first, so that it is written even when stdout goes to `head`.
  bool html_ok = opts.html.empty() || WriteFile(opts.html, HtmlReport(data, *rules, opts.top));
  std::string text = TextReport(data, *rules, opts.top);
  fwrite(text.data(), 1, text.size(), stdout);
  fflush(stdout);
  if (data.bad_lines > 0) {
    fprintf(stderr, "chatscan: %s: %ld malformed lines were not counted\n", opts.input.c_str(),
            data.bad_lines);
  }
  if (data.bad_lines > 0 || !html_ok) return 2;
  return data.total.findings > 0 ? 1 : 0;
}

}  // namespace chatscan::cli
