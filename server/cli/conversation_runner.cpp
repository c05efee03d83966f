#include "cli/conversation_runner.hpp"

#include <chrono>
#include <filesystem>
#include <sstream>
#include <thread>

#include "cli/conversation_file.hpp"
#include "cli/reply_check.hpp"
#include "common/record_file.hpp"

namespace careerbot::cli {

namespace {

// The server limits messages per connection and per address; a test run sends many quickly, so a
// rate_limited answer is waited out rather than reported as the bot's failure.
constexpr int kRateLimitRetries = 10;

nlohmann::json send_turn(ChatChannel& conversation, const Turn& turn, int id) {
  const nlohmann::json message = {{"type", "message"}, {"text", turn.user}, {"id", id}, {"explain", true}};
  for (int attempt = 0;; ++attempt) {
    auto reply = conversation.exchange(message);
    const bool rate_limited = reply.value("type", "") == "error" && reply.value("code", "") == "rate_limited";
    if (!rate_limited || attempt == kRateLimitRetries) return reply;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

std::string indent(const std::string& text, const std::string& prefix) {
  std::istringstream lines(text);
  std::string line, out;
  while (std::getline(lines, line)) out += prefix + line + "\n";
  return out;
}

std::string location(const std::string& file, std::size_t line) {
  return std::filesystem::path(file).filename().string() + ":" + std::to_string(line);
}

std::string describe_reply(const nlohmann::json& reply) {
  if (reply.value("type", "") == "error") return "error " + reply.dump() + "\n";
  std::ostringstream out;
  out << "intent " << reply.value("intent", "?");
  if (reply.contains("confidence") && reply["confidence"].is_number()) {
    out << " (" << reply["confidence"].get<double>() << ")";
  }
  if (const auto explain = reply.find("explain"); explain != reply.end() && explain->is_object()) {
    if (const auto flow = explain->find("flow");
        flow != explain->end() && flow->is_object() && !flow->value("name", "").empty()) {
      out << ", flow " << flow->value("name", "?") << " slot "
          << flow->value("slot", nlohmann::json()).dump();
    }
    // What the bot believes about the student explains most planner surprises.
    if (const auto profile = explain->find("profile");
        profile != explain->end() && profile->is_object() && !profile->empty()) {
      out << ", profile " << profile->dump();
    }
  }
  out << "\n" << reply.value("text", "");
  if (const auto s = reply.find("suggestions"); s != reply.end() && s->is_array() && !s->empty()) {
    out << "\nsuggestions: " << s->dump();
  }
  return out.str() + "\n";
}

}  // namespace

ConversationRunner::ConversationRunner(ChatTarget& bot, std::ostream& out, TerminalStyle style)
    : bot_(bot), out_(out), style_(style) {}

void ConversationRunner::note_intents(const nlohmann::json& reply) {
  if (const auto intent = reply.find("intent"); intent != reply.end() && intent->is_string())
    intents_answered_.insert(intent->get<std::string>());
  if (const auto explain = reply.find("explain"); explain != reply.end() && explain->is_object())
    if (const auto decision = explain->find("decision"); decision != explain->end() && decision->is_object())
      if (const auto answered = decision->find("answered_intent");
          answered != decision->end() && answered->is_string())
        intents_answered_.insert(answered->get<std::string>());
}

RunTotals ConversationRunner::run_files(const std::vector<std::string>& files) {
  RunTotals totals;
  for (const auto& file : files) {
    std::vector<Conversation> conversations;
    try {
      conversations = load_conversation_file(file);
    } catch (const ContentError& e) {
      out_ << style_.red("FAIL") << "  " << e.what() << "\n";
      ++totals.failed;
      continue;
    }
    for (const auto& conversation : conversations) {
      std::ostringstream details;
      bool passed = true;
      try {
        const auto channel = bot_.open();
        int id = 0;
        for (const auto& turn : conversation.turns) {
          const auto reply = send_turn(*channel, turn, ++id);
          note_intents(reply);
          const auto mismatches = check_reply(turn.expect, reply);
          if (mismatches.empty()) continue;
          passed = false;
          details << "  turn " << id << " (" << location(file, turn.line) << ") user: " << turn.user << "\n";
          for (const auto& m : mismatches) {
            details << "    " << style_.red(m.line ? location(file, m.line) + ": " + m.message : m.message)
                    << "\n";
          }
          details << style_.dim(indent(describe_reply(reply), "      | "));
        }
      } catch (const ConnectionError& e) {
        passed = false;
        details << "  " << style_.red(std::string("connection: ") + e.what()) << "\n";
      }
      const auto where = location(file, conversation.line);
      if (passed) {
        ++totals.passed;
        out_ << style_.green("PASS") << "  " << where << "  " << conversation.name << "\n";
      } else {
        ++totals.failed;
        out_ << style_.red("FAIL") << "  " << where << "  " << style_.bold(conversation.name) << "\n"
             << details.str();
      }
      out_.flush();
    }
  }
  out_ << totals.passed << " passed, " << totals.failed << " failed\n";
  return totals;
}

}  // namespace careerbot::cli
