# FindDivsufsort: libdivsufsort (32- and 64-bit suffix sorting), Debian's
# libdivsufsort-dev, which ships no CMake or pkg-config file. A module so that
# CMAKE_DISABLE_FIND_PACKAGE_Divsufsort can prove a configuration needs none.
#
# Defines Divsufsort_FOUND and the imported target Divsufsort::divsufsort
# (both libraries, with the include folder).
find_path(Divsufsort_INCLUDE_DIR divsufsort.h)
find_library(Divsufsort_LIBRARY divsufsort)
find_library(Divsufsort64_LIBRARY divsufsort64)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Divsufsort
  REQUIRED_VARS Divsufsort_LIBRARY Divsufsort64_LIBRARY Divsufsort_INCLUDE_DIR)
if(Divsufsort_FOUND AND NOT TARGET Divsufsort::divsufsort)
  add_library(Divsufsort::divsufsort INTERFACE IMPORTED)
  set_target_properties(Divsufsort::divsufsort PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${Divsufsort_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${Divsufsort_LIBRARY};${Divsufsort64_LIBRARY}")
endif()
mark_as_advanced(Divsufsort_INCLUDE_DIR Divsufsort_LIBRARY Divsufsort64_LIBRARY)
