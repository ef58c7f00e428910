# Every dependency comes from a Debian 12 package (tools/deps.txt). A missing
# one stops configure with the name of the package to install; the checks
# themselves are in OctetChecks.cmake. (The benchmark's peers, which are
# optional, are looked for in bench/CMakeLists.txt.)
include_guard(GLOBAL)
include(OctetChecks)

octet_check_xsimd()
octet_check_cpuinfo()
octet_check_pthreadpool()

if(OCTET_BUILD_TESTS OR OCTET_BUILD_TOOLS)
  octet_check_nlohmann_json()
endif()

if(OCTET_BUILD_TESTS)
  octet_check_gtest()
  octet_check_gemmlowp()
  # The x86 tests compile the AVX-512 / VNNI kernels with SIMDe (test/x86, test/dwconv).
  if(OCTET_ARCH STREQUAL "x86")
    octet_check_simde()
  endif()
endif()

if(OCTET_BUILD_BENCH)
  octet_check_benchmark()
  octet_check_openmp()
endif()
