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

# Boost.Asio/Beast are header-only and slow to compile: only the net module and the test client may
# link this target, so the rest of the code never sees Beast.
add_compile_definitions(BOOST_ASIO_NO_DEPRECATED BOOST_BEAST_USE_STD_STRING_VIEW)
