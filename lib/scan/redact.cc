// Redaction: masking finding spans in the original text.
#include <algorithm>

#include "chatscan/scanner.h"
#include "compile/compiled_rules_impl.h"

namespace chatscan {

void Redact(const CompiledRules& rules, std::string_view text, const ScanResult& result,
            std::string* out) {
  const CompiledRules::Impl& impl = rules.impl();
  struct Span {
    uint32_t start, end;
    bool label;
    std::string categories;
  };
  std::vector<Span> spans;
  for (const Finding& f : result.findings) {
    if (f.end > text.size() || f.start >= f.end || f.rule >= impl.runtime.size()) {
      continue;  // not from this text or these rules
    }
    const RuleRuntime& rt = impl.runtime[f.rule];
    const Category& category = impl.categories[rt.category];
    if (category.redaction == Redaction::kNone) continue;
    spans.push_back({f.start, f.end, category.redaction == Redaction::kLabel, category.name});
  }
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.start < b.start; });
  // Merge overlapping and adjacent spans.
  std::vector<Span> merged;
  for (Span& s : spans) {
    if (!merged.empty() && s.start <= merged.back().end) {
      Span& m = merged.back();
      m.end = std::max(m.end, s.end);
      m.label |= s.label;
      if (m.categories.find(s.categories) == std::string::npos) m.categories += "," + s.categories;
    } else {
      merged.push_back(std::move(s));
    }
  }
  out->clear();
  out->reserve(text.size());
  size_t at = 0;
  for (const Span& m : merged) {
    out->append(text.substr(at, m.start - at));
    if (m.label) {
      out->append("[" + m.categories + "]");
    } else {
      // One full-width asterisk per character of the span.
      for (uint32_t i = m.start; i < m.end; ++i) {
        if ((static_cast<uint8_t>(text[i]) & 0xC0) != 0x80) out->append("\xEF\xBC\x8A");
      }
    }
    at = m.end;
  }
  out->append(text.substr(at));
}

}  // namespace chatscan
