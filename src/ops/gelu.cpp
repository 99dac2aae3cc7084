#include "src/ops/families.hpp"

namespace numstab {

void add_gelu_ops(std::vector<OpInfo>&) {}

}  // namespace numstab
