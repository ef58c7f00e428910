# Cross build for AArch64 Linux with Debian's g++-aarch64-linux-gnu, tests run
# under qemu-user.
#
#   cmake -S . -B build-arm -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake
#
# Libraries: the C library comes from the cross toolchain
# (/usr/aarch64-linux-gnu); cpuinfo, pthreadpool, gtest, benchmark, xsimd,
# nlohmann-json and gemmlowp come from arm64 .debs unpacked (never installed)
# by tools/arm-sysroot.sh into OCTET_ARM_SYSROOT (default: <build>/sysroot,
# created at configure time when missing).
#
# Executables run through CMAKE_CROSSCOMPILING_EMULATOR, qemu-aarch64-run.sh
# beside this file: ctest and gtest discovery use it. OCTET_QEMU_CPU
# (environment, default "max") picks the emulated CPU model, e.g. cortex-a72
# for a core without dotprod.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

# The cross compiler and qemu (tools/deps.txt, purpose arm): named before
# CMake's own compiler checks fail on them.
find_program(OCTET_AARCH64_CXX aarch64-linux-gnu-g++)
find_program(OCTET_AARCH64_CC aarch64-linux-gnu-gcc)
if(NOT OCTET_AARCH64_CXX OR NOT OCTET_AARCH64_CC)
  message(FATAL_ERROR "octet: the AArch64 cross compiler (aarch64-linux-gnu-g++) not found. "
                      "Install the Debian package: apt-get install g++-aarch64-linux-gnu")
endif()
find_program(OCTET_QEMU_AARCH64 qemu-aarch64)
if(NOT OCTET_QEMU_AARCH64)
  message(FATAL_ERROR "octet: qemu-aarch64, which runs the AArch64 tests, not found. "
                      "Install the Debian package: apt-get install qemu-user")
endif()
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# try_compile projects re-read this file in another binary dir: pass the sysroot on.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES OCTET_ARM_SYSROOT)

if(NOT OCTET_ARM_SYSROOT)
  if(DEFINED ENV{OCTET_ARM_SYSROOT})
    set(OCTET_ARM_SYSROOT "$ENV{OCTET_ARM_SYSROOT}")
  else()
    set(OCTET_ARM_SYSROOT "${CMAKE_BINARY_DIR}/sysroot")
  endif()
endif()
set(OCTET_ARM_SYSROOT "${OCTET_ARM_SYSROOT}" CACHE PATH "arm64 packages unpacked by tools/arm-sysroot.sh")

if(NOT EXISTS "${OCTET_ARM_SYSROOT}/.octet-sysroot-complete")
  message(STATUS "octet: populating the arm64 sysroot ${OCTET_ARM_SYSROOT}")
  execute_process(COMMAND "${CMAKE_CURRENT_LIST_DIR}/../../tools/arm-sysroot.sh" "${OCTET_ARM_SYSROOT}"
                  RESULT_VARIABLE _octet_sysroot_rc)
  if(NOT _octet_sysroot_rc EQUAL 0)
    message(FATAL_ERROR "octet: tools/arm-sysroot.sh ${OCTET_ARM_SYSROOT} failed")
  endif()
endif()

# Search the unpacked packages and the cross libc, never the host's /usr.
# (Not CMAKE_SYSROOT: the compiler keeps its own sysroot for libc.)
set(CMAKE_FIND_ROOT_PATH "${OCTET_ARM_SYSROOT}" /usr/aarch64-linux-gnu)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_CROSSCOMPILING_EMULATOR "${CMAKE_CURRENT_LIST_DIR}/qemu-aarch64-run.sh;${OCTET_ARM_SYSROOT}")
