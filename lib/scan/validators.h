// Validators run on a match after the scan: a match that fails its
// validator is not a finding. Each takes the ORIGINAL matched text.
#ifndef CHATSCAN_LIB_SCAN_VALIDATORS_H_
#define CHATSCAN_LIB_SCAN_VALIDATORS_H_

#include <string>
#include <string_view>
#include <vector>

namespace chatscan {

// Bank card numbers: 16 to 19 digits (spaces and dashes ignored) passing the
// Luhn check.
bool ValidLuhn(std::string_view text);
// Mainland resident ID numbers (GB 11643): 17 digits and a check character
// (0-9 or X), a real birth date from 1900 up to this year.
bool ValidResidentId(std::string_view text);
// Mainland mobile numbers: 11 digits in an allocated prefix range, an
// optional +86 / 86 prefix, spaces and dashes ignored.
bool ValidMobile(std::string_view text);
// Shannon entropy in bits per character of `text`, as gitleaks defines it.
double ShannonEntropy(std::string_view text);
// gitleaks' entropy of a secret (detect/utils.go): frequencies of code
// points, each divided by the length in BYTES. The same as ShannonEntropy
// for ASCII; imported gitleaks thresholds are kept only with this one.
double GitleaksEntropy(std::string_view text);
// A host name whose last label is a known top-level domain.
bool ValidDomain(std::string_view text);
// An e-mail address whose domain passes ValidDomain.
bool ValidEmail(std::string_view text);

// The host of a link as the scanner saw it (folded text): scheme, "www."
// and path removed, disguised dots ("[.]", "(.)", "点", "。") read as dots,
// lower-cased. Empty if there is no host.
std::string LinkHost(std::string_view text);
// A link whose host is an IPv4 address or a domain with a known top-level
// domain, and not one of `trusted` (or a subdomain of one).
bool ValidUrl(std::string_view text, const std::vector<std::string>& trusted);

struct ValidatorContext {
  double min_entropy = 0;
  const std::vector<std::string>* trusted_domains = nullptr;
};

// Dispatches on the validator's name (as in rules); unknown names pass.
bool RunValidator(std::string_view name, const ValidatorContext& context, std::string_view text);

}  // namespace chatscan

#endif  // CHATSCAN_LIB_SCAN_VALIDATORS_H_
