# suture_add_fuzz_target(NAME SOURCE CORPUS_DIR LIBS...)
#
# SOURCE defines `extern "C" int LLVMFuzzerTestOneInput(const uint8_t*, size_t)`.
# With SUTURE_FUZZ=ON (clang) it becomes a libFuzzer binary `NAME`. In every
# build it is also linked with a replay driver as `NAME_replay`, registered with
# ctest to run every file of CORPUS_DIR (regression inputs and crash repros).
function(suture_add_fuzz_target name source corpus)
  add_executable(${name}_replay ${source} ${PROJECT_SOURCE_DIR}/tests/fuzz/replay_main.cc)
  target_link_libraries(${name}_replay PRIVATE ${ARGN} suture::warnings)
  add_test(NAME ${name}_corpus COMMAND ${name}_replay ${corpus})
  if(SUTURE_FUZZ)
    add_executable(${name} ${source})
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(${name} PRIVATE ${ARGN})
  endif()
endfunction()
