#include "common/free_memory.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "process_memory.hpp"

namespace careerbot {
namespace {

using testing::kSanitized;
using testing::resident_kb;

// What loading content does: many heap blocks written, then freed below one that stays (so the freed
// memory is not at the top of the heap, where free() alone would give it back).
TEST(FreeMemory, GivesBackFreedPagesInTheMiddleOfTheHeap) {
  if (kSanitized) GTEST_SKIP() << "the sanitizers' allocators do not use glibc's heap";
  constexpr std::size_t kBlock = 64 * 1024, kBlocks = 1024;  // 64 MB below malloc's mmap threshold
  std::vector<std::unique_ptr<char[]>> blocks;
  for (std::size_t i = 0; i < kBlocks; ++i) {
    blocks.emplace_back(new char[kBlock]);
    for (std::size_t b = 0; b < kBlock; b += 4096) blocks.back()[b] = static_cast<char>(b);
  }
  auto pin = std::make_unique<char[]>(kBlock);  // above the others
  pin[0] = 1;
  blocks.clear();
  const long before = resident_kb();
  EXPECT_TRUE(release_free_memory());
  const long after = resident_kb();
  EXPECT_LT(after, before - 32 * 1024) << "resident before " << before << " kB, after " << after << " kB";
  EXPECT_EQ(pin[0], 1);
}

TEST(FreeMemory, HarmlessWhenNothingIsFree) {
  release_free_memory();
  release_free_memory();  // nothing left to give back: no crash, memory still usable
  auto block = std::make_unique<char[]>(1024);
  block[1023] = 'x';
  EXPECT_EQ(block[1023], 'x');
}

}  // namespace
}  // namespace careerbot
