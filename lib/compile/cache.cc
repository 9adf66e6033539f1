// The compiled-rules cache file: a header that says what the file fits
// (format, library, Hyperscan and ICU versions, CPU features, the pack's
// files) and a checksummed body with the fold table, the rule and pattern
// tables and Hyperscan's serialized databases. A file that does not fit is
// refused with the reason; nothing of it is used.
#include <hs.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "compile/compiled_rules_impl.h"
#include "normalize/fold_table.h"
#include "unicode/uversion.h"
#include "util/binary_io.h"

namespace chatscan {
namespace {

namespace fs = std::filesystem;

constexpr char kMagic[8] = {'C', 'H', 'S', 'C', 'A', 'N', 'C', '1'};
// 2: regex atoms; 3: gitleaks rules; 4: [limits]; 5: class-gated databases
constexpr uint32_t kFormatVersion = 7;

std::string LibraryVersion() { return CHATSCAN_VERSION_STRING; }

// What the running machine and build are; a cache must have been written
// by the same.
struct Fingerprint {
  std::string library = LibraryVersion();
  std::string hyperscan = hs_version();
  std::string icu = U_ICU_VERSION;
  uint64_t cpu_features = 0;
  uint32_t tune = 0;
};

Fingerprint Current() {
  Fingerprint f;
  hs_platform_info_t platform{};
  if (hs_populate_platform(&platform) == HS_SUCCESS) {
    f.cpu_features = platform.cpu_features;
    f.tune = platform.tune;
  }
  return f;
}

void WritePlace(BinaryWriter* w, const SourcePlace& p) {
  w->Str(p.file);
  w->I32(p.line);
}
SourcePlace ReadPlace(BinaryReader* r) {
  SourcePlace p;
  p.file = r->Str();
  p.line = r->I32();
  return p;
}

void WriteAction(BinaryWriter* w, const std::optional<Action>& a) {
  w->U8(a ? static_cast<uint8_t>(*a) : 0xFF);
}
bool ReadAction(BinaryReader* r, std::optional<Action>* a) {
  uint8_t v = r->U8();
  if (v == 0xFF) {
    a->reset();
    return true;
  }
  *a = static_cast<Action>(v);
  return v <= 2;
}

void WriteLimits(BinaryWriter* w, const PackLimits& l) {
  for (size_t v : {l.max_terms, l.max_term_bytes, l.max_regexes, l.max_regex_bytes,
                   l.max_regex_repeat, l.re2_max_mem, l.max_message_bytes, l.long_match_chars}) {
    w->U64(v);
  }
  w->U8(static_cast<uint8_t>(l.oversize));
}
void ReadLimits(BinaryReader* r, PackLimits* l) {
  for (size_t* v : {&l->max_terms, &l->max_term_bytes, &l->max_regexes, &l->max_regex_bytes,
                    &l->max_regex_repeat, &l->re2_max_mem, &l->max_message_bytes,
                    &l->long_match_chars}) {
    *v = static_cast<size_t>(r->U64());
  }
  uint8_t oversize = r->U8();
  // The parser's ranges: windows need room to move forward.
  if (oversize > 1 || l->max_message_bytes < 1024 || l->max_message_bytes > UINT32_MAX) r->Fail();
  l->oversize = static_cast<Oversize>(oversize);
}

void WriteBody(const CompiledRules::Impl& impl, BinaryWriter* w) {
  FoldTable::Get().Serialize(w);
  WriteLimits(w, impl.limits);
  w->U64(impl.infos.size());
  for (size_t i = 0; i < impl.infos.size(); ++i) {
    const RuleInfo& info = impl.infos[i];
    w->Str(info.id);
    w->Str(info.category);
    w->Str(info.description);
    w->Strs(info.clauses);
    w->U8(static_cast<uint8_t>(info.severity));
    w->U8(static_cast<uint8_t>(info.action));
    w->Str(info.file);
    w->I32(info.line);
    const RuleRuntime& rt = impl.runtime[i];
    w->U64(rt.kinds.size());
    for (Kind k : rt.kinds) w->U8(static_cast<uint8_t>(k));
    w->U64(rt.audiences.size());
    for (Audience a : rt.audiences) w->U8(static_cast<uint8_t>(a));
    w->U8(static_cast<uint8_t>(rt.when));
    w->Str(rt.validate);
    w->F64(rt.min_entropy);
    w->I32(rt.max_noise);
    w->U8(rt.has_unless);
    w->U32(rt.groups);
    w->I32(rt.within);
    w->U32(rt.category);
    w->U8(rt.action_fixed);
    w->U8(rt.secret);
    w->U8(rt.keyword_gated);
    w->U8(rt.needs_digit);
    w->I32(rt.secret_group);
    w->F64(rt.secret_entropy);
    w->U64(rt.allowlists.size());
    for (uint32_t a : rt.allowlists) w->U32(a);
  }
  w->U64(impl.categories.size());
  for (const Category& c : impl.categories) {
    w->Str(c.name);
    w->Strs(c.clauses);
    w->U8(static_cast<uint8_t>(c.action));
    for (const auto& a : c.by_audience) WriteAction(w, a);
    WriteAction(w, c.moment);
    w->U8(c.raise_off_hours);
    w->U8(static_cast<uint8_t>(c.redaction));
    WritePlace(w, c.place);
  }
  const WorkingHours& h = impl.hours;
  w->Str(h.time_zone);
  for (bool d : h.days) w->U8(d);
  w->I32(h.start_minute);
  w->I32(h.end_minute);
  for (const auto* days : {&h.holidays, &h.extra_workdays}) {
    w->U64(days->size());
    for (const absl::CivilDay& d : *days) {
      w->I32(static_cast<int32_t>(d.year()));
      w->I32(d.month());
      w->I32(d.day());
    }
  }
  WritePlace(w, h.place);
  w->U64(impl.patterns.size());
  for (const Pattern& p : impl.patterns) {
    w->U32(p.rule);
    w->U8(static_cast<uint8_t>(p.kind));
    w->U8(p.view);
    w->U8(p.left_word);
    w->U8(p.right_word);
    w->U8(p.fixed);
    w->U8(p.initials);
    w->U32(p.length);
    w->U32(p.part);
    w->U32(p.re2);
    w->Str(p.text);
    w->Strs(p.units);
    WritePlace(w, p.place);
  }
  w->U64(impl.re2_patterns.size());
  for (const Re2Pattern& p : impl.re2_patterns) {
    w->U32(p.rule);
    w->U8(p.always);
    w->U8(p.windowed);
    w->Str(p.re->pattern());
    WritePlace(w, p.place);
    w->U32(p.max_bytes);
  }
  w->U64(impl.allowlists.size());
  for (const CompiledAllowList& a : impl.allowlists) {
    w->U8(static_cast<uint8_t>(a.target));
    w->U8(a.all);
    std::vector<std::string> regexes;
    for (const auto& re : a.regexes) regexes.push_back(re->pattern());
    w->Strs(regexes);
    w->Strs(a.stopwords);
  }
  for (hs_database_t* db : impl.databases) {
    char* bytes = nullptr;
    size_t length = 0;
    if (db != nullptr && hs_serialize_database(db, &bytes, &length) == HS_SUCCESS) {
      w->U8(1);
      w->Str(std::string_view(bytes, length));
      free(bytes);
    } else {
      w->U8(0);
    }
  }
  w->U8(impl.needs_dense);
  w->U8(impl.needs_pinyin);
  w->Str(impl.content_hash);
  w->Str(impl.pack_hash);
  w->Strs(impl.trusted_domains);
  const PackReport& r = impl.report;
  w->Str(r.pack_name);
  w->U64(r.rules);
  w->U64(r.literal_patterns);
  w->U64(r.regex_patterns);
  w->U64(r.atom_regexes);
  w->U64(r.regex_atoms);
  w->U64(r.class_gated_regexes);
  w->Strs(r.re2_fallbacks);
  w->Strs(r.warnings);
  w->Strs(r.engines);
  w->Strs(r.notes);
  w->U64(r.database_bytes);
  w->U64(r.longest_match_chars);
  w->U64(r.window_overlap_chars);
}

// A regex written by WriteBody; a malformed one fails the reader.
std::unique_ptr<RE2> ReadRe2(BinaryReader* r, const PackLimits& limits) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(static_cast<int64_t>(limits.re2_max_mem));
  auto re = std::make_unique<RE2>(r->Str(), options);
  if (!re->ok()) r->Fail();
  return re;
}

// Reads the body into `impl`, checking every index it will use.
bool ReadBody(BinaryReader* r, CompiledRules::Impl* impl, std::string* why) {
  if (!FoldTable::Install(r)) {
    *why = "fold table malformed";
    return false;
  }
  ReadLimits(r, &impl->limits);
  uint64_t rules = r->Count(16);
  for (uint64_t i = 0; i < rules && r->ok(); ++i) {
    RuleInfo info;
    info.id = r->Str();
    info.category = r->Str();
    info.description = r->Str();
    info.clauses = r->Strs();
    info.severity = static_cast<Severity>(r->U8());
    info.action = static_cast<Action>(r->U8());
    info.file = r->Str();
    info.line = r->I32();
    if (static_cast<uint8_t>(info.severity) > 3 || static_cast<uint8_t>(info.action) > 2) r->Fail();
    RuleRuntime rt;
    for (uint64_t n = r->Count(1); n > 0 && r->ok(); --n) {
      uint8_t k = r->U8();
      if (k > 1) r->Fail();
      rt.kinds.push_back(static_cast<Kind>(k));
    }
    for (uint64_t n = r->Count(1); n > 0 && r->ok(); --n) {
      uint8_t a = r->U8();
      if (a > 2) r->Fail();
      rt.audiences.push_back(static_cast<Audience>(a));
    }
    uint8_t when = r->U8();
    if (when > 2) r->Fail();
    rt.when = static_cast<TimeCondition>(when);
    rt.validate = r->Str();
    rt.min_entropy = r->F64();
    rt.max_noise = r->I32();
    rt.has_unless = r->U8() != 0;
    rt.groups = static_cast<uint16_t>(r->U32());
    rt.within = r->I32();
    rt.category = r->U32();
    rt.action_fixed = r->U8() != 0;
    rt.secret = r->U8() != 0;
    rt.keyword_gated = r->U8() != 0;
    rt.needs_digit = r->U8() != 0;
    rt.secret_group = r->I32();
    rt.secret_entropy = r->F64();
    for (uint64_t n = r->Count(4); n > 0 && r->ok(); --n) rt.allowlists.push_back(r->U32());
    impl->infos.push_back(std::move(info));
    impl->runtime.push_back(std::move(rt));
  }
  uint64_t categories = r->Count(8);
  for (uint64_t i = 0; i < categories && r->ok(); ++i) {
    Category c;
    c.name = r->Str();
    c.clauses = r->Strs();
    c.action = static_cast<Action>(r->U8());
    bool ok = static_cast<uint8_t>(c.action) <= 2;
    for (auto& a : c.by_audience) ok &= ReadAction(r, &a);
    ok &= ReadAction(r, &c.moment);
    c.raise_off_hours = r->U8() != 0;
    uint8_t redaction = r->U8();
    ok &= redaction <= 2;
    c.redaction = static_cast<Redaction>(redaction);
    c.place = ReadPlace(r);
    if (!ok) r->Fail();
    impl->categories.push_back(std::move(c));
  }
  WorkingHours& h = impl->hours;
  h.time_zone = r->Str();
  for (bool& d : h.days) d = r->U8() != 0;
  h.start_minute = r->I32();
  h.end_minute = r->I32();
  for (auto* days : {&h.holidays, &h.extra_workdays}) {
    for (uint64_t n = r->Count(12); n > 0 && r->ok(); --n) {
      int32_t y = r->I32(), m = r->I32(), d = r->I32();
      days->push_back(absl::CivilDay(y, m, d));
    }
  }
  h.place = ReadPlace(r);
  uint64_t patterns = r->Count(16);
  for (uint64_t i = 0; i < patterns && r->ok(); ++i) {
    Pattern p;
    p.rule = r->U32();
    uint8_t kind = r->U8();
    p.view = r->U8();
    p.left_word = r->U8() != 0;
    p.right_word = r->U8() != 0;
    p.fixed = r->U8() != 0;
    p.initials = r->U8() != 0;
    p.length = r->U32();
    p.part = static_cast<uint16_t>(r->U32());
    p.re2 = r->U32();
    p.text = r->Str();
    p.units = r->Strs();
    p.place = ReadPlace(r);
    if (kind > static_cast<uint8_t>(PatternKind::kKeyword) || p.view >= kViewCount ||
        p.rule >= impl->infos.size() || (p.fixed && p.length == 0)) {
      r->Fail();
    }
    p.kind = static_cast<PatternKind>(kind);
    impl->patterns.push_back(std::move(p));
  }
  uint64_t re2s = r->Count(12);
  for (uint64_t i = 0; i < re2s && r->ok(); ++i) {
    uint32_t rule = r->U32();
    bool always = r->U8() != 0;
    bool windowed = r->U8() != 0;
    auto re = ReadRe2(r, impl->limits);
    if (rule >= impl->infos.size()) r->Fail();
    SourcePlace place = ReadPlace(r);
    const uint32_t max_bytes = r->U32();
    impl->re2_patterns.push_back(
        {rule, std::move(re), always, windowed, std::move(place), max_bytes});
  }
  uint64_t allowlists = r->Count(18);
  for (uint64_t i = 0; i < allowlists && r->ok(); ++i) {
    CompiledAllowList a;
    uint8_t target = r->U8();
    if (target > static_cast<uint8_t>(SecretAllowList::Target::kLine)) r->Fail();
    a.target = static_cast<SecretAllowList::Target>(target);
    a.all = r->U8() != 0;
    for (uint64_t n = r->Count(8); n > 0 && r->ok(); --n) a.regexes.push_back(ReadRe2(r, impl->limits));
    a.stopwords = r->Strs();
    impl->allowlists.push_back(std::move(a));
  }
  for (int v = 0; v < kDatabaseCount && r->ok(); ++v) {
    if (r->U8() == 0) continue;
    std::string_view bytes = r->View();
    if (!r->ok()) break;
    hs_database_t* db = nullptr;
    hs_error_t rc = hs_deserialize_database(bytes.data(), bytes.size(), &db);
    if (rc != HS_SUCCESS) {
      *why = rc == HS_DB_PLATFORM_ERROR ? "Hyperscan database built for another platform"
                                        : "Hyperscan database corrupted";
      return false;
    }
    impl->databases[v] = db;
  }
  impl->needs_dense = r->U8() != 0;
  impl->needs_pinyin = r->U8() != 0;
  impl->content_hash = r->Str();
  impl->pack_hash = r->Str();
  impl->trusted_domains = r->Strs();
  PackReport& rep = impl->report;
  rep.pack_name = r->Str();
  rep.rules = r->U64();
  rep.literal_patterns = r->U64();
  rep.regex_patterns = r->U64();
  rep.atom_regexes = r->U64();
  rep.regex_atoms = r->U64();
  rep.class_gated_regexes = r->U64();
  rep.re2_fallbacks = r->Strs();
  rep.warnings = r->Strs();
  rep.engines = r->Strs();
  rep.notes = r->Strs();
  rep.database_bytes = r->U64();
  rep.longest_match_chars = r->U64();
  rep.window_overlap_chars = r->U64();
  if (!r->ok() || !r->done()) {
    *why = "body truncated or malformed";
    return false;
  }
  // The atom filter is rebuilt from the regexes; the database refers to
  // its atoms by index, so they must be the ones it was built with.
  std::vector<std::string> regexes;
  for (const Re2Pattern& p : impl->re2_patterns) regexes.push_back(p.re->pattern());
  impl->atom_filter.Build(regexes, static_cast<int64_t>(impl->limits.re2_max_mem));
  for (uint32_t i = 0; i < impl->re2_patterns.size(); ++i) {
    if (impl->re2_patterns[i].always || impl->re2_patterns[i].windowed) impl->atom_filter.Ungate(i);
  }
  const std::vector<std::string>& atoms = impl->atom_filter.atoms();
  size_t atom_patterns = 0;
  // Cross-checks between the tables.
  for (const Pattern& p : impl->patterns) {
    if ((p.kind == PatternKind::kRegex && p.re2 >= impl->re2_patterns.size()) ||
        (p.kind == PatternKind::kAtom && (p.re2 >= atoms.size() || atoms[p.re2] != p.text))) {
      *why = "pattern table malformed";
      return false;
    }
    atom_patterns += p.kind == PatternKind::kAtom;
  }
  if (atom_patterns != atoms.size()) {
    *why = "regex atoms differ from the ones the database was built with";
    return false;
  }
  for (const RuleRuntime& rt : impl->runtime) {
    bool ok = rt.category < impl->categories.size();
    for (uint32_t a : rt.allowlists) ok &= a < impl->allowlists.size();
    if (!ok) {
      *why = "rule table malformed";
      return false;
    }
  }
  for (int v = 0; v < kDatabaseCount; ++v) {
    if (impl->databases[v] == nullptr) continue;
    if ((v == kDenseView && !impl->needs_dense) || (v == kPinyinView && !impl->needs_pinyin)) {
      *why = "view table malformed";
      return false;
    }
  }
  if (!absl::LoadTimeZone(h.time_zone, &impl->time_zone)) {
    *why = absl::StrCat("time zone ", h.time_zone, " cannot be loaded");
    return false;
  }
  return true;
}

}  // namespace

std::string PackFingerprint(const std::string& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file()) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  uint64_t h = Fnv1a64("");
  for (const fs::path& f : files) {
    h = Fnv1a64(fs::relative(f, dir, ec).string(), h);
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    h = Fnv1a64(ss.str(), h);
  }
  char hex[17];
  snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

Status CompiledRules::Save(const std::string& path) const {
  BinaryWriter body;
  WriteBody(*impl_, &body);
  Fingerprint f = Current();
  BinaryWriter head;
  head.Raw(kMagic, sizeof kMagic);
  head.U32(kFormatVersion);
  head.Str(f.library);
  head.Str(f.hyperscan);
  head.Str(f.icu);
  head.U64(f.cpu_features);
  head.U32(f.tune);
  head.Str(impl_->pack_hash);
  head.U64(body.bytes().size());
  head.U64(Fnv1a64(body.bytes()));
  // Write to a temporary file and rename, so a reader never sees half a
  // file. The name is unique to this call: two threads or processes that
  // rewrite the same cache must not write into one temporary file.
  static std::atomic<uint64_t> saves{0};
  std::string tmp = absl::StrCat(path, ".tmp.", getpid(), ".", saves.fetch_add(1));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(head.bytes().data(), head.bytes().size());
    out.write(body.bytes().data(), body.bytes().size());
    if (!out) return Status(StatusCode::kIoError, absl::StrCat(path, ": cannot write cache"));
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Status(StatusCode::kIoError, absl::StrCat(path, ": ", ec.message()));
  }
  return Status();
}

Status CompiledRules::Load(const std::string& path, const std::string& pack_dir,
                           std::shared_ptr<const CompiledRules>* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(StatusCode::kNotFound, absl::StrCat(path, ": no cache file"));
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string data = ss.str();
  auto refuse = [&](std::string_view why) {
    return Status(StatusCode::kInvalidArgument,
                  absl::StrCat(path, ": cache not usable: ", std::string(why)));
  };
  BinaryReader r(data);
  char magic[sizeof kMagic];
  r.Raw(magic, sizeof magic);
  if (!r.ok() || memcmp(magic, kMagic, sizeof kMagic) != 0) return refuse("not a chatscan cache file");
  uint32_t format = r.U32();
  if (format != kFormatVersion) return refuse(absl::StrCat("format version ", format));
  Fingerprint want = Current();
  std::string library = r.Str(), hyperscan = r.Str(), icu = r.Str();
  uint64_t cpu = r.U64();
  uint32_t tune = r.U32();
  std::string pack_hash = r.Str();
  uint64_t body_size = r.U64();
  uint64_t checksum = r.U64();
  if (!r.ok()) return refuse("header truncated");
  if (library != want.library) return refuse(absl::StrCat("written by chatscan ", library));
  if (hyperscan != want.hyperscan) return refuse(absl::StrCat("written with Hyperscan ", hyperscan));
  if (icu != want.icu) return refuse(absl::StrCat("written with ICU ", icu));
  if (cpu != want.cpu_features || tune != want.tune) return refuse("written for another CPU");
  if (pack_hash != PackFingerprint(pack_dir)) {
    return refuse(absl::StrCat("the files of ", pack_dir, " changed since it was written"));
  }
  // The body is what follows the header.
  size_t body_at = sizeof kMagic + 4 + (8 + library.size()) + (8 + hyperscan.size()) +
                   (8 + icu.size()) + 8 + 4 + (8 + pack_hash.size()) + 8 + 8;
  if (body_at > data.size() || data.size() - body_at != body_size) return refuse("truncated");
  std::string_view body(data.data() + body_at, body_size);
  if (Fnv1a64(body) != checksum) return refuse("checksum mismatch (corrupted)");
  BinaryReader br(body);
  auto impl = std::make_unique<Impl>();
  std::string why;
  if (!ReadBody(&br, impl.get(), &why)) return refuse(why);
  out->reset(new CompiledRules(std::move(impl)));
  return Status();
}

}  // namespace chatscan

namespace chatscan {

Status CompiledRules::CompileWithCache(const std::string& pack_dir, const std::string& cache_path,
                                       std::shared_ptr<const CompiledRules>* out,
                                       std::string* note) {
  Status loaded = Load(cache_path, pack_dir, out);
  if (loaded.ok()) {
    *note = absl::StrCat("rules loaded from cache ", cache_path);
    return loaded;
  }
  Status s = Compile(pack_dir, out);
  if (!s.ok()) return s;
  Status saved = (*out)->Save(cache_path);
  *note = absl::StrCat(loaded.message(), "; recompiled",
                       saved.ok() ? " and rewrote the cache" : "; cache not written: ",
                       saved.ok() ? "" : saved.message());
  return Status();
}

}  // namespace chatscan
