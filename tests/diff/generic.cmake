# Tests and fuzz targets of the generic layer (included from tests/diff/CMakeLists.txt).
find_package(BZip2 REQUIRED)

if(SUTURE_BUILD_CREATE)
  foreach(t generic_roundtrip_test generic_corruption_test generic_bsdiff40_test)
    add_executable(${t} ${CMAKE_CURRENT_LIST_DIR}/${t}.cc)
    target_link_libraries(${t} PRIVATE suture::generic_diff suture::generic_apply
      PkgConfig::ZSTD BZip2::BZip2 GTest::gtest_main suture::warnings)
    gtest_discover_tests(${t} DISCOVERY_TIMEOUT 60)
  endforeach()
endif()

suture_add_fuzz_target(fuzz_generic_patch ${PROJECT_SOURCE_DIR}/tests/fuzz/fuzz_generic_patch.cc
  ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/generic_patch suture::generic_apply)
suture_add_fuzz_target(fuzz_bsdiff40 ${PROJECT_SOURCE_DIR}/tests/fuzz/fuzz_bsdiff40.cc
  ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/bsdiff40 suture::generic_apply)
