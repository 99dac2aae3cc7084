// Ops with a fast tier of their own (regions and anchors chosen per op, see
// each file); every other unary op uses its f64 reference kernel.
#pragma once
#include "oracles/enclosure.hpp"

namespace numstab::fast {
void exp(const double* x, size_t n, const Params& p, Enclosure* out);
void expm1(const double* x, size_t n, const Params& p, Enclosure* out);
void log(const double* x, size_t n, const Params& p, Enclosure* out);
void log1p(const double* x, size_t n, const Params& p, Enclosure* out);
void erf(const double* x, size_t n, const Params& p, Enclosure* out);
void erfc(const double* x, size_t n, const Params& p, Enclosure* out);
void tanh(const double* x, size_t n, const Params& p, Enclosure* out);
void sigmoid(const double* x, size_t n, const Params& p, Enclosure* out);
// The piecewise ops and their derivatives (oracles/piecewise/fast.cpp): exact.
void relu(const double* x, size_t n, const Params& p, Enclosure* out);
void relu_grad(const double* x, size_t n, const Params& p, Enclosure* out);
void relu6(const double* x, size_t n, const Params& p, Enclosure* out);
void relu6_grad(const double* x, size_t n, const Params& p, Enclosure* out);
void leaky_relu(const double* x, size_t n, const Params& p, Enclosure* out);
void leaky_relu_grad(const double* x, size_t n, const Params& p, Enclosure* out);
void hardtanh(const double* x, size_t n, const Params& p, Enclosure* out);
void hardtanh_grad(const double* x, size_t n, const Params& p, Enclosure* out);
void hardsigmoid(const double* x, size_t n, const Params& p, Enclosure* out);
void hardsigmoid_grad(const double* x, size_t n, const Params& p, Enclosure* out);
void hardswish(const double* x, size_t n, const Params& p, Enclosure* out);
void hardswish_grad(const double* x, size_t n, const Params& p, Enclosure* out);
}  // namespace numstab::fast
