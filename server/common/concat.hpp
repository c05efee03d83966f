#pragma once
// concat("a", s, "b"): joins string pieces into one std::string with a single allocation.
// Use it instead of `"literal" + std::string(...)`: g++ 12 at -O3 reports a false -Wrestrict inside
// std::operator+(const char*, std::string&&) (GCC bug 105651), and this is also cheaper.

#include <string>
#include <string_view>

namespace careerbot {

template <typename... Pieces>
std::string concat(const Pieces&... pieces) {
  const std::string_view views[] = {std::string_view(pieces)...};
  std::size_t size = 0;
  for (const auto view : views) size += view.size();
  std::string joined;
  joined.reserve(size);
  for (const auto view : views) joined.append(view);
  return joined;
}

}  // namespace careerbot
