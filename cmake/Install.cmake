# `cmake --install BUILD --prefix DIR` lays out a runnable server under DIR, the same tree as the
# source folder's runtime paths, so config/careerbot.conf's relative paths work with DIR as the
# working directory (docs/deployment.md):
#   DIR/bin/        careerbot-server, careerbot-kb, careerbot-lint, careerbot-cli
#   DIR/knowledge/  DIR/intents/   content          DIR/server/web/  the widget
#   DIR/config/     careerbot.conf (settings, documented line by line)
#   DIR/lib/systemd/system/careerbot.service        (paths point into DIR)
#   DIR/docs/, README.md, LICENSE                   DIR/var/ is made by the unit (StateDirectory-like)
# The default prefix is /opt/careerbot, as in the deployment guide; CPack's .deb uses it too.
if(CMAKE_INSTALL_PREFIX_INITIALIZED_TO_DEFAULT)
  set(CMAKE_INSTALL_PREFIX "/opt/careerbot" CACHE PATH "Install folder" FORCE)
endif()

install(TARGETS careerbot-server careerbot-kb careerbot-lint careerbot-cli RUNTIME DESTINATION bin)
install(DIRECTORY knowledge intents DESTINATION . PATTERN "*.db" EXCLUDE)
install(DIRECTORY server/web DESTINATION server)
install(FILES config/careerbot.conf DESTINATION config)
install(DIRECTORY docs DESTINATION .)
install(FILES README.md LICENSE DESTINATION .)

# The unit names absolute paths: written for the prefix at install time (a --prefix given to
# `cmake --install` counts), from config/careerbot.service, whose paths are /opt/careerbot.
install(CODE "
  file(READ \"${PROJECT_SOURCE_DIR}/config/careerbot.service\" unit)
  string(REPLACE /opt/careerbot \"\${CMAKE_INSTALL_PREFIX}\" unit \"\${unit}\")
  file(WRITE \"${PROJECT_BINARY_DIR}/generated/careerbot.service\" \"\${unit}\")
")
install(FILES ${PROJECT_BINARY_DIR}/generated/careerbot.service DESTINATION lib/systemd/system)
