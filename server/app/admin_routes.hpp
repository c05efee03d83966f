#pragma once
// Admin endpoints for counsellors' tools, under /api/v1/admin/ with a Bearer token from config.
// With no token configured they are not registered at all (the paths answer 404).
//   GET  /api/v1/admin/unanswered?limit=N   most frequent unanswered questions
//   POST /api/v1/admin/reload               rebuild, lint and swap content; 422 with the errors if refused
//   GET  /api/v1/admin/flagged?limit=N      open safeguarding flags, oldest first: id, session, category,
//                                           time, message (only what a counsellor needs to follow up)
//   POST /api/v1/admin/flagged/close?id=N   marks a flag followed up; 404 when no open flag has that id

#include <functional>

#include "app/application.hpp"
#include "net/server.hpp"
#include "store/flag_store.hpp"
#include "store/unanswered_log.hpp"

namespace careerbot::app {

void add_admin_routes(net::Server& server, const Config& config, store::UnansweredLog& unanswered,
                      std::function<ReloadResult()> reload);

// The safeguarding flag endpoints, under the same token (not registered without one).
void add_flag_routes(net::Server& server, const Config& config, store::FlagStore& flags);

}  // namespace careerbot::app
