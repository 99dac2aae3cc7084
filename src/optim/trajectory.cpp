#include "src/optim/trajectory.hpp"

#include <random>

#include "oracles/optim/oracle.hpp"
#include "src/optim/registry.hpp"
#include "src/ulp.hpp"

namespace numstab::optim {

TrajectoryDrift trajectory_drift(std::string_view name, Format f, bool master, const Params& hyper, int steps,
                                 uint64_t seed, int n) {
  set_real_precision(256);
  TrajectoryDrift out{std::string(name), spec(f).name, master, seed, {}, {}};
  std::mt19937_64 engine(seed);
  std::uniform_real_distribution<double> curvature(0.1, 1.0), start(0.5, 2.0);
  Vector h(n), p(n);
  for (int i = 0; i < n; ++i) {
    h[i] = round_to(f, curvature(engine));
    p[i] = round_to(f, start(engine)) * (engine() & 1 ? -1 : 1);
  }
  auto kernel = make_optimizer(name, f, hyper, StepOptions{master});
  const bool uses_master = master && (f == Format::f16 || f == Format::bf16);
  const optim_oracle::BoundArith arith(uses_master ? Format::f32 : f);
  optim_oracle::OracleState state;
  optim_oracle::BVec exact = optim_oracle::exact_vector(std::vector<double>(p.data(), p.data() + n));
  for (int t = 0; t < steps; ++t) {
    Vector g(n);
    for (int i = 0; i < n; ++i) g[i] = round_to(f, h[i] * p[i]);  // the kernel's own gradient, in its format
    kernel->step(p, g);
    optim_oracle::BVec exact_grad(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) exact_grad[i] = {Real(h[i]) * exact[i].x, 0};
    optim_oracle::oracle_step(name, hyper, arith, state, exact, exact_grad);
    Real diff2 = 0, norm2 = 0;
    double worst = 0;
    for (int i = 0; i < n; ++i) {
      const Real d = Real(p[i]) - exact[i].x;
      diff2 += d * d;
      norm2 += exact[i].x * exact[i].x;
      worst = std::max(worst, ulp_error(f, p[i], exact[i].x));
      exact[i].err = 0;  // the bounds are not used along a trajectory
    }
    for (auto& slot : state.slots)
      for (auto& x : slot) x.err = 0;
    out.normwise.push_back(norm2 > 0 ? static_cast<double>(boost::multiprecision::sqrt(diff2 / norm2)) : 0.0);
    out.max_ulp.push_back(worst);
  }
  return out;
}

}  // namespace numstab::optim
