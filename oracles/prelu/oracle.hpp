#pragma once
#include "oracles/oracle.hpp"

// prelu(x, a) and its partial derivatives; a is the last parameter.
namespace numstab::oracles {
void prelu(Real& y, const Real& x, const Params& p);
void prelu_grad_x(Real& y, const Real& x, const Params& p);
void prelu_grad_a(Real& y, const Real& x, const Params& p);
}  // namespace numstab::oracles
