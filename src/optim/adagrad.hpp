// torch.optim.Adagrad in a chosen format; used like src/optim/sgd.hpp.
// Params (catalog order): lr, lr_decay, weight_decay, initial_accumulator_value, eps.
#pragma once
#include "src/optim/optimizer.hpp"

namespace numstab::optim {

struct AdagradConfig {
  double lr = 1e-2;
  double lr_decay = 0;
  double weight_decay = 0;
  double initial_accumulator_value = 0;
  double eps = 1e-10;

  static AdagradConfig from_params(const Params& p) {
    return {param_or(p, 0, 1e-2), param_or(p, 1, 0), param_or(p, 2, 0), param_or(p, 3, 0), param_or(p, 4, 1e-10)};
  }
  Params to_params() const { return {lr, lr_decay, weight_decay, initial_accumulator_value, eps}; }
  void validate() const {
    require(lr >= 0 && lr_decay >= 0 && weight_decay >= 0 && initial_accumulator_value >= 0 && eps >= 0,
            "adagrad: lr, lr_decay, weight_decay, initial_accumulator_value and eps must be >= 0");
  }
};

struct AdagradState {
  Vector sum{};  // sum of g^2, starts at initial_accumulator_value
  int64_t step = 0;
};

template <class Tag>
class Adagrad : public OptimizerBase<Tag> {
 public:
  using Config = AdagradConfig;
  using State = AdagradState;
  explicit Adagrad(AdagradConfig config, StepOptions options = {}) : OptimizerBase<Tag>(options), config(config) {
    config.validate();
  }
  explicit Adagrad(const Params& params, StepOptions options = {})
      : Adagrad(AdagradConfig::from_params(params), options) {}

  void step(Vector& params, const Vector& grad) {
    Vector& p = this->begin_step(params, grad);
    const auto r = [this](double v) { return this->r(v); };
    const Eigen::Index n = p.size();
    if (state.sum.size() != n) state.sum = this->filled(n, config.initial_accumulator_value);
    const double t = static_cast<double>(++state.step);
    const double clr = this->scalar(config.lr / (1 + (t - 1) * config.lr_decay));
    const double wd = this->scalar(config.weight_decay), eps = this->rounded_eps(config.eps);
    Vector update(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      double g = grad[i];
      if (config.weight_decay != 0) g = r(g + r(wd * p[i]));
      double& s = state.sum[i];
      s = r(s + this->weighted_square(1, g));
      const double std_dev = r(r(std::sqrt(s)) + eps);
      update[i] = r(clr * this->divide(g, std_dev));
      p[i] = r(p[i] - update[i]);
    }
    this->end_step(params, update);
  }

  AdagradConfig config;
  AdagradState state{};
};

}  // namespace numstab::optim
