#include "intent/text_classifier.hpp"

#include <fasttext/fasttext.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <sstream>

#include "intent/example_corpus.hpp"
#include "intent/intent_model.hpp"
#include "intent/intent_set.hpp"
#include "intent/model_cache.hpp"
#include "temp_dir.hpp"

using namespace careerbot::intent;
using careerbot::intent::testing::TempDir;

namespace {

// A small corpus with two clear topics and some spelling variety.
std::vector<LabeledText> corpus() {
  std::vector<LabeledText> out;
  const char* salary[] = {"what is the salary",       "how much do they earn", "pay scale please",
                          "salary kitna hai",         "how much money",        "what is the package",
                          "earning after some years", "income of this job"};
  const char* hiring[] = {"which companies hire",     "who hires in pune",   "top employers",
                          "companies in bangalore",   "which firms recruit", "kaunsi company hire karti hai",
                          "recruiters for this role", "employers abroad"};
  for (int round = 0; round < 3; ++round) {
    for (const char* s : salary) out.push_back({"salary", s});
    for (const char* h : hiring) out.push_back({"employers", h});
  }
  return out;
}

ClassifierParams small() {
  ClassifierParams p;
  p.bucket = 2000;
  p.epoch = 30;
  return p;
}

}  // namespace

TEST(TextClassifier, TrainingIsDeterministic) {
  EXPECT_EQ(TextClassifier::train(corpus(), small()), TextClassifier::train(corpus(), small()));
  ClassifierParams other = small();
  other.seed = 2;
  EXPECT_NE(TextClassifier::train(corpus(), small()), TextClassifier::train(corpus(), other));
}

TEST(TextClassifier, PredictsTheTrainedTopicsWithProbabilities) {
  const auto model = TextClassifier::load(TextClassifier::train(corpus(), small()));
  EXPECT_EQ(model->labels().size(), 2u);
  std::vector<LabelProbability> out;
  model->predict("how much is the salry", out);  // a typo: character n-grams still carry it
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].label, "salary");
  EXPECT_GT(out[0].probability, out[1].probability);
  EXPECT_NEAR(out[0].probability + out[1].probability, 1.0, 1e-9);
  model->predict("which company hires in chennai", out);
  EXPECT_EQ(out[0].label, "employers");
  model->predict("", out);  // no words: the model's prior, still two labels
  EXPECT_EQ(out.size(), 2u);
}

// The forward pass written out in predict() must agree with fastText's own.
TEST(TextClassifier, AgreesWithFastTextsOwnPrediction) {
  const std::string bytes = TextClassifier::train(corpus(), small());
  const auto model = TextClassifier::load(bytes);
  TempDir dir;
  dir.write("model.bin", bytes);
  fasttext::FastText reference;
  reference.loadModel(dir.file("model.bin"));
  for (const std::string text : {"what is the salary", "who hires in delhi", "random words here", "pay"}) {
    std::vector<LabelProbability> ours;
    model->predict(text, ours);
    std::istringstream line(text + "\n");
    std::vector<std::pair<fasttext::real, std::string>> theirs;
    reference.predictLine(line, theirs, 2, 0.0);
    ASSERT_EQ(theirs.size(), 2u) << text;
    EXPECT_EQ("__label__" + std::string(ours[0].label), theirs[0].second) << text;
    EXPECT_NEAR(ours[0].probability, theirs[0].first, 1e-4) << text;  // fastText adds 1e-5 inside its log
  }
}

// predict() sums each vocabulary word's rows once at load and hashes only the rest of a line; its
// probabilities must still be fastText's own (predictLine) for every label of every line: each
// training example of the real intents, then typos, Hinglish, unseen words, odd spacing, a label
// token, a line break inside the text and the empty line.
TEST(TextClassifier, SummedWordRowsGiveFastTextsOwnProbabilities) {
  const auto set = IntentSet::load_directory(CAREERBOT_INTENTS_DIR);
  std::vector<LabeledText> examples;
  for (const Example& e : load_intent_examples(*set, std::string(CAREERBOT_INTENTS_DIR) + "/examples"))
    examples.push_back({e.label, e.text});
  ASSERT_GT(examples.size(), 1000u);
  ClassifierParams params;  // the real settings (bucket, n-grams, dim)
  params.epoch = 1;         // trained rows, not accuracy, are what is compared
  const std::string bytes = TextClassifier::train(examples, params);
  const auto model = TextClassifier::load(bytes);
  TempDir dir;
  dir.write("model.bin", bytes);
  fasttext::FastText reference;
  reference.loadModel(dir.file("model.bin"));

  std::vector<std::string> lines;
  for (const LabeledText& e : examples) lines.push_back(e.text);
  for (const char* line :
       {"salry kitna hai data scientst ka", "mujhe doctor banna hai kya karu",
        "wat is the scop of aiml in indai", "btech ke baad mtech ya job",
        "  spaced   out\ttabs\vand\fform feeds  ", "", "x", "zzqqxx wwvvkk", "__label__out_of_scope salary",
        "one line\nthen another ignored", "words after </s> are ignored", "ünïcödé wörds für ständige",
        "salary salary salary"})
    lines.push_back(line);
  const auto k = static_cast<std::int32_t>(model->labels().size());
  std::map<std::string, std::uint32_t> index;  // fastText's "__label__x" -> our label index
  for (std::uint32_t i = 0; i < model->labels().size(); ++i) index["__label__" + model->labels()[i]] = i;
  std::vector<double> ours_by_index(model->labels().size());
  std::size_t compared = 0;
  for (const std::string& text : lines) {
    std::vector<LabelProbability> ours;
    model->predict(text, ours);
    for (const LabelProbability& p : ours) ours_by_index[p.index] = p.probability;
    std::istringstream line(text + "\n");
    std::vector<std::pair<fasttext::real, std::string>> theirs;
    ASSERT_TRUE(reference.predictLine(line, theirs, k, 0.0)) << text;
    ASSERT_EQ(theirs.size(), ours.size()) << text;
    for (const auto& [probability, label] : theirs) {
      // predictLine gives exp(log(p + 1e-5)).
      ASSERT_NEAR(ours_by_index.at(index.at(label)), static_cast<double>(probability) - 1e-5, 1e-5)
          << text << " / " << label;
      ++compared;
    }
  }
  EXPECT_EQ(compared, lines.size() * static_cast<std::size_t>(k));
}

TEST(TextClassifier, RejectsCorporaThatCannotTrain) {
  EXPECT_THROW(TextClassifier::train({{"a", "one"}, {"a", "two"}}, small()), std::invalid_argument);
  EXPECT_THROW(TextClassifier::train({{"a", "one"}, {"b", "  "}}, small()), std::invalid_argument);
  EXPECT_THROW(TextClassifier::train({{"a b", "one"}, {"b", "two"}}, small()), std::invalid_argument);
  EXPECT_THROW(TextClassifier::load("not a model"), std::runtime_error);
  EXPECT_THROW(TextClassifier::load(""), std::runtime_error);
}

TEST(ModelCache, TrainsOnceThenLoads) {
  TempDir dir;
  const ModelCache cache(dir.path() + "/models");
  int trained = 0;
  const auto train = [&] {
    ++trained;
    return std::string("bytes");
  };
  EXPECT_EQ(cache.get_or_train("intent", "key 1", train), "bytes");
  EXPECT_EQ(cache.get_or_train("intent", "key 1", train), "bytes");
  EXPECT_EQ(trained, 1);
  EXPECT_EQ(cache.get_or_train("intent", "key 2", train), "bytes");  // another key trains
  EXPECT_EQ(trained, 2);
  const ModelCache none("");
  none.get_or_train("intent", "key 1", train);
  EXPECT_EQ(trained, 3);
}

// Keyed by the training inputs: changed files whose inputs are the same find the model trained before;
// unchanged files do not even compute the inputs.
TEST(ModelCache, TrainsOncePerTrainingInputs) {
  TempDir dir;
  const ModelCache cache(dir.path() + "/models");
  int trained = 0, read_inputs = 0;
  std::string inputs = "examples A";
  const auto get = [&](const std::string& files) {
    return cache.get_or_train(
        "intent", files,
        [&] {
          ++read_inputs;
          return inputs;
        },
        [&] {
          ++trained;
          return "model of " + inputs;
        });
  };
  EXPECT_EQ(get("files 1"), "model of examples A");
  EXPECT_EQ(get("files 1"), "model of examples A");
  EXPECT_EQ(read_inputs, 1);                         // unchanged files: the inputs' hash is remembered
  EXPECT_EQ(get("files 2"), "model of examples A");  // an answer's wording changed: same inputs
  EXPECT_EQ(read_inputs, 2);
  EXPECT_EQ(trained, 1);
  inputs = "examples B";
  EXPECT_EQ(get("files 3"), "model of examples B");  // an example changed: trains
  EXPECT_EQ(trained, 2);
}

TEST(Combine, WeighsProbabilitiesAgainstRulesAndDropsGatedIntents) {
  // Labels: 0 -> intent 0, 1 -> intent 1, 2 -> out_of_scope; intent 2 has no label (no examples).
  const LabelMap labels = LabelMap::from_label_intents({0, 1, LabelEvidence::kOutOfScope}, 3);
  const std::vector<LabelProbability> p = {{0, "a", 0.5}, {1, "b", 0.3}, {2, "out_of_scope", 0.2}};
  std::vector<LabelEvidence> ranked;
  combine(p, labels, {{1, 0.9}}, 0.5, {}, ranked);
  ASSERT_EQ(ranked.size(), 3u);
  EXPECT_EQ(ranked[0].intent, 1u);  // 0.5 * 0.3 + 0.5 * 0.9 = 0.6 beats 0.25
  EXPECT_DOUBLE_EQ(ranked[0].score, 0.6);
  EXPECT_EQ(ranked[2].intent, LabelEvidence::kOutOfScope);
  const std::vector<std::uint32_t> blocked = {1};
  combine(p, labels, {{1, 0.9}}, 0.5, blocked, ranked);
  EXPECT_EQ(ranked[0].intent, 0u);
  EXPECT_EQ(ranked.size(), 2u);
  // A rule for an intent without a label still counts; a label the set no longer has is dropped.
  const LabelMap stale =
      LabelMap::from_label_intents({0, LabelEvidence::kUnknown, LabelEvidence::kOutOfScope}, 3);
  combine(p, stale, {{2, 0.8}}, 0.5, {}, ranked);
  ASSERT_EQ(ranked.size(), 3u);
  EXPECT_EQ(ranked[0].intent, 2u);  // 0.5 * 0.8
  EXPECT_DOUBLE_EQ(ranked[0].score, 0.4);
  EXPECT_EQ(ranked[1].intent, 0u);
  EXPECT_EQ(ranked[2].intent, LabelEvidence::kOutOfScope);
}

// Ranking only the first few gives the same first few as ranking them all, ties included (equal
// scores go to the lower intent index), on many labels in scrambled order.
TEST(Combine, RankingTheTopFewGivesTheSameTopAsRankingAll) {
  const std::uint32_t n = 300;
  std::vector<std::uint32_t> intent_of_label;
  std::vector<LabelProbability> p;
  std::mt19937 rng(3);
  for (std::uint32_t l = 0; l < n; ++l) {
    intent_of_label.push_back(l == 7 ? LabelEvidence::kOutOfScope : (l * 37) % n);
    p.push_back({l, "", static_cast<double>(rng() % 50) / 100.0});  // many equal probabilities
  }
  std::shuffle(p.begin(), p.end(), rng);
  std::vector<std::pair<std::uint32_t, double>> rules;
  for (std::uint32_t i = 0; i < n; i += 3) rules.emplace_back(i, static_cast<double>(rng() % 20) / 20.0);
  const LabelMap labels = LabelMap::from_label_intents(intent_of_label, n);
  const std::vector<std::uint32_t> blocked = {5, 37, 111};
  std::vector<LabelEvidence> all, top;
  combine(p, labels, rules, 0.3, blocked, all);
  ASSERT_EQ(all.size(), n - blocked.size());
  for (std::size_t i = 1; i < all.size(); ++i)
    ASSERT_TRUE(all[i - 1].score > all[i].score ||
                (all[i - 1].score == all[i].score && all[i - 1].intent < all[i].intent));
  for (const std::size_t k :
       {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{6}, std::size_t{50}}) {
    combine(p, labels, rules, 0.3, blocked, top, k);
    ASSERT_EQ(top.size(), all.size());
    for (std::size_t i = 0; i < k; ++i) {
      EXPECT_EQ(top[i].intent, all[i].intent) << "k=" << k << " i=" << i;
      EXPECT_EQ(top[i].score, all[i].score);
    }
  }
}

// A corpus with many labels, so that ranking only the first few differs from sorting them all.
std::vector<LabeledText> many_labels() {
  std::vector<LabeledText> out;
  const char* words[] = {"salary", "employers", "degree",    "exams",      "abroad", "skills",
                         "hours",  "growth",    "interview", "internship", "stress", "fees"};
  for (int round = 0; round < 3; ++round)
    for (const char* w : words)
      for (const char* frame : {"tell me about ", "what about the ", "question on "})
        out.push_back({w, std::string(frame) + w + (round == 1 ? " please" : "")});
  return out;
}

TEST(TextClassifier, RankingTheTopFewGivesTheSameTopAsSortingAll) {
  const auto model = TextClassifier::load(TextClassifier::train(many_labels(), small()));
  ASSERT_EQ(model->labels().size(), 12u);
  for (const std::string text : {"what about the salary", "fees and exams", "", "abroad internship hours"}) {
    std::vector<LabelProbability> all, top;
    model->predict(text, all);
    for (std::size_t k : {0u, 1u, 3u, 5u, 11u, 12u, 40u}) {
      model->predict(text, top, k);
      ASSERT_EQ(top.size(), all.size()) << text;
      for (std::size_t i = 0; i < std::min<std::size_t>(k, all.size()); ++i) {
        EXPECT_EQ(top[i].label, all[i].label) << text << " k=" << k << " i=" << i;
        EXPECT_EQ(top[i].probability, all[i].probability) << text << " k=" << k << " i=" << i;
      }
      double sum = 0;  // the rest are all there, in some order
      for (const auto& p : top) sum += p.probability;
      EXPECT_NEAR(sum, 1.0, 1e-9) << text;
    }
  }
}
