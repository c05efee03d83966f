find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
# Debian's RE2 ships only a pkg-config file.
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
# The intent and safeguarding classifiers (Debian libfasttext-dev 0.9.2).
pkg_check_modules(FASTTEXT REQUIRED IMPORTED_TARGET fasttext)
# Content files are YAML (Debian libyaml-cpp-dev 0.7).
pkg_check_modules(YAML_CPP REQUIRED IMPORTED_TARGET yaml-cpp)
# Redis client for the shared session store (Debian libhiredis-dev 0.14).
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)
# libcrypto for the WhatsApp webhook's HMAC-SHA256 and libssl for TLS to the Graph API (libssl-dev).
find_package(OpenSSL REQUIRED)
# sd_notify for systemd's Type=notify: ready, reloading, stopping, watchdog (Debian libsystemd-dev).
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
find_package(SQLiteCpp REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
# Command lines of every executable (Debian libcli11-dev 2.1, header-only).
find_package(CLI11 2.1 REQUIRED CONFIG)
# 1.81 or later (Debian's libboost1.81-dev; the unversioned packages pull 1.74 and are refused here).
find_package(Boost 1.81 REQUIRED)
if(CAREERBOT_TESTS)
  find_package(GTest REQUIRED)
endif()
# Snowball stemmer (Debian libstemmer-dev) ships no pkg-config or CMake file.
find_path(STEMMER_INCLUDE_DIR libstemmer.h REQUIRED)
find_library(STEMMER_LIBRARY stemmer REQUIRED)
add_library(careerbot_stemmer_lib UNKNOWN IMPORTED)
set_target_properties(careerbot_stemmer_lib PROPERTIES IMPORTED_LOCATION ${STEMMER_LIBRARY}
                                                       INTERFACE_INCLUDE_DIRECTORIES ${STEMMER_INCLUDE_DIR})
add_library(Stemmer::stemmer ALIAS careerbot_stemmer_lib)
if(CAREERBOT_BENCH)
  find_package(benchmark REQUIRED)
endif()
