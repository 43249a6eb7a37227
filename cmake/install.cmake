# SPDX-License-Identifier: LGPL-2.1-or-later
# What 'cmake --install' puts beside the programs and the library, and the .deb made from it.
include(GNUInstallDirs)

# Man pages and shell completion, made by scripts/gen-docs.py from the programs' own -h text.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND)
  set(gen ${PROJECT_BINARY_DIR}/gen)
  add_custom_command(OUTPUT ${gen}/man/man1/mtkfw.1 ${gen}/completion/mtkfw ${gen}/completion/_mtkfw
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/gen-docs.py
            $<TARGET_FILE:mtkfw-cli> $<TARGET_FILE:mtkfw-emu> ${gen}
    DEPENDS mtkfw-cli mtkfw-emu ${PROJECT_SOURCE_DIR}/scripts/gen-docs.py
    COMMENT "Man pages and completion from the -h texts")
  add_custom_target(docs ALL DEPENDS ${gen}/man/man1/mtkfw.1)
  install(DIRECTORY ${gen}/man/ DESTINATION ${CMAKE_INSTALL_MANDIR})
  install(FILES ${gen}/completion/mtkfw DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
  install(FILES ${gen}/completion/_mtkfw DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
else()
  message(WARNING "python3 not found: no man pages or shell completion are built or installed")
endif()

# udev reads /usr/lib/udev/rules.d; under another prefix copy the rule to /etc/udev/rules.d.
install(FILES ${PROJECT_SOURCE_DIR}/udev/60-mtkfw.rules DESTINATION lib/udev/rules.d)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR} FILES_MATCHING PATTERN "*.md")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/LICENSES DESTINATION ${CMAKE_INSTALL_DOCDIR})

# 'cpack -G DEB' in the build folder: mtkfw_<version>_<arch>.deb, its dependencies found by
# dpkg-shlibdeps from what the binaries link (apt installs them with the package).
set(CPACK_PACKAGE_NAME mtkfw)
set(CPACK_PACKAGE_VENDOR mtkfw)
set(CPACK_PACKAGE_CONTACT "mtkfw developers <mtkfw@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "firmware tool and library for MediaTek MT6572 phones")
set(CPACK_PACKAGE_DESCRIPTION "Inspect, check and flash MT6572 firmware packages, back up and\n\
restore a phone's identity, and a virtual phone (mtkfw-emu) to try it all on.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY mtkfw)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE https://github.com/mtkfw/mtkfw)
set(CPACK_GENERATOR DEB)
include(CPack)
