#pragma once
#include "oracles/oracle.hpp"

namespace numstab::oracles {
void gelu(Real& y, const Real& x, const Params& p);
void gelu_grad(Real& y, const Real& x, const Params& p);
}  // namespace numstab::oracles
