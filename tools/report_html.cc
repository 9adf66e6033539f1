#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "report_data.h"
#include "text_util.h"

namespace chatscan::cli {
namespace {

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

}  // namespace

std::string HtmlReport(const ReportData& d, const CompiledRules& rules, int top) {
  std::vector<SenderRow> senders = RankedSenders(d);
  return absl::StrCat(
      HtmlHead(d), HtmlIndicators(d), HtmlVerdicts(d), HtmlCategories(d), HtmlWeeks(d),
      HtmlTopRules(d, rules, top), HtmlWorstSenders(senders, top), HtmlAllSenders(d, senders),
      kHowToRead, "<footer><p>Generated by chatscan report at ",
      absl::FormatTime("%Y-%m-%d %H:%M", absl::Now(), d.tz), " (", Esc(d.tz_name),
      ").</p></footer>\n</body>\n</html>\n");
}

}  // namespace chatscan::cli
