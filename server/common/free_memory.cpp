#include "common/free_memory.hpp"

#include <malloc.h>

namespace careerbot {

bool release_free_memory() noexcept {
  return malloc_trim(0) != 0;
}

}  // namespace careerbot
