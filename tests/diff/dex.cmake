# Tests of the DEX layer (issue 4). Included from tests/diff/CMakeLists.txt.
set(SUTURE_DEX_TEST_DIR ${CMAKE_CURRENT_LIST_DIR})
set(SUTURE_DEX_CORPUS ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/dex_reader)

if(SUTURE_BUILD_CREATE)
  add_executable(dex_unit_test
    ${SUTURE_DEX_TEST_DIR}/dex_reader_test.cc
    ${SUTURE_DEX_TEST_DIR}/dex_projection_test.cc
    ${SUTURE_DEX_TEST_DIR}/dex_patch_test.cc
    ${SUTURE_DEX_TEST_DIR}/dex_donor_test.cc
  )
  target_compile_definitions(dex_unit_test PRIVATE SUTURE_DEX_CORPUS_DIR="${SUTURE_DEX_CORPUS}")
  target_link_libraries(dex_unit_test PRIVATE suture::dex_diff suture::dex_apply GTest::gtest_main suture::warnings)
  gtest_discover_tests(dex_unit_test)

  # Real pairs: data fetched from the npm registry and generated with smali at
  # test time (cached under $HOME/.cache/suture-testdata, or
  # SUTURE_DEX_TESTDATA_DIR).
  if(DEFINED ENV{SUTURE_DEX_TESTDATA_DIR})
    set(SUTURE_DEX_TESTDATA $ENV{SUTURE_DEX_TESTDATA_DIR})
  elseif(DEFINED ENV{HOME})
    set(SUTURE_DEX_TESTDATA $ENV{HOME}/.cache/suture-testdata)
  else()
    set(SUTURE_DEX_TESTDATA ${CMAKE_BINARY_DIR}/suture-testdata)
  endif()
  add_test(NAME dex_testdata_setup
    COMMAND ${PROJECT_SOURCE_DIR}/scripts/dex-testpairs.sh --prepare ${SUTURE_DEX_TESTDATA})
  set_tests_properties(dex_testdata_setup PROPERTIES FIXTURES_SETUP dex_testdata TIMEOUT 1200)

  add_executable(dex_pairs_test ${SUTURE_DEX_TEST_DIR}/dex_pairs_test.cc)
  target_link_libraries(dex_pairs_test PRIVATE suture::dex_diff suture::dex_apply GTest::gtest_main suture::warnings)
  gtest_discover_tests(dex_pairs_test
    PROPERTIES FIXTURES_REQUIRED dex_testdata ENVIRONMENT SUTURE_DEX_TESTDATA=${SUTURE_DEX_TESTDATA}
               TIMEOUT 600)
endif()

suture_add_fuzz_target(fuzz_dex_reader ${PROJECT_SOURCE_DIR}/tests/fuzz/fuzz_dex_reader.cc
  ${SUTURE_DEX_CORPUS} suture::dex_apply)
target_compile_definitions(fuzz_dex_reader_replay PRIVATE SUTURE_DEX_CORPUS_DIR="${SUTURE_DEX_CORPUS}")
if(TARGET fuzz_dex_reader)
  target_compile_definitions(fuzz_dex_reader PRIVATE SUTURE_DEX_CORPUS_DIR="${SUTURE_DEX_CORPUS}")
endif()

# The byte breakdown of a small patch, pinned (issue 13), and a committed
# format-v1 bundle that must keep applying.
if(SUTURE_BUILD_CREATE)
  add_executable(patch_bytes_test ${SUTURE_DEX_TEST_DIR}/patch_bytes_test.cc)
  target_compile_definitions(patch_bytes_test PRIVATE SUTURE_DEX_CORPUS_DIR="${SUTURE_DEX_CORPUS}"
                                                      SUTURE_TEST_DATA_DIR="${SUTURE_DEX_TEST_DIR}/data")
  target_link_libraries(patch_bytes_test PRIVATE suture::diff suture::diff_apply GTest::gtest_main suture::warnings)
  gtest_discover_tests(patch_bytes_test)
endif()

# Rollout safety (issue 13): `suture diff --format-version 1` bundles are the
# old writer's bytes and the merge worker of main before format v2 applies
# them (builds that commit's worker from git history once, ~1-2 min, cached
# beside the DEX test data; skipped without git history).
if(TARGET suture)
  add_test(NAME old_client_reads_format_v1
    COMMAND ${PROJECT_SOURCE_DIR}/scripts/old-client-check.sh $<TARGET_FILE:suture> ${SUTURE_DEX_TESTDATA})
  set_tests_properties(old_client_reads_format_v1 PROPERTIES FIXTURES_REQUIRED dex_testdata
    SKIP_RETURN_CODE 77 TIMEOUT 1200)
endif()
