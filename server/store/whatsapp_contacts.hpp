#pragma once
// Which careerbot session each WhatsApp contact talks in: contact -> session id, in a small SQLite
// file of its own (var/whatsapp.db next to the sessions database). The contact is a keyed hash of the
// phone number (net::contact_key), never the number: the file alone does not tell whom the bot talked
// to. Durability, RAII and thread-safety as ChannelSessions (channel_sessions.hpp).

#include <filesystem>
#include <string>

#include "store/channel_sessions.hpp"

namespace careerbot::store {

class WhatsAppContacts : public ChannelSessions<std::string> {
 public:
  explicit WhatsAppContacts(const std::filesystem::path& db_path)
      : ChannelSessions(db_path, {"whatsapp_contacts", "contact", "WhatsApp contacts database"}) {}
};

}  // namespace careerbot::store
