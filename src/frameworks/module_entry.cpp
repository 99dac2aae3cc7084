// The module's one exported symbol: its table of entry points (module.hpp).
#include <fmt/format.h>

#include "src/frameworks/module.hpp"

namespace numstab::frameworks {

UsageError missing_op(const Framework& fw, const std::string& op) {
  std::string has;
  for (const auto& o : fw.offers) has += (has.empty() ? "" : ", ") + o.op;
  return UsageError(fmt::format("op '{}' has no {} kernel ({} has: {})", op, fw.name, fw.name, has));
}

}  // namespace numstab::frameworks

extern "C" __attribute__((visibility("default"))) const numstab::frameworks::ModuleTable* numstab_frameworks_module() {
  using namespace numstab::frameworks;
  static const ModuleTable table{kModuleVersion,   torch_framework,  torch_kernel, torch_vector_kernels,
                                 onednn_framework, onednn_kernel, onednn_vector_kernels};
  return &table;
}
