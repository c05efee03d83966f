#pragma once
// The admin subcommands: list the questions the bot could not answer, and reload the content.
// Both call /api/v1/admin/... on the chat server's host and port with "Authorization: Bearer TOKEN".
// Output goes to the given streams; the return value is the process exit code. Stateless.

#include <ostream>
#include <string>

#include "cli/server_url.hpp"

namespace careerbot::cli {

// GET /api/v1/admin/unanswered?limit=N: prints "count  text  (first seen .. last seen)" per question.
int run_unanswered(const ServerUrl& url, const std::string& token, int limit, std::ostream& out,
                   std::ostream& err);

// POST /api/v1/admin/reload: prints the new content hash, or each content error.
int run_reload(const ServerUrl& url, const std::string& token, std::ostream& out, std::ostream& err);

}  // namespace careerbot::cli
