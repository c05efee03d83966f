#include "dialog/phrase_index.hpp"

namespace careerbot::dialog {

PhraseIndex::PhraseIndex(std::vector<std::string> phrases) : phrases_(std::move(phrases)) {
  for (std::uint32_t i = 0; i < phrases_.size(); ++i) {
    const std::string& phrase = phrases_[i];
    // A phrase found in a padded text starts at one of the text's spaces, followed by its first word.
    by_first_word_[phrase.substr(1, phrase.find(' ', 1) - 1)].push_back(i);
  }
}

}  // namespace careerbot::dialog
