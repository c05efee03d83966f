// Matching time per message, classifier included: on the project's intents/ directory (rules alone
// and rules + classifier, side by side), and on generated sets of 100, 300 and 1,000 intents (10
// patterns each, four training messages each), to show how the cost grows with the number of intents.
// Models are trained once into var/models and loaded from there on later runs.
//
//   cmake -DCAREERBOT_BENCH=ON ... && build/x/bench/matcher_bench --benchmark_repetitions=5

#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include "common/record_file.hpp"
#include "intent/example_corpus.hpp"
#include "intent/matcher.hpp"
#include "intent/model_cache.hpp"

using namespace careerbot::intent;

namespace {

const std::vector<std::string> kQuestions = {
    "What does a Machine Learning Specialist do?",
    "What are the main duties of an ML specialist?",
    "Can I become an ML specialist after 12th?",
    "Which subjects do I need in 10+2?",
    "Tell me about Route 2.",
    "Which route includes a master's degree?",
    "How long does it take to become a Machine Learning Specialist?",
    "Which companies hire ML specialists in India?",
    "Who hires machine learning specialists in Bangalore?",
    "What is the salery in LPA for a senior specialist?",
    "Is the Azure certifcation relevant?",
    "Hi there!",
    "Thanks for the help!",
    "What's the weather like today?",
    "xyzzy plugh",
};

std::vector<CareerName> careers() {
  return {{"machine-learning-specialist", {"Machine Learning Specialist", "ML specialist", "ML engineer"}}};
}

void run(benchmark::State& state, const Matcher& matcher) {
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(matcher.match(kQuestions[i]));
    if (++i == kQuestions.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// Trains (or loads from var/models) the intent classifier the way the server does and attaches it.
void attach_model(Matcher& matcher, const std::vector<IntentModel::TrainingExample>& examples) {
  std::string key = "bench\n";
  for (const auto& e : examples) key += e.label + "\t" + e.text + "\n";
  const auto rules = [&matcher](const std::string& text) { return matcher.training_view(text); };
  const ModelCache cache("var/models");
  const std::string bytes = cache.get_or_train("bench-intent", key, [&] {
    return IntentModel::train(matcher.intent_set(), examples, rules, ClassifierParams{}, NoiseOptions{});
  });
  matcher.attach_model(IntentModel::load(bytes, matcher.intent_set()));
}

std::unique_ptr<Matcher> project_matcher(bool with_classifier) {
  try {
    auto matcher =
        std::make_unique<Matcher>(IntentSet::load_directory(CAREERBOT_SOURCE_DIR "/intents"), careers());
    if (with_classifier) {
      std::vector<IntentModel::TrainingExample> examples;
      for (const auto& e :
           load_intent_examples(matcher->intent_set(), CAREERBOT_SOURCE_DIR "/intents/examples"))
        examples.push_back({e.label, e.text});
      attach_model(*matcher, examples);
    }
    return matcher;
  } catch (const std::exception& e) {
    std::cerr << "intents/ did not load: " << e.what() << "\n";
    return nullptr;
  }
}

// The rules alone, and the rules with the classifier (what the server runs).
void BM_ProjectIntents(benchmark::State& state) {
  static const std::unique_ptr<Matcher> rules = project_matcher(false);
  static const std::unique_ptr<Matcher> full = project_matcher(true);
  const Matcher* matcher = state.range(0) ? full.get() : rules.get();
  if (matcher == nullptr) {
    state.SkipWithError("intents/ did not load");
    return;
  }
  state.SetLabel(state.range(0) ? "rules+classifier" : "rules only");
  run(state, *matcher);
}
BENCHMARK(BM_ProjectIntents)->Arg(0)->Arg(1);

// A generated directory of `count` intents, each with 10 patterns and 6 keywords drawn from a
// made-up vocabulary plus real career words, so messages hit a realistic share of them.
std::unique_ptr<Matcher> generated(int count) {
  const auto dir = std::filesystem::temp_directory_path() / ("careerbot-bench-" + std::to_string(count));
  std::filesystem::create_directories(dir);
  std::mt19937 rng(42);
  const std::vector<std::string> real = {"salary",      "route",  "companies",  "hire",          "india",
                                         "eligibility", "course", "internship", "certification", "masters",
                                         "degree",      "skills", "tools",      "abroad",        "duration",
                                         "trends",      "advice", "levels",     "research",      "deploy"};
  const auto word = [&](int i) {
    std::string w = "w";
    for (int k = 0; k < 6; ++k)
      w.push_back(static_cast<char>('a' + (i * 7 + k * 13 + static_cast<int>(rng() % 26)) % 26));
    return w;
  };
  std::ofstream out(dir / "gen.intents.yaml");
  out << "intents:\n";
  for (int i = 0; i < count; ++i) {
    out << "  - name: intent_" << i << "\n    patterns:\n";
    for (int p = 0; p < 10; ++p) {
      const std::string& a = real[rng() % real.size()];
      out << "      - \\b" << (p % 2 ? a : word(i)) << "s?\\b.*\\b" << word(i + p) << "\\b\n";
    }
    out << "    keywords:\n";
    for (int k = 0; k < 6; ++k)
      out << "      - " << (k < 2 ? real[rng() % real.size()] : word(i + k)) << " 1\n";
  }
  out.close();
  auto m = std::make_unique<Matcher>(IntentSet::load_directory(dir.string()), careers());
  std::filesystem::remove_all(dir);
  // Four example messages per intent from its own words, so the classifier has `count` labels.
  std::vector<IntentModel::TrainingExample> examples;
  std::mt19937 again(7);
  for (int i = 0; i < count; ++i)
    for (int e = 0; e < 4; ++e)
      examples.push_back({"intent_" + std::to_string(i),
                          real[again() % real.size()] + " " + word(i + e) + " " + word(i) + " please"});
  examples.push_back({"out_of_scope", "weather today"});
  attach_model(*m, examples);
  return m;
}

void BM_GeneratedIntents(benchmark::State& state) {
  const auto matcher = generated(static_cast<int>(state.range(0)));
  run(state, *matcher);
  state.counters["patterns"] = static_cast<double>(state.range(0) * 10);
}
BENCHMARK(BM_GeneratedIntents)->Arg(100)->Arg(300)->Arg(1000);

void BM_LongMessage(benchmark::State& state) {
  static auto matcher = generated(300);
  std::string text;
  while (text.size() < 8000) text += "which companies hire machine learning specialists in india and abroad ";
  for (auto _ : state) benchmark::DoNotOptimize(matcher->match(text));
}
BENCHMARK(BM_LongMessage);

}  // namespace

BENCHMARK_MAIN();
