// The divergence engine: run an optimizer on a problem, decide from the
// iterates whether it diverged, and find the largest stable learning rate by
// bisection on that observed behaviour (never from a formula).
//
// THE CRITERION. On a quadratic every optimizer of interest is a linear
// recurrence in the error e_t = x_t - x*, so e_t is a sum of modes c_k z_k^t.
// The run is judged on the state norm s_t = sqrt(|e_t|^2 + |e_{t-1}|^2) (two
// iterates, so that momentum's hidden buffer is seen too):
//   - diverged at once when s_t > 1e6 s_0 or is not finite. A stable run's
//     transient growth is bounded by about 1/(1 - momentum) (two nearly
//     parallel modes cancelling at t = 0), far below 1e6 for momentum <= 0.999;
//   - stable at once when s_t < 1e-6 s_0: x0 excites every mode, and a mode
//     with |z| >= 1 never falls below its initial size;
//   - otherwise, after `steps` steps: diverged iff the largest s_t over the
//     last quarter (3N/4, N] exceeds the largest over the second quarter
//     (N/4, N/2]. Window maxima (not single iterates) so that oscillating modes
//     (complex z, period << N/4) are compared by their envelopes.
// WHY IT RESOLVES THE THRESHOLD. At lr = lr* (1 + delta) the top mode grows
// by |z| = 1 + c delta per step with c >= 2 (GD: 2; heavy ball:
// 2 (1 + m)/(1 - m); Nesterov 2 (1 + m)(1 + 2m)/(1 + 3m)), for any delta > 0;
// what can hide it is the slowest of the decaying modes, |z_2| = 1 - gamma,
// which still dominates until t ~ log(c_2 / c_1) / gamma. `steps_for` takes
// N = max(2000, 40 kappa, 80 / (1 - momentum)), which is >= 20 / gamma for
// every SGD variant here (GD's slowest mode is 1 - 2/kappa near the threshold;
// heavy ball's are 1 - (1 - m) and 1 - 2(1 + m)/((1 - m) kappa); Nesterov's are
// smaller), so at N/4 the slow modes are down by e^-5 relative to where they
// started and the comparison of the windows is decided by the top mode alone,
// whatever its growth: the decision is right except within a relative
// distance of about 1/N of the threshold (top mode changing by less than the
// rounding noise), i.e. < 5e-4 with N >= 2000, below the 0.1% required, and
// the bisection stops at a relative width of 1e-4.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <Eigen/Dense>

namespace numstab::dynamics {

using Vector = Eigen::VectorXd;
// Gradient of the objective at x, computed in the working format.
using GradientFn = std::function<void(const Vector& x, Vector& g)>;
// One optimizer step, x updated in place (src/optim/sgd.hpp behind it).
using StepFn = std::function<void(Vector& x, const Vector& g)>;
// A fresh optimizer (fresh momentum buffer) with this learning rate.
using StepFactory = std::function<StepFn(double lr)>;

struct DescentProblem {
  GradientFn gradient{};
  Vector x0{};         // start, representable in the working format
  Vector minimiser{};  // x*: the run is judged on |x_t - x*|
};

struct RunVerdict {
  bool diverged = false;
  int steps = 0;            // steps taken before the decision
  std::string reason{};     // "blow-up", "contracted", "windows"
  double window_ratio = 0;  // max s over (3N/4, N] / max s over (N/4, N/2] ("windows" only)
  double peak_growth = 0;   // max over the run of s_t / s_0 (transient growth, when stable)
};

RunVerdict observe_run(const DescentProblem& problem, const StepFn& step, int steps);

struct ThresholdSearch {
  double stable_lr = 0;    // largest lr observed stable
  double diverged_lr = 0;  // smallest lr observed diverging (inf when none up to the cap)
  double measured_lr = 0;  // midpoint of the final bracket
  int runs = 0;
  int steps = 0;           // per run (the cap; runs may stop earlier)
  bool bracketed = false;  // false: no divergence (or no stability) found within 2^+-60 of lr_scale
};

// Brackets the threshold by doubling / halving from lr_scale (a scale of the
// problem, e.g. 1/L, not a theory), then bisects until the bracket's relative
// width is below rel_tol.
ThresholdSearch find_threshold(const DescentProblem& problem, const StepFactory& make_step, double lr_scale,
                               int steps, double rel_tol = 1e-4);

// The steps per run that the criterion needs (see above), from the problem's
// condition number L / mu_min and the momentum.
int steps_for(double condition_number, double momentum);

// Asymptotic contraction factor per step, measured: the run goes until
// |e_t| < 1e-12 |e_0| (or max_steps) and the factor is (|e_T| / |e_{T/2}|)^(2/T).
struct RateMeasurement {
  double rate = 0;
  int steps = 0;
};
RateMeasurement measure_rate(const DescentProblem& problem, const StepFn& step, int max_steps);

}  // namespace numstab::dynamics
