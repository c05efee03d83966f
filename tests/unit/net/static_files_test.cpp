#include "net/static_files.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace careerbot::net {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("careerbot-static-" + std::to_string(::getpid()));
    fs::create_directories(base_ / "web" / "img");
    std::ofstream(base_ / "web" / "index.html") << "<p>hi</p>";
    std::ofstream(base_ / "web" / "img" / "logo.svg") << "<svg/>";
    std::ofstream(base_ / "secret.txt") << "secret";
    fs::create_symlink(base_ / "secret.txt", base_ / "web" / "link.txt");
  }
  void TearDown() override { fs::remove_all(base_); }
  fs::path base_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypes) {
  StaticFiles files((base_ / "web").string());
  auto index = files.get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->body, "<p>hi</p>");
  EXPECT_TRUE(index->html);
  auto logo = files.get("/img/logo.svg");
  ASSERT_TRUE(logo);
  EXPECT_EQ(logo->content_type, "image/svg+xml");
  EXPECT_FALSE(logo->html);
}

TEST_F(StaticFilesTest, RefusesUnsafePathsAndEscapes) {
  StaticFiles files((base_ / "web").string());
  for (const char* path :
       {"/../secret.txt", "/img/../index.html", "/./index.html", "/%2e%2e/secret.txt",
        "/img\\..\\..\\secret.txt", "//secret.txt", "/link.txt", "/missing", "/img", "relative"}) {
    EXPECT_FALSE(files.get(path)) << path;
  }
  EXPECT_FALSE(StaticFiles((base_ / "nope").string()).get("/"));
}

TEST(StaticFilesMime, KnownTypes) {
  EXPECT_EQ(StaticFiles::mime_type("a.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(StaticFiles::mime_type("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(StaticFiles::mime_type("a.png"), "image/png");
  EXPECT_EQ(StaticFiles::mime_type("a.bin"), "application/octet-stream");
}

}  // namespace
}  // namespace careerbot::net
