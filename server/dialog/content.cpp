#include "dialog/content.hpp"

#include "dialog/answer_renderer.hpp"
#include "intent/lint.hpp"

namespace careerbot::dialog {

std::vector<intent::CareerName> career_names(const knowledge::KnowledgeBase& knowledge) {
  std::vector<intent::CareerName> names;
  for (const auto& career : knowledge.careers()) {
    intent::CareerName name{career.slug, {career.name}};
    for (const auto& alias : career.aliases) name.names.push_back(alias);
    names.push_back(std::move(name));
  }
  return names;
}

std::shared_ptr<const Content> load_content(const ContentPaths& paths) {
  auto content = std::make_shared<Content>();
  content->knowledge = knowledge::KnowledgeBase::open(paths.knowledge_db);
  content->intents = intent::IntentSet::load_directory(paths.intents_dir);
  for (const auto& career : content->knowledge->careers()) {
    if (!content->careers_list.empty()) content->careers_list += ", ";
    content->careers_list += career.name;
  }
  auto safeguarding = Safeguarding::load(paths.intents_dir + "/safeguarding.yaml");
  auto matcher = std::make_shared<intent::Matcher>(content->intents, career_names(*content->knowledge),
                                                   safeguarding->example_words());
  // The reviewed patterns must raise their own examples with no model's help. Content that fails
  // that is refused (blocking_problems) whatever a model would add, so it is not trained on: the
  // refusal comes in a second, not after a training run.
  content->planner = FlowDef::load(paths.intents_dir + "/flows/planner.yaml");
  if (paths.classifiers && safeguarding->lint_examples(matcher->normalizer()).empty())
    content->classifiers =
        attach_classifiers(*matcher, *safeguarding, paths.intents_dir, paths.model_cache_dir,
                           content->careers_list, content->planner->answer_texts());
  content->matcher = std::move(matcher);
  content->safeguarding = std::move(safeguarding);
  content->answers = AnswerBook::load(paths.intents_dir + "/answers.yaml");
  content->quotes = std::make_shared<const GuideQuotes>(*content->knowledge);
  // Shares the matcher's lexicon (the aliasing pointer keeps the matcher alive).
  content->uncorrected = std::make_shared<const intent::Normalizer>(
      std::shared_ptr<const intent::Lexicon>(content->matcher, &content->matcher->normalizer().lexicon()),
      nullptr);
  return content;
}

std::vector<std::string> blocking_problems(const Content& content) {
  return content.safeguarding->lint_examples(content.matcher->normalizer());
}

std::vector<std::string> lint_content(const Content& content) {
  std::vector<std::string> problems;
  for (const auto& error : intent::lint(*content.intents, *content.matcher))
    problems.push_back(error.to_string());

  const AnswerRenderer renderer(*content.answers);
  for (const auto& intent : content.intents->intents()) {
    if (!intent.handled_by.empty()) continue;  // answered by a flow or a follow-up, not a template
    const AnswerTemplate* answer = content.answers->find(intent.answer);
    if (answer == nullptr) {
      problems.push_back(intent.file + ":" + std::to_string(intent.line) + ": intent '" + intent.name +
                         "' has no answer '" + intent.answer + "' in " + content.answers->file());
    }
  }
  for (const auto& answer : content.answers->answers())
    for (const auto& career : content.knowledge->careers())
      for (auto& problem : renderer.check(answer, career)) problems.push_back(std::move(problem));

  // The engine finds these intents by role (each on at most one intent: checked when loaded).
  for (const std::string_view role : intent::kIntentRoles)
    if (content.intents->with_role(role) == nullptr)
      problems.push_back(content.intents->intents().front().file +
                         ":1: no intent has 'role: " + std::string(role) +
                         "', which the dialog engine needs (intents/README.md, 'Intent roles')");
  if (content.intents->find(content.planner->start_intent()) == nullptr)
    problems.push_back("flows/planner.yaml: start_intent '" + content.planner->start_intent() +
                       "' is not an intent");
  for (const auto& slot : content.planner->slots())
    if (slot.slot != "years_experience" && !content.intents->has_entity(slot.slot))
      problems.push_back("flows/planner.yaml:" + std::to_string(slot.line) + ": slot '" + slot.slot +
                         "' has no entity of the same name, so free-text answers cannot fill it");
  // Safeguarding: its own examples and near misses, and no career question may leave the flow.
  for (auto& problem : content.safeguarding->lint(content.matcher->normalizer()))
    problems.push_back(std::move(problem));
  for (const auto& intent : content.intents->intents())
    for (const auto& example : intent.examples)
      if (const auto concern =
              content.safeguarding->check(content.matcher->normalizer().normalize(example.text).text))
        problems.push_back(intent.file + ":" + std::to_string(example.line) + ": example of '" + intent.name +
                           "' triggers safeguarding '" + concern->category->name + "': " + example.text);
  if (content.knowledge->careers().empty()) problems.push_back(content.knowledge->path() + ": no careers");
  return problems;
}

}  // namespace careerbot::dialog
