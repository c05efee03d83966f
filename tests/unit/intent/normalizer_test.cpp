#include "intent/normalizer.hpp"

#include <gtest/gtest.h>

#include "common/record_file.hpp"
#include "intent/stemmer.hpp"
#include "intent/text_fold.hpp"

using namespace careerbot;
using namespace careerbot::intent;

namespace {

std::vector<std::string> folded(std::string_view text) {
  return Normalizer::surface_words(text);
}

std::shared_ptr<const Lexicon> fixture_lexicon() {
  auto doc = RecordDocument::load(std::string(CAREERBOT_INTENT_DATA) + "/basic/lexicon.yaml");
  return std::make_shared<const Lexicon>(Lexicon::from_record(doc.root()));
}

using Words = std::vector<std::string>;

}  // namespace

TEST(TextFold, LowerCasesAndSplitsOnPunctuation) {
  EXPECT_EQ(folded("Hello, World!  What's NEW?"), (Words{"hello", "world", "whats", "new"}));
  EXPECT_EQ(folded("real-world problems; (really)"), (Words{"real", "world", "problems", "really"}));
}

TEST(TextFold, KeepsTokensWithInnerSymbols) {
  EXPECT_EQ(folded("10+2 with PCM"), (Words{"10+2", "with", "pcm"}));
  EXPECT_EQ(folded("B.Tech or Ph.D."), (Words{"b.tech", "or", "ph.d"}));
  EXPECT_EQ(folded("C++ and C# code."), (Words{"c++", "and", "c#", "code"}));
  EXPECT_EQ(folded("10+ years, 3.5 cgpa"), (Words{"10+", "years", "3.5", "cgpa"}));
  EXPECT_EQ(folded("maths+physics"), (Words{"maths", "physics"}));
  EXPECT_EQ(folded("end. Next"), (Words{"end", "next"}));
}

TEST(TextFold, UnicodeIsNormalised) {
  // Curly apostrophes join like straight ones; curly double quotes separate.
  EXPECT_EQ(folded("master\xE2\x80\x99s \xE2\x80\x9C"
                   "degree\xE2\x80\x9D"),
            (Words{"masters", "degree"}));
  // Accents on Latin letters go; full-width letters and digits become ASCII (NFKC).
  EXPECT_EQ(folded("Caf\xC3\xA9 R\xC3\xA9sum\xC3\xA9"), (Words{"cafe", "resume"}));
  EXPECT_EQ(folded("\xEF\xBC\xA1\xEF\xBC\xA9 \xEF\xBC\x91\xEF\xBC\x92"), (Words{"ai", "12"}));
  // Case folding beyond ASCII; Devanagari keeps its vowel signs.
  EXPECT_EQ(folded("STRA\xC3\x9F"
                   "E"),
            (Words{"strasse"}));
  EXPECT_EQ(folded("\xE0\xA4\x95\xE0\xA4\xBF\xE0\xA4\xA4\xE0\xA4\xA8\xE0\xA4\xBE"),
            (Words{"\xE0\xA4\x95\xE0\xA4\xBF\xE0\xA4\xA4\xE0\xA4\xA8\xE0\xA4\xBE"}));
  // Zero-width joiners are dropped, emoji separate.
  EXPECT_EQ(folded("ma\xE2\x80\x8B"
                   "chine\xF0\x9F\x98\x80learning"),
            (Words{"machine", "learning"}));
}

TEST(TextFold, EmojiAndPunctuationOnlyGiveNoTokens) {
  EXPECT_TRUE(folded("\xF0\x9F\x98\x80\xF0\x9F\x91\x8D !!! ...").empty());
  EXPECT_TRUE(folded("").empty());
}

TEST(TextFold, KeepsTheCaseAsWrittenForTheLexicon) {
  std::vector<RawToken> tokens;
  split_tokens("Is IT ok", tokens);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[1].cased, "IT");
  EXPECT_EQ(tokens[1].folded, "it");
}

TEST(Stemmer, ReducesInflections) {
  EXPECT_EQ(stem("hiring"), stem("hire"));
  EXPECT_EQ(stem("hires"), stem("hire"));
  EXPECT_EQ(stem("companies"), stem("company"));
  EXPECT_EQ(stem("learning"), "learn");
  EXPECT_EQ(stem("class12"), "class12");
  EXPECT_EQ(stem("c++"), "c++");
  EXPECT_EQ(stem(""), "");
}

TEST(Lexicon, RewritesLongestFormFirst) {
  const Normalizer n(fixture_lexicon(), nullptr);
  EXPECT_EQ(n.normalize("Can I join after 12th?").text, "can i join after class12");
  EXPECT_EQ(n.normalize("after plus two").text, "after class12");
  EXPECT_EQ(n.normalize("after 10+2 with PCM").text, "after class12 with pcm");
  EXPECT_EQ(n.normalize("B.Tech in ML").text, "bachelors in machine learning");
  EXPECT_EQ(n.normalize("Bachelor\xE2\x80\x99s degree").text, "bachelors degree");
  EXPECT_EQ(n.normalize("package kya hai").text, "salary what hai");
}

TEST(Lexicon, CaseSensitiveFormsMatchOnlyAsWritten) {
  const Normalizer n(fixture_lexicon(), nullptr);
  EXPECT_EQ(n.normalize("Is IT a good field").text, "is information technology a good field");
  EXPECT_EQ(n.normalize("is it a good field").text, "is it a good field");
  EXPECT_EQ(n.normalize("It is").text, "it is");
  EXPECT_EQ(n.normalize("a BE or MS").text, "a bachelors or masters");
  EXPECT_EQ(n.normalize("to be or ms").text, "to be or ms");
}

TEST(Lexicon, LoaderErrorsNameFileAndLine) {
  const auto load = [](const std::string& text) {
    return Lexicon::from_record(RecordDocument::parse(text, "lexicon.yaml").root());
  };
  try {
    load(
        "entries:\n  - canonical: a\n    forms:\n      - x\n  - canonical: b\n    forms:\n      - y\n      - "
        "X\n");
    FAIL() << "a form with two canonical forms must fail";
  } catch (const ContentError& e) {
    EXPECT_EQ(e.line(), 8u);
    EXPECT_NE(e.detail().find("already a form of 'a'"), std::string::npos);
  }
  EXPECT_THROW(load("entries:\n  - forms:\n      - x\n"), ContentError);  // no canonical
  EXPECT_THROW(load("entries:\n  - canonical: a\n"), ContentError);       // no forms
  EXPECT_THROW(load("entries:\n  - canonical: a\n    forms:\n      - \"!!\"\n"), ContentError);  // no words
  EXPECT_THROW(load("entries:\n  - canonical: a\n    form:\n      - x\n"), ContentError);  // unknown field
}

TEST(Normalizer, StemsOnePerToken) {
  const Normalizer n(nullptr, nullptr);
  const NormalizedText t = n.normalize("Hiring companies");
  EXPECT_EQ(t.tokens, (Words{"hiring", "companies"}));
  EXPECT_EQ(t.stems, (Words{stem("hire"), stem("company")}));
}
