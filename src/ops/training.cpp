// Catalog rows of the training utilities (gradient clipping, dynamic loss scaling).
#include "src/ops/families.hpp"

namespace numstab {

void add_training_ops(std::vector<CompositeOpInfo>& ops) {
  (void)ops;
}

}  // namespace numstab
