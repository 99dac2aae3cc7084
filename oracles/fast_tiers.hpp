// Ops with a fast tier of their own (regions and anchors chosen per op, see
// each file); every other unary op uses its f64 reference kernel.
#pragma once
#include "oracles/fast_tier.hpp"

namespace numstab::fast {
void exp(const double* x, size_t n, const Params& p, Enclosure* out);
void expm1(const double* x, size_t n, const Params& p, Enclosure* out);
void log(const double* x, size_t n, const Params& p, Enclosure* out);
void log1p(const double* x, size_t n, const Params& p, Enclosure* out);
void erf(const double* x, size_t n, const Params& p, Enclosure* out);
void erfc(const double* x, size_t n, const Params& p, Enclosure* out);
void tanh(const double* x, size_t n, const Params& p, Enclosure* out);
void sigmoid(const double* x, size_t n, const Params& p, Enclosure* out);
}  // namespace numstab::fast
