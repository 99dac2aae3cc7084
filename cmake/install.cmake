# Install rules and the CMake package: a separate project does
#   find_package(numstab CONFIG REQUIRED)      # CMAKE_PREFIX_PATH=<prefix>
#   target_link_libraries(my_tests PRIVATE numstab::testing)
# (examples/consumer/ is such a project; suites/package/ builds it against a
# fresh install).
include(CMakePackageConfigHelpers)

set(NUMSTAB_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/numstab)

install(TARGETS numstab RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The framework kernels' module, where an installed numstab looks for it
# (src/frameworks/module_loader.cpp).
install(TARGETS numstab_frameworks_module LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/numstab)
install(TARGETS numstab_core numstab_testing EXPORT numstabTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/numstab DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# The ops' hard inputs, read by every sampled sweep (src/catalog.hpp oracles_dir).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/oracles/ DESTINATION ${CMAKE_INSTALL_DATADIR}/numstab/oracles
  FILES_MATCHING PATTERN "*.wc")
install(EXPORT numstabTargets NAMESPACE numstab:: DESTINATION ${NUMSTAB_CMAKE_DIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/numstabConfig.cmake.in
  ${PROJECT_BINARY_DIR}/numstabConfig.cmake INSTALL_DESTINATION ${NUMSTAB_CMAKE_DIR})
# 0.x: a minor version may change the API, so only the same minor one matches.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/numstabConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/numstabConfig.cmake ${PROJECT_BINARY_DIR}/numstabConfigVersion.cmake
  DESTINATION ${NUMSTAB_CMAKE_DIR})
