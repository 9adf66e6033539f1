#include "corpus.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "nlohmann/json.hpp"

namespace chatscan::bench {
namespace {

bool AllHan(const std::string& w) {
  if (w.empty() || w.size() % 3 != 0) return false;
  for (size_t i = 0; i < w.size(); i += 3) {
    unsigned char c = static_cast<unsigned char>(w[i]);
    if (c < 0xE4 || c > 0xE9) return false;
  }
  return true;
}

}  // namespace

Dictionary LoadDictionary(const std::string& path) {
  Dictionary d;
  std::ifstream in(path);
  std::string line;
  double total = 0;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string word;
    double freq = 0;
    if (!(fields >> word >> freq) || !AllHan(word)) continue;
    total += freq;
    d.words.push_back(word);
    d.cumulative.push_back(total);
  }
  d.source = path;
  if (d.words.empty()) {
    d.source = "built-in";
    for (const char* w : {"我们", "今天", "会议", "客户", "项目", "时间", "公司", "问题", "明天",
                          "下午", "方案", "报告", "确认", "一下", "需要", "已经", "这个", "可以"}) {
      total += 1;
      d.words.push_back(w);
      d.cumulative.push_back(total);
    }
  }
  return d;
}

std::vector<std::string> SampleLexicon(const Dictionary& dict, size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::set<std::string> chosen;
  std::vector<std::string> out;
  size_t attempts = 0;
  while (out.size() < count && attempts++ < count * 50) {
    const std::string& w = dict.words[rng() % dict.words.size()];
    size_t chars = w.size() / 3;
    if (chars < 2 || chars > 4 || !chosen.insert(w).second) continue;
    out.push_back(w);
  }
  return out;
}

std::vector<std::string> MakeMessages(const Dictionary& dict, size_t count, size_t avg_bytes,
                                      double violation_share,
                                      const std::vector<std::string>& lexicon, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  const double total = dict.cumulative.back();
  auto draw = [&]() -> const std::string& {
    double x = uniform(rng) * total;
    size_t i = std::upper_bound(dict.cumulative.begin(), dict.cumulative.end(), x) -
               dict.cumulative.begin();
    return dict.words[std::min(i, dict.words.size() - 1)];
  };
  static const char* kPunct[] = {"，", "。", "！", "？", " "};
  std::vector<std::string> out;
  out.reserve(count);
  for (size_t m = 0; m < count; ++m) {
    // Lengths spread evenly around the average, from half to one and a half.
    size_t target = avg_bytes / 2 + rng() % (avg_bytes + 1);
    std::string msg;
    while (msg.size() < target) {
      msg += draw();
      if (rng() % 6 == 0) msg += kPunct[rng() % 5];
    }
    if (!lexicon.empty() && uniform(rng) < violation_share) {
      size_t at = (rng() % (msg.size() / 3 + 1)) * 3;
      if (at > msg.size()) at = msg.size();
      // Insert only at a character boundary.
      while (at < msg.size() && (static_cast<unsigned char>(msg[at]) & 0xC0) == 0x80) ++at;
      msg.insert(at, lexicon[rng() % lexicon.size()]);
    }
    out.push_back(std::move(msg));
  }
  return out;
}

bool ReadMessages(const std::string& path, std::vector<std::string>* messages,
                  std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": cannot be read: " + strerror(errno);
    return false;
  }
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    if (line[0] != '{') {
      messages->push_back(line);
      continue;
    }
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("text") || !j["text"].is_string()) {
      *error = path + ":" + std::to_string(number) +
               ": starts with '{' but is not a JSON object with a \"text\" string";
      return false;
    }
    messages->push_back(j["text"].get<std::string>());
  }
  return true;
}

}  // namespace chatscan::bench
