#include "src/ops/families.hpp"

namespace numstab {

void add_piecewise_ops(std::vector<OpInfo>&) {}

}  // namespace numstab
