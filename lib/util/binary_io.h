// Little binary writer and bounds-checked reader for the cache file. The
// reader never trusts a length: every read is checked against what is left,
// so a truncated or corrupted file fails cleanly.
#ifndef CHATSCAN_LIB_UTIL_BINARY_IO_H_
#define CHATSCAN_LIB_UTIL_BINARY_IO_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace chatscan {

class BinaryWriter {
 public:
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U32(uint32_t v) { Raw(&v, sizeof v); }
  void U64(uint64_t v) { Raw(&v, sizeof v); }
  void I32(int32_t v) { Raw(&v, sizeof v); }
  void F64(double v) { Raw(&v, sizeof v); }
  void Str(std::string_view s) {
    U64(s.size());
    out_.append(s.data(), s.size());
  }
  void Strs(const std::vector<std::string>& v) {
    U64(v.size());
    for (const std::string& s : v) Str(s);
  }
  void Raw(const void* p, size_t n) { out_.append(static_cast<const char*>(p), n); }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

class BinaryReader {
 public:
  explicit BinaryReader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return pos_ == in_.size(); }

  uint8_t U8() {
    uint8_t v = 0;
    Raw(&v, 1);
    return v;
  }
  uint32_t U32() {
    uint32_t v = 0;
    Raw(&v, sizeof v);
    return v;
  }
  uint64_t U64() {
    uint64_t v = 0;
    Raw(&v, sizeof v);
    return v;
  }
  int32_t I32() {
    int32_t v = 0;
    Raw(&v, sizeof v);
    return v;
  }
  double F64() {
    double v = 0;
    Raw(&v, sizeof v);
    return v;
  }
  std::string Str() {
    std::string_view v = View();
    return std::string(v);
  }
  // A length-prefixed string as a view into the input.
  std::string_view View() {
    uint64_t n = U64();
    if (!ok_ || n > in_.size() - pos_) {
      ok_ = false;
      return {};
    }
    std::string_view v = in_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  std::vector<std::string> Strs() {
    uint64_t n = Count(8);
    std::vector<std::string> v;
    for (uint64_t i = 0; i < n && ok_; ++i) v.push_back(Str());
    return v;
  }
  // A count of items, each at least `min_item_bytes` long: more than could
  // fit in what is left means corruption.
  uint64_t Count(size_t min_item_bytes) {
    uint64_t n = U64();
    if (!ok_ || (min_item_bytes > 0 && n > (in_.size() - pos_) / min_item_bytes)) {
      ok_ = false;
      return 0;
    }
    return n;
  }
  void Raw(void* p, size_t n) {
    if (!ok_ || n > in_.size() - pos_) {
      ok_ = false;
      memset(p, 0, n);
      return;
    }
    memcpy(p, in_.data() + pos_, n);
    pos_ += n;
  }
  void Fail() { ok_ = false; }

 private:
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// FNV-1a, 64 bits: the cache's checksum and the pack's fingerprint.
inline uint64_t Fnv1a64(std::string_view bytes, uint64_t h = 14695981039346656037ull) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace chatscan

#endif  // CHATSCAN_LIB_UTIL_BINARY_IO_H_
