#include "src/ops/families.hpp"

namespace numstab {

void add_elementary_ops(std::vector<OpInfo>&) {}

}  // namespace numstab
