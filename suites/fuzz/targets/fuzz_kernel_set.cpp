// libFuzzer target: the kernel-set reader of `report --kernel-set FILE`
// (reports/kernel_set.cpp). A set or a UsageError; anything else is a finding.
#include <cstdint>

#include "reports/kernel_set.hpp"
#include "src/errors.hpp"
#include "targets/scratch.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = numstab::fuzz::scratch_file("kernels.json", data, size);
  try {
    (void)numstab::read_kernel_set(path);
  } catch (const numstab::UsageError&) {
  }
  return 0;
}
