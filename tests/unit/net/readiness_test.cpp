// /readyz's named checks: every check runs, the first failure names itself, a throwing check fails.
#include "net/readiness.hpp"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace careerbot::net {
namespace {

TEST(Readiness, ReadyWhenEveryCheckPassesAndTheBodyListsThemInOrder) {
  Readiness readiness;
  readiness.add("knowledge_base", [] { return CheckResult{true, "content loaded"}; });
  readiness.add("disk", [] { return CheckResult{true, "9 MB free"}; });
  const auto report = readiness.report();
  EXPECT_TRUE(report.ready);
  EXPECT_EQ(report.body,
            R"({"status":"ready","checks":{"knowledge_base":{"ok":true,"detail":"content loaded"},)"
            R"("disk":{"ok":true,"detail":"9 MB free"}}})");
  EXPECT_EQ(readiness.names(), (std::vector<std::string>{"knowledge_base", "disk"}));
}

TEST(Readiness, AFailingOrThrowingCheckMakesItUnavailableAndTheOthersStillRun) {
  Readiness readiness;
  int ran = 0;
  readiness.add("knowledge_base", [&] { return ++ran, CheckResult{true, "content loaded"}; });
  readiness.add("session_store", [&]() -> CheckResult {
    ++ran;
    throw std::runtime_error("session store var/sessions.db: disk I/O error");
  });
  readiness.add("disk", [&] { return ++ran, CheckResult{false, "1 MB free"}; });
  const auto report = readiness.report();
  EXPECT_FALSE(report.ready);
  EXPECT_EQ(ran, 3);
  const auto body = nlohmann::json::parse(report.body);
  EXPECT_EQ(body["status"], "unavailable");
  EXPECT_EQ(body["error"]["code"], "unavailable");
  EXPECT_EQ(body["error"]["message"],
            "not ready: session_store: session store var/sessions.db: disk I/O error");
  EXPECT_EQ(body["checks"]["knowledge_base"]["ok"], true);
  EXPECT_EQ(body["checks"]["session_store"]["ok"], false);
  EXPECT_EQ(body["checks"]["disk"]["detail"], "1 MB free");
}

TEST(Readiness, DiskCheckNeedsAWritableFolderWithTheFreeSpace) {
  std::string pattern = (std::filesystem::temp_directory_path() / "careerbot-disk-XXXXXX").string();
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
  const auto ok = check_disk(pattern, 1);
  EXPECT_TRUE(ok.ok) << ok.detail;
  EXPECT_NE(ok.detail.find("MB free in " + pattern), std::string::npos) << ok.detail;

  const auto full = check_disk(pattern, 1ULL << 62);  // more than any disk has free
  EXPECT_FALSE(full.ok);
  EXPECT_NE(full.detail.find("below the"), std::string::npos) << full.detail;

  const auto missing = check_disk(pattern + "/missing", 1);
  EXPECT_FALSE(missing.ok);
  EXPECT_NE(missing.detail.find("not writable"), std::string::npos) << missing.detail;

  if (::geteuid() != 0) {  // root may write anywhere
    ::chmod(pattern.c_str(), 0500);
    EXPECT_FALSE(check_disk(pattern, 1).ok);
    ::chmod(pattern.c_str(), 0700);
  }
  std::filesystem::remove_all(pattern);
}

}  // namespace
}  // namespace careerbot::net
