#include "intent/model_cache.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace careerbot::intent {

std::string content_hash(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (const unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

std::string ModelCache::path_for(std::string_view name, std::string_view key) const {
  return directory_ + "/" + std::string(name) + "-" + content_hash(key) + ".model";
}

std::string ModelCache::get_or_train(std::string_view name, std::string_view key,
                                     const std::function<std::string()>& train) const {
  if (directory_.empty()) return train();
  const std::string path = path_for(name, key);
  if (std::ifstream in(path, std::ios::binary | std::ios::ate); in) {
    // One read into a string of the file's size: a model is megabytes, and a growing stream buffer
    // would copy it several times (which a sanitizer build makes very slow to start).
    std::string bytes(static_cast<std::size_t>(std::max<std::streamoff>(in.tellg(), 0)), '\0');
    in.seekg(0);
    if (!bytes.empty() && in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) return bytes;
  }
  std::string bytes = train();
  std::error_code ec;
  std::filesystem::create_directories(directory_, ec);
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) {
      out.close();
      std::filesystem::remove(temporary, ec);
      return bytes;
    }
  }
  std::filesystem::rename(temporary, path, ec);
  if (ec) std::filesystem::remove(temporary, ec);
  return bytes;
}

std::string ModelCache::get_or_train(std::string_view name, std::string_view cheap_key,
                                     const std::function<std::string()>& inputs,
                                     const std::function<std::string()>& train) const {
  if (directory_.empty()) return train();
  const std::string inputs_hash =
      get_or_train(std::string(name) + "-key", cheap_key, [&] { return content_hash(inputs()); });
  return get_or_train(name, inputs_hash, train);
}

}  // namespace careerbot::intent
