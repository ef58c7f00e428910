# One check per dependency, each naming the Debian package to install
# (tools/deps.txt lists them all). cmake/OctetDependencies.cmake and
# bench/CMakeLists.txt call them; test/deps/ runs the same functions with a
# package hidden to prove the message.
#
# Required dependencies stop configure (octet_missing). Optional ones, the
# benchmark's peers, return a reason instead, which turns their column off.
include_guard(GLOBAL)

function(octet_missing what package)
  message(FATAL_ERROR "octet: ${what} not found. Install the Debian package: apt-get install ${package}\n"
                      "(tools/deps.txt lists every package octet uses; as root, tools/install-deps.sh test "
                      "installs them)")
endfunction()

# xsimd (header-only). Its Debian CMake package drags in an xtl link flag we
# do not need, so we take the headers only.
function(octet_check_xsimd)
  find_path(XSIMD_INCLUDE_DIR xsimd/xsimd.hpp)
  if(NOT XSIMD_INCLUDE_DIR)
    octet_missing("xsimd (xsimd/xsimd.hpp)" "libxsimd-dev")
  endif()
  if(NOT TARGET octet::xsimd)
    add_library(octet::xsimd INTERFACE IMPORTED)
    set_target_properties(octet::xsimd PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${XSIMD_INCLUDE_DIR}")
  endif()
endfunction()

# cpuinfo: pkg-config file in Debian, no CMake package.
function(octet_check_cpuinfo)
  find_path(CPUINFO_INCLUDE_DIR cpuinfo.h)
  find_library(CPUINFO_LIBRARY NAMES cpuinfo)
  if(NOT CPUINFO_INCLUDE_DIR OR NOT CPUINFO_LIBRARY)
    octet_missing("cpuinfo (cpuinfo.h, libcpuinfo.so)" "libcpuinfo-dev")
  endif()
  if(NOT TARGET octet::cpuinfo)
    add_library(octet::cpuinfo UNKNOWN IMPORTED)
    set_target_properties(octet::cpuinfo PROPERTIES IMPORTED_LOCATION "${CPUINFO_LIBRARY}"
                          INTERFACE_INCLUDE_DIRECTORIES "${CPUINFO_INCLUDE_DIR}")
  endif()
endfunction()

# pthreadpool: neither pkg-config nor CMake files in Debian.
function(octet_check_pthreadpool)
  find_path(PTHREADPOOL_INCLUDE_DIR pthreadpool.h)
  find_library(PTHREADPOOL_LIBRARY NAMES pthreadpool)
  if(NOT PTHREADPOOL_INCLUDE_DIR OR NOT PTHREADPOOL_LIBRARY)
    octet_missing("pthreadpool (pthreadpool.h, libpthreadpool.so)" "libpthreadpool-dev")
  endif()
  find_package(Threads REQUIRED)
  if(NOT TARGET octet::pthreadpool)
    add_library(octet::pthreadpool UNKNOWN IMPORTED)
    set_target_properties(octet::pthreadpool PROPERTIES IMPORTED_LOCATION "${PTHREADPOOL_LIBRARY}"
                          INTERFACE_INCLUDE_DIRECTORIES "${PTHREADPOOL_INCLUDE_DIR}"
                          INTERFACE_LINK_LIBRARIES Threads::Threads)
  endif()
endfunction()

# nlohmann-json: golden files (octet-golden and the tests).
function(octet_check_nlohmann_json)
  find_package(nlohmann_json 3 QUIET)
  if(NOT TARGET nlohmann_json::nlohmann_json)
    octet_missing("nlohmann-json 3 (CMake package nlohmann_json)" "nlohmann-json3-dev")
  endif()
endfunction()

# GoogleTest (GoogleMock is not used).
function(octet_check_gtest)
  find_package(GTest QUIET)
  if(NOT TARGET GTest::gtest OR NOT TARGET GTest::gtest_main)
    octet_missing("GoogleTest (CMake package GTest)" "libgtest-dev")
  endif()
endfunction()

# gemmlowp's fixedpoint header: the tests of the fixedpoint mode.
function(octet_check_gemmlowp)
  find_path(GEMMLOWP_FIXEDPOINT_DIR fixedpoint/fixedpoint.h PATH_SUFFIXES gemmlowp)
  if(NOT GEMMLOWP_FIXEDPOINT_DIR)
    octet_missing("gemmlowp's fixedpoint header (gemmlowp/fixedpoint/fixedpoint.h)" "libgemmlowp-dev")
  endif()
endfunction()

# SIMDe: the x86 tests compile the AVX-512 / VNNI kernels a second time with
# it (src/x86/emulation.h, test/x86, test/dwconv).
function(octet_check_simde)
  find_path(SIMDE_INCLUDE_DIR simde/x86/avx512.h)
  if(NOT SIMDE_INCLUDE_DIR)
    octet_missing("SIMDe (simde/x86/avx512.h, for the emulated AVX-512/VNNI kernel tests)" "libsimde-dev")
  endif()
endfunction()

# Google Benchmark: octet-bench.
function(octet_check_benchmark)
  find_package(benchmark QUIET)
  if(NOT TARGET benchmark::benchmark)
    octet_missing("Google Benchmark (CMake package benchmark)" "libbenchmark-dev")
  endif()
endfunction()

# OpenMP (libgomp, part of g++): octet-bench runs oneDNN with it.
function(octet_check_openmp)
  find_package(OpenMP QUIET COMPONENTS CXX)
  if(NOT TARGET OpenMP::OpenMP_CXX)
    octet_missing("OpenMP for C++ (libgomp, installed with the compiler)" "g++")
  endif()
endfunction()

# oneDNN, a benchmark peer. Sets <reason_var> to "" when DNNL::dnnl is there,
# otherwise to why not, naming the package. Debian's dnnl-config.cmake (amd64)
# calls find_package(OpenCL REQUIRED): OpenCL is checked here first, so that a
# missing ocl-icd-opencl-dev is named instead of failing inside oneDNN's file.
function(octet_find_onednn reason_var)
  set(_suffixes lib/cmake/dnnl lib64/cmake/dnnl)
  if(CMAKE_LIBRARY_ARCHITECTURE)
    list(PREPEND _suffixes lib/${CMAKE_LIBRARY_ARCHITECTURE}/cmake/dnnl)
  endif()
  find_file(OCTET_DNNL_CONFIG dnnl-config.cmake HINTS ${dnnl_DIR}
            PATHS ${CMAKE_PREFIX_PATH} ${CMAKE_SYSTEM_PREFIX_PATH} PATH_SUFFIXES ${_suffixes} NO_DEFAULT_PATH)
  if(NOT OCTET_DNNL_CONFIG)
    set(${reason_var} "oneDNN not found (apt-get install libdnnl-dev)" PARENT_SCOPE)
    return()
  endif()
  file(STRINGS "${OCTET_DNNL_CONFIG}" _ocl REGEX "^set\\(DNNL_GPU_RUNTIME \"OCL\"\\)")
  if(_ocl)
    find_path(OCTET_OPENCL_INCLUDE_DIR CL/cl.h)
    find_library(OCTET_OPENCL_LIBRARY NAMES OpenCL)
    if(NOT OCTET_OPENCL_INCLUDE_DIR OR NOT OCTET_OPENCL_LIBRARY)
      string(CONCAT _why "OpenCL (CL/cl.h, libOpenCL.so), which oneDNN's CMake package requires, not found "
                    "(apt-get install ocl-icd-opencl-dev)")
      set(${reason_var} "${_why}" PARENT_SCOPE)
      return()
    endif()
  endif()
  get_filename_component(_dir "${OCTET_DNNL_CONFIG}" DIRECTORY)
  find_package(dnnl CONFIG QUIET PATHS "${_dir}" NO_DEFAULT_PATH)
  if(NOT TARGET DNNL::dnnl)
    string(CONCAT _why "oneDNN's CMake package ${OCTET_DNNL_CONFIG} did not define DNNL::dnnl "
                  "(reinstall libdnnl-dev and ocl-icd-opencl-dev)")
    set(${reason_var} "${_why}" PARENT_SCOPE)
    return()
  endif()
  set(${reason_var} "" PARENT_SCOPE)
  set(OCTET_DNNL_VERSION "${dnnl_VERSION}" PARENT_SCOPE)
endfunction()

# XNNPACK, a benchmark peer: header and library only in Debian. Sets
# <reason_var> like octet_find_onednn; XNNPACK_INCLUDE_DIR / XNNPACK_LIBRARY.
function(octet_find_xnnpack reason_var)
  find_path(XNNPACK_INCLUDE_DIR xnnpack.h)
  find_library(XNNPACK_LIBRARY NAMES XNNPACK xnnpack)
  if(NOT XNNPACK_INCLUDE_DIR OR NOT XNNPACK_LIBRARY)
    set(${reason_var} "XNNPACK (xnnpack.h, libXNNPACK.so) not found (apt-get install libxnnpack-dev)" PARENT_SCOPE)
  else()
    set(${reason_var} "" PARENT_SCOPE)
  endif()
endfunction()
