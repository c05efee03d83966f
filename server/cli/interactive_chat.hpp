#pragma once
// The interactive chat: reads lines with libedit (editing and a history file), sends them to the
// server and shows replies with numbered quick replies (type the number to choose one). Slash
// commands: /explain (toggle why-this-answer), /reset, /session, /save FILE (the chat so far as a
// conversation test), /help, /quit. If the connection
// drops, it reconnects once with ?session=ID so the conversation resumes.
//
// Uses process-wide libedit state: run one InteractiveChat at a time, on one thread.

#include <string>

#include "cli/server_url.hpp"

namespace careerbot::cli {

// Runs the chat until /quit or end of input. Returns the process exit code.
int run_interactive_chat(const ServerUrl& url, const std::string& admin_token = {});

}  // namespace careerbot::cli
