// Catalog rows of the losses.
#include "src/ops/families.hpp"

namespace numstab {

void add_loss_ops(std::vector<CompositeOpInfo>& ops) {
  (void)ops;
}

}  // namespace numstab
