#include "bench_util.h"

#include <cstdio>

#include "compile/compiled_rules_impl.h"
#include "compile/escape.h"

namespace chatscan::bench {
namespace {

int CountMatch(unsigned int, unsigned long long, unsigned long long, unsigned int, void* ctx) {
  ++*static_cast<size_t*>(ctx);
  return 0;
}

}  // namespace

BareHyperscan::BareHyperscan(const std::vector<std::string>& terms) {
  std::vector<std::string> exprs;
  for (const std::string& t : terms) exprs.push_back(EscapeHyperscanLiteral(t));
  std::vector<const char*> cexprs;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < exprs.size(); ++i) {
    cexprs.push_back(exprs[i].c_str());
    flags.push_back(HS_FLAG_UTF8 | HS_FLAG_CASELESS);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(cexprs.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(cexprs.size()), HS_MODE_BLOCK, nullptr, &db_,
                       &err) != HS_SUCCESS) {
    fprintf(stderr, "baseline: %s\n", err ? err->message : "compile failed");
    hs_free_compile_error(err);
    db_ = nullptr;
    return;
  }
  hs_alloc_scratch(db_, &scratch_);
}

BareHyperscan::~BareHyperscan() {
  hs_free_scratch(scratch_);
  hs_free_database(db_);
}

size_t BareHyperscan::ScanAll(const std::vector<std::string>& messages) {
  size_t matches = 0;
  for (const std::string& m : messages) {
    hs_scan(db_, m.data(), static_cast<unsigned>(m.size()), 0, scratch_, CountMatch, &matches);
  }
  return matches;
}

std::shared_ptr<const CompiledRules> LexiconPack(const std::vector<std::string>& terms,
                                                 bool noise) {
  std::string toml = "[pack]\nname = \"bench\"\n[categories.abuse]\nclauses = [\"4.1.1\"]\n"
                     "action = \"block\"\n[[rule]]\nid = \"lexicon\"\ncategory = \"abuse\"\n";
  toml += noise ? "noise = true\n" : "";
  toml += "words = [\n";
  for (const std::string& t : terms) toml += "  '" + t + "',\n";
  toml += "]\n";
  std::shared_ptr<const CompiledRules> rules;
  Status s = CompiledRules::CompileText(toml, ".", "bench.toml", &rules);
  if (!s.ok()) fprintf(stderr, "bench pack: %s\n", s.message().c_str());
  return rules;
}

std::shared_ptr<const CompiledRules> WithoutFolding(std::shared_ptr<const CompiledRules> rules) {
  // The Impl is not const in itself, and no scanner reads it yet.
  if (rules != nullptr) const_cast<CompiledRules::Impl&>(rules->impl()).fold_text = false;
  return rules;
}

}  // namespace chatscan::bench
