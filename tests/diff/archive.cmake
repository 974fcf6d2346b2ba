# Archive-level diff/apply (suture::diff) and the CLI's diff/apply commands.
if(SUTURE_BUILD_CLI)
  add_executable(suture_archive_tests archive_test.cc archive_cli_test.cc layout_test.cc)
  target_link_libraries(suture_archive_tests PRIVATE suture::diff suture::diff_apply suture::zip
    GTest::gtest_main suture::warnings)
  target_compile_definitions(suture_archive_tests PRIVATE SUTURE_CLI_PATH="$<TARGET_FILE:suture>"
    SUTURE_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  add_dependencies(suture_archive_tests suture)
  gtest_discover_tests(suture_archive_tests DISCOVERY_TIMEOUT 60)
endif()

suture_add_fuzz_target(fuzz_archive_layout ${PROJECT_SOURCE_DIR}/tests/fuzz/fuzz_archive_layout.cc
  ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/archive_layout suture::diff_apply)
