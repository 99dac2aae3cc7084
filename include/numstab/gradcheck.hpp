// A user's vector forward kernel and its vector-Jacobian product checked as
// `numstab gradcheck` checks a LIB:SYMBOL pair: the same seeded vectors, the
// same exact derivatives (softmax, log_softmax, logsumexp) or finite
// differences (other vector ops, losses, normalisation, reductions), the same
// pass criterion. The callables have the CLI's gradcheck ABI, T the format's
// storage (uint16_t bit patterns for numstab::f16 and numstab::bf16):
//   forward  void f(const T* x, T* y, size_t n)
//   VJP      void f_vjp(const T* x, const T* dy, T* dx, size_t n)
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>

#include "numstab/callable.hpp"
#include "numstab/certify.hpp"

namespace numstab::testing {

// The options of `numstab gradcheck`, with its defaults.
struct GradcheckSettings {
  std::string op;
  std::size_t n = 16;          // --n: vector length
  std::uint64_t cases = 100;   // --cases
  std::uint64_t seed = 1;      // --seed
};

struct VectorCallables {
  std::string format;
  std::function<void(const void* x, void* y, std::size_t n)> forward;
  std::function<void(const void* x, const void* dy, void* dx, std::size_t n)> vjp;
};

// `error` is set (and nothing else is) for a bad request: unknown op, n = 0, ...
struct GradcheckReport {
  std::string error;
  bool passed = false;
  double worst_ratio = 0;  // error over bound of the worst component
  std::string text;        // what `numstab gradcheck` prints
  std::string json;        // its JSON record
};

GradcheckReport gradcheck(const VectorCallables& kernels, const GradcheckSettings& settings);

// Format void: deduced from the forward callable (float or double).
template <class Format = void, class F, class G>
GradcheckReport gradcheck(const F& forward, const G& vjp, const GradcheckSettings& settings) {
  using Fmt = std::conditional_t<std::is_void_v<Format>,
                                 std::conditional_t<detail::shape_of<F, float>() == detail::Shape::batch, float,
                                                    std::conditional_t<detail::shape_of<F, double>() == detail::Shape::batch,
                                                                       double, void>>,
                                 Format>;
  static_assert(!std::is_void_v<Fmt>, "numstab: the forward callable is not void(const T*, T*, size_t) for T = float or "
                                      "double; for f16/bf16 bit patterns name the format: gradcheck<numstab::bf16>(...)");
  using S = typename format_traits<Fmt>::storage;
  static_assert(detail::shape_of<F, S>() == detail::Shape::batch,
                "numstab: the forward callable must be void f(const T* x, T* y, size_t n)");
  static_assert(detail::shape_of<G, S>() == detail::Shape::batch_binary,
                "numstab: the VJP callable must be void f_vjp(const T* x, const T* dy, T* dx, size_t n)");
  const auto fwd = std::addressof(forward);
  const auto back = std::addressof(vjp);
  return gradcheck(VectorCallables{format_traits<Fmt>::name,
                                   [fwd](const void* x, void* y, std::size_t n) {
                                     (*fwd)(static_cast<const S*>(x), static_cast<S*>(y), n);
                                   },
                                   [back](const void* x, const void* dy, void* dx, std::size_t n) {
                                     (*back)(static_cast<const S*>(x), static_cast<const S*>(dy), static_cast<S*>(dx), n);
                                   }},
                   settings);
}

}  // namespace numstab::testing
