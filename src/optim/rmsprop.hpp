// torch.optim.RMSprop in a chosen format; used like src/optim/sgd.hpp.
// Params (catalog order): lr, alpha, eps, weight_decay, momentum, centered.
#pragma once
#include "src/optim/optimizer.hpp"

namespace numstab::optim {

struct RmspropConfig {
  double lr = 1e-2;
  double alpha = 0.99;
  double eps = 1e-8;
  double weight_decay = 0;
  double momentum = 0;
  bool centered = false;

  static RmspropConfig from_params(const Params& p) {
    return {param_or(p, 0, 1e-2), param_or(p, 1, 0.99), param_or(p, 2, 1e-8), param_or(p, 3, 0),
            param_or(p, 4, 0), param_or(p, 5, 0) != 0};
  }
  Params to_params() const { return {lr, alpha, eps, weight_decay, momentum, centered ? 1.0 : 0.0}; }
  void validate() const {
    require(lr >= 0 && alpha >= 0 && eps >= 0 && weight_decay >= 0 && momentum >= 0,
            "rmsprop: lr, alpha, eps, weight_decay and momentum must be >= 0");
  }
};

struct RmspropState {
  Vector square_avg{};
  Vector grad_avg{};         // centered only
  Vector momentum_buffer{};  // momentum > 0 only
  int64_t step = 0;
};

template <class Tag>
class Rmsprop : public OptimizerBase<Tag> {
 public:
  using Config = RmspropConfig;
  using State = RmspropState;
  explicit Rmsprop(RmspropConfig config, StepOptions options = {}) : OptimizerBase<Tag>(options), config(config) {
    config.validate();
  }
  explicit Rmsprop(const Params& params, StepOptions options = {})
      : Rmsprop(RmspropConfig::from_params(params), options) {}

  void step(Vector& params, const Vector& grad) {
    Vector& p = this->begin_step(params, grad);
    const auto r = [this](double v) { return this->r(v); };
    const Eigen::Index n = p.size();
    if (state.square_avg.size() != n) state.square_avg = Vector::Zero(n);
    if (config.centered && state.grad_avg.size() != n) state.grad_avg = Vector::Zero(n);
    if (config.momentum > 0 && state.momentum_buffer.size() != n) state.momentum_buffer = Vector::Zero(n);
    ++state.step;
    const double lr = this->scalar(config.lr), alpha = this->scalar(config.alpha);
    const double wd = this->scalar(config.weight_decay), mu = this->scalar(config.momentum);
    const double eps = this->rounded_eps(config.eps);
    Vector update(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      double g = grad[i];
      if (config.weight_decay != 0) g = r(g + r(wd * p[i]));
      double& v = state.square_avg[i];
      v = r(r(alpha * v) + this->weighted_square(1 - config.alpha, g));
      double avg;
      if (config.centered) {
        double& m = state.grad_avg[i];
        m = this->lerp(m, g, 1 - config.alpha);
        avg = r(std::sqrt(r(v - r(m * m))));  // addcmul(m, m, value=-1)
      } else {
        avg = r(std::sqrt(v));
      }
      avg = r(avg + eps);
      if (config.momentum > 0) {
        double& buf = state.momentum_buffer[i];
        buf = r(r(mu * buf) + this->divide(g, avg));
        update[i] = r(lr * buf);
      } else {
        update[i] = r(lr * this->divide(g, avg));
      }
      p[i] = r(p[i] - update[i]);
    }
    this->end_step(params, update);
  }

  RmspropConfig config;
  RmspropState state{};
};

}  // namespace numstab::optim
