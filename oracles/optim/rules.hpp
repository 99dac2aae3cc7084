// The optimizers' update rules in multiprecision with their running error
// bounds (the arithmetic is in oracles/optim/oracle.hpp), one function per
// optimizer, each named by its descriptor (src/optim/descriptors.cpp), and the
// helpers they share, for writing the rule of a new optimizer.
//
// A rule reads its hyperparameters in the descriptor's order, its state
// through slot(s, k, n) (slot k, created fresh when empty: oracle_step has
// made room for every slot of the descriptor) and s.scalars, and writes the
// exact next p. Write it from the optimizer's documented update rule, one
// BoundArith call per tensor operation of the kernel, in the kernel's order;
// scalars that PyTorch computes in Python go through python_scalars() and
// reach a tensor op through to_tensor().
#pragma once
#include "oracles/optim/oracle.hpp"

namespace numstab::optim_oracle {

// A double, exactly (>= 0 unless negative).
Bounded exact(double v);
// Slot `k` of the state, set to n copies of `fill` (PyTorch's fresh state)
// when it does not hold n values.
BVec& slot(OracleState& s, size_t k, size_t n, const Bounded& fill = Bounded{Real(0), 0, true});
// Python's double arithmetic (scalars computed outside tensor ops).
const BoundArith& python_scalars();
// g + wd p (L2 weight decay folded into the gradient); g itself when wd_value is 0.
Bounded decayed(const BoundArith& a, const Bounded& g, const Bounded& p, const Bounded& wd, double wd_value);
// v beta + (1 - beta) g^2 (mul_ then addcmul_).
Bounded square_average(const BoundArith& a, const Bounded& v, const Bounded& g, double beta);

void sgd_rule(const Params& hyper, const BoundArith& a, OracleState& s, BVec& p, const BVec& grad);
void adagrad_rule(const Params& hyper, const BoundArith& a, OracleState& s, BVec& p, const BVec& grad);
void rmsprop_rule(const Params& hyper, const BoundArith& a, OracleState& s, BVec& p, const BVec& grad);
void adadelta_rule(const Params& hyper, const BoundArith& a, OracleState& s, BVec& p, const BVec& grad);
void adam_rule(const Params& hyper, const BoundArith& a, OracleState& s, BVec& p, const BVec& grad);
void adamw_rule(const Params& hyper, const BoundArith& a, OracleState& s, BVec& p, const BVec& grad);
void adamax_rule(const Params& hyper, const BoundArith& a, OracleState& s, BVec& p, const BVec& grad);
void nadam_rule(const Params& hyper, const BoundArith& a, OracleState& s, BVec& p, const BVec& grad);

}  // namespace numstab::optim_oracle
