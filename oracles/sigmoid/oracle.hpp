#pragma once
#include "oracles/oracle.hpp"

namespace numstab::oracles {
void sigmoid(Real& y, const Real& x, const Params& p);
void sigmoid_grad(Real& y, const Real& x, const Params& p);
void log_sigmoid(Real& y, const Real& x, const Params& p);
void log_sigmoid_grad(Real& y, const Real& x, const Params& p);
void softplus(Real& y, const Real& x, const Params& p);       // p = {beta}
void softplus_grad(Real& y, const Real& x, const Params& p);  // p = {beta}
void silu(Real& y, const Real& x, const Params& p);
void silu_grad(Real& y, const Real& x, const Params& p);
}  // namespace numstab::oracles
