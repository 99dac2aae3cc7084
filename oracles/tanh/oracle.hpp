#pragma once
#include "oracles/oracle.hpp"

namespace numstab::oracles {
void tanh(Real& y, const Real& x, const Params& p);
void tanh_grad(Real& y, const Real& x, const Params& p);
void softsign(Real& y, const Real& x, const Params& p);
void softsign_grad(Real& y, const Real& x, const Params& p);
void mish(Real& y, const Real& x, const Params& p);
void mish_grad(Real& y, const Real& x, const Params& p);
void gelu_tanh(Real& y, const Real& x, const Params& p);
void gelu_tanh_grad(Real& y, const Real& x, const Params& p);
}  // namespace numstab::oracles
