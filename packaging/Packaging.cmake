# Installation layout and the Debian package. Included from the top-level CMakeLists.txt after the
# targets exist. `cmake --install BUILD --prefix DIR` installs the same tree the .deb holds:
#   bin/trackboard
#   share/applications/trackboard.desktop
#   share/metainfo/io.trackboard.Trackboard.metainfo.xml
#   share/icons/hicolor/scalable/apps/trackboard.svg and share/icons/hicolor/NxN/apps/trackboard.png
#   share/man/man1/trackboard.1.gz
#   share/doc/trackboard/README.md and share/doc/trackboard/docs/
# scripts/package-test.sh builds the package, installs it with apt-get and runs it.

include(GNUInstallDirs)

set(TRACKBOARD_PACKAGING_DIR ${CMAKE_CURRENT_LIST_DIR})
set(TRACKBOARD_ICON_SVG ${CMAKE_SOURCE_DIR}/resources/icons/trackboard.svg)
set(TRACKBOARD_ICON_SIZES 16 22 24 32 48 64 128 256 512)

# --version names the commit the binary was built from: reconfigure (and so regenerate
# app/version.h) whenever HEAD moves, not only when a CMakeLists.txt changes.
execute_process(COMMAND git rev-parse --git-path HEAD WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
                OUTPUT_VARIABLE _tb_git_head OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
execute_process(COMMAND git symbolic-ref -q HEAD WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
                OUTPUT_VARIABLE _tb_git_branch OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(_tb_git_branch)
    execute_process(COMMAND git rev-parse --git-path ${_tb_git_branch}
                    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
                    OUTPUT_VARIABLE _tb_git_ref OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
endif()
foreach(_tb_file IN ITEMS ${_tb_git_head} ${_tb_git_ref})
    if(NOT IS_ABSOLUTE ${_tb_file})
        set(_tb_file ${CMAKE_SOURCE_DIR}/${_tb_file})
    endif()
    if(EXISTS ${_tb_file})
        set_property(DIRECTORY ${CMAKE_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
                     ${_tb_file})
    endif()
endforeach()

# Icon PNGs, rendered from the SVG at build time by Qt SVG (packaging/render_icon.cpp).
add_executable(trackboard_render_icon ${TRACKBOARD_PACKAGING_DIR}/render_icon.cpp)
target_link_libraries(trackboard_render_icon PRIVATE Qt6::Gui Qt6::Svg)
# A build tool, not part of what the sanitizer presets test: under ThreadSanitizer, Qt's own
# uninstrumented threads would fail the build with reports about Qt internals.
target_compile_options(trackboard_render_icon PRIVATE -fno-sanitize=all)
target_link_options(trackboard_render_icon PRIVATE -fno-sanitize=all)
set(_tb_icon_pngs)
foreach(size IN LISTS TRACKBOARD_ICON_SIZES)
    set(png ${CMAKE_BINARY_DIR}/icons/${size}x${size}/trackboard.png)
    add_custom_command(OUTPUT ${png}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/icons/${size}x${size}
        COMMAND trackboard_render_icon ${TRACKBOARD_ICON_SVG} ${size} ${png}
        DEPENDS trackboard_render_icon ${TRACKBOARD_ICON_SVG}
        COMMENT "Rendering icon ${size}x${size}" VERBATIM)
    list(APPEND _tb_icon_pngs ${png})
    install(FILES ${png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
endforeach()

# Debian installs man pages compressed; -n keeps the archive free of timestamps.
set(_tb_man_gz ${CMAKE_BINARY_DIR}/man/trackboard.1.gz)
add_custom_command(OUTPUT ${_tb_man_gz}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
    COMMAND sh -c "gzip -9 -n -c \"$0\" > \"$1\"" ${TRACKBOARD_PACKAGING_DIR}/trackboard.1
            ${_tb_man_gz}
    DEPENDS ${TRACKBOARD_PACKAGING_DIR}/trackboard.1
    COMMENT "Compressing the man page" VERBATIM)

add_custom_target(trackboard_package_files ALL DEPENDS ${_tb_icon_pngs} ${_tb_man_gz})

install(FILES ${TRACKBOARD_ICON_SVG} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES ${TRACKBOARD_PACKAGING_DIR}/trackboard.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${TRACKBOARD_PACKAGING_DIR}/io.trackboard.Trackboard.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${_tb_man_gz} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
# The guides, for operators on a machine without the source tree (the man page points here).
# README.md keeps its relative links to docs/.
set(_tb_docdir ${CMAKE_INSTALL_DATADIR}/doc/trackboard)
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${_tb_docdir})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs DESTINATION ${_tb_docdir}
        FILES_MATCHING PATTERN "*.md" PATTERN "*.json" PATTERN "*.png")

# Checks of the installed data files, run by ctest when the validators are installed
# (desktop-file-utils, appstream, groff-base).
if(TRACKBOARD_BUILD_TESTS)
    find_program(DESKTOP_FILE_VALIDATE desktop-file-validate)
    find_program(APPSTREAMCLI appstreamcli)
    find_program(GROFF groff)
    if(DESKTOP_FILE_VALIDATE)
        add_test(NAME packaging_desktop_file
                 COMMAND ${DESKTOP_FILE_VALIDATE} ${TRACKBOARD_PACKAGING_DIR}/trackboard.desktop)
        # desktop-file-validate exits 0 on warnings. Hints pass: listing Trackboard under both Office
        # and Development (two main categories) is intended.
        set_tests_properties(packaging_desktop_file PROPERTIES LABELS unit
                             FAIL_REGULAR_EXPRESSION "error|warning")
    endif()
    if(APPSTREAMCLI)
        add_test(NAME packaging_metainfo
                 COMMAND ${APPSTREAMCLI} validate --no-net --pedantic
                         ${TRACKBOARD_PACKAGING_DIR}/io.trackboard.Trackboard.metainfo.xml)
        set_tests_properties(packaging_metainfo PROPERTIES LABELS unit)
    endif()
    if(GROFF)
        # -ww turns on every warning; any output on stderr fails the test.
        add_test(NAME packaging_man_page
                 COMMAND sh -c "\"$0\" -man -Tutf8 -ww -z \"$1\" 2>&1 | grep . && exit 1; exit 0"
                         ${GROFF} ${TRACKBOARD_PACKAGING_DIR}/trackboard.1)
        set_tests_properties(packaging_man_page PROPERTIES LABELS unit)
    endif()
endif()

# The Debian package: `cpack --config BUILD/CPackConfig.cmake` writes trackboard_VERSION_ARCH.deb.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME trackboard)
set(CPACK_PACKAGE_VENDOR Trackboard)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Trackboard maintainers <maintainers@trackboard.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "real-time user-activity analytics dashboard over Apache Kafka")
# Debian wants the extended description in lines under 80 columns.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
       "Trackboard tracks what users do on a website or app as it happens: a Qt"
       "desktop dashboard with live KPIs, charts, a conversion funnel and fraud"
       "alerts, fed by consumer groups reading an Apache Kafka topic."
       "."
       "It starts an embedded Kafka-protocol broker and a traffic simulator for live"
       "demos, and the same binary runs headless (analytics, fraud, produce, record,"
       "replay) against a production Kafka cluster.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# dpkg-shlibdeps (dpkg-dev) turns the libraries the binary links into versioned Depends: Qt 6
# (Core, Gui, Widgets, Charts, Svg), librdkafka and simdjson. The window icon also needs Qt SVG's
# icon plugin, which comes with libqt6svg6; scripts/package-test.sh checks it stays in Depends.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# `trackboard collect` reads data files at run time that no linked library pulls in: the
# uap-core User-Agent rules and tzdata's zone.tab (docs/collector.md).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "uap-core, tzdata")
# Wayland and the other platform plugins; X11 and offscreen come with libqt6gui6. The Map tab
# draws GSHHG's shorelines from gmt-gshhg-low; without them it shows the cities on a plain grid
# and says which package is missing, so it is recommended rather than required. (libnetcdf19,
# which reads them, is linked and so comes through dpkg-shlibdeps.)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-qpa-plugins, gmt-gshhg-low")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
