// Vector kernels from shared libraries for gradcheck, in the batch ABI of the
// issue, on one vector of length n (T = double for f64, float for f32, uint16_t
// holding the bit pattern for f16 and bf16):
//   forward  void f(const T* x, T* y, size_t n)              y has m values
//   VJP      void f_vjp(const T* x, const T* dy, T* dx, size_t n)   dy has m, dx n
// m = n for softmax and log_softmax, 1 for logsumexp (a reduction). The wrappers
// take and return doubles holding values of the format. src/loader.hpp is the
// elementwise loader (and its load_symbol is used here); these wrappers are
// separate because the shapes differ.
#pragma once
#include <functional>
#include <string>

#include <Eigen/Dense>

#include "src/formats.hpp"

namespace numstab::gradcheck {

using VectorForward = std::function<Eigen::VectorXd(const Eigen::VectorXd& x)>;
using VectorVjp = std::function<Eigen::VectorXd(const Eigen::VectorXd& x, const Eigen::VectorXd& dy)>;

// The forward kernel at `spec` producing m outputs per call.
VectorForward load_vector_forward(const std::string& spec, Format f, Eigen::Index m);
VectorVjp load_vector_vjp(const std::string& spec, Format f);

// The same wrappers around kernels given as functions over the format's storage.
VectorForward wrap_vector_forward(std::function<void(const void*, void*, size_t)> fn, Format f, Eigen::Index m);
VectorVjp wrap_vector_vjp(std::function<void(const void*, const void*, void*, size_t)> fn, Format f);

}  // namespace numstab::gradcheck
