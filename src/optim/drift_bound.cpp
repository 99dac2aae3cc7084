#include "src/optim/drift_bound.hpp"

#include <cmath>
#include <limits>
#include <random>

#include "oracles/optim/oracle.hpp"
#include "src/arith.hpp"
#include "src/errors.hpp"
#include "src/optim/registry.hpp"
#include "src/optim/sgd.hpp"

namespace numstab::optim {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The double at or above x: bounds are never understated by their conversion.
double up(const Real& x) { return std::nextafter(static_cast<double>(x), kInf); }

Real norm(const std::vector<Real>& v) {
  Real s = 0;
  for (const Real& x : v) s += x * x;
  return boost::multiprecision::sqrt(s);
}

// The kernel's step from its own state p^_t, against the exact step from the
// same state: d_t = p^_{t+1} - M p^_t, and the one-step running error bound.
struct LocalStep {
  Real d_norm;
  long double bound_norm = 0;
};
LocalStep local_step(const Params& hyper, const optim_oracle::BoundArith& arith, const Eigen::VectorXd& h,
                     const Eigen::VectorXd& c, const Eigen::VectorXd& before, const Eigen::VectorXd& after) {
  const size_t n = static_cast<size_t>(h.size());
  optim_oracle::BVec q = optim_oracle::exact_vector(std::vector<double>(before.data(), before.data() + h.size()));
  optim_oracle::BVec g(n);
  for (size_t i = 0; i < n; ++i) {  // g = fl(h fl(p - c)), with its rounding bound
    const auto k = static_cast<Eigen::Index>(i);
    g[i] = arith.mul({Real(h[k]), 0}, arith.sub(q[i], {Real(c[k]), 0}));
  }
  optim_oracle::OracleState fresh;
  optim_oracle::oracle_step("sgd", hyper, arith, fresh, q, g);
  std::vector<Real> d(n);
  long double b2 = 0;
  for (size_t i = 0; i < n; ++i) {
    d[i] = Real(after[static_cast<Eigen::Index>(i)]) - q[i].x;
    b2 += q[i].err * q[i].err;
  }
  return {norm(d), std::sqrt(b2) * (1 + 0x1p-50L)};
}

}  // namespace

DriftBound sgd_drift_bound(Format f, const Params& hyper, int steps, uint64_t seed, int n,
                           const StepPerturbation& perturb) {
  set_real_precision(256);
  const SgdConfig c = SgdConfig::from_params(hyper);
  if (c.momentum != 0) throw UsageError("drift bound: SGD without momentum only (the state is then p alone)");
  std::mt19937_64 engine(seed);
  std::uniform_real_distribution<double> curvature(0.1, 1.0), start(0.5, 2.0);
  Eigen::VectorXd h(n), p(n), target(n);
  for (int i = 0; i < n; ++i) {
    h[i] = round_to(f, curvature(engine));
    p[i] = round_to(f, start(engine)) * (engine() & 1 ? -1 : 1);
    target[i] = round_to(f, start(engine)) * (engine() & 1 ? -1 : 1);
  }
  Real rho = 0;  // exact: M is diagonal
  for (int i = 0; i < n; ++i)
    rho = std::max(rho, Real(boost::multiprecision::abs(1 - Real(c.lr) * (Real(h[i]) + Real(c.weight_decay)))));
  if (!(rho < 1)) throw UsageError("drift bound: rho = max |1 - lr (h_i + wd)| must be < 1 (contractive)");
  DriftBound out{spec(f).name, c.lr, c.weight_decay, steps, seed, up(rho)};
  auto kernel = make_optimizer("sgd", f, hyper, StepOptions{});
  const optim_oracle::BoundArith arith(f);
  optim_oracle::OracleState state;
  optim_oracle::BVec exact = optim_oracle::exact_vector(std::vector<double>(p.data(), p.data() + n));
  Real delta = 0, max_error = 0, error = 0;
  long double delta_a_priori = 0;
  for (int t = 0; t < steps; ++t) {
    const Eigen::VectorXd before = p;
    Eigen::VectorXd g(n);
    for (int i = 0; i < n; ++i) g[i] = round_to(f, h[i] * round_to(f, p[i] - target[i]));  // in its format
    kernel->step(p, g);
    if (perturb) perturb(p, t);
    const LocalStep local = local_step(hyper, arith, h, target, before, p);
    delta = std::max(delta, local.d_norm);
    delta_a_priori = std::max(delta_a_priori, local.bound_norm);
    optim_oracle::BVec exact_grad(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) exact_grad[i] = {Real(h[i]) * (exact[i].x - Real(target[i])), 0};
    optim_oracle::oracle_step("sgd", hyper, arith, state, exact, exact_grad);
    std::vector<Real> e(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
      e[i] = Real(p[i]) - exact[i].x;
      exact[i].err = 0;  // the running bounds are not used along the trajectory
    }
    error = norm(e);
    max_error = std::max(max_error, error);
  }
  out.error = static_cast<double>(error);
  out.max_error = static_cast<double>(max_error);
  out.delta_local = up(delta);
  out.bound = up(delta / (1 - rho));
  out.delta_a_priori = std::nextafter(static_cast<double>(delta_a_priori), kInf);
  out.a_priori_bound = up(Real(static_cast<double>(out.delta_a_priori)) / (1 - rho));
  return out;
}

nlohmann::json to_json(const DriftBound& d) {
  return {{"experiment", "drift"}, {"optimizer", "sgd"},
          {"params", {{"lr", d.lr}, {"momentum", 0}, {"weight_decay", d.weight_decay}}},
          {"format", d.format}, {"T", d.steps}, {"seed", d.seed}, {"rho", d.rho},
          {"error", d.error}, {"max_error", d.max_error},
          {"delta_local", d.delta_local}, {"bound", d.bound}, {"pass", d.within()},
          {"delta_a_priori", d.delta_a_priori}, {"a_priori_bound", d.a_priori_bound},
          {"pass_a_priori", d.within_a_priori()},
          {"bound_source", "e_{t+1} = M e_t + d_t, ||M|| = rho: ||e_T|| <= max ||d_t|| / (1 - rho) (derived)"}};
}

}  // namespace numstab::optim
