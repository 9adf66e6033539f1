// The scan side of imported gitleaks rules: keywords gate each rule's
// regex, RE2 reports the secret (a capture group) of every match, and
// entropy and allow-lists decide, as gitleaks does (detect/detect.go).
#include <algorithm>

#include "absl/strings/ascii.h"
#include "scan/resolve.h"
#include "scan/validators.h"

namespace chatscan {

void Scanner::State::InitSecrets() {
  for (const RuleRuntime& rt : impl_.runtime) has_secret_rules_ |= rt.secret;
  if (!has_secret_rules_) return;
  windowed_by_rule_.assign(impl_.runtime.size(), UINT32_MAX);
  size_t groups = 1;
  for (uint32_t r = 0; r < impl_.re2_patterns.size(); ++r) {
    const Re2Pattern& p = impl_.re2_patterns[r];
    if (p.windowed) windowed_by_rule_[p.rule] = r;
    groups = std::max(groups, static_cast<size_t>(1 + p.re->NumberOfCapturingGroups()));
  }
  groups_.resize(groups);  // sized once: matching allocates nothing
  keyword_hits_.reserve(16);
}

// A gitleaks rule with keywords is considered only when one of them occurs
// in the message: drop the prefilter hits of the others.
void Scanner::State::GateByKeywords() {
  std::sort(keyword_hits_.begin(), keyword_hits_.end(),
            [](const KeywordHit& a, const KeywordHit& b) {
              return a.rule != b.rule ? a.rule < b.rule : a.from < b.from;
            });
  auto has_keyword = [this](uint32_t rule) {
    auto it = std::lower_bound(keyword_hits_.begin(), keyword_hits_.end(), rule,
                               [](const KeywordHit& h, uint32_t r) { return h.rule < r; });
    return it != keyword_hits_.end() && it->rule == rule;
  };
  regex_hits_.erase(std::remove_if(regex_hits_.begin(), regex_hits_.end(),
                                   [&](uint32_t r) {
                                     const uint32_t rule = impl_.re2_patterns[r].rule;
                                     return impl_.runtime[rule].keyword_gated &&
                                            !has_keyword(rule);
                                   }),
                    regex_hits_.end());
}

// Regexes Hyperscan rejected run in windows around their keyword hits
// (kKeywordWindowBefore/After); overlapping windows are merged so that no
// byte is searched twice. keyword_hits_ is sorted by GateByKeywords.
void Scanner::State::RunWindowedRegexes(std::vector<TraceEntry>* trace) {
  const View& view = folded_.views[kFoldedView];
  auto char_start = [&](size_t i) {
    return i >= view.size || (static_cast<uint8_t>(view.data()[i]) & 0xC0) != 0x80;
  };
  for (size_t i = 0; i < keyword_hits_.size();) {
    const uint32_t rule = keyword_hits_[i].rule;
    const uint32_t re2 = windowed_by_rule_[rule];
    while (i < keyword_hits_.size() && keyword_hits_[i].rule == rule) {
      const KeywordHit& hit = keyword_hits_[i++];
      size_t begin = hit.from > kKeywordWindowBefore ? hit.from - kKeywordWindowBefore : 0;
      size_t end = std::min<size_t>(view.size, size_t{hit.to} + kKeywordWindowAfter);
      while (i < keyword_hits_.size() && keyword_hits_[i].rule == rule &&
             keyword_hits_[i].from <= end + kKeywordWindowBefore) {
        end = std::min<size_t>(view.size, size_t{keyword_hits_[i++].to} + kKeywordWindowAfter);
      }
      if (re2 == UINT32_MAX) continue;  // the rule's regex runs elsewhere
      while (!char_start(begin)) --begin;
      while (!char_start(end)) ++end;
      ConfirmSecrets(re2, begin, end, trace);
    }
  }
}

// Every match of RE2 program `re2` in folded bytes [begin, end): the secret
// becomes a hit unless entropy or an allow-list drops it.
void Scanner::State::ConfirmSecrets(uint32_t re2, size_t begin, size_t end,
                                    std::vector<TraceEntry>* trace) {
  const Re2Pattern& p = impl_.re2_patterns[re2];
  const RuleRuntime& rt = impl_.runtime[p.rule];
  const View& view = folded_.views[kFoldedView];
  const std::string_view text = view.text();
  const int n = 1 + p.re->NumberOfCapturingGroups();
  const re2::StringPiece input(text.data(), text.size());
  size_t pos = begin;
  while (pos <= end && p.re->Match(input, pos, end, RE2::UNANCHORED, groups_.data(), n)) {
    size_t from = static_cast<size_t>(groups_[0].data() - text.data());
    size_t to = from + groups_[0].size();
    pos = to > from ? to : to + 1;
    // gitleaks trims line ends off the match.
    while (from < to && text[from] == '\n') ++from;
    while (to > from && text[to - 1] == '\n') --to;
    // The secret: the group the rule names, else the first non-empty group,
    // else the whole match. An empty named group leaves nothing to report.
    re2::StringPiece secret(text.data() + from, to - from);
    if (rt.secret_group > 0) {
      secret = groups_[rt.secret_group];
    } else {
      for (int g = 1; g < n; ++g) {
        if (!groups_[g].empty()) {
          secret = groups_[g];
          break;
        }
      }
    }
    if (secret.empty()) continue;
    const size_t secret_from = static_cast<size_t>(secret.data() - text.data());
    const size_t secret_to = secret_from + secret.size();
    DropReason reason = CheckSecret(p.rule, text, from, to, secret_from, secret_to);
    Hit hit{kRe2Pattern, static_cast<uint32_t>(secret_from), static_cast<uint32_t>(secret_to),
            kFoldedView, re2};
    if (reason == DropReason::kKept) {
      hits_.push_back(hit);
    } else if (trace != nullptr) {
      trace->push_back({hit, p.rule, view.OriginalBegin(secret_from),
                        view.OriginalEnd(secret_to), reason});
    }
  }
}

DropReason Scanner::State::CheckSecret(uint32_t rule, std::string_view text, size_t match_from,
                                       size_t match_to, size_t secret_from, size_t secret_to) {
  const RuleRuntime& rt = impl_.runtime[rule];
  std::string_view secret = text.substr(secret_from, secret_to - secret_from);
  // gitleaks keeps a secret whose entropy EXCEEDS the threshold.
  if (rt.secret_entropy > 0) {
    if (GitleaksEntropy(secret) <= rt.secret_entropy) return DropReason::kValidator;
    if (rt.needs_digit &&
        std::none_of(secret.begin(), secret.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return DropReason::kValidator;
    }
  }
  if (rt.allowlists.empty()) return DropReason::kKept;
  // The line: from the line start before the match to the line end after it.
  size_t line_from = text.rfind('\n', match_from == 0 ? 0 : match_from - 1);
  line_from = line_from == std::string_view::npos || match_from == 0 ? 0 : line_from + 1;
  size_t line_to = text.find('\n', match_to);
  if (line_to == std::string_view::npos) line_to = text.size();
  std::string_view match = text.substr(match_from, match_to - match_from);
  std::string_view line = text.substr(line_from, line_to - line_from);
  for (uint32_t a : rt.allowlists) {
    if (AllowListed(impl_.allowlists[a], secret, match, line)) return DropReason::kAllowList;
  }
  return DropReason::kKept;
}

// gitleaks' Allowlist: OR (any check matches) or AND (every check it has).
bool Scanner::State::AllowListed(const CompiledAllowList& list, std::string_view secret,
                                 std::string_view match, std::string_view line) {
  std::string_view target = secret;
  if (list.target == SecretAllowList::Target::kMatch) target = match;
  if (list.target == SecretAllowList::Target::kLine) target = line;
  bool regex = false;
  for (const auto& re : list.regexes) {
    if (RE2::PartialMatch(re2::StringPiece(target.data(), target.size()), *re)) {
      regex = true;
      break;
    }
  }
  bool stopword = false;
  if (!list.stopwords.empty()) {
    lower_.assign(secret.data(), secret.size());
    absl::AsciiStrToLower(&lower_);
    for (const std::string& word : list.stopwords) {
      if (lower_.find(word) != std::string::npos) {
        stopword = true;
        break;
      }
    }
  }
  if (list.all) {
    return (list.regexes.empty() || regex) && (list.stopwords.empty() || stopword);
  }
  return regex || stopword;
}

}  // namespace chatscan
