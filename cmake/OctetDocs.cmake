# The API reference: Doxygen (Debian package doxygen) over the public headers.
#   cmake --build <build> --target octet_docs   ->  <build>/docs/api/html/index.html
# docs/Doxyfile.in holds the settings; any undocumented function, field or
# parameter fails the build of the reference (and the docs_reference test).
include_guard(GLOBAL)

find_program(OCTET_DOXYGEN doxygen)

# octet_doxyfile(<doxyfile> <output dir> <input>...): docs/Doxyfile.in for
# these inputs. Paths are stripped up to include/ so headers read octet/octet.h.
function(octet_doxyfile doxyfile output)
  list(JOIN ARGN " " OCTET_DOXYGEN_INPUT)
  set(OCTET_DOXYGEN_OUTPUT "${output}")
  set(OCTET_DOXYGEN_STRIP "${PROJECT_SOURCE_DIR}/include")
  configure_file("${PROJECT_SOURCE_DIR}/docs/Doxyfile.in" "${doxyfile}" @ONLY)
endfunction()

set(OCTET_DOCS_DOXYFILE "${PROJECT_BINARY_DIR}/docs/Doxyfile")
octet_doxyfile("${OCTET_DOCS_DOXYFILE}" "${PROJECT_BINARY_DIR}/docs/api"
               "${PROJECT_SOURCE_DIR}/include/octet/octet.h" "${PROJECT_SOURCE_DIR}/include/octet/octet.hpp")
if(OCTET_DOXYGEN)
  add_custom_target(octet_docs
                    COMMAND ${OCTET_DOXYGEN} "${OCTET_DOCS_DOXYFILE}"
                    COMMAND ${CMAKE_COMMAND} -E echo "octet: API reference in ${PROJECT_BINARY_DIR}/docs/api/html/index.html"
                    COMMENT "Doxygen: the API reference"
                    VERBATIM)
else()
  add_custom_target(octet_docs
                    COMMAND ${CMAKE_COMMAND} -E echo "octet_docs needs Doxygen: apt-get install doxygen"
                    COMMAND ${CMAKE_COMMAND} -E false
                    VERBATIM)
endif()
