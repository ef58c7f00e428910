# cmake -DSOURCE=<consumer dir> -DWORK=<build dir> -DPREFIX=<install prefix> -DLIBDIR=<libdir>
#       -DLINKAGE=<shared|static> -DCXX=<ON|OFF> -DGENERATOR=<generator> -DC_COMPILER=<cc>
#       -DCXX_COMPILER=<c++> -DREADELF=<readelf> -DLDD=<ldd> [-DIGNORE_PATH=<dirs>] -P cmake_consumer.cmake
# Configures and builds the consumer against the installed package with
# find_package(octet) from <prefix> (not any other octet), then checks and runs
# its programs (check_consumer.cmake). IGNORE_PATH hides directories from the
# consumer's searches (CMAKE_IGNORE_PATH).
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/check_consumer.cmake)
file(REMOVE_RECURSE "${WORK}")
if(LINKAGE STREQUAL "static")
  set(static ON)
else()
  set(static OFF)
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -G "${GENERATOR}" -S "${SOURCE}" -B "${WORK}"
                        -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=${PREFIX}
                        -DCMAKE_C_COMPILER=${C_COMPILER} -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
                        -DOCTET_CONSUMER_STATIC=${static} -DOCTET_CONSUMER_CXX=${CXX}
                        "-DCMAKE_IGNORE_PATH=${IGNORE_PATH}"
                OUTPUT_VARIABLE log ERROR_VARIABLE log RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the consumer failed:\n${log}")
endif()
file(STRINGS "${WORK}/CMakeCache.txt" found REGEX "^octet_DIR:")
string(REGEX REPLACE "^[^=]*=" "" found "${found}")
file(REAL_PATH "${found}" found)
file(REAL_PATH "${PREFIX}/${LIBDIR}/cmake/octet" want)
if(NOT found STREQUAL want)
  message(FATAL_ERROR "the consumer found another octet: ${found}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${WORK}"
                OUTPUT_VARIABLE log ERROR_VARIABLE log RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the consumer failed:\n${log}")
endif()
octet_check_consumer("${WORK}/consumer" ${LINKAGE} "${PREFIX}/${LIBDIR}")
if(CXX)
  octet_check_consumer("${WORK}/consumer_cxx" ${LINKAGE} "${PREFIX}/${LIBDIR}")
endif()
