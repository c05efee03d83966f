// Safeguarding on the project's real content: messages showing self-harm, abuse or bullying, a results
// crisis or distress (English and Hinglish) leave any conversation for the calm reply; near misses do
// not; the planner is paused, not lost; and the student's text is kept only in the flag record.
#include "dialog/safeguarding.hpp"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "common/record_file.hpp"
#include "content_fixture.hpp"
#include "dialog/chatbot.hpp"
#include "dialog/responder.hpp"
#include "store/flag_store.hpp"
#include "store/sqlite_session_store.hpp"
#include "store/unanswered_log.hpp"

namespace careerbot::dialog {
namespace {

struct Expected {
  const char* text;
  const char* category;
};

// Written for this test, independently of the examples in intents/safeguarding.yaml.
const Expected kMustTrigger[] = {
    {"I want to kill myself", "self_harm"},
    {"i keep thinking about suicide", "self_harm"},
    {"I feel suicidal tonight", "self_harm"},
    {"I want to end my life", "self_harm"},
    {"I don't want to live anymore", "self_harm"},
    {"I have started cutting myself", "self_harm"},
    {"honestly I just want to die", "self_harm"},
    {"lol i want to die", "self_harm"},
    {"my family would be better off without me", "self_harm"},
    {"Mujhe jeena nahi hai", "self_harm"},
    {"mai marna chahti hu", "self_harm"},
    {"main khud ko khatam kar lunga", "self_harm"},
    {"I've been hurting myself", "self_harm"},
    {"I'm being bullied in my class", "abuse_bullying"},
    {"the boys in my hostel bully me", "abuse_bullying"},
    {"My dad beats me when I get low marks", "abuse_bullying"},
    {"my tuition teacher touches me", "abuse_bullying"},
    {"someone online is blackmailing me", "abuse_bullying"},
    {"I was sexually abused", "abuse_bullying"},
    {"I am scared to go home", "abuse_bullying"},
    {"papa bahut maarte hai", "abuse_bullying"},
    {"college ke seniors mujhe tang karte hai", "abuse_bullying"},
    {"I got ragged by seniors", "abuse_bullying"},
    {"I failed 12th, my life is over", "results_crisis"},
    {"parents will kill me if I don't get IIT", "results_crisis"},
    {"I flunked my boards, my future is ruined", "results_crisis"},
    {"got 40% in class 12, how will I face my parents", "results_crisis"},
    {"12th mein fail ho gaya, sab khatam ho gaya", "results_crisis"},
    {"JEE result kharab aaya, ghar pe kaise batau", "results_crisis"},
    {"my dad will kill me when he sees my marks", "results_crisis"},
    {"NEET mein fail, zindagi barbaad", "results_crisis"},
    {"papa maar dalenge", "results_crisis"},
    {"sab khatam ho gaya", "distress"},
    {"I feel so hopeless about everything", "distress"},
    {"I can't take it anymore", "distress"},
    {"nobody cares about me", "distress"},
    {"I'm really depressed", "distress"},
    {"I get panic attacks before every class", "distress"},
    {"mai bahut akela hu", "distress"},
    {"dil nahi lagta kisi cheez mein", "distress"},
    {"my life is over", "distress"},
    {"I can't stop crying", "distress"},
};

const char* const kMustNotTrigger[] = {
    "my model keeps dying during training",
    "kill the process",
    "how to kill a python thread",
    "the deadline is killing me",
    "this course is killing me lol",  // decided: an idiom, not a concern (docs/safeguarding.md)
    "how do I kill a hung jupyter kernel?",
    "my phone battery is dying",
    "I'm dying to work at Google",
    "I failed 12th, can I still become an ML specialist?",
    "what if I fail in maths?",
    "I got low marks in 12th, what are my options?",
    "is this job stressful?",
    "can machine learning detect depression?",
    "I want to build a cyberbullying detection model",
    "can we predict suicide risk from social media posts?",
    "is there ragging in IITs?",
    "my exams are over, what next?",
    "my life goal is to become a data scientist",
    "dead relu neurons",
    "how do I end a training run early?",
    "my parents want me to do engineering",
    "I'm a bit stressed about choosing a college",
    "mujhe ML specialist banna hai",
    "12th ke baad kya karna chahiye",
    "mera result kab aayega",
    "my friend beat me in the coding contest",
    "what happens if the server dies?",
};

std::string normalized(const std::string& text) {
  return testing::project_content()->matcher->normalizer().normalize(text).text;
}

TEST(Safeguarding, EveryConcerningMessageTriggersItsCategory) {
  const auto& safeguarding = *testing::project_content()->safeguarding;
  for (const auto& [text, category] : kMustTrigger) {
    const auto concern = safeguarding.check(normalized(text));
    ASSERT_TRUE(concern.has_value()) << text << "  (normalised: " << normalized(text) << ")";
    EXPECT_EQ(concern->category->name, category) << text;
  }
}

TEST(Safeguarding, NearMissesDoNotTrigger) {
  const auto& safeguarding = *testing::project_content()->safeguarding;
  for (const char* text : kMustNotTrigger) {
    const auto concern = safeguarding.check(normalized(text));
    EXPECT_FALSE(concern.has_value()) << text << " triggered " << (concern ? concern->category->name : "")
                                      << "  (normalised: " << normalized(text) << ")";
  }
}

TEST(Safeguarding, ProjectContentLintsClean) {
  const auto content = testing::project_content();
  const auto problems = content->safeguarding->lint(content->matcher->normalizer());
  for (const auto& p : problems) ADD_FAILURE() << p;
  for (const auto& p : lint_content(*content)) EXPECT_EQ(p.find("safeguarding"), std::string::npos) << p;
}

TEST(Safeguarding, ReplyNamesTheHelplineAndACounsellorAndIsMarkedSensitive) {
  SessionState state;
  const Turn turn = respond(*testing::project_content(), state, "I want to kill myself");
  EXPECT_EQ(turn.reply.intent, "safeguarding");
  EXPECT_TRUE(turn.reply.sensitive);
  ASSERT_TRUE(turn.concern.has_value());
  EXPECT_NE(turn.reply.text.find("14416"), std::string::npos) << turn.reply.text;
  EXPECT_NE(turn.reply.text.find("free"), std::string::npos) << turn.reply.text;
  EXPECT_NE(turn.reply.text.find("24x7"), std::string::npos) << turn.reply.text;
  EXPECT_NE(turn.reply.text.find("counsellor"), std::string::npos) << turn.reply.text;
  EXPECT_EQ(turn.reply.text.find('{'), std::string::npos) << "unfilled placeholder: " << turn.reply.text;
  EXPECT_FALSE(turn.unanswered);
}

TEST(Safeguarding, DeploymentContactsReplaceTheDefaults) {
  SessionState state;
  const SafeguardingContacts contacts{"the Wellbeing Line on 1800-123-456", "Ms. Rao in room 12"};
  const Turn turn = respond(*testing::project_content(), state, "nobody cares about me", contacts);
  EXPECT_NE(turn.reply.text.find("1800-123-456"), std::string::npos) << turn.reply.text;
  EXPECT_NE(turn.reply.text.find("Ms. Rao in room 12"), std::string::npos) << turn.reply.text;
  EXPECT_EQ(turn.reply.text.find("14416"), std::string::npos) << turn.reply.text;
}

TEST(Safeguarding, AnOverLongMessageIsStillChecked) {
  SessionState state;
  std::string text;
  while (text.size() < 2000) text += "I studied every day for the exam and tried my best. ";
  text += "Now I failed 12th and my life is over.";
  const Turn turn = respond(*testing::project_content(), state, text);
  EXPECT_EQ(turn.reply.intent, "safeguarding") << turn.reply.text;
}

// The words of the reviewed examples are never spelling-corrected: an entity pattern that added
// "nahi karna" to the vocabulary once turned "mai marna chahta hu" into "i do chahta hu".
TEST(Safeguarding, TheExamplesWordsAreNeverCorrected) {
  const auto content = testing::project_content();
  const auto normalized = content->matcher->normalizer().normalize("mai marna chahta hu");
  EXPECT_NE(normalized.text.find("marna"), std::string::npos) << normalized.text;
  EXPECT_TRUE(normalized.corrections.empty());
  SessionState state;
  EXPECT_EQ(respond(*content, state, "mai marna chahta hu").reply.intent, "safeguarding");
}

TEST(Safeguarding, MidPlannerTheFlowIsPausedNotLost) {
  const auto content = testing::project_content();
  SessionState state;
  const Turn start = respond(*content, state, "am I eligible?");
  ASSERT_EQ(start.reply.intent, "plan");
  const std::string slot = state.flow.slot;
  ASSERT_FALSE(slot.empty());
  const std::string question = content->planner->find(slot)->question;

  const Turn concern = respond(*content, state, "parents will kill me if I don't get IIT");
  EXPECT_EQ(concern.reply.intent, "safeguarding");
  EXPECT_EQ(concern.reply.text.find(question), std::string::npos) << "no flow question in this reply";
  EXPECT_TRUE(state.flow.active());
  EXPECT_EQ(state.flow.slot, slot);
  EXPECT_EQ(state.flow.reprompts, 0);

  // An ordinary question next: answered, then the offer to continue the plan.
  const Turn next = respond(*content, state, "what does an ML specialist do?");
  EXPECT_NE(next.reply.intent, "safeguarding");
  EXPECT_NE(next.reply.text.find(question), std::string::npos) << next.reply.text;
  // And the plan goes on from where it was.
  respond(*content, state, "I'm in 12th");
  EXPECT_EQ(state.profile["education"], "class12");
}

// The classifier alone, however sure, never takes over a message that answers the plan's waiting
// question and tells the planner about the student: it gets the gentle check, and the plan goes on with
// what the student said. A reviewed pattern still takes over. (The concern is given, not scored, so
// the test does not depend on what a retrained model makes of the sentence.)
TEST(Safeguarding, ThePlansAnswerTheClassifierAloneWorriesAboutIsCheckedGentlyAndKept) {
  const auto content = testing::project_content();
  const SafeguardingCategory* category = content->safeguarding->find("abuse_bullying");
  ASSERT_NE(category, nullptr);
  const auto screened = [&](const std::string& text, bool pattern) {
    Screening screening;
    screening.text = text;
    screening.match = content->matcher->match(text);
    screening.tells_planner = true;
    screening.concern = Concern{category, false, pattern ? 1.0 : 0.95, pattern};
    return screening;
  };
  const std::string answer = "I want to stay in India, close to home. And no master's for me.";
  EXPECT_FALSE(screened(answer, false).definite()) << "decided with the session";
  EXPECT_TRUE(screened(answer, true).definite());

  SessionState state;
  ASSERT_EQ(
      respond(*content, state, "I'm in 12th with PCM, could someone like me get into this?").reply.intent,
      "plan");
  ASSERT_TRUE(state.flow.active());
  const Screening model_only = screened(answer, false);
  const Turn turn = respond(*content, state, answer, {}, &model_only);
  ASSERT_TRUE(turn.concern.has_value()) << "still flagged for a counsellor";
  EXPECT_TRUE(turn.concern->unsure);
  EXPECT_EQ(turn.reply.intent, "safeguarding");
  EXPECT_NE(turn.reply.text.find("are you okay?"), std::string::npos) << turn.reply.text;
  EXPECT_EQ(state.profile["masters_wish"], "no");
  EXPECT_EQ(state.profile["abroad"], "no");

  // Outside a plan the same classifier concern gets the full reply.
  SessionState fresh;
  const Turn alone = respond(*content, fresh, answer, {}, &model_only);
  ASSERT_TRUE(alone.concern.has_value());
  EXPECT_FALSE(alone.concern->unsure);
  EXPECT_EQ(alone.reply.text, content->safeguarding->reply_text(*alone.concern, {}));
}

// "I won't", "not planning to": answers to the planner's yes/no questions that the classifier scored
// above 0.97 as distress, and so got the full reply before the session was read, ending the plan. A
// short message that opens with a yes or no is decided with the session: mid-plan the gentle check and
// the plan goes on; outside a plan the full reply as before. (The concern is given, not scored.)
TEST(Safeguarding, AShortYesOrNoIsDecidedWithTheSessionSinceItMayAnswerThePlan) {
  const auto content = testing::project_content();
  EXPECT_TRUE(content->planner->opens_with_answer("i won't"));
  EXPECT_TRUE(content->planner->opens_with_answer("Not planning to"));
  EXPECT_FALSE(content->planner->opens_with_answer("what are the routes"));
  EXPECT_FALSE(content->planner->opens_with_answer("i wish it would all stop, no"));
  EXPECT_TRUE(screen(*content, "i won't").may_answer_planner);
  EXPECT_FALSE(
      screen(*content, "no, I am going to finish everything tonight after they sleep").may_answer_planner)
      << "longer than a short answer";

  const SafeguardingCategory* category = content->safeguarding->find("self_harm");
  ASSERT_NE(category, nullptr);
  Screening screening = screen(*content, "i won't");
  screening.concern = Concern{category, false, 0.99, false};
  EXPECT_FALSE(screening.definite());

  SessionState state;
  ASSERT_EQ(respond(*content, state, "I'm in 12th with PCM, which route fits me?").reply.intent, "plan");
  ASSERT_EQ(state.flow.slot, "masters_wish");
  const Turn turn = respond(*content, state, "i won't", {}, &screening);
  ASSERT_TRUE(turn.concern.has_value()) << "still flagged for a counsellor";
  EXPECT_TRUE(turn.concern->unsure);
  EXPECT_EQ(state.profile["masters_wish"], "no");
  EXPECT_EQ(state.flow.slot, "certification_wish");

  SessionState fresh;
  const Turn alone = respond(*content, fresh, "i won't", {}, &screening);
  ASSERT_TRUE(alone.concern.has_value());
  EXPECT_FALSE(alone.concern->unsure);
  EXPECT_EQ(alone.reply.text, content->safeguarding->reply_text(*alone.concern, {}));
}

// One folder per fixture: the tests of a content_tests shard share one process, so the pid alone
// would give each test the folder (and databases) the test before it just removed.
std::filesystem::path fresh_dir() {
  static int fixtures = 0;
  auto dir = std::filesystem::temp_directory_path() /
             ("careerbot-safeguarding-" + std::to_string(::getpid()) + "-" + std::to_string(++fixtures));
  std::filesystem::create_directories(dir);
  return dir;
}

class FlaggedConversation : public ::testing::Test {
 protected:
  FlaggedConversation()
      : dir_(fresh_dir()),
        store_(dir_ / "sessions.db"),
        flags_(dir_ / "flags.db"),
        unanswered_(dir_ / "unanswered.db"),
        bot_(testing::project_content(), store_) {
    bot_.set_flag_store(&flags_);
    bot_.set_unanswered_log(&unanswered_);
  }
  // Flags are written by the flag store's own thread: wait (with a generous deadline) until it has
  // written every flag submitted so far, so a flag that was submitted is seen and none is missed.
  std::vector<store::Flag> written_flags() {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (flags_.pending() > 0 && std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return flags_.open_flags(10);
  }
  ~FlaggedConversation() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::filesystem::path dir_;
  store::SqliteSessionStore store_;
  store::FlagStore flags_;
  store::UnansweredLog unanswered_;
  Chatbot bot_;
};

TEST_F(FlaggedConversation, TheTextIsKeptOnlyInTheFlag) {
  const std::string secret = "mujhe jeena nahi hai, xyzzy-marker";
  const Welcome welcome = bot_.open("");
  const Reply reply = bot_.handle(welcome.session_id, secret);
  EXPECT_EQ(reply.intent, "safeguarding");
  EXPECT_TRUE(reply.sensitive);
  bot_.handle(welcome.session_id, "what is the salary?");  // an ordinary turn after it

  const auto open = written_flags();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].session_id, welcome.session_id);
  EXPECT_EQ(open[0].category, "self_harm");
  EXPECT_EQ(open[0].message, secret);

  // History (in memory, replayed on resume, and in the session store) holds a placeholder only.
  const Welcome resumed = bot_.open(welcome.session_id);
  ASSERT_TRUE(resumed.resumed);
  bool placeholder = false;
  for (const auto& turn : resumed.history) {
    EXPECT_EQ(turn.user.find("xyzzy"), std::string::npos) << turn.user;
    placeholder |= turn.user == "[message withheld: safeguarding]";
  }
  EXPECT_TRUE(placeholder);
  bot_.flush();  // the chatbot's persister stores sessions; flush makes it happen now
  const auto stored = store_.load(welcome.session_id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->state.find("xyzzy"), std::string::npos);
  EXPECT_EQ(stored->state.find("jeena"), std::string::npos);
  for (const auto& q : unanswered_.top(100)) EXPECT_EQ(q.text.find("xyzzy"), std::string::npos) << q.text;
}

TEST_F(FlaggedConversation, OrdinaryTurnsAreNotFlagged) {
  const Welcome welcome = bot_.open("");
  bot_.handle(welcome.session_id, "how do I kill a python thread?");
  bot_.handle(welcome.session_id, "what does an ML specialist do?");
  EXPECT_TRUE(written_flags().empty());
}

// The loader is strict: counsellors get file:line, not a silently ignored typo.
class SafeguardingFile : public ::testing::Test {
 protected:
  std::string write(const std::string& text) {
    path_ = std::filesystem::temp_directory_path() / ("careerbot-sg-" + std::to_string(::getpid()) + ".yaml");
    std::ofstream(path_) << text;
    return path_.string();
  }
  ~SafeguardingFile() override { std::filesystem::remove(path_); }
  std::string error_of(const std::string& text) {
    try {
      Safeguarding::load(write(text));
    } catch (const ContentError& e) {
      return e.what();
    }
    return "";
  }
  std::filesystem::path path_;
};

const char* const kValid =
    "helpline: Line 1\n"
    "counsellor: Ms. A\n"
    "categories:\n"
    "  - name: distress\n"
    "    patterns:\n"
    "      - \\bhopeless\\b\n"
    "    exclude:\n"
    "      - \\bhopeless romantic\\b\n"
    "    reply: Call {helpline} or {counsellor}.\n";

TEST_F(SafeguardingFile, LoadsAndAppliesExcludes) {
  const auto sg = Safeguarding::load(write(kValid));
  ASSERT_TRUE(sg->check("i feel hopeless").has_value());
  EXPECT_FALSE(sg->check("i am a hopeless romantic").has_value());
  EXPECT_FALSE(sg->check("hope").has_value());
  EXPECT_EQ(sg->reply_text(*sg->check("hopeless"), {}), "Call Line 1 or Ms. A.");
}

TEST_F(SafeguardingFile, UnknownFieldNamesFileAndLine) {
  std::string text = kValid;
  text += "    exlude:\n      - x\n";  // lines 10-11; reported at the key
  const std::string error = error_of(text);
  EXPECT_NE(error.find(path_.string() + ":10:5: "), std::string::npos) << error;
  EXPECT_NE(error.find("exlude"), std::string::npos) << error;
}

TEST_F(SafeguardingFile, BadPatternNamesFileAndLine) {
  std::string text = kValid;
  text.replace(text.find("\\bhopeless\\b"), 12, "(unclosed");
  const std::string error = error_of(text);
  EXPECT_NE(error.find(path_.string() + ":6"), std::string::npos) << error;
  EXPECT_NE(error.find("does not compile"), std::string::npos) << error;
}

TEST_F(SafeguardingFile, ReplyMustNameTheHelpline) {
  std::string text = kValid;
  text.replace(text.find("{helpline}"), 10, "someone");
  const std::string error = error_of(text);
  EXPECT_NE(error.find("{helpline}"), std::string::npos) << error;
}

TEST_F(SafeguardingFile, MissingHelplineIsAnError) {
  std::string text = kValid;
  text.erase(0, text.find('\n') + 1);
  EXPECT_NE(error_of(text).find("helpline"), std::string::npos);
}

}  // namespace
}  // namespace careerbot::dialog
