#pragma once
#include "oracles/oracle.hpp"

namespace numstab::oracles {
void sigmoid(Real& y, const Real& x, const Params& p);
void sigmoid_grad(Real& y, const Real& x, const Params& p);
}  // namespace numstab::oracles
