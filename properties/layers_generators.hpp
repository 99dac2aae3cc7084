// Vectors for the reduction, loss and normalisation suites. RapidCheck draws
// a small description (length, offset, spread, signs, seed) and the values
// come from a seeded std::mt19937_64: fast for n = 10^4 and reproducible from
// the counterexample (RapidCheck shrinks the description).
#pragma once
#include <cmath>
#include <cstdint>
#include <ostream>
#include <random>

#include <Eigen/Core>
#include <fmt/format.h>
#include <rapidcheck.h>

#include "src/arith.hpp"

namespace numstab::props {

struct VectorSpec {
  uint64_t seed = 0;
  int n = 1;
  double offset = 0;        // centre of the values (mean 1e8 with spread 1: kappa ~ 1e8)
  double spread = 1;        // half-width of the uniform part
  bool mixed_signs = true;  // uniform on [-spread, spread], else on [0, spread]
};

inline std::string describe(const VectorSpec& v) {
  return fmt::format("n={} offset={:.6g} spread={:.6g} signs={} seed={}", v.n, v.offset, v.spread,
                     v.mixed_signs ? "mixed" : "same", v.seed);
}

inline void showValue(const VectorSpec& v, std::ostream& os) { os << describe(v); }

// The values, each rounded once to the format (so exactly representable).
template <class Tag>
Eigen::VectorXd make_vector(const VectorSpec& v) {
  std::mt19937_64 rng(v.seed);
  std::uniform_real_distribution<double> unit(v.mixed_signs ? -1.0 : 0.0, 1.0);
  Eigen::VectorXd x(v.n);
  for (int i = 0; i < v.n; ++i) x[i] = round_to<Tag>(v.offset + v.spread * unit(rng));
  return x;
}

// Length log-uniform in [1, max_n] (lengths near 1 as often as near max_n);
// offset 0 half the time, else +-10^k with k uniform in [offset_lo, offset_hi];
// spread 10^j, j uniform in [spread_lo, spread_hi].
inline rc::Gen<VectorSpec> vector_specs(int max_n, int offset_lo, int offset_hi, int spread_lo,
                                        int spread_hi) {
  const auto full = [](auto g) { return rc::gen::resize(rc::kNominalSize, std::move(g)); };
  return rc::gen::exec([=] {
    VectorSpec v;
    v.seed = *full(rc::gen::arbitrary<uint64_t>());
    const double log_n = *full(rc::gen::inRange(0, 1000)) / 1000.0 * std::log(double(max_n));
    v.n = std::max(1, std::min(max_n, static_cast<int>(std::lround(std::exp(log_n)))));
    if (*rc::gen::arbitrary<bool>()) {
      const int k = *full(rc::gen::inRange(offset_lo, offset_hi + 1));
      v.offset = (*rc::gen::arbitrary<bool>() ? -1.0 : 1.0) * std::pow(10.0, k);
    }
    v.spread = std::pow(10.0, *full(rc::gen::inRange(spread_lo, spread_hi + 1)));
    v.mixed_signs = *rc::gen::arbitrary<bool>();
    return v;
  });
}

}  // namespace numstab::props
