#include "src/dynamics/critical.hpp"

#include <algorithm>
#include <cmath>

namespace numstab::dynamics {

namespace {
bool uses_forward(Nonlinearity n) { return n != Nonlinearity::tanh; }
}  // namespace

double measured_growth(const CriticalConfig& c, double scale) {
  std::vector<std::vector<double>> curves;
  for (int k = 0; k < c.networks; ++k) {
    DepthConfig d;
    d.nonlinearity = c.nonlinearity;
    d.variance_scale = scale;
    d.width = c.width;
    d.depth = c.depth;
    d.batch = c.batch;
    d.backward = !uses_forward(c.nonlinearity);
    d.seed = c.seed * 1000 + static_cast<uint64_t>(k);  // the same networks at every scale
    const DepthCurves r = run_depth(d);
    if (d.backward) {
      // Gradient from the top down to the middle of the forward pass: entry 0 is the top.
      std::vector<double> top_down(r.gradient_rms.rbegin(), r.gradient_rms.rend());
      curves.push_back(std::move(top_down));
    } else {
      curves.push_back(r.pre_second_moment);
    }
  }
  return uses_forward(c.nonlinearity) ? mean_ratio_growth(curves, 1, c.depth)
                                      : mean_ratio_growth(curves, 0, c.depth / 2, 2);
}

CriticalSearch find_critical_scale(const CriticalConfig& c) {
  CriticalSearch out;
  out.criterion = uses_forward(c.nonlinearity) ? "forward_variance" : "gradient_norm";
  const auto growth = [&](double s) {
    for (const auto& [seen, g] : out.evaluated)
      if (seen == s) return g;
    const double g = measured_growth(c, s);
    out.evaluated.emplace_back(s, g);
    return g;
  };
  double lo = 1, hi = 1;
  if (growth(1) < 0) {
    for (hi = 2; growth(hi) < 0 && hi < 1e6; hi *= 2) lo = hi;
  } else {
    for (lo = 0.5; growth(lo) >= 0 && lo > 1e-6; lo /= 2) hi = lo;
  }
  out.bracket_lo = lo;
  out.bracket_hi = hi;
  // The finite-depth transition: the sign change itself, not an extrapolation.
  double t_lo = lo, t_hi = hi;
  for (int i = 0; i < 6; ++i) {
    const double mid = std::sqrt(t_lo * t_hi);
    (growth(mid) < 0 ? t_lo : t_hi) = mid;
  }
  out.transition_lo = t_lo;
  out.transition_hi = t_hi;
  out.method = uses_forward(c.nonlinearity) ? "fit" : "theory-assisted fit (q -> 0 limit)";
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (double f : {0.5, 0.65, 0.8}) {
    const double s = lo * f, g = growth(s);
    out.fit_points.emplace_back(s, g);
    sx += std::log(s);
    sy += g;
    sxx += std::log(s) * std::log(s);
    sxy += std::log(s) * g;
  }
  const double n = 3;
  out.slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  out.intercept = (sy - out.slope * sx) / n;
  for (const auto& [s, g] : out.fit_points)
    out.max_residual = std::max(out.max_residual, std::abs(g - (out.slope * std::log(s) + out.intercept)));
  out.critical_scale = std::exp(-out.intercept / out.slope);
  return out;
}

SeluFixedPoint selu_fixed_point(int width, int depth, int batch, double input_mean, double input_variance,
                                uint64_t seed) {
  DepthConfig d;
  d.nonlinearity = Nonlinearity::selu;
  d.initialiser = "lecun_normal";
  d.width = width;
  d.depth = depth;
  d.batch = batch;
  d.input_mean = input_mean;
  d.input_variance = input_variance;
  d.backward = false;
  d.seed = seed;
  const DepthCurves r = run_depth(d);
  SeluFixedPoint out{input_mean, input_variance, 0, 0};
  const int first = depth - depth / 4;
  for (int l = first; l <= depth; ++l) {
    out.mean += r.post_mean[static_cast<size_t>(l)];
    out.variance += r.post_variance[static_cast<size_t>(l)];
  }
  out.mean /= depth - first + 1;
  out.variance /= depth - first + 1;
  return out;
}

}  // namespace numstab::dynamics
