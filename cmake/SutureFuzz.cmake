# suture_add_fuzz_target(NAME SOURCE CORPUS_DIR LIBS...
#                        [EXTRA_SOURCES files...] [INCLUDE_DIRS dirs...])
#
# SOURCE defines `extern "C" int LLVMFuzzerTestOneInput(const uint8_t*, size_t)`.
# With SUTURE_FUZZ=ON (clang) it becomes a libFuzzer binary `NAME`. In every
# build it is also linked with a replay driver as `NAME_replay`, registered with
# ctest to run every file of CORPUS_DIR (regression inputs and crash repros).
# EXTRA_SOURCES / INCLUDE_DIRS go into both binaries (for a parser that lives
# in a library the target cannot link, e.g. one of the HTTP room).
function(suture_add_fuzz_target name source corpus)
  cmake_parse_arguments(PARSE_ARGV 3 F "" "" "EXTRA_SOURCES;INCLUDE_DIRS")
  set(libs ${F_UNPARSED_ARGUMENTS})
  add_executable(${name}_replay ${source} ${F_EXTRA_SOURCES}
    ${PROJECT_SOURCE_DIR}/tests/fuzz/replay_main.cc)
  target_include_directories(${name}_replay PRIVATE ${F_INCLUDE_DIRS})
  target_link_libraries(${name}_replay PRIVATE ${libs} suture::warnings)
  add_test(NAME ${name}_corpus COMMAND ${name}_replay ${corpus})
  if(SUTURE_FUZZ)
    add_executable(${name} ${source} ${F_EXTRA_SOURCES})
    target_include_directories(${name} PRIVATE ${F_INCLUDE_DIRS})
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(${name} PRIVATE ${libs})
  endif()
endfunction()
