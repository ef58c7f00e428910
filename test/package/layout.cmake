# cmake -DPREFIX=<prefix> -DLIBDIR=<libdir> -DINCLUDEDIR=<includedir> -DVERSION=<x.y.z>
#       -DREADELF=<readelf> -DNM=<nm> -DPKG_CONFIG=<pkg-config> -P layout.cmake
# What `cmake --install` put under <prefix>: headers, liboctet.so ->
# liboctet.so.0 -> liboctet.so.<version> with SONAME liboctet.so.0, liboctet.a
# (octet's code, not its dependencies'), the CMake package and the .pc files,
# whose --static link line carries the archive's dependencies.
cmake_minimum_required(VERSION 3.25)
set(lib "${PREFIX}/${LIBDIR}")
foreach(f ${INCLUDEDIR}/octet/octet.h ${INCLUDEDIR}/octet/octet.hpp ${LIBDIR}/liboctet.a
          ${LIBDIR}/liboctet.so.${VERSION} ${LIBDIR}/cmake/octet/octetConfig.cmake
          ${LIBDIR}/cmake/octet/octetConfigVersion.cmake ${LIBDIR}/cmake/octet/octetTargets.cmake
          ${LIBDIR}/pkgconfig/octet.pc ${LIBDIR}/pkgconfig/octet-static.pc)
  if(NOT EXISTS "${PREFIX}/${f}")
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()

foreach(link_target liboctet.so:liboctet.so.0 liboctet.so.0:liboctet.so.${VERSION})
  string(REPLACE ":" ";" link_target "${link_target}")
  list(GET link_target 0 link)
  list(GET link_target 1 target)
  if(NOT IS_SYMLINK "${lib}/${link}")
    message(FATAL_ERROR "${LIBDIR}/${link} is not a symbolic link")
  endif()
  file(READ_SYMLINK "${lib}/${link}" points_to)
  if(NOT points_to STREQUAL target)
    message(FATAL_ERROR "${LIBDIR}/${link} -> ${points_to}, expected ${target}")
  endif()
endforeach()

execute_process(COMMAND ${READELF} -d -W "${lib}/liboctet.so.${VERSION}" OUTPUT_VARIABLE dyn)
if(NOT dyn MATCHES "\\(SONAME\\)[^\n]*\\[liboctet\\.so\\.0\\]")
  message(FATAL_ERROR "liboctet.so.${VERSION} has no SONAME liboctet.so.0:\n${dyn}")
endif()

# The archive holds octet's objects only: cpuinfo and pthreadpool are linked
# from their own (shared) libraries by the consumer.
execute_process(COMMAND ${NM} --defined-only "${lib}/liboctet.a" OUTPUT_VARIABLE defined ERROR_QUIET)
if(NOT defined MATCHES "\n[0-9a-f]+ T octet_conv2d_create\n")
  message(FATAL_ERROR "liboctet.a does not define octet_conv2d_create")
endif()
if(defined MATCHES "\n[0-9a-f]+ [A-Za-z] ((cpuinfo|pthreadpool)_[^\n]*)")
  message(FATAL_ERROR "liboctet.a defines a dependency's symbol: ${CMAKE_MATCH_1}")
endif()

set(ENV{PKG_CONFIG_PATH} "${lib}/pkgconfig")
execute_process(COMMAND ${PKG_CONFIG} --modversion octet OUTPUT_VARIABLE version OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT version STREQUAL VERSION)
  message(FATAL_ERROR "pkg-config --modversion octet: '${version}', expected ${VERSION}")
endif()
execute_process(COMMAND ${PKG_CONFIG} --static --libs octet OUTPUT_VARIABLE libs RESULT_VARIABLE rc
                ERROR_VARIABLE err)
foreach(flag -loctet -lpthreadpool -lcpuinfo)
  if(NOT rc EQUAL 0 OR NOT " ${libs} " MATCHES " ${flag}[ \n]")
    message(FATAL_ERROR "pkg-config --static --libs octet: '${libs}' ${err}lacks ${flag}")
  endif()
endforeach()
message("installed: headers, liboctet.so -> .so.0 -> .so.${VERSION} (SONAME liboctet.so.0), liboctet.a, "
        "CMake package, octet.pc (--static: ${libs}), octet-static.pc")
