// The compiled-rules cache: a round trip scans the same; every file that
// does not fit is refused with its reason and never used.
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "test_util.h"

namespace chatscan {
namespace {

namespace fs = std::filesystem;

class CacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("chatscan_cache_test_" + std::to_string(getpid()));
    fs::create_directories(dir_ / "pack");
    WritePack("坏蛋");
    cache_ = (dir_ / "rules.cache").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  void WritePack(const std::string& word) {
    std::ofstream(dir_ / "pack" / "pack.toml") << testing::PackHeader() << R"(
[[rule]]
id = "w"
category = "abuse"
words = [")" << word << R"("]
noise = true
pinyin = true
unless = ["坏蛋糕"]
[[rule]]
id = "m"
category = "privacy"
regex = ['1[3-9]\d{9}']
validate = "mobile"
[[rule]]
id = "s"
category = "secret"
regex = ['(?:偷偷告诉你|只跟你说)[^\n]{0,10}?\d+万']
)";
  }
  std::string Pack() const { return (dir_ / "pack").string(); }
  std::string ReadCache() const {
    std::ifstream in(cache_, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  void WriteCache(const std::string& bytes) const {
    std::ofstream(cache_, std::ios::binary | std::ios::trunc) << bytes;
  }

  fs::path dir_;
  std::string cache_;
};

TEST_F(CacheTest, RoundTripScansTheSame) {
  std::shared_ptr<const CompiledRules> compiled, loaded;
  ASSERT_TRUE(CompiledRules::Compile(Pack(), &compiled).ok());
  ASSERT_TRUE(compiled->Save(cache_).ok());
  Status s = CompiledRules::Load(cache_, Pack(), &loaded);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(loaded->rules().size(), compiled->rules().size());
  EXPECT_EQ(loaded->report().database_bytes, compiled->report().database_bytes);
  EXPECT_EQ(loaded->report().regex_atoms, 2u);  // the secret rule's regex is found by them
  for (const char* text : {"你个坏 蛋", "huai dan", "坏蛋糕好吃", "电话13812345678", "12345678901",
                           "只跟你说，底价35万", ""}) {
    EXPECT_EQ(testing::ScanDescribe(compiled, text), testing::ScanDescribe(loaded, text)) << text;
  }
  EXPECT_EQ(testing::ScanDescribe(loaded, "你个坏 蛋").size(), 1u);
  EXPECT_EQ(testing::ScanDescribe(loaded, "只跟你说，底价35万").size(), 1u);
}

TEST_F(CacheTest, ChangedPackIsRefused) {
  std::shared_ptr<const CompiledRules> rules;
  ASSERT_TRUE(CompiledRules::Compile(Pack(), &rules).ok());
  ASSERT_TRUE(rules->Save(cache_).ok());
  WritePack("垃圾");
  Status s = CompiledRules::Load(cache_, Pack(), &rules);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("changed"), std::string::npos) << s.message();
  // CompileWithCache recompiles and says why.
  std::string note;
  ASSERT_TRUE(CompiledRules::CompileWithCache(Pack(), cache_, &rules, &note).ok());
  EXPECT_NE(note.find("recompiled"), std::string::npos) << note;
  EXPECT_EQ(testing::ScanDescribe(rules, "垃圾").size(), 1u);
  ASSERT_TRUE(CompiledRules::CompileWithCache(Pack(), cache_, &rules, &note).ok());
  EXPECT_NE(note.find("loaded from cache"), std::string::npos) << note;
}

TEST_F(CacheTest, DamagedFilesAreRefused) {
  std::shared_ptr<const CompiledRules> rules;
  ASSERT_TRUE(CompiledRules::Compile(Pack(), &rules).ok());
  ASSERT_TRUE(rules->Save(cache_).ok());
  const std::string good = ReadCache();
  std::shared_ptr<const CompiledRules> loaded;
  auto refused = [&](const std::string& bytes, const char* reason) {
    WriteCache(bytes);
    Status s = CompiledRules::Load(cache_, Pack(), &loaded);
    EXPECT_FALSE(s.ok()) << reason;
    EXPECT_NE(s.message().find(reason), std::string::npos) << s.message();
  };
  refused("", "not a chatscan cache file");
  refused("hello world, not a cache at all", "not a chatscan cache file");
  refused(good.substr(0, good.size() / 2), "truncated");
  refused(good.substr(0, 20), "header truncated");
  std::string flipped = good;
  flipped[good.size() - 100] ^= 0x40;
  refused(flipped, "checksum mismatch");
  // Another library version in the header.
  std::string other = good;
  size_t at = other.find(CHATSCAN_TEST_VERSION);
  ASSERT_NE(at, std::string::npos);
  other[at] = '9';
  refused(other, "written by chatscan 9");
  // Random and mutated files never crash and never load.
  std::mt19937 rng(9);
  for (int i = 0; i < 300; ++i) {
    std::string mutated = good;
    for (int k = 1 + rng() % 8; k > 0; --k) mutated[rng() % mutated.size()] = static_cast<char>(rng());
    if (rng() % 3 == 0) mutated.resize(rng() % mutated.size());
    WriteCache(mutated);
    Status s = CompiledRules::Load(cache_, Pack(), &loaded);
    if (s.ok()) {  // only if the mutation hit nothing that matters
      EXPECT_EQ(testing::ScanDescribe(loaded, "你个坏 蛋"), testing::ScanDescribe(rules, "你个坏 蛋"));
    }
  }
  EXPECT_EQ(CompiledRules::Load((dir_ / "missing").string(), Pack(), &loaded).code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace chatscan
