// Gradients records of the vector ops: see records.hpp.
#include "src/vecops/records.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "src/vecops/bounds.hpp"
#include "src/vecops/check.hpp"

namespace numstab::vecops {

namespace {

double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1p-53; }

double largest_finite(Format f) {
  const auto& s = spec(f);
  return std::ldexp(2.0 - std::ldexp(1.0, 1 - s.precision), s.emax);
}

constexpr unsigned kOracleBits = 384;

const char kBoundSource[] =
    "first-order rounding error analysis of the shifted algorithm (Blanchard, Higham & Higham "
    "2021; src/vecops/bounds.hpp), componentwise";

GradientRecord measure(VectorOp op, Format f, bool vjp_part, uint64_t seed, int cases, Eigen::Index max_n,
                       Eigen::Index long_n) {
  GradientRecord r;
  r.op = op_name(op);
  r.format = spec(f).name;
  r.part = vjp_part ? "vjp" : "forward";
  r.algorithm = "shifted";
  r.reference = "oracle";
  r.seed = seed;
  r.bound = 1;
  r.bound_unit = "bound";
  r.bound_source = kBoundSource;
  // One stream per record, so records do not depend on each other's draws.
  std::mt19937_64 rng(seed * 1000003 + static_cast<uint64_t>(op) * 97 + static_cast<uint64_t>(f) * 7 +
                      (vjp_part ? 1 : 0));
  set_real_precision(kOracleBits);
  double worst_ratio = -1;
  for (int c = 0; c < cases; ++c) {
    // Spreads up to 2^10 in most cases, up to the overflow range in every fourth.
    const double max_spread = c % 4 == 3 ? largest_finite(f) : 1024.0;
    const Eigen::Index n_max = c == cases - 1 ? long_n : max_n;
    const Eigen::VectorXd x = sample_vector(f, rng, n_max, max_spread);
    Eigen::VectorXd dy, got;
    oracles::RealVector exact;
    ComponentBounds b;
    if (vjp_part) {
      dy = sample_cotangent(f, rng, output_size(op, x.size()));
      exact = vjp_exact(op, x, dy);
      b = vjp_bound(op, f, x, dy, exact);
      got = vjp(op, f, x, dy);
    } else {
      exact = forward_exact(op, x);
      b = forward_bound(op, f, x, exact);
      got = forward(op, f, x);
    }
    const VectorCheck check = check_vector(f, got, exact, b.absolute);
    r.cases += 1;
    r.elements += static_cast<uint64_t>(got.size());
    r.max_ulp = std::max(r.max_ulp, check.max_ulp);
    r.max_normwise = std::max(r.max_normwise, check.normwise);
    const double ratio = check.mismatch_index >= 0 ? INFINITY : check.max_ratio;
    if (ratio > worst_ratio && check.worst() >= 0) {
      worst_ratio = ratio;
      const Eigen::Index i = check.worst();
      r.where = fmt::format("case {} ({}): {}{}", c, describe_vector(f, x),
                            check.mismatch_index >= 0 ? check.mismatch + " " : "",
                            describe_component(f, i, got[i], exact[static_cast<size_t>(i)],
                                               b.absolute[static_cast<size_t>(i)]));
    }
  }
  r.error = std::max(worst_ratio, 0.0);
  r.passed = r.error <= r.bound;
  return r;
}

}  // namespace

Eigen::VectorXd sample_vector(Format f, std::mt19937_64& rng, Eigen::Index max_n, double max_spread) {
  const auto n = static_cast<Eigen::Index>(
      std::clamp(std::floor(std::exp2(uniform01(rng) * std::log2(static_cast<double>(max_n) + 1))), 1.0,
                 static_cast<double>(max_n)));
  return sample_vector_of_length(f, rng, n, max_spread);
}

Eigen::VectorXd sample_vector_of_length(Format f, std::mt19937_64& rng, Eigen::Index n, double max_spread) {
  const double big = largest_finite(f);
  const double top = std::log2(std::min(max_spread, big));
  const double spread = std::exp2(-20 + (top + 20) * uniform01(rng));
  const double centre = (rng() & 1) ? 0.0 : (2 * uniform01(rng) - 1) * std::exp2(-10 + (top + 10) * uniform01(rng));
  Eigen::VectorXd x(n);
  for (Eigen::Index i = 0; i < n; ++i)
    x[i] = round_to(f, std::clamp(centre + spread * (2 * uniform01(rng) - 1), -big, big));
  return x;
}

Eigen::VectorXd sample_cotangent(Format f, std::mt19937_64& rng, Eigen::Index m) {
  const double scale = std::exp2(-8 + 16 * uniform01(rng));
  Eigen::VectorXd dy(m);
  for (Eigen::Index i = 0; i < m; ++i) dy[i] = round_to(f, scale * (2 * uniform01(rng) - 1));
  return dy;
}

std::vector<GradientRecord> vector_op_records(uint64_t seed, bool quick) {
  std::vector<GradientRecord> records;
  for (VectorOp op : kAllVectorOps)
    for (Format f : kAllFormats)
      for (bool vjp_part : {false, true})
        records.push_back(quick ? measure(op, f, vjp_part, seed, 24, 64, 1000)
                                : measure(op, f, vjp_part, seed, 200, 512, 10000));
  return records;
}

}  // namespace numstab::vecops
