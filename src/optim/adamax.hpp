// torch.optim.Adamax in a chosen format; used like src/optim/sgd.hpp.
// Params (catalog order): lr, beta1, beta2, eps, weight_decay.
#pragma once
#include "src/optim/optimizer.hpp"

namespace numstab::optim {

struct AdamaxConfig {
  double lr = 2e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0;

  static AdamaxConfig from_params(const Params& p) {
    return {param_or(p, 0, 2e-3), param_or(p, 1, 0.9), param_or(p, 2, 0.999), param_or(p, 3, 1e-8), param_or(p, 4, 0)};
  }
  Params to_params() const { return {lr, beta1, beta2, eps, weight_decay}; }
  void validate() const {
    require(lr >= 0 && eps >= 0 && weight_decay >= 0, "adamax: lr, eps and weight_decay must be >= 0");
    require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "adamax: betas must be in [0, 1)");
  }
};

struct AdamaxState {
  Vector exp_avg{};  // m
  Vector exp_inf{};  // u: exponentially weighted infinity norm
  int64_t step = 0;
};

template <class Tag>
class Adamax : public OptimizerBase<Tag> {
 public:
  using Config = AdamaxConfig;
  using State = AdamaxState;
  explicit Adamax(AdamaxConfig config, StepOptions options = {}) : OptimizerBase<Tag>(options), config(config) {
    config.validate();
  }
  explicit Adamax(const Params& params, StepOptions options = {})
      : Adamax(AdamaxConfig::from_params(params), options) {}

  void step(Vector& params, const Vector& grad) {
    Vector& p = this->begin_step(params, grad);
    const auto r = [this](double v) { return this->r(v); };
    const Eigen::Index n = p.size();
    if (state.exp_avg.size() != n) state.exp_avg = Vector::Zero(n);
    if (state.exp_inf.size() != n) state.exp_inf = Vector::Zero(n);
    const double t = static_cast<double>(++state.step);
    const double clr = this->scalar(config.lr / (1 - std::pow(config.beta1, t)));
    const double beta2 = this->scalar(config.beta2), wd = this->scalar(config.weight_decay);
    const double eps = this->rounded_eps(config.eps);
    Vector update(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      double g = grad[i];
      if (config.weight_decay != 0) g = r(g + r(wd * p[i]));
      double& m = state.exp_avg[i];
      double& u = state.exp_inf[i];
      m = this->lerp(m, g, 1 - config.beta1);
      u = std::max(r(beta2 * u), r(std::abs(g) + eps));
      update[i] = r(clr * this->divide(m, u));
      p[i] = r(p[i] - update[i]);
    }
    this->end_step(params, update);
  }

  AdamaxConfig config;
  AdamaxState state{};
};

}  // namespace numstab::optim
