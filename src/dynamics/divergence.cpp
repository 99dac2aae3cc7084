#include "src/dynamics/divergence.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace numstab::dynamics {

RunVerdict observe_run(const DescentProblem& problem, const StepFn& step, int steps) {
  Vector x = problem.x0, g(x.size());
  double previous = (x - problem.minimiser).squaredNorm();
  const double s0 = std::sqrt(2 * previous);
  double first_window = 0, last_window = 0, peak = 1;
  for (int t = 1; t <= steps; ++t) {
    problem.gradient(x, g);
    step(x, g);
    const double current = (x - problem.minimiser).squaredNorm();
    const double s = std::sqrt(current + previous);
    previous = current;
    peak = std::max(peak, s / s0);
    if (!std::isfinite(s) || s > 1e6 * s0) return {true, t, "blow-up", 0, peak};
    if (s < 1e-6 * s0) return {false, t, "contracted", 0, peak};
    if (4 * t > steps && 2 * t <= steps) first_window = std::max(first_window, s);
    if (4 * t > 3 * steps) last_window = std::max(last_window, s);
  }
  const double ratio = last_window / first_window;
  return {ratio > 1, steps, "windows", ratio, peak};
}

ThresholdSearch find_threshold(const DescentProblem& problem, const StepFactory& make_step, double lr_scale,
                               int steps, double rel_tol) {
  ThresholdSearch out;
  out.steps = steps;
  const auto diverges = [&](double lr) {
    ++out.runs;
    return observe_run(problem, make_step(lr), steps).diverged;
  };
  double lo = lr_scale, hi = lr_scale;
  if (diverges(lr_scale)) {
    lo = lr_scale / 2;
    for (int halvings = 1; diverges(lo); ++halvings) {
      if (halvings == 60) {
        out.diverged_lr = lo;
        return out;  // not bracketed: nothing stable down to 2^-60 lr_scale
      }
      hi = lo;
      lo /= 2;
    }
  } else {
    hi = lr_scale * 2;
    for (int doublings = 1; !diverges(hi); ++doublings) {
      if (doublings == 60) {
        out.stable_lr = hi;
        out.diverged_lr = out.measured_lr = std::numeric_limits<double>::infinity();
        return out;  // not bracketed: stable up to 2^60 lr_scale
      }
      lo = hi;
      hi *= 2;
    }
  }
  while (hi - lo > rel_tol * lo) {
    const double mid = lo + (hi - lo) / 2;
    (diverges(mid) ? hi : lo) = mid;
  }
  out.stable_lr = lo;
  out.diverged_lr = hi;
  out.measured_lr = lo + (hi - lo) / 2;
  out.bracketed = true;
  return out;
}

int steps_for(double condition_number, double momentum) {
  double n = std::max(2000.0, 40 * condition_number);
  if (momentum > 0) n = std::max(n, momentum < 1 ? 80 / (1 - momentum) : 2e5);
  return static_cast<int>(std::min(n, 2e5));
}

RateMeasurement measure_rate(const DescentProblem& problem, const StepFn& step, int max_steps) {
  Vector x = problem.x0, g(x.size());
  const double e0 = (x - problem.minimiser).norm();
  std::vector<double> norms{e0};
  for (int t = 1; t <= max_steps; ++t) {
    problem.gradient(x, g);
    step(x, g);
    norms.push_back((x - problem.minimiser).norm());
    if (norms.back() < 1e-12 * e0 || !std::isfinite(norms.back())) break;
  }
  const int T = static_cast<int>(norms.size()) - 1;
  const int half = T / 2;
  const double rate = std::pow(norms[static_cast<size_t>(T)] / norms[static_cast<size_t>(half)],
                               1.0 / (T - half));
  return {rate, T};
}

}  // namespace numstab::dynamics
