// Validators: checksums and ranges that decide whether a match is real.
#include "gtest/gtest.h"
#include "scan/validators.h"

namespace chatscan {
namespace {

TEST(ValidatorsTest, Luhn) {
  EXPECT_TRUE(ValidLuhn("4111111111111111"));
  EXPECT_TRUE(ValidLuhn("4111 1111 1111 1111"));
  EXPECT_TRUE(ValidLuhn("4111-1111-1111-1111"));
  EXPECT_FALSE(ValidLuhn("4111111111111112"));
  EXPECT_FALSE(ValidLuhn("411111111111"));      // too short for a card
  EXPECT_FALSE(ValidLuhn("41111111111111x1"));
}

TEST(ValidatorsTest, ResidentId) {
  // 11010519491231002X: a valid check character X.
  EXPECT_TRUE(ValidResidentId("11010519491231002X"));
  EXPECT_TRUE(ValidResidentId("11010519491231002x"));
  EXPECT_FALSE(ValidResidentId("110105194912310021"));  // wrong check digit
  EXPECT_FALSE(ValidResidentId("110105194902300025"));  // February 30th
  EXPECT_FALSE(ValidResidentId("11010519491231002"));   // 17 characters
  EXPECT_FALSE(ValidResidentId("110105299912310026"));  // born in the future
}

TEST(ValidatorsTest, Mobile) {
  EXPECT_TRUE(ValidMobile("13812345678"));
  EXPECT_TRUE(ValidMobile("138 1234 5678"));
  EXPECT_TRUE(ValidMobile("+86 138-1234-5678"));
  EXPECT_TRUE(ValidMobile("19912345678"));
  EXPECT_FALSE(ValidMobile("12345678901"));  // no 12x range
  EXPECT_FALSE(ValidMobile("15412345678"));  // 154 is not allocated
  EXPECT_FALSE(ValidMobile("1381234567"));
}

TEST(ValidatorsTest, Entropy) {
  EXPECT_DOUBLE_EQ(ShannonEntropy("aaaa"), 0.0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("abab"), 1.0);
  EXPECT_GT(ShannonEntropy("ghp_9fQ2xLw7Rk3ZpV8nT1yHc4bJm6dS0aEu"), 4.5);
}

TEST(ValidatorsTest, UrlsAndTrustedDomains) {
  std::vector<std::string> trusted = {"example.com"};
  EXPECT_TRUE(ValidUrl("https://shop.example.cn/a", trusted));
  EXPECT_FALSE(ValidUrl("https://docs.example.com/x", trusted));  // a subdomain of a trusted one
  EXPECT_FALSE(ValidUrl("example.com", trusted));
  EXPECT_TRUE(ValidUrl("badexample.com", trusted));  // not a subdomain
  EXPECT_TRUE(ValidUrl("hxxp://evil[.]top/path", trusted));
  EXPECT_TRUE(ValidUrl("http://10.2.3.4:8080/x", trusted));
  EXPECT_FALSE(ValidUrl("report.docx", trusted));
  EXPECT_FALSE(ValidUrl("v1.2.3", trusted));
  EXPECT_EQ(LinkHost("HTTPS://WWW.Example.CN:443/a?b"), "example.cn");
  EXPECT_EQ(LinkHost("evil点com/x"), "evil.com");
}

}  // namespace
}  // namespace chatscan
