// Fast tiers independent of the reference kernels (oracles/long_double_tier.hpp):
// they judge sweeps of numstab's own kernels, for ops whose `fast` tier (or
// f64 reference kernel) shares the kernels' double formula. Each file states
// its regions; every claim is the long double one.
#pragma once
#include "oracles/enclosure.hpp"

namespace numstab::independent {
void exp(const double* x, size_t n, const Params& p, Enclosure* out);
void expm1(const double* x, size_t n, const Params& p, Enclosure* out);
void log(const double* x, size_t n, const Params& p, Enclosure* out);
void log1p(const double* x, size_t n, const Params& p, Enclosure* out);
void erf(const double* x, size_t n, const Params& p, Enclosure* out);
void erfc(const double* x, size_t n, const Params& p, Enclosure* out);
void sigmoid(const double* x, size_t n, const Params& p, Enclosure* out);
void sigmoid_grad(const double* x, size_t n, const Params& p, Enclosure* out);
void softplus(const double* x, size_t n, const Params& p, Enclosure* out);
void softplus_grad(const double* x, size_t n, const Params& p, Enclosure* out);
void log_sigmoid(const double* x, size_t n, const Params& p, Enclosure* out);
void log_sigmoid_grad(const double* x, size_t n, const Params& p, Enclosure* out);
void silu(const double* x, size_t n, const Params& p, Enclosure* out);
void silu_grad(const double* x, size_t n, const Params& p, Enclosure* out);
void elu(const double* x, size_t n, const Params& p, Enclosure* out);
void elu_grad(const double* x, size_t n, const Params& p, Enclosure* out);
void selu(const double* x, size_t n, const Params& p, Enclosure* out);
void selu_grad(const double* x, size_t n, const Params& p, Enclosure* out);
void celu(const double* x, size_t n, const Params& p, Enclosure* out);
void celu_grad(const double* x, size_t n, const Params& p, Enclosure* out);
}  // namespace numstab::independent
