#pragma once
#include "oracles/oracle.hpp"

namespace numstab::oracles {
void tanh(Real& y, const Real& x, const Params& p);
void tanh_grad(Real& y, const Real& x, const Params& p);
}  // namespace numstab::oracles
