// Matching time per message: on the project's intents/ directory (skipped when it does not load),
// and on generated sets of 100, 300 and 1,000 intents (10 patterns each), to show the cost grows far
// slower than the number of intents.
//
//   cmake -DCAREERBOT_BENCH=ON ... && build/x/bench/matcher_bench --benchmark_repetitions=5

#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include "common/record_file.hpp"
#include "intent/matcher.hpp"

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

void BM_ProjectIntents(benchmark::State& state) {
  static std::unique_ptr<Matcher> matcher = [] {
    try {
      return std::make_unique<Matcher>(IntentSet::load_directory(CAREERBOT_SOURCE_DIR "/intents"), careers());
    } catch (const std::exception& e) {
      std::cerr << "intents/ did not load: " << e.what() << "\n";
      return std::unique_ptr<Matcher>();
    }
  }();
  if (!matcher) {
    state.SkipWithError("intents/ did not load");
    return;
  }
  run(state, *matcher);
}
BENCHMARK(BM_ProjectIntents);

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
