# The version and git commit every executable reports (`--version`) and the server exports
# (careerbot_build_info). The commit is read at configure time: `git rev-parse --short HEAD` when the
# source folder is a git checkout, else "unknown" (a release tarball); -DCAREERBOT_GIT_COMMIT=... sets
# it by hand. When read from git, the build re-configures after each commit or checkout (HEAD's reflog
# is a configure dependency), so the binaries never report a stale commit.
if(NOT DEFINED CAREERBOT_GIT_COMMIT)
  set(CAREERBOT_GIT_COMMIT "unknown")
  find_package(Git QUIET)
  if(GIT_FOUND)
    execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --show-toplevel --absolute-git-dir --short HEAD
                    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} RESULT_VARIABLE git_status
                    OUTPUT_VARIABLE git_lines OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(git_status EQUAL 0)
      string(REPLACE "\n" ";" git_lines "${git_lines}")
      list(LENGTH git_lines git_line_count)
      if(git_line_count EQUAL 3)
        list(GET git_lines 0 git_toplevel)
        list(GET git_lines 1 git_dir)
        list(GET git_lines 2 git_commit)
        file(REAL_PATH "${git_toplevel}" git_toplevel)
        file(REAL_PATH "${PROJECT_SOURCE_DIR}" source_dir)
        # Only this project's own checkout: a tarball unpacked inside another repository is "unknown".
        if(git_toplevel STREQUAL source_dir)
          set(CAREERBOT_GIT_COMMIT "${git_commit}")
          if(EXISTS "${git_dir}/logs/HEAD")
            set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${git_dir}/logs/HEAD")
          endif()
        endif()
      endif()
    endif()
  endif()
endif()
message(STATUS "careerbot ${PROJECT_VERSION}, commit ${CAREERBOT_GIT_COMMIT}")
configure_file(${PROJECT_SOURCE_DIR}/server/common/build_info.cpp.in ${PROJECT_BINARY_DIR}/generated/build_info.cpp
               @ONLY)
