// torch.optim.Adadelta in a chosen format; used like src/optim/sgd.hpp.
// Params (catalog order): lr, rho, eps, weight_decay.
#pragma once
#include "src/optim/optimizer.hpp"

namespace numstab::optim {

struct AdadeltaConfig {
  double lr = 1.0;
  double rho = 0.9;
  double eps = 1e-6;
  double weight_decay = 0;

  static AdadeltaConfig from_params(const Params& p) {
    return {param_or(p, 0, 1.0), param_or(p, 1, 0.9), param_or(p, 2, 1e-6), param_or(p, 3, 0)};
  }
  Params to_params() const { return {lr, rho, eps, weight_decay}; }
  void validate() const {
    require(lr >= 0 && eps >= 0 && weight_decay >= 0, "adadelta: lr, eps and weight_decay must be >= 0");
    require(rho >= 0 && rho <= 1, "adadelta: rho must be in [0, 1]");
  }
};

struct AdadeltaState {
  Vector square_avg{};  // v: running average of g^2
  Vector acc_delta{};   // u: running average of delta^2
  int64_t step = 0;
};

template <class Tag>
class Adadelta : public OptimizerBase<Tag> {
 public:
  using Config = AdadeltaConfig;
  using State = AdadeltaState;
  explicit Adadelta(AdadeltaConfig config, StepOptions options = {}) : OptimizerBase<Tag>(options), config(config) {
    config.validate();
  }
  explicit Adadelta(const Params& params, StepOptions options = {})
      : Adadelta(AdadeltaConfig::from_params(params), options) {}

  void step(Vector& params, const Vector& grad) {
    Vector& p = this->begin_step(params, grad);
    const auto r = [this](double v) { return this->r(v); };
    const Eigen::Index n = p.size();
    if (state.square_avg.size() != n) state.square_avg = Vector::Zero(n);
    if (state.acc_delta.size() != n) state.acc_delta = Vector::Zero(n);
    ++state.step;
    const double lr = this->scalar(config.lr), rho = this->scalar(config.rho);
    const double wd = this->scalar(config.weight_decay), eps = this->rounded_eps(config.eps);
    Vector update(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      double g = grad[i];
      if (config.weight_decay != 0) g = r(g + r(wd * p[i]));
      double& v = state.square_avg[i];
      double& u = state.acc_delta[i];
      v = r(r(rho * v) + this->weighted_square(1 - config.rho, g));
      const double std_dev = r(std::sqrt(r(v + eps)));
      const double delta = r(this->divide(r(std::sqrt(r(u + eps))), std_dev) * g);
      u = r(r(rho * u) + r(this->scalar(1 - config.rho) * r(delta * delta)));
      update[i] = r(lr * delta);
      p[i] = r(p[i] - update[i]);
    }
    this->end_step(params, update);
  }

  AdadeltaConfig config;
  AdadeltaState state{};
};

}  // namespace numstab::optim
