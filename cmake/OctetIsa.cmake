# Per-ISA compile flags. Each ISA's sources get their own flags; nothing
# generic is built for a specific CPU, and dispatch happens at run time.
include_guard(GLOBAL)

set(OCTET_FLAGS_avx2 "-mavx2;-mfma;-mbmi2")
set(OCTET_FLAGS_avx512bw "-mavx512f;-mavx512bw;-mavx512vl;-mavx512dq;-mfma;-mbmi2")
set(OCTET_FLAGS_avx512vnni "-mavx512f;-mavx512bw;-mavx512vl;-mavx512dq;-mavx512vnni;-mfma;-mbmi2")
# AMX kernels finish in the AVX-512 output stage: the AVX-512 VNNI flags too.
set(OCTET_FLAGS_amx "${OCTET_FLAGS_avx512vnni};-mamx-tile;-mamx-int8")
set(OCTET_FLAGS_avxvnni "-mavx2;-mavxvnni;-mfma;-mbmi2")
set(OCTET_FLAGS_neon "")
set(OCTET_FLAGS_neondot "-march=armv8.2-a+dotprod")
set(OCTET_FLAGS_neoni8mm "-march=armv8.6-a+dotprod+i8mm")

# octet_isa_sources(<isa> <file>...): compile the files with that ISA's flags.
# Source file properties are scoped to a directory: they are set both here and
# in src/, where octet_objects is defined (src/x86 and src/arm add their
# sources to it with target_sources).
function(octet_isa_sources isa)
  set(flags "${OCTET_FLAGS_${isa}}")
  if(flags)
    set_source_files_properties(${ARGN} DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/src
                                PROPERTIES COMPILE_OPTIONS "${flags}")
  endif()
endfunction()

# octet_isa_folder(<isa> <folder> <out-var>): adds every source of an ISA's
# folder (<folder>/*.cc, globbed again at build time, so a new kernel file
# needs no list) to octet_objects, the kernels with that ISA's flags; returns
# the kernel sources in <out-var>. Kernels are every file but the run-time
# probes (*_detect.cc), which ask whether the CPU has the ISA and so must run
# on any CPU: they get the library's flags.
# In the sanitizer build the depthwise and grouped kernel files (dwconv_*,
# gconv_*: each mode's row loops inlined into one file) are compiled
# uninstrumented: ASan + UBSan take over 5 minutes per file on them, past
# CI's budget. Their memory accesses are checked by the guard-page tests of
# every build (test/dwconv, test/output); the rest stays instrumented.
function(octet_isa_folder isa folder out)
  file(GLOB sources CONFIGURE_DEPENDS ${folder}/*.cc)
  set(kernels ${sources})
  list(FILTER kernels EXCLUDE REGEX "_detect\\.cc$")
  octet_isa_sources(${isa} ${kernels})
  if(OCTET_SANITIZE)
    set(uninstrumented ${kernels})
    list(FILTER uninstrumented INCLUDE REGEX "/(dwconv|gconv)_[^/]*\\.cc$")
    if(uninstrumented)
      set_property(SOURCE ${uninstrumented} DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/src
                   APPEND PROPERTY COMPILE_OPTIONS -fno-sanitize=all)
    endif()
  endif()
  target_sources(octet_objects PRIVATE ${sources})
  set(${out} ${kernels} PARENT_SCOPE)
endfunction()
