#include "cli/conversation_file.hpp"

#include "common/record_file.hpp"

namespace careerbot::cli {

namespace {

ExpectedText scalar(const RecordNode& node, std::string_view what) {
  return ExpectedText{node.text(what), node.line()};
}

// A list of texts; a single scalar is accepted too ("contains: Route 1").
std::vector<ExpectedText> texts(const RecordNode& node, std::string_view what) {
  std::vector<ExpectedText> out;
  if (node.is_scalar()) {
    out.push_back(scalar(node, what));
    return out;
  }
  for (const auto& item : node.items(what)) out.push_back(scalar(item, what));
  return out;
}

Expectation parse_expectation(const RecordNode& node) {
  Expectation expect;
  for (const auto& [key, value] : node.entries("expect")) {
    if (key == "intent") {
      expect.intent = scalar(value, key);
    } else if (key == "answered_intent") {
      expect.answered_intent = scalar(value, key);
    } else if (key == "matched_intent") {
      expect.matched_intent = scalar(value, key);
    } else if (key == "contains") {
      expect.contains = texts(value, key);
    } else if (key == "not_contains") {
      expect.not_contains = texts(value, key);
    } else if (key == "any_of") {
      expect.any_of = texts(value, key);
    } else if (key == "suggestions_include") {
      expect.suggestions_include = texts(value, key);
    } else if (key == "flow_slot") {
      // `flow_slot: ""` (or an empty value) means the planner must not be waiting for an answer.
      expect.flow_slot = ExpectedText{value.is_empty() ? std::string() : value.text(key), value.line()};
    } else if (key == "career") {
      expect.career = scalar(value, key);
    } else {
      node.key_node(key)->fail(
          "unknown expectation '" + key +
          "' (known: intent, answered_intent, matched_intent, contains, not_contains, any_of, "
          "suggestions_include, "
          "flow_slot, career)");
    }
  }
  return expect;
}

Turn parse_turn(const RecordNode& node) {
  if (!node.is_map()) node.fail("a turn must be a map starting with 'user: ...'");
  Turn turn;
  turn.line = node.line();
  for (const auto& [key, value] : node.entries("turn")) {
    if (key == "user") {
      turn.user = value.text("user");
    } else if (key == "expect") {
      turn.expect = parse_expectation(value);
    } else {
      node.key_node(key)->fail("unknown turn field '" + key + "' (known: user, expect)");
    }
  }
  if (turn.user.empty()) node.fail("missing required field 'user'");
  return turn;
}

Conversation parse_conversation(const RecordNode& node) {
  if (!node.is_map()) node.fail("a conversation must be a map with 'name' and 'turns'");
  Conversation conversation;
  conversation.file = node.file();
  conversation.line = node.line();
  for (const auto& [key, value] : node.entries("conversation")) {
    if (key == "name") {
      conversation.name = value.text("name");
    } else if (key == "turns") {
      for (const auto& turn : value.items("turns")) conversation.turns.push_back(parse_turn(turn));
    } else if (key != "description") {  // description: free text for the reader
      node.key_node(key)->fail("unknown conversation field '" + key + "' (known: name, description, turns)");
    }
  }
  if (conversation.name.empty()) node.fail("missing required field 'name'");
  if (conversation.turns.empty()) node.fail("conversation '" + conversation.name + "' has no turns");
  return conversation;
}

}  // namespace

std::vector<Conversation> load_conversation_file(const std::string& path) {
  const auto document = RecordDocument::load(path);
  const auto& root = document.root();
  if (!root.is_map()) root.fail("expected 'name:' and 'turns:', or 'conversations:'");
  std::vector<Conversation> conversations;
  if (const auto* list = root.find("conversations")) {
    if (root.entries().size() != 1) root.fail("a file with 'conversations:' holds nothing else");
    for (const auto& item : list->items("conversations")) conversations.push_back(parse_conversation(item));
    if (conversations.empty()) list->fail("'conversations' is empty");
  } else {
    conversations.push_back(parse_conversation(root));
  }
  return conversations;
}

}  // namespace careerbot::cli
