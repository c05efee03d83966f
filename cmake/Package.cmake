# `cpack -G DEB` (in a build folder) makes careerbot_<version>_<arch>.deb from the install rules
# (cmake/Install.cmake) under /opt/careerbot. Its maintainer scripts add the careerbot user, give it
# /opt/careerbot/var, put a default /etc/careerbot/careerbot.conf in place and link the unit; the
# service is enabled by the administrator (docs/deployment.md).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME careerbot)
set(CPACK_PACKAGE_VENDOR "careerbot")
set(CPACK_PACKAGE_CONTACT "careerbot maintainers <careerbot@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Career-counselling chatbot server (WebSocket, REST, Telegram) and tools")
set(CPACK_PACKAGING_INSTALL_PREFIX /opt/careerbot)
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
# Library dependencies (libre2, libfasttext, libsqlite3, ...) are read from the binaries.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_CURRENT_LIST_DIR}/deb/postinst ${CMAKE_CURRENT_LIST_DIR}/deb/prerm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
