#pragma once
#include "oracles/oracle.hpp"

namespace numstab::oracles {
void elu(Real& y, const Real& x, const Params& p);        // p = {alpha}
void elu_grad(Real& y, const Real& x, const Params& p);   // p = {alpha}
void selu(Real& y, const Real& x, const Params& p);
void selu_grad(Real& y, const Real& x, const Params& p);
void celu(Real& y, const Real& x, const Params& p);       // p = {alpha}, alpha != 0
void celu_grad(Real& y, const Real& x, const Params& p);  // p = {alpha}, alpha != 0
}  // namespace numstab::oracles
