# Flips the first expected output of a golden file and checks that
# octet-golden reports it, explains it and exits with status 1.
file(READ ${SRC} text)
string(REGEX MATCH "\"y\":\\[([0-9]+)" m "${text}")
set(first ${CMAKE_MATCH_1})
math(EXPR wrong "(${first} + 1) % 256")
string(REPLACE "\"y\":[${first}" "\"y\":[${wrong}" text "${text}")
file(WRITE ${WORK}/corrupt.json "${text}")
string(REPLACE "|" ";" EMULATOR "${EMULATOR}")  # cross builds: e.g. qemu-aarch64 (empty natively)
execute_process(COMMAND ${EMULATOR} ${TOOL} --explain ${WORK}/corrupt.json RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "octet-golden exited with ${rc} on a corrupted file:\n${out}")
endif()
if(NOT out MATCHES "first at index 0: expected ${wrong}, got ${first}" OR NOT out MATCHES "MISMATCH"
   OR NOT out MATCHES "0 passed, 1 failed")
  message(FATAL_ERROR "octet-golden did not report the mismatch:\n${out}")
endif()
