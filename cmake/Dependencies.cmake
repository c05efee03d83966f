find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
# Debian's RE2 ships only a pkg-config file.
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
find_package(SQLiteCpp REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(Boost 1.81 EXACT REQUIRED)
find_package(GTest REQUIRED)
