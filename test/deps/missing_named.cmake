# cmake -DOCTET_SOURCE_DIR=<src> -DWORK=<dir> [-DC_COMPILER=<cc>] -P missing_named.cmake
#
# Configures test/deps/probe three times with the real checks of
# cmake/OctetChecks.cmake:
#  1. nothing hidden: SIMDe and oneDNN (with its OpenCL) are found;
#  2. SIMDe's include folder hidden (CMAKE_IGNORE_PATH): configure stops and
#     names libsimde-dev;
#  3. OpenCL's header and library folders hidden: the oneDNN check turns the
#     peer off naming ocl-icd-opencl-dev (before oneDNN's own CMake file could
#     fail on find_package(OpenCL REQUIRED)).
cmake_minimum_required(VERSION 3.25)

# probe(<name> <checks> <hidden folders, comma-separated> <rc var> <log var>)
function(probe name checks hidden out_rc out_log)
  set(dir "${WORK}/${name}")
  file(REMOVE_RECURSE "${dir}")
  set(args -S "${OCTET_SOURCE_DIR}/test/deps/probe" -B "${dir}" "-DOCTET_SOURCE_DIR=${OCTET_SOURCE_DIR}"
           "-DOCTET_PROBE_CHECKS=${checks}")
  # Lists travel comma-separated: a ';' would split an argument.
  if(C_COMPILER)
    list(APPEND args "-DCMAKE_C_COMPILER=${C_COMPILER}")
  endif()
  if(hidden)
    list(APPEND args "-DOCTET_PROBE_IGNORE_PATH=${hidden}")
  endif()
  execute_process(COMMAND "${CMAKE_COMMAND}" ${args} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(${out_rc} "${rc}" PARENT_SCOPE)
  set(${out_log} "${out}${err}" PARENT_SCOPE)
  message("---- probe ${name} (exit ${rc}, hidden: ${hidden}):")
  string(REGEX MATCHALL "[^\n]*(probe:|octet:|apt-get)[^\n]*" lines "${out}${err}")
  foreach(l IN LISTS lines)
    message("  ${l}")
  endforeach()
endfunction()

# The folders, each also by its real path and by its merged-/usr alias, comma-separated.
function(with_realpath out)
  set(all)
  foreach(d IN LISTS ARGN)
    get_filename_component(r "${d}" REALPATH)
    list(APPEND all "${d}" "${r}")
    string(REGEX REPLACE "^/usr/" "/" alias "${r}")
    list(APPEND all "${alias}")
  endforeach()
  list(REMOVE_DUPLICATES all)
  list(JOIN all "," all)
  set(${out} "${all}" PARENT_SCOPE)
endfunction()

set(failed FALSE)

# 1. Everything present.
probe(present "simde,onednn" "" rc log)
if(NOT rc EQUAL 0 OR NOT log MATCHES "probe: simde found" OR NOT log MATCHES "probe: onednn found")
  message(FATAL_ERROR "deps: with nothing hidden the probe must find SIMDe and oneDNN (install them: "
                      "tools/install-deps.sh test)\n${log}")
endif()
file(STRINGS "${WORK}/present/CMakeCache.txt" cache REGEX "^(SIMDE_INCLUDE_DIR|OCTET_OPENCL_INCLUDE_DIR|OCTET_OPENCL_LIBRARY):")
foreach(line IN LISTS cache)
  string(REGEX MATCH "^([A-Z_]+):[A-Z]+=(.*)$" _ "${line}")
  set(${CMAKE_MATCH_1} "${CMAKE_MATCH_2}")
endforeach()
if(NOT SIMDE_INCLUDE_DIR OR NOT OCTET_OPENCL_INCLUDE_DIR OR NOT OCTET_OPENCL_LIBRARY)
  message(FATAL_ERROR "deps: the probe's cache lacks the SIMDe or OpenCL paths:\n${cache}")
endif()

# 2. SIMDe hidden: configure stops, naming libsimde-dev.
with_realpath(hide "${SIMDE_INCLUDE_DIR}")
probe(no_simde "simde" "${hide}" rc log)
if(rc EQUAL 0 OR NOT log MATCHES "apt-get install libsimde-dev")
  message(SEND_ERROR "deps: with SIMDe hidden, configure must stop naming libsimde-dev")
  set(failed TRUE)
endif()

# 3. OpenCL hidden: oneDNN is turned off, naming ocl-icd-opencl-dev.
get_filename_component(libdir "${OCTET_OPENCL_LIBRARY}" DIRECTORY)
with_realpath(hide "${OCTET_OPENCL_INCLUDE_DIR}" "${libdir}")
probe(no_opencl "onednn" "${hide}" rc log)
if(NOT rc EQUAL 0 OR NOT log MATCHES "probe: onednn absent: [^\n]*apt-get install ocl-icd-opencl-dev")
  message(SEND_ERROR "deps: with OpenCL hidden, the oneDNN check must turn oneDNN off naming ocl-icd-opencl-dev")
  set(failed TRUE)
endif()

if(failed)
  message(FATAL_ERROR "deps: a missing package was not named")
endif()
message("deps: every hidden package was named")
