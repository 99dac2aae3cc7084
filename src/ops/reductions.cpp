// Catalog rows of the reductions and their named algorithms.
#include "src/ops/families.hpp"

namespace numstab {

void add_reduction_ops(std::vector<CompositeOpInfo>& ops) {
  (void)ops;
}

}  // namespace numstab
