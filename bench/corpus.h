// Deterministic benchmark corpora: chat messages assembled from the word
// frequencies of Debian's python3-jieba dictionary, and lexicons sampled
// from the same dictionary.
#ifndef CHATSCAN_BENCH_CORPUS_H_
#define CHATSCAN_BENCH_CORPUS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace chatscan::bench {

struct Dictionary {
  std::vector<std::string> words;  // Han words only
  std::vector<double> cumulative;  // cumulative frequency, for sampling
  std::string source;              // the file read, or "built-in"
};

// Reads jieba's dict.txt ("word freq tag" lines); falls back to a small
// built-in list when the file is missing, and says so in `source`.
Dictionary LoadDictionary(const std::string& path = "/usr/lib/python3/dist-packages/jieba/dict.txt");

// `count` distinct words of 2-4 characters, sampled uniformly with `seed`.
std::vector<std::string> SampleLexicon(const Dictionary& dict, size_t count, uint64_t seed);

// `count` messages of about `avg_bytes` bytes each, words drawn by
// frequency; a share `violation_share` of them has a lexicon term inserted.
std::vector<std::string> MakeMessages(const Dictionary& dict, size_t count, size_t avg_bytes,
                                      double violation_share,
                                      const std::vector<std::string>& lexicon, uint64_t seed);

// Reads messages from a file: JSONL with a "text" field, or plain lines
// (a line that does not start with '{'). False, with `error` saying why,
// if the file cannot be read or a line that starts with '{' is not a JSON
// object with a "text" string (the first such line is named).
bool ReadMessages(const std::string& path, std::vector<std::string>* messages,
                  std::string* error);

}  // namespace chatscan::bench

#endif  // CHATSCAN_BENCH_CORPUS_H_
