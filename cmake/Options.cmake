# Warnings and sanitizers live on INTERFACE targets that every careerbot target links PRIVATE,
# so they never leak into third-party code or into consumers.
add_library(careerbot_options INTERFACE)
add_library(careerbot::options ALIAS careerbot_options)

target_compile_options(careerbot_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                                   -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
                                                   -Wnull-dereference -Wformat=2)
if(CAREERBOT_WERROR)
  target_compile_options(careerbot_options INTERFACE -Werror)
endif()

if(CAREERBOT_SANITIZE)
  target_compile_options(careerbot_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                     -fno-sanitize-recover=undefined)
  target_link_options(careerbot_options INTERFACE -fsanitize=address,undefined)
endif()

# ThreadSanitizer: clang++ only (g++ 12 with -fsanitize=thread -Werror fails on every Boost file).
# It cannot be combined with ASan, so it is its own build (build/tsan in scripts/test.sh).
option(CAREERBOT_TSAN "Build with ThreadSanitizer (clang++)" OFF)
if(CAREERBOT_TSAN)
  if(CAREERBOT_SANITIZE)
    message(FATAL_ERROR "CAREERBOT_TSAN and CAREERBOT_SANITIZE (ASan) cannot be combined")
  endif()
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "CAREERBOT_TSAN needs clang++; configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  target_compile_options(careerbot_options INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(careerbot_options INTERFACE -fsanitize=thread)
endif()

# Boost.Asio/Beast are header-only and slow to compile: only the net module and the test client may
# link this target, so the rest of the code never sees Beast.
add_compile_definitions(BOOST_ASIO_NO_DEPRECATED)
