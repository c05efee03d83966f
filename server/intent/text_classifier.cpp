#include "intent/text_classifier.hpp"

#include <fasttext/densematrix.h>
#include <fasttext/dictionary.h>
#include <fasttext/fasttext.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace careerbot::intent {
namespace {

constexpr std::string_view kLabelPrefix = "__label__";
// fastText's file signature: the magic number and the model format version it writes.
constexpr std::int32_t kMagic = 793712314;
constexpr std::int32_t kVersion = 12;

// An input stream buffer over bytes someone else owns: fastText reads the model from an istream, and
// an istringstream would copy the megabytes first. Nothing is ever written through it.
class ViewStreamBuffer : public std::streambuf {
 public:
  explicit ViewStreamBuffer(std::string_view bytes) {
    char* begin = const_cast<char*>(bytes.data());
    setg(begin, begin, begin + bytes.size());
  }
};

// A temporary file that is removed when it goes out of scope.
class TemporaryFile {
 public:
  TemporaryFile() {
    std::string dir = std::filesystem::temp_directory_path().string();
    std::string pattern = dir + "/careerbot-fasttext-XXXXXX";
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) throw std::runtime_error("cannot create a temporary file in " + dir);
    ::close(fd);
    path_ = pattern;
  }
  ~TemporaryFile() { std::remove(path_.c_str()); }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

void validate(const std::vector<LabeledText>& examples) {
  std::set<std::string_view> labels;
  for (const LabeledText& e : examples) {
    if (e.label.empty() || e.label.find_first_of(" \t\r\n") != std::string::npos)
      throw std::invalid_argument("classifier label '" + e.label + "' is empty or has white space");
    if (e.text.find_first_not_of(" \t") == std::string::npos)
      throw std::invalid_argument("an example of '" + e.label + "' is empty after normalisation");
    if (e.text.find_first_of("\r\n") != std::string::npos)
      throw std::invalid_argument("an example of '" + e.label + "' has a line break");
    labels.insert(e.label);
  }
  if (labels.size() < 2) throw std::invalid_argument("a classifier needs examples of at least two labels");
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) throw std::runtime_error("cannot read the trained model back from " + path);
  return std::move(bytes).str();
}

}  // namespace

std::string ClassifierParams::describe() const {
  char buf[160];
  std::snprintf(buf, sizeof buf, "dim=%d epoch=%d lr=%.4f wordNgrams=%d minn=%d maxn=%d bucket=%d seed=%d",
                dim, epoch, lr, word_ngrams, minn, maxn, bucket, seed);
  return buf;
}

TextClassifier::TextClassifier() : model_(std::make_unique<fasttext::FastText>()) {}
TextClassifier::~TextClassifier() = default;

std::string TextClassifier::train(const std::vector<LabeledText>& examples, const ClassifierParams& params) {
  validate(examples);
  TemporaryFile input;
  {
    std::ofstream out(input.path(), std::ios::binary);
    for (const LabeledText& e : examples) out << kLabelPrefix << e.label << ' ' << e.text << '\n';
    if (!out.flush()) throw std::runtime_error("cannot write training examples to " + input.path());
  }
  fasttext::Args args;
  args.input = input.path();
  args.model = fasttext::model_name::sup;
  args.loss = fasttext::loss_name::softmax;
  args.minCount = 1;
  args.dim = params.dim;
  args.epoch = params.epoch;
  args.lr = params.lr;
  args.wordNgrams = params.word_ngrams;
  args.minn = params.minn;
  args.maxn = params.maxn;
  args.bucket = params.bucket;
  args.seed = params.seed;
  args.thread = 1;  // more threads race on the shared weights: the bytes would differ run to run
  args.verbose = 0;

  TemporaryFile output;
  try {
    fasttext::FastText model;
    model.train(args);
    model.saveModel(output.path());
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(std::string("fastText could not train: ") + e.what());
  }
  return read_file(output.path());
}

std::shared_ptr<const TextClassifier> TextClassifier::load(std::string_view bytes) {
  // fastText's stream loader trusts its input; check the signature it would check for a file.
  std::int32_t header[2] = {0, 0};
  if (bytes.size() < sizeof header) throw std::runtime_error("not a fastText model: too short");
  std::memcpy(header, bytes.data(), sizeof header);
  if (header[0] != kMagic || header[1] != kVersion)
    throw std::runtime_error("not a fastText model of the supported version");
  ViewStreamBuffer buffer(bytes.substr(sizeof header));
  std::istream in(&buffer);
  std::shared_ptr<TextClassifier> classifier(new TextClassifier());
  try {
    classifier->model_->loadModel(in);
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("cannot load the fastText model: ") + e.what());
  }
  if (classifier->model_->isQuant()) throw std::runtime_error("quantised fastText models are not supported");
  classifier->input_ = classifier->model_->getInputMatrix();
  classifier->output_ = classifier->model_->getOutputMatrix();
  const auto dict = classifier->model_->getDictionary();
  for (std::int32_t i = 0; i < dict->nlabels(); ++i) {
    std::string label = dict->getLabel(i);
    if (label.starts_with(kLabelPrefix)) label.erase(0, kLabelPrefix.size());
    classifier->labels_.push_back(std::move(label));
  }
  if (classifier->labels_.size() < 2)
    throw std::runtime_error("the fastText model has fewer than two labels");
  const auto labels = static_cast<std::size_t>(classifier->output_->rows());
  const auto dim = static_cast<std::size_t>(classifier->output_->cols());
  if (labels != classifier->labels_.size() || dim != static_cast<std::size_t>(classifier->input_->cols()))
    throw std::runtime_error("the fastText model's matrices do not fit its labels");
  // predict() reads the output matrix transposed, [dimension][label]: this copy replaces fastText's.
  auto by_dim =
      std::make_shared<fasttext::DenseMatrix>(static_cast<int64_t>(dim), static_cast<int64_t>(labels));
  for (std::size_t l = 0; l < labels; ++l)
    for (std::size_t d = 0; d < dim; ++d)
      by_dim->data()[d * labels + l] = classifier->output_->data()[l * dim + d];
  classifier->output_ = std::move(by_dim);
  classifier->dictionary_ = dict;
  const fasttext::Args args = classifier->model_->getArgs();
  classifier->word_ngrams_ = args.wordNgrams;
  classifier->bucket_ = args.bucket;
  classifier->sum_word_rows();
  return classifier;
}

// fastText's getLine() lists, for a vocabulary word, the word's own row and one row per character
// n-gram, hashing every n-gram again on every prediction; averaging them was most of predict(). The
// sum of those rows is the same for every line, so it is made once here and written over the word's
// own row: only that word's list names that row (n-grams and bigrams have ids >= nwords). The
// model's own predict() would now be wrong; nothing calls it (model_ is private to this class).
void TextClassifier::sum_word_rows() {
  const auto dim = static_cast<std::size_t>(input_->cols());
  // fastText hands its matrix out const; model_, which owns it, is used by no one else.
  float* rows = const_cast<float*>(input_->data());
  std::vector<float> sum(dim);
  word_rows_.resize(static_cast<std::size_t>(dictionary_->nwords()));
  for (std::int32_t word = 0; word < dictionary_->nwords(); ++word) {
    std::fill(sum.begin(), sum.end(), 0.0f);
    const std::vector<std::int32_t>& ids = dictionary_->getSubwords(word);  // the word's own id first
    for (const std::int32_t id : ids) {
      const float* row = rows + static_cast<std::size_t>(id) * dim;
      for (std::size_t d = 0; d < dim; ++d) sum[d] += row[d];
    }
    std::copy(sum.begin(), sum.end(), rows + static_cast<std::size_t>(word) * dim);
    word_rows_[static_cast<std::size_t>(word)] = static_cast<std::int32_t>(ids.size());
  }
}

// Adds to `hidden` every input row fastText's getLine() would list for `text` followed by a line
// break, as getLine() finds them (tokens split as its readWord() splits, the end-of-line token,
// character n-grams of words outside the vocabulary, word bigram hashes), and returns how many rows
// that is. A vocabulary word adds its summed row (sum_word_rows) and counts as all of its rows.
std::size_t TextClassifier::add_line_rows(std::string_view text, std::vector<float>& hidden) const {
  thread_local std::string token;
  thread_local std::vector<std::int32_t> word_hashes, subwords;
  word_hashes.clear();
  const auto dim = static_cast<std::size_t>(input_->cols());
  const std::int32_t nwords = dictionary_->nwords();
  std::size_t count = 0;
  const auto add_row = [&](std::int32_t id) {
    const float* row = input_->data() + static_cast<std::size_t>(id) * dim;
    for (std::size_t d = 0; d < dim; ++d) hidden[d] += row[d];
  };
  const auto separator = [](char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f' || c == '\0';
  };
  std::size_t pos = 0;
  for (;;) {
    while (pos < text.size() && separator(text[pos]) && text[pos] != '\n') ++pos;
    if (pos == text.size() || text[pos] == '\n') {
      token = fasttext::Dictionary::EOS;  // the line break ends the line, as in getLine()
    } else {
      const std::size_t start = pos;
      while (pos < text.size() && !separator(text[pos])) ++pos;
      token.assign(text.substr(start, pos - start));
    }
    const std::uint32_t hash = dictionary_->hash(token);
    const std::int32_t id = dictionary_->getId(token, hash);
    const auto type = id < 0 ? dictionary_->getType(token) : dictionary_->getType(id);
    if (type == fasttext::entry_type::word) {
      if (id >= 0) {
        add_row(id);
        count += static_cast<std::size_t>(word_rows_[static_cast<std::size_t>(id)]);
      } else if (token != fasttext::Dictionary::EOS) {
        subwords.clear();
        dictionary_->computeSubwords(fasttext::Dictionary::BOW + token + fasttext::Dictionary::EOW, subwords);
        for (const std::int32_t subword : subwords) add_row(subword);
        count += subwords.size();
      }
      word_hashes.push_back(static_cast<std::int32_t>(hash));
    }
    if (token == fasttext::Dictionary::EOS) break;
  }
  // Word n-grams exactly as fastText's addWordNgrams (its hashes widen from int32, sign and all).
  for (std::size_t i = 0; bucket_ > 0 && i < word_hashes.size(); ++i) {
    auto h = static_cast<std::uint64_t>(static_cast<std::int64_t>(word_hashes[i]));
    for (std::size_t j = i + 1; j < word_hashes.size() && j < i + static_cast<std::size_t>(word_ngrams_);
         ++j) {
      h = h * 116049371 + static_cast<std::uint64_t>(static_cast<std::int64_t>(word_hashes[j]));
      add_row(nwords + static_cast<std::int32_t>(h % static_cast<std::uint64_t>(bucket_)));
      ++count;
    }
  }
  return count;
}

void TextClassifier::predict(std::string_view normalized, std::vector<LabelProbability>& out,
                             std::size_t ranked) const {
  thread_local std::vector<float> hidden, logits;
  // fastText's supervised forward pass, written out over its matrices: fastText's own predict()
  // allocates and heap-sorts per call and costs several times more. A test compares the two.
  const auto dim = static_cast<std::size_t>(input_->cols());
  hidden.assign(dim, 0.0f);
  const std::size_t rows = add_line_rows(normalized, hidden);
  if (rows > 0)
    for (float& h : hidden) h /= static_cast<float>(rows);
  // Every label's logit at once, one dimension at a time, over the transposed output matrix: the
  // inner loop runs across labels and vectorises, and each logit still adds its products in the
  // order d = 0, 1, ... as a dot product per label would (the same floats to the bit).
  const std::size_t n = labels_.size();
  logits.assign(n, 0.0f);
  for (std::size_t d = 0; d < dim; ++d) {
    const float h = hidden[d];
    const float* column = output_->data() + d * n;  // transposed at load
    float* out_logits = logits.data();
    for (std::size_t l = 0; l < n; ++l) out_logits[l] += column[l] * h;
  }
  float max_logit = -1e30f;
  for (const float logit : logits) max_logit = std::max(max_logit, logit);
  double total = 0.0;
  out.resize(n);
  for (std::size_t l = 0; l < n; ++l) {
    const double e = std::exp(static_cast<double>(logits[l] - max_logit));
    out[l] = {static_cast<std::uint32_t>(l), labels_[l], e};
    total += e;
  }
  for (LabelProbability& p : out) p.probability /= total;
  const auto better = [](const LabelProbability& a, const LabelProbability& b) {
    return a.probability != b.probability ? a.probability > b.probability : a.label < b.label;
  };
  if (ranked < n) {
    std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(ranked), out.end(), better);
  } else {
    std::sort(out.begin(), out.end(), better);
  }
}

}  // namespace careerbot::intent
