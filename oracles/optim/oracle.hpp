// The optimizers' updates in multiprecision (the rules themselves are in
// oracles/optim/rules.hpp), written from the update rules of the torch.optim
// documentation (algorithm boxes), not from the kernels: the exact next
// parameters and state from a given state and gradient. Each value also carries a rigorous bound on how far a kernel that rounds every
// tensor operation into a format (src/optim/, one rounding per operation in the
// order of PyTorch's implementation) can be from it: a running error bound
// (Wilkinson). Every rounding of a value z adds u |z| + 2^(emin-p) (the second
// term covers subnormal results), and earlier errors propagate through each
// operation by the first-order-exact rules of BoundArith below. When nothing
// cancels, the bound of an update with k roundings is close to k u |update|; it
// grows as cancellation (m and g of opposite signs, v - m^2, p - lr g near 0)
// amplifies earlier errors, so one rule covers every state.
#pragma once
#include <string_view>
#include <vector>

#include "src/formats.hpp"
#include "src/params.hpp"
#include "src/ulp.hpp"

namespace numstab::optim_oracle {

// An exact value and a bound on |kernel value - exact| (+inf: no bound, e.g.
// an intermediate may overflow or a denominator's error reaches its size).
struct Bounded {
  Real x;
  long double err = 0;
  // The kernel's value is known to be >= 0 (squares, sums and quotients of
  // such values: rounding is monotone and keeps them >= 0).
  bool nonneg = false;
};
using BVec = std::vector<Bounded>;

// Bound propagation for a kernel that rounds each operation into `compute`.
class BoundArith {
 public:
  explicit BoundArith(Format compute);
  Format format() const { return format_; }
  // One rounding of a value known to within z.err.
  Bounded round(Bounded z) const;
  // Operations of the kernel, each followed by one rounding.
  Bounded add(const Bounded& a, const Bounded& b) const;
  Bounded sub(const Bounded& a, const Bounded& b) const;
  Bounded mul(const Bounded& a, const Bounded& b) const;
  Bounded div(const Bounded& a, const Bounded& b) const;
  Bounded sqrt(const Bounded& a) const;
  // Exact in the kernel: no rounding.
  Bounded max(const Bounded& a, const Bounded& b) const;
  Bounded abs(const Bounded& a) const;
  // A scalar PyTorch computes in Python (double: a BoundArith of f64 tracks
  // it) and hands to a tensor op, which rounds it once into this format.
  Bounded to_tensor(const Bounded& python_value) const;
  // torch.lerp(a, b, w) with a Python weight w: a + w (b - a) for w < 0.5,
  // else b - (b - a)(1 - w), 1 - w computed in Python.
  Bounded lerp(const Bounded& a, const Bounded& b, const Bounded& w) const;

 private:
  Format format_;
  long double u_, tiny_, overflow_;
  Bounded checked(Real x, long double err) const;  // +inf bound where |x| + err may overflow
};

// The state of an optimizer as numbered slots (vectors) and scalars, in the
// order of its descriptor (src/optim/descriptor.hpp), which is its kernel's
// State::slots() and State::scalars() order. An empty slot is PyTorch's fresh
// state; missing scalars take their fresh values.
struct OracleState {
  std::vector<BVec> slots{};
  std::vector<Real> scalars{};
  int64_t step = 0;
};

// One step of optimizer `name` (a registered descriptor's name; UsageError
// naming the known ones otherwise) with its hyperparameters in the
// descriptor's order: p and state advance to their exact next values, each
// with its running error bound for a kernel computing in `arith`'s format.
void oracle_step(std::string_view name, const Params& params, const BoundArith& arith,
                 OracleState& state, BVec& p, const BVec& grad);

// Python's pow(base, y) in double (libm pow: within 1 ulp) for an exactly
// known base and a double y known to within y.err.
Bounded python_pow(const Real& base, const Bounded& y);

// Inputs representable in the format: exact, no error.
BVec exact_vector(const std::vector<double>& v);

}  // namespace numstab::optim_oracle
