// Catalog rows of the weight initialisers.
#include "src/ops/families.hpp"

namespace numstab {

void add_initialiser_ops(std::vector<CompositeOpInfo>& ops) {
  (void)ops;
}

}  // namespace numstab
