# pkg-config files: octet.pc (liboctet.so; Libs.private / Requires.private
# list what the archive needs, for `pkg-config --static`) and octet-static.pc
# (names liboctet.a itself, since -loctet picks the .so when both are there).
# The prefix is found from the .pc file's own place (${pcfiledir}), so the
# files stay right under `cmake --install --prefix` and DESTDIR.
include_guard(GLOBAL)

function(octet_pc_dir var dir)
  if(IS_ABSOLUTE "${dir}")
    set(${var} "${dir}" PARENT_SCOPE)
  else()
    set(${var} "\${prefix}/${dir}" PARENT_SCOPE)
  endif()
endfunction()

if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(OCTET_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  # One "../" per component of <libdir>/pkgconfig.
  string(REGEX REPLACE "[^/]+" ".." _up "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
  set(OCTET_PC_PREFIX "\${pcfiledir}/${_up}")
endif()
octet_pc_dir(OCTET_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
octet_pc_dir(OCTET_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")

# What liboctet.a needs besides libcpuinfo (which has its own libcpuinfo.pc):
# pthreadpool (no .pc in Debian), the thread library, the C++ runtime.
find_package(Threads REQUIRED)
set(OCTET_PC_STATIC_LIBS "-lpthreadpool")
if(CMAKE_THREAD_LIBS_INIT)
  string(APPEND OCTET_PC_STATIC_LIBS " ${CMAKE_THREAD_LIBS_INIT}")
endif()
foreach(lib IN LISTS OCTET_CXX_RUNTIME_LIBS)
  string(APPEND OCTET_PC_STATIC_LIBS " -l${lib}")
endforeach()

# A sanitized build's programs link the sanitizer runtimes (src/CMakeLists.txt).
set(OCTET_PC_LINK_FLAGS "")
if(OCTET_SANITIZE_LINK_FLAGS)
  set(OCTET_PC_LINK_FLAGS " ${OCTET_SANITIZE_LINK_FLAGS}")
endif()

foreach(pc octet octet-static)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/${pc}.pc.in ${PROJECT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()
