# ZIP/APK container layer tests (included from tests/diff/CMakeLists.txt).
add_executable(suture_zip_tests
  zip_reject_test.cc
  zip_roundtrip_test.cc
  zip_interop_test.cc
)
target_link_libraries(suture_zip_tests PRIVATE suture::zip suture::core ZLIB::ZLIB
  GTest::gtest_main suture::warnings)
gtest_discover_tests(suture_zip_tests DISCOVERY_TIMEOUT 60)

suture_add_fuzz_target(fuzz_zip_reader ${PROJECT_SOURCE_DIR}/tests/fuzz/fuzz_zip_reader.cc
  ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/zip_reader suture::zip suture::core)
