# cmake -DPKG_CONFIG=<pkg-config> -DMODULE=<octet|octet-static> -DPREFIX=<install prefix>
#       -DLIBDIR=<libdir> -DLINKAGE=<shared|static> -DCOMPILER=<cc or c++> -DSOURCE=<file>
#       -DOUTPUT=<program> -DREADELF=<readelf> -DLDD=<ldd> -P pkgconfig_consumer.cmake
# Builds one consumer source as a Makefile would: the compiler with
# `pkg-config [--static] --cflags --libs <module>` from <prefix>'s .pc files
# (a shared build adds an rpath to pkg-config's libdir). Then checks and runs
# it (check_consumer.cmake).
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/check_consumer.cmake)
set(ENV{PKG_CONFIG_PATH} "${PREFIX}/${LIBDIR}/pkgconfig")
set(query --cflags --libs)
if(LINKAGE STREQUAL "static")
  list(PREPEND query --static)
endif()
execute_process(COMMAND ${PKG_CONFIG} ${query} ${MODULE} OUTPUT_VARIABLE flags ERROR_VARIABLE err
                RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pkg-config ${query} ${MODULE} failed: ${err}")
endif()
separate_arguments(flags UNIX_COMMAND "${flags}")
if(LINKAGE STREQUAL "shared")
  execute_process(COMMAND ${PKG_CONFIG} --variable=libdir ${MODULE} OUTPUT_VARIABLE libdir
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  list(APPEND flags "-Wl,-rpath,${libdir}")
endif()
get_filename_component(dir "${OUTPUT}" DIRECTORY)
file(MAKE_DIRECTORY "${dir}")
file(REMOVE "${OUTPUT}")
execute_process(COMMAND ${COMPILER} "${SOURCE}" ${flags} -o "${OUTPUT}"
                OUTPUT_VARIABLE log ERROR_VARIABLE log RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${COMPILER} ${SOURCE} ${flags} failed:\n${log}")
endif()
message("pkg-config ${query} ${MODULE}: ${flags}")
octet_check_consumer("${OUTPUT}" ${LINKAGE} "${PREFIX}/${LIBDIR}")
