#pragma once
// Everything the bot knows and says, loaded together and swapped together: the knowledge base, the
// intent set with its matcher, the answer wording and the guided flows. A hot reload builds a new
// Content, lints it, and only then replaces the old one, so a reply is always answered from one
// consistent version.
//
// Thread-safety: immutable after load; share through shared_ptr<const Content>.

#include <memory>
#include <string>
#include <vector>

#include "dialog/answer_book.hpp"
#include "dialog/classifiers.hpp"
#include "dialog/flow.hpp"
#include "dialog/guide_quotes.hpp"
#include "dialog/safeguarding.hpp"
#include "intent/intent_set.hpp"
#include "intent/matcher.hpp"
#include "knowledge/knowledge_base.hpp"

namespace careerbot::dialog {

struct ContentPaths {
  std::string knowledge_db;  // built by careerbot-kb build
  std::string intents_dir;   // intents/ (intents, lexicon, entities, answers.yaml, flows/, examples/)
  // Trained classifiers, by content hash (classifiers.hpp); "" trains on every load.
  std::string model_cache_dir = default_model_cache_dir();
  // False: the rules alone decide (for measuring what the classifiers add; never in the server).
  bool classifiers = true;
};

struct Content {
  std::shared_ptr<const knowledge::KnowledgeBase> knowledge;
  std::shared_ptr<const intent::IntentSet> intents;
  std::shared_ptr<const intent::Matcher> matcher;
  std::shared_ptr<const AnswerBook> answers;
  std::shared_ptr<const FlowDef> planner;
  std::shared_ptr<const Safeguarding> safeguarding;  // checked before anything else, every turn
  std::shared_ptr<const GuideQuotes> quotes;         // the guide's words quoted back, left out of matching
  // The matcher's lexicon without typo correction: over-long messages are only safeguarding-checked, and
  // correction cost grows with the square of a word's length.
  std::shared_ptr<const intent::Normalizer> uncorrected;
  std::string careers_list;      // "Machine Learning Specialist, ..." for wording
  ClassifierReport classifiers;  // how the classifiers were trained or loaded
};

// The careers of a knowledge base as the matcher's `career` entity knows them (name and aliases).
std::vector<intent::CareerName> career_names(const knowledge::KnowledgeBase& knowledge);

// Loads every part; throws ContentError or std::runtime_error naming the file on a problem.
std::shared_ptr<const Content> load_content(const ContentPaths& paths);

// Content lint across parts: intents' own lint (every example classifies to its intent, ...), every
// intent has an answer, every answer refers to knowledge that exists in every career, every intent
// role the engine needs is given (intent::kIntentRoles), the flow's start intent exists, safeguarding
// examples trigger and its near misses and every intent example do not. Returns "file:line: problem" strings;
// empty when all is well.
std::vector<std::string> lint_content(const Content& content);

// The part of lint_content that must stop a server from starting: safeguarding examples that raise no
// category or the wrong one (Safeguarding::lint_examples). A reload refuses every lint problem.
std::vector<std::string> blocking_problems(const Content& content);

}  // namespace careerbot::dialog
