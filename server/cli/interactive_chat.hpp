#pragma once
// The interactive chat: reads lines with libedit (editing and a history file), sends them to the bot
// (a server, or content loaded offline: ChatTarget) and shows replies with numbered quick replies
// (type the number to choose one). Slash commands: /explain (toggle why-this-answer), /reset,
// /session, /save FILE (the chat so far as a conversation test), /help, /quit. If the connection
// drops, it reopens the session once so the conversation resumes.
//
// Uses process-wide libedit state: run one InteractiveChat at a time, on one thread.

#include <string>

#include "cli/chat_channel.hpp"

namespace careerbot::cli {

// Runs the chat until /quit or end of input. Returns the process exit code.
int run_interactive_chat(ChatTarget& bot);

}  // namespace careerbot::cli
