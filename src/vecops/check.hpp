// One computed vector against its exact value: componentwise ULP error (the
// design's definition, via judge), normwise relative error, the ratio of each
// component's error to its bound (src/vecops/bounds.hpp), and mismatches
// (NaN / overflow / non-finite classes of src/ulp.hpp). Shared by the suites,
// the gradients records and gradcheck.
#pragma once
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "oracles/vecops/oracle.hpp"

namespace numstab::vecops {

struct VectorCheck {
  double max_ulp = 0;
  Eigen::Index ulp_argmax = -1;
  double normwise = 0;        // ||got - exact||_2 / ||exact||_2 over the finite components
  double max_ratio = 0;       // max_i |got_i - exact_i| / bound_i
  Eigen::Index ratio_argmax = -1;
  Eigen::Index mismatch_index = -1;  // first component with a mismatch class, -1 if none
  std::string mismatch{};            // its class name (nan, overflow, nonfinite)
  bool within_bound() const { return mismatch_index < 0 && max_ratio <= 1; }
  // The component that decides the verdict: the mismatch, else the worst ratio.
  Eigen::Index worst() const { return mismatch_index >= 0 ? mismatch_index : ratio_argmax; }
};

VectorCheck check_vector(Format f, const Eigen::VectorXd& got, const oracles::RealVector& exact,
                         const std::vector<double>& bound);

// "i = 3: got 0x1.8p-2 (0.375), exact 0x1.7ffp-2 (0.37499...), error 1.2e-17 = 0.8 ulp,
// bound 3.1e-16 (ratio 0.04)": one line, for failure messages and `where`.
std::string describe_component(Format f, Eigen::Index i, double got, const Real& exact, double bound);

// A short description of a vector (length, range, a few leading components).
std::string describe_vector(Format f, const Eigen::VectorXd& v);

}  // namespace numstab::vecops
