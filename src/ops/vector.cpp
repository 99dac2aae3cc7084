// Catalog rows of the vector ops (softmax, log_softmax, logsumexp).
#include "src/ops/families.hpp"

namespace numstab {

void add_vector_ops(std::vector<CompositeOpInfo>& ops) {
  (void)ops;
}

}  // namespace numstab
