#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "report_data.h"
#include "text_util.h"

namespace chatscan::cli {
namespace {

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

}  // namespace

std::string TextReport(const ReportData& d, const CompiledRules& rules, int top) {
  std::vector<SenderRow> senders = RankedSenders(d);
  return absl::StrCat(TextHead(d), TextIndicators(d), TextVerdicts(d), TextCategories(d),
                      TextTopRules(d, rules, top), TextWorstSenders(d, senders, top),
                      TextWeeks(d),
                      "\nrate = messages flagged (verdict review or block) / messages of the "
                      "row; sender and week columns per category count findings.\n");
}

}  // namespace chatscan::cli
