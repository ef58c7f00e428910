# Every dependency comes from a Debian 12 package. A missing one stops
# configure with the name of the package to install.
include_guard(GLOBAL)
find_package(PkgConfig QUIET)

function(octet_missing what package)
  message(FATAL_ERROR "octet: ${what} not found. Install the Debian package: apt-get install ${package}")
endfunction()

# xsimd (header-only). Its Debian CMake package drags in an xtl link flag we
# do not need, so we take the headers only.
find_path(XSIMD_INCLUDE_DIR xsimd/xsimd.hpp)
if(NOT XSIMD_INCLUDE_DIR)
  octet_missing("xsimd" "libxsimd-dev")
endif()
if(NOT TARGET octet::xsimd)
  add_library(octet::xsimd INTERFACE IMPORTED)
  set_target_properties(octet::xsimd PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${XSIMD_INCLUDE_DIR}")
endif()

# cpuinfo: pkg-config file in Debian, no CMake package.
find_path(CPUINFO_INCLUDE_DIR cpuinfo.h)
find_library(CPUINFO_LIBRARY NAMES cpuinfo)
if(NOT CPUINFO_INCLUDE_DIR OR NOT CPUINFO_LIBRARY)
  octet_missing("cpuinfo" "libcpuinfo-dev")
endif()
if(NOT TARGET octet::cpuinfo)
  add_library(octet::cpuinfo UNKNOWN IMPORTED)
  set_target_properties(octet::cpuinfo PROPERTIES IMPORTED_LOCATION "${CPUINFO_LIBRARY}"
                        INTERFACE_INCLUDE_DIRECTORIES "${CPUINFO_INCLUDE_DIR}")
endif()

# pthreadpool: neither pkg-config nor CMake files in Debian.
find_path(PTHREADPOOL_INCLUDE_DIR pthreadpool.h)
find_library(PTHREADPOOL_LIBRARY NAMES pthreadpool)
if(NOT PTHREADPOOL_INCLUDE_DIR OR NOT PTHREADPOOL_LIBRARY)
  octet_missing("pthreadpool" "libpthreadpool-dev")
endif()
find_package(Threads REQUIRED)
if(NOT TARGET octet::pthreadpool)
  add_library(octet::pthreadpool UNKNOWN IMPORTED)
  set_target_properties(octet::pthreadpool PROPERTIES IMPORTED_LOCATION "${PTHREADPOOL_LIBRARY}"
                        INTERFACE_INCLUDE_DIRECTORIES "${PTHREADPOOL_INCLUDE_DIR}"
                        INTERFACE_LINK_LIBRARIES Threads::Threads)
endif()

if(OCTET_BUILD_TESTS OR OCTET_BUILD_TOOLS)
  find_package(nlohmann_json 3 QUIET)
  if(NOT nlohmann_json_FOUND)
    octet_missing("nlohmann-json" "nlohmann-json3-dev")
  endif()
endif()

if(OCTET_BUILD_TESTS)
  find_package(GTest QUIET)
  if(NOT GTest_FOUND)
    octet_missing("GoogleTest" "libgtest-dev")
  endif()
  find_path(GEMMLOWP_FIXEDPOINT_DIR fixedpoint/fixedpoint.h PATH_SUFFIXES gemmlowp)
  if(NOT GEMMLOWP_FIXEDPOINT_DIR)
    octet_missing("gemmlowp's fixedpoint header" "libgemmlowp-dev")
  endif()
endif()

if(OCTET_BUILD_BENCH)
  find_package(benchmark QUIET)
  if(NOT benchmark_FOUND)
    octet_missing("Google Benchmark" "libbenchmark-dev")
  endif()
endif()
