# cmake -DCOMPILER=... -DSOURCE=... -DINCLUDE=... -DEXPECT="a;b" -P expect_compile_error.cmake
# Passes when compiling SOURCE fails and the diagnostics contain every string in EXPECT.
execute_process(
  COMMAND ${COMPILER} -std=c++17 -fsyntax-only -I${INCLUDE} ${SOURCE}
  RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(result EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled, but must not")
endif()
foreach(text IN LISTS EXPECT)
  string(FIND "${out}" "${text}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "diagnostics lack '${text}':\n${out}")
  endif()
endforeach()
message(STATUS "failed as expected with: ${EXPECT}")
