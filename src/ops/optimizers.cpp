// Catalog rows of the optimizers: one per built-in descriptor
// (src/optim/descriptors.cpp), which holds the name, the parameters with
// PyTorch's defaults (read from the kernels' Config structs) and the rule.
#include "src/ops/families.hpp"
#include "src/optim/registry.hpp"

namespace numstab {

void add_optimizer_ops(std::vector<CompositeOpInfo>& ops) {
  for (const auto& d : optim::builtin_optimizers()) ops.push_back(d.catalog_row());
}

}  // namespace numstab
