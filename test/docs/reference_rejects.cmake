# cmake -DDOXYGEN=<doxygen> -DDOXYFILE=<Doxyfile of undocumented.h> -P reference_rejects.cmake
# The reference check can fail: Doxygen with docs/Doxyfile.in's settings must
# exit non-zero on undocumented.h and name both of its gaps.
execute_process(COMMAND "${DOXYGEN}" "${DOXYFILE}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc EQUAL 0)
  message(FATAL_ERROR "docs: Doxygen accepted a header with undocumented members:\n${out}")
endif()
foreach(gap "docs_fixture_missing_param\\(int a, int b\\) is not documented:[ \n]*parameter .b."
            "docs_fixture_undocumented.*is not documented")
  if(NOT out MATCHES "${gap}")
    message(FATAL_ERROR "docs: Doxygen's output does not report '${gap}':\n${out}")
  endif()
endforeach()
message("docs: Doxygen refuses the undocumented fixture (exit ${rc})")
