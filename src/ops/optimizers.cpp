// Catalog rows of the optimizers (PyTorch update rules and defaults).
#include "src/ops/families.hpp"

namespace numstab {

void add_optimizer_ops(std::vector<CompositeOpInfo>& ops) {
  (void)ops;
}

}  // namespace numstab
