#pragma once
#include "oracles/oracle.hpp"

namespace numstab::oracles {
void exp(Real& y, const Real& x, const Params& p);
void log(Real& y, const Real& x, const Params& p);
void expm1(Real& y, const Real& x, const Params& p);
void log1p(Real& y, const Real& x, const Params& p);
void erf(Real& y, const Real& x, const Params& p);
void erfc(Real& y, const Real& x, const Params& p);
}  // namespace numstab::oracles
