// Catalog rows of the normalisation layers.
#include "src/ops/families.hpp"

namespace numstab {

void add_normalisation_ops(std::vector<CompositeOpInfo>& ops) {
  (void)ops;
}

}  // namespace numstab
