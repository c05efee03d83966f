#pragma once
// A supervised fastText text classifier (Debian libfasttext-dev, linked as a library): trained from
// labelled example texts, kept as the bytes fastText saves, and asked for label probabilities.
//
// Texts are given already normalised (the matcher's normaliser): a model trained on one text form and
// queried with another loses most of its accuracy. Word bigrams and character n-grams let it cope with
// typos and Hinglish spellings it never saw.
//
// Training is deterministic: one thread and a fixed seed give the same bytes for the same examples
// and parameters (a test builds twice and compares). fastText reads its training data from a file,
// so train() writes the examples to a temporary file and removes it.
//
// Thread-safety: train() is a pure function. A loaded TextClassifier is immutable; predict() may run
// on any number of threads at once.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fasttext {
class DenseMatrix;
class Dictionary;
class FastText;
}  // namespace fasttext

namespace careerbot::intent {

struct LabeledText {
  std::string label;  // lower_snake_case; no spaces
  std::string text;   // normalised; no newlines
};

// fastText's supervised settings. The defaults keep a model of a few thousand examples under ~10 MB
// and train it in a few seconds on one core (docs/classifier.md has the measurements).
struct ClassifierParams {
  int dim = 32;
  int epoch = 40;
  double lr = 0.5;
  int word_ngrams = 2;
  int minn = 3;  // character n-grams from minn to maxn letters; 0 turns them off
  int maxn = 5;
  // Rows shared by the character n-grams and word bigrams (6.4 MB per 50,000 at dim 32). 50,000 gave
  // the same cross-validation figures but one near miss too many on a held-out safeguarding set
  // (docs/performance.md), so 100,000 stays.
  int bucket = 100000;
  int seed = 1;

  // A stable description of every setting, part of a model's cache key.
  std::string describe() const;
};

struct LabelProbability {
  std::uint32_t index = 0;  // into labels()
  std::string_view label;   // points into the classifier's label table
  double probability = 0.0;
};

class TextClassifier {
 public:
  // Trains a model and returns its bytes. Throws std::invalid_argument when the examples cannot
  // train one (fewer than two labels, a label with spaces, an empty text) and std::runtime_error
  // when the temporary file cannot be written; fastText's own errors are rethrown as runtime_error.
  static std::string train(const std::vector<LabeledText>& examples, const ClassifierParams& params);

  // Reads bytes made by train() without copying them (a model is megabytes). Throws
  // std::runtime_error when they are not a fastText model.
  static std::shared_ptr<const TextClassifier> load(std::string_view bytes);

  ~TextClassifier();
  TextClassifier(const TextClassifier&) = delete;
  TextClassifier& operator=(const TextClassifier&) = delete;

  // The probability of every label for `normalized` text, best first (they sum to 1). Never throws
  // for any input except std::bad_alloc; empty text gives the model's prior.
  // `ranked`: only the first `ranked` entries need to be in order (the most probable, best first);
  // the rest follow in no particular order. A caller that reads the top few saves sorting them all.
  void predict(std::string_view normalized, std::vector<LabelProbability>& out,
               std::size_t ranked = static_cast<std::size_t>(-1)) const;

  // Labels without fastText's "__label__" prefix, in the model's order.
  const std::vector<std::string>& labels() const noexcept { return labels_; }

 private:
  TextClassifier();
  void sum_word_rows();
  std::size_t add_line_rows(std::string_view text, std::vector<float>& hidden) const;
  std::unique_ptr<fasttext::FastText> model_;
  std::shared_ptr<const fasttext::Dictionary> dictionary_;
  // input_ is model_'s input matrix with each vocabulary word's row replaced by the sum of the rows
  // fastText's getLine() lists for that word (see sum_word_rows); output_ is our transposed copy.
  std::shared_ptr<const fasttext::DenseMatrix> input_, output_;
  std::vector<std::int32_t> word_rows_;  // how many rows each vocabulary word's row now sums
  std::int32_t word_ngrams_ = 1;
  std::int32_t bucket_ = 0;
  std::vector<std::string> labels_;
};

}  // namespace careerbot::intent
