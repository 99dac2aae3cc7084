#pragma once
#include "oracles/oracle.hpp"

namespace numstab::oracles {
void relu(Real& y, const Real& x, const Params& p);
void relu_grad(Real& y, const Real& x, const Params& p);
void relu6(Real& y, const Real& x, const Params& p);
void relu6_grad(Real& y, const Real& x, const Params& p);
void leaky_relu(Real& y, const Real& x, const Params& p);       // p = {alpha}
void leaky_relu_grad(Real& y, const Real& x, const Params& p);  // p = {alpha}
void hardtanh(Real& y, const Real& x, const Params& p);         // p = {min_val, max_val}
void hardtanh_grad(Real& y, const Real& x, const Params& p);    // p = {min_val, max_val}
void hardsigmoid(Real& y, const Real& x, const Params& p);
void hardsigmoid_grad(Real& y, const Real& x, const Params& p);
void hardswish(Real& y, const Real& x, const Params& p);
void hardswish_grad(Real& y, const Real& x, const Params& p);
}  // namespace numstab::oracles
