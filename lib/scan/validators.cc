#include "scan/validators.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <ctime>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "unicode/utf8.h"

namespace chatscan {
namespace {

// The digits of `text` (and an X when `allow_x`), skipping spaces, dashes
// and plus signs; false if anything else is there. Validators see the
// folded view, where full-width digits and the ideographic space have
// become ASCII already.
bool Digits(std::string_view text, bool allow_x, std::string* out) {
  out->clear();
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      out->push_back(c);
    } else if (allow_x && (c == 'x' || c == 'X')) {
      out->push_back('X');
    } else if (c != ' ' && c != '-' && c != '+') {
      return false;
    }
  }
  return true;
}

}  // namespace

bool ValidLuhn(std::string_view text) {
  std::string d;
  if (!Digits(text, false, &d) || d.size() < 16 || d.size() > 19) return false;
  int sum = 0;
  bool twice = false;
  for (size_t i = d.size(); i-- > 0;) {
    int v = d[i] - '0';
    if (twice) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    twice = !twice;
  }
  return sum % 10 == 0;
}

bool ValidResidentId(std::string_view text) {
  std::string d;
  if (!Digits(text, true, &d) || d.size() != 18) return false;
  for (int i = 0; i < 17; ++i) {
    if (d[i] == 'X') return false;
  }
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[] = "10X98765432";
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (d[i] - '0') * kWeights[i];
  if (kCheck[sum % 11] != d[17]) return false;
  if (d[0] == '0' || d[0] == '9') return false;  // no such province codes
  int year = std::stoi(d.substr(6, 4));
  int month = std::stoi(d.substr(10, 2));
  int day = std::stoi(d.substr(12, 2));
  absl::CivilDay date(year, month, day);
  if (date.year() != year || date.month() != month || date.day() != day) return false;
  absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  return year >= 1900 && date <= today;
}

bool ValidMobile(std::string_view text) {
  std::string d;
  if (!Digits(text, false, &d)) return false;
  if (d.size() == 13 && absl::StartsWith(d, "86")) d.erase(0, 2);
  if (d.size() != 11 || d[0] != '1') return false;
  // Prefix ranges allocated to mobile networks (MIIT numbering plan).
  switch (d[1]) {
    case '3': case '8': return true;
    case '4': return d[2] >= '5' && d[2] <= '9';
    case '5': return d[2] != '4';
    case '6': return d[2] == '2' || d[2] == '5' || d[2] == '6' || d[2] == '7';
    case '7': return d[2] <= '8';
    case '9': return d[2] != '4';
    default: return false;
  }
}

double ShannonEntropy(std::string_view text) {
  if (text.empty()) return 0;
  int counts[256] = {0};
  for (unsigned char c : text) ++counts[c];
  double entropy = 0;
  const double n = static_cast<double>(text.size());
  for (int c : counts) {
    if (c == 0) continue;
    double p = c / n;
    entropy -= p * std::log2(p);
  }
  return entropy;
}

double GitleaksEntropy(std::string_view text) {
  const bool ascii = std::all_of(text.begin(), text.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) return ShannonEntropy(text);
  absl::flat_hash_map<UChar32, int> counts;
  const uint8_t* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    ++counts[c];  // an invalid byte counts as one "rune", as in Go
  }
  double entropy = 0;
  const double inverse = 1.0 / static_cast<double>(text.size());
  for (const auto& [c, n] : counts) {
    const double p = n * inverse;
    entropy -= p * std::log2(p);
  }
  return entropy;
}

bool ValidDomain(std::string_view text) {
  // The generic and country TLDs links in chat actually use; a name whose
  // last label is not here (report.docx, v1.2) is not a link.
  static const auto* kTlds = new absl::flat_hash_set<std::string>{
      "com", "net", "org", "cn", "io", "co", "me", "top", "xyz", "info", "biz",
      "cc", "tv", "hk", "tw", "jp", "kr", "us", "uk", "de", "fr", "ru", "sg",
      "app", "dev", "site", "online", "shop", "store", "vip", "club", "link",
      "ly", "gl", "gd", "la", "edu", "gov", "mil", "int", "ai", "tech", "work",
      "ink", "wang", "ltd", "pro", "live", "news", "fun", "asia", "mobi",
      "icu", "im", "cyou", "buzz", "xin", "cloud", "ren", "red", "kim", "tk", "ml", "ga", "cf",
      "中国", "公司", "网络", "在线", "网址"};
  size_t dot = text.find_last_of('.');
  if (dot == std::string_view::npos || dot + 1 >= text.size()) return false;
  std::string tld(text.substr(dot + 1));
  absl::AsciiStrToLower(&tld);
  while (!tld.empty() && (tld.back() == '/' || tld.back() == ':')) tld.pop_back();
  return kTlds->contains(tld);
}

bool ValidEmail(std::string_view text) {
  size_t at = text.find('@');
  if (at == std::string_view::npos || at == 0) return false;
  return ValidDomain(text.substr(at + 1));
}

std::string LinkHost(std::string_view text) {
  std::string s(text);
  absl::AsciiStrToLower(&s);
  size_t scheme = s.find("://");
  if (scheme != std::string::npos) s.erase(0, scheme + 3);
  // Disguised dots.
  for (const char* dot : {"[.]", "(.)", "{.}", "[dot]", "(dot)", "\xE7\x82\xB9", "\xE3\x80\x82"}) {
    size_t at;
    while ((at = s.find(dot)) != std::string::npos) s.replace(at, strlen(dot), ".");
  }
  size_t at = s.find('@');
  if (at != std::string::npos && s.find('/') > at) s.erase(0, at + 1);
  size_t end = s.find_first_of("/:?#\\ \t");
  if (end != std::string::npos) s.resize(end);
  while (!s.empty() && s.back() == '.') s.pop_back();
  if (absl::StartsWith(s, "www.")) s.erase(0, 4);
  return s;
}

bool ValidUrl(std::string_view text, const std::vector<std::string>& trusted) {
  std::string host = LinkHost(text);
  if (host.empty()) return false;
  for (const std::string& t : trusted) {
    if (host == t || (host.size() > t.size() && absl::EndsWith(host, t) &&
                      host[host.size() - t.size() - 1] == '.')) {
      return false;
    }
  }
  bool ipv4 = true;
  int dots = 0;
  for (char c : host) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      ipv4 = false;
    }
  }
  if (ipv4 && dots == 3) return true;
  return ValidDomain(host);
}

bool RunValidator(std::string_view name, const ValidatorContext& context, std::string_view text) {
  if (name.empty()) return true;
  const double min_entropy = context.min_entropy;
  if (name == "url") {
    static const std::vector<std::string> kNone;
    return ValidUrl(text, context.trusted_domains ? *context.trusted_domains : kNone);
  }
  if (name == "luhn") return ValidLuhn(text);
  if (name == "resident_id") return ValidResidentId(text);
  if (name == "mobile") return ValidMobile(text);
  if (name == "entropy") return ShannonEntropy(text) >= min_entropy;
  if (name == "domain") return ValidDomain(text);
  if (name == "email") {
    if (!ValidEmail(text)) return false;
    if (context.trusted_domains == nullptr) return true;
    // The company's own addresses are not personal data.
    return ValidUrl(text.substr(text.find('@') + 1), *context.trusted_domains);
  }
  return true;
}

}  // namespace chatscan
