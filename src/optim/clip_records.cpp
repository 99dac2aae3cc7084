#include "src/optim/clip_records.hpp"

#include <cmath>
#include <random>

#include <fmt/format.h>

#include "src/optim/clipping.hpp"
#include "src/ulp.hpp"

namespace numstab::optim {

namespace {

// A gradient of the format whose exact norm is finite: |g_i| <= max / sqrt(n) / 2.
template <class Tag>
Vector sample_gradient(std::mt19937_64& rng) {
  const auto& s = spec(Tag::format);
  std::uniform_real_distribution<double> unit(0, 1);
  const auto n = static_cast<Eigen::Index>(std::floor(std::exp2(8 * unit(rng)))) ;
  const double lo = s.emin - s.precision + 1, hi = s.emax - std::ceil(std::log2(std::sqrt(double(n)))) - 1;
  // One magnitude scale per vector, elements spread over 2^+-8 around it.
  const double centre = lo + (hi - lo) * unit(rng);
  Vector g(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double e = std::min(hi, std::max(lo, centre + 16 * unit(rng) - 8));
    const double v = round_to<Tag>(std::exp2(e) * (unit(rng) < 0.5 ? -1 : 1));
    g[i] = v;
  }
  return g;
}

template <class Tag>
std::vector<GradientRecord> records_for(uint64_t seed, uint64_t cases) {
  std::mt19937_64 rng(seed ^ (0x9e3779b97f4a7c15ULL * (1 + static_cast<uint64_t>(Tag::format))));
  const Format f = Tag::format;
  const double u = std::ldexp(1.0, -spec(f).precision);
  GradientRecord norm{.op = "clip_grad_norm", .format = spec(f).name, .part = "total_norm",
                      .algorithm = "scaled", .reference = "oracle", .seed = seed, .bound = 1,
                      .bound_unit = "bound",
                      .bound_source = "((n+1)/2 + 2)(1 + (n+4)u) ULP + 1e-3: n + 1 roundings of terms <= 1, "
                                      "halved by the square root, and the scaling's two "
                                      "(suites/training_utils_test.cpp)"};
  GradientRecord value{.op = "clip_grad_value", .format = spec(f).name, .part = "forward",
                       .reference = "oracle", .seed = seed, .bound = 0, .bound_unit = "ulp",
                       .bound_source = "exact: g where |g| <= c, sign(g) c elsewhere (c a value of the format)"};
  double worst_ratio = -1;
  for (uint64_t c = 0; c < cases; ++c) {
    const Vector g = sample_gradient<Tag>(rng);
    const auto n = static_cast<double>(g.size());
    Real sum = 0;
    for (Eigen::Index i = 0; i < g.size(); ++i) sum += Real(g[i]) * Real(g[i]);
    const Real exact = boost::multiprecision::sqrt(sum);
    const double got = grad_norm<Tag>(g);
    const Judgement j = judge(f, got, exact);
    const double bound = ((n + 1) / 2 + 2) * (1 + (n + 4) * u) + 1e-3;
    const double ratio = j.mismatch == Mismatch::none ? j.ulp / bound : INFINITY;
    const double rel = static_cast<double>(boost::multiprecision::abs(Real(got) - exact) / exact);
    ++norm.cases;
    norm.elements += g.size();
    norm.max_ulp = std::max(norm.max_ulp, j.ulp);
    norm.max_normwise = std::max(norm.max_normwise, std::isnan(rel) ? INFINITY : rel);
    if (ratio > worst_ratio) {
      worst_ratio = ratio;
      norm.where = fmt::format("case {} (n = {}): got {} ({}), exact {}, {:.4g} ULP against {:.4g}", c, g.size(),
                               hex_text(got), dec_text(f, got), exact_hex_text(exact), j.ulp, bound);
    }
    // clip_grad_value at a threshold inside the vector's range.
    const double clip = std::abs(g[0]);
    Vector clipped = g;
    clip_grad_value<Tag>(clipped, clip);
    ++value.cases;
    value.elements += g.size();
    for (Eigen::Index i = 0; i < g.size(); ++i) {
      // The definition, not the kernel's min/max: g where |g| <= c, sign(g) c elsewhere.
      const double exact_clip = std::abs(g[i]) <= clip ? g[i] : std::copysign(clip, g[i]);
      const double err = ulp_error(f, clipped[i], Real(exact_clip));
      if (err > value.max_ulp || value.where.empty())
        value.where = fmt::format("case {}, element {}: g = {}, c = {}, got {}", c, i, hex_text(g[i]),
                                  hex_text(clip), hex_text(clipped[i]));
      value.max_ulp = std::max(value.max_ulp, err);
    }
  }
  norm.error = worst_ratio;
  norm.passed = worst_ratio <= 1;
  value.error = value.max_ulp;
  value.passed = value.max_ulp == 0;
  return {norm, value};
}

}  // namespace

std::vector<GradientRecord> clipping_records(uint64_t seed, bool quick) {
  set_real_precision(256);
  const uint64_t cases = quick ? 100 : 1000;
  std::vector<GradientRecord> out;
  for (Format f : kAllFormats)
    for (auto& r : dispatch(f, [&](auto tag) { return records_for<decltype(tag)>(seed, cases); }))
      out.push_back(std::move(r));
  return out;
}

}  // namespace numstab::optim
